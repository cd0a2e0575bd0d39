# Run by Debian's python3 under tern (tests/userland/run-userland.sh):
# the standard library's C modules (json, re, hashlib, zlib) and a child
# process started with subprocess (also under tern).
import hashlib
import json
import re
import subprocess
import sys
import zlib

records = []
with open("tree/lines.txt") as f:
    for line in f:
        m = re.match(r"^(\d+) line (\d+) (alpha|beta)$", line)
        if m:
            records.append({"n": int(m.group(1)), "line": int(m.group(2)), "kind": m.group(3)})

text = json.dumps(records[:200], sort_keys=True)
back = json.loads(text)
print(len(records), back == records[:200], text[:80])
data = open("tree/lines.txt", "rb").read()
print(hashlib.sha256(data).hexdigest())
print(hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest())
packed = zlib.compress(data, 9)
print(len(data), zlib.decompress(packed) == data, zlib.crc32(data), zlib.adler32(data))
kinds = {}
for r in records:
    kinds[r["kind"]] = kinds.get(r["kind"], 0) + r["n"]
print(sorted(kinds.items()))
out = subprocess.run(["sort", "-r", "tree/sub/hello.txt"], capture_output=True, text=True, check=True)
print(repr(out.stdout))
child = subprocess.run([sys.executable, "-c", "import sys; print(sys.argv[1:]); sys.exit(3)", "x", "y"],
                       capture_output=True, text=True)
print(child.returncode, child.stdout.strip())
print(sum(i * i for i in range(100000)), 2 ** 200 % 1000003, round(3.14159 ** 7.5, 6))
