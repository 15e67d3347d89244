#!/usr/bin/env python3
"""gen_corpus.py — a synthetic corpus for the store benchmark, made from PolNeAR texts.

usage: bench/gen_corpus.py TEXT_DIR... --copies N --out FILE.jsonl [--first K] [--seed S]

Writes N copies of every article as JSONL records {"id","date","source","url","text"} with varied
ids, dates (2010..2024), sources, and text: in each copy about half of the paragraphs get one word
replaced by another word of the corpus, so most quotations differ between copies (distinct quote
clusters, a growing FTS vocabulary) while quotation marks and cues stay intact. The output goes
under build/ or /tmp; it is never committed.
"""
import argparse, json, os, random, re, sys

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--copies", type=int, default=110)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first", type=int, default=0, help="number of the first copy (to add to a corpus)")
    a = ap.parse_args()
    rnd = random.Random(a.seed * 1000003 + a.first)
    docs = []
    for d in a.dirs:
        for name in sorted(os.listdir(d)):
            if name.endswith(".txt"):
                with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                    docs.append((name[:-4], f.read()))
    if not docs:
        sys.exit("gen_corpus: no .txt files")
    word = re.compile(r"\b[a-z]{4,}\b")
    vocab = sorted({w for _, t in docs for w in word.findall(t)})
    sources = ["site%02d.example" % i for i in range(40)]
    with open(a.out, "w", encoding="utf-8") as out:
        for k in range(a.first, a.first + a.copies):
            for name, text in docs:
                paras = text.split("\n")
                for i, p in enumerate(paras):
                    if rnd.random() < 0.5:
                        ws = list(word.finditer(p))
                        if ws:
                            m = rnd.choice(ws)
                            paras[i] = p[:m.start()] + rnd.choice(vocab) + p[m.end():]
                src = rnd.choice(sources)
                rec = {"id": "%s-c%d" % (name, k),
                       "date": "%04d-%02d-%02d" % (rnd.randint(2010, 2024), rnd.randint(1, 12), rnd.randint(1, 28)),
                       "source": src,
                       "url": "https://%s/%s-c%d" % (src, name, k),
                       "text": "\n".join(paras)}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    main()
