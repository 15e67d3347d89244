#!/usr/bin/env python3
"""gen_queries.py — search queries for bench/store.sh from a JSONL corpus: single words and
two-word phrases taken from quoted passages ("..." / “...”), so they hit quotes the way a user's
query would: common and rare words alike (a word is drawn from a random quote, so frequent words
come up as often as they occur).

usage: bench/gen_queries.py CORPUS.jsonl N OUT_WORDS OUT_PHRASES [--seed S]"""
import json, random, re, sys

def main():
    path, n, ow, op = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rnd = random.Random(7)
    quote = re.compile(r"[\"“]([^\"“”]{20,400})[\"”]")
    word = re.compile(r"[A-Za-z]{3,}")
    quotes = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 7:  # a sample is enough
                continue
            quotes += quote.findall(json.loads(line)["text"])
            if len(quotes) > 20000:
                break
    words, phrases = [], []
    while len(words) < n or len(phrases) < n:
        ws = word.findall(rnd.choice(quotes))
        if len(ws) >= 2:
            if len(words) < n:
                words.append(rnd.choice(ws).lower())
            j = rnd.randrange(len(ws) - 1)
            if len(phrases) < n:
                phrases.append('"%s %s"' % (ws[j].lower(), ws[j + 1].lower()))
    open(ow, "w").write("\n".join(words) + "\n")
    open(op, "w").write("\n".join(phrases) + "\n")

if __name__ == "__main__":
    main()
