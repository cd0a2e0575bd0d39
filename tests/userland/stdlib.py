# Run by Debian's python3 under tern (tests/userland/run-userland.sh):
# threads, a process pool (fork, pipes, semaphores), asyncio, and the
# standard library's compression, pickling and number modules.
import asyncio
import base64
import bz2
import concurrent.futures as cf
import datetime
import decimal
import fractions
import gzip
import hashlib
import lzma
import math
import pickle
import statistics
import struct


def work(n):
    return hashlib.sha256(str(n).encode() * 1000).hexdigest()[:8]


async def doubled(x):
    await asyncio.sleep(0.01)
    return x * 2


def main():
    with cf.ThreadPoolExecutor(4) as pool:
        print(list(pool.map(work, range(20)))[:5])
    with cf.ProcessPoolExecutor(2) as pool:
        print(list(pool.map(work, range(6))))
    print(asyncio.run(doubled(21)))
    print(decimal.Decimal(1) / decimal.Decimal(7), fractions.Fraction(3, 9), statistics.mean([1, 2, 3, 4]))
    print(pickle.loads(pickle.dumps({"a": [1, 2, 3], "b": (4.5, None)})))
    for codec in (gzip, bz2, lzma):
        print(codec.__name__, len(codec.compress(b"x" * 10000)) < 200, codec.decompress(codec.compress(b"abc")))
    print(datetime.datetime(2020, 1, 1) + datetime.timedelta(days=400), base64.b64encode(b"tern"))
    print(math.lgamma(10.5), struct.pack("<dq", 1.5, -2).hex())


if __name__ == "__main__":
    main()
