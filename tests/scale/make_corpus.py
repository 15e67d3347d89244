#!/usr/bin/env python3
"""make_corpus.py OUT N — a JSONL corpus for the scale-out tests: N lines of articles (PolNeAR train
texts when ../shared/data is there, else generated ones), some without "id" (the id is then the
line number), with bad records (not JSON, no "text") and blank lines mixed in."""
import json, os, sys

out, n = sys.argv[1], int(sys.argv[2])
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
src = os.path.join(root, "..", "shared", "data", "polnear", "train", "text")
texts = []
if os.path.isdir(src):
    for name in sorted(os.listdir(src))[:300]:
        if name.endswith(".txt"):
            with open(os.path.join(src, name), encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
if not texts:
    texts = ['Talks end\n"We made progress," Minister Anna Berg said on %s. Officials said the deal '
             'was close.\n' % d for d in ("Monday", "Tuesday", "Friday")]
with open(out, "w", encoding="utf-8") as f:
    for i in range(1, n + 1):
        if i % 97 == 0:
            f.write("{not json\n")
        elif i % 89 == 0:
            f.write('{"id":"x%d","title":"no text"}\n' % i)
        elif i % 83 == 0:
            f.write("\n")
        else:
            rec = {"text": texts[i % len(texts)]}
            if i % 5:
                rec["id"] = "a%d" % i
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
