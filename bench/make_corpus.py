#!/usr/bin/env python3
"""make_corpus.py SRC_DIR OUT MB — a JSONL benchmark corpus of at least MB megabytes (10^6 bytes)
from the .txt articles in SRC_DIR (first line the headline), repeated in sorted order with varied
ids ("r<round>/<name>"): {"id", "title", "text"} per line. Written to OUT.tmp, then renamed."""
import json, os, sys

src, out, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
arts = []
for name in sorted(os.listdir(src)):
    if name.endswith(".txt"):
        with open(os.path.join(src, name), encoding="utf-8", errors="replace") as f:
            title, _, text = f.read().partition("\n")
        arts.append((name[:-4], title.strip(), text))
if not arts:
    sys.exit("make_corpus: no .txt files in " + src)
size, rnd = 0, 0
with open(out + ".tmp", "w", encoding="utf-8") as f:
    while size < mb * 1e6:
        for name, title, text in arts:
            line = json.dumps({"id": "r%d/%s" % (rnd, name), "title": title, "text": text},
                              ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
        rnd += 1
os.replace(out + ".tmp", out)
print("%s: %.1f MB, %d articles (%d texts x %d)" % (out, size / 1e6, rnd * len(arts), len(arts), rnd))
