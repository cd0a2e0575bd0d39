"""The python3 workload: interpreter startup plus a short script touching
the usual modules (json, re, collections, hashlib), so that most of the
time goes to translating the interpreter's code rather than running it."""
import collections
import hashlib
import json
import re

words = re.findall(r"\w+", " ".join(f"alpha{i % 17} beta{i % 5} gamma" for i in range(2000)))
counts = collections.Counter(words)
doc = json.dumps({"top": counts.most_common(5), "distinct": len(counts)}, sort_keys=True)
print(doc)
print(hashlib.sha256(json.loads(doc)["top"][0][0].encode()).hexdigest())
