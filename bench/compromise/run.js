// run.js — the compromise peer for make bench: reads JSONL articles ({"id","text"}) on stdin, runs
// nlp(text).quotations() and .people() on each, writes {"id","quotations","people"} per line.
'use strict';
const nlp = require('compromise');
const readline = require('readline');
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let n = 0;
rl.on('line', (line) => {
  if (!line.trim()) return;
  const rec = JSON.parse(line);
  const doc = nlp(rec.text);
  const out = {
    id: rec.id,
    quotations: doc.quotations().out('array'),
    people: doc.people().out('array'),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  n++;
});
rl.on('close', () => process.stderr.write(`compromise: ${n} articles\n`));
