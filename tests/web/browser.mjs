// browser.mjs BIN — drives the web page of `whosaid serve` in headless Debian Chromium with
// playwright-core. Starts the server on a free loopback port, runs the checks below, stops it.
//   1. render: /api/extract answered from the seed gold (byte offsets), so the page's highlighting,
//      legend, tooltip and keyboard access are checked independently of the extractor;
//   2. seed: the real extractor on the seed article: the Putin and Trump quotes are highlighted in
//      different colours and both are in the legend;
//   3. xss: an article full of markup is shown as text, nothing runs;
//   4. corpus views without --db say that no corpus is loaded;
//   5. corpus views over a small store built here: search with paging, speakers, a speaker's page
//      (timeline, topics), a stored article with highlights, and stored markup shown as text.
// Screenshots go to tests/out/. Prints "web: N passed, M failed"; exits nonzero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = path.resolve(process.argv[2] || path.join(root, 'whosaid'));
const outDir = path.join(root, 'tests/out');
const seedTxt = path.resolve(root, '../shared/data/seed/sky-trump-putin.txt');
const seedGold = path.resolve(root, '../shared/data/seed/sky-trump-putin.json');
fs.mkdirSync(outDir, { recursive: true });

let passed = 0, failed = 0, skipped = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else { failed++; console.log('FAIL web: ' + name + (detail ? ': ' + detail : '')); }
}

function startServer(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--threads', '2', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 10000);
    p.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolve({ proc: p, url: m[1] + '/' }); }
    });
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error('server exited ' + code + ': ' + err)); });
  });
}

/* The seed gold as /api/extract would return it: code point offsets turned into UTF-8 bytes. */
function goldResponse(text, gold) {
  const cps = Array.from(text);
  const byteAt = [0];
  for (const c of cps) byteAt.push(byteAt[byteAt.length - 1] + Buffer.byteLength(c));
  const span = (s) => s ? { start: byteAt[s[0]], end: byteAt[s[1]], text: cps.slice(s[0], s[1]).join('') } : null;
  const names = [...new Set(gold.attributions.map((a) => a.speaker).filter(Boolean))];
  return {
    id: null, title: text.split('\n')[0], source_domain: 'news.sky.com',
    attributions: gold.attributions.map((a) => ({
      kind: a.kind, class: 'speech', content: span(a.content), cue: span(a.cue), source: span(a.source),
      speaker: a.speaker ? { name: a.speaker, kind: a.speaker_kind || 'person', entity: names.indexOf(a.speaker) } : null,
      confidence: 0.9
    })),
    entities: names.map((n, i) => ({ id: i, name: n, kind: 'person', mentions: [] }))
  };
}

async function analyse(page, url, text) {
  await page.goto(url + '#/analyse');
  await page.fill('#article', text);
  await page.click('#analyse');
  await page.waitForSelector('#result:not([hidden]), #analyse-error:not([hidden])', { timeout: 15000 });
}

/* Background colours of the quote marks whose speaker name contains who. */
async function colours(page, who) {
  return page.$$eval('#doc-text mark.q', (ms, w) => ms.filter((m) => (m.dataset.speaker || '').includes(w))
    .map((m) => getComputedStyle(m).backgroundColor), who);
}
async function legendNames(page) {
  return page.$$eval('#legend .legend-item', (bs) => bs.map((b) => b.dataset.speaker));
}

/* A store of small dated articles, and a server on it. */
async function corpusServer(dir) {
  const recs = [
    { id: 'a1', date: '2017-03-02', source: 'example.com', title: 'Minister speaks on taxes', text: 'Alice Smith, the finance minister, said on Monday that taxes would fall.\n"We will cut taxes for everyone," Ms Smith told reporters.\n' },
    { id: 'a2', date: '2017-05-10', source: 'news.example.org', title: 'Critic replies', text: 'Bob Jones criticised the plan.\n"This is a fantasy about taxes," Mr Jones said.\nAlice Smith said Bob Jones was wrong about the budget.\n' },
    { id: 'x<1>/2', date: '2017-05-11', source: 'example.com', title: '<b>Markup</b> <script>window.__xss = 6</script>', text: '<script>window.__xss = 8</script>\n"<img src=x onerror=window.__xss=7> is not a tax," Carol White said.\n' }
  ];
  // 25 distinct quotes by one speaker: more than one page of search results
  for (let i = 1; i <= 25; i++) {
    recs.push({ id: 'd' + i, date: '2018-' + String(1 + (i % 6)).padStart(2, '0') + '-15', source: 'example.net', title: 'Dana Green on point ' + i,
      text: '"Point number ' + i + ' is about roads and schools," Dana Green said on Tuesday.\n' });
  }
  const jsonl = path.join(dir, 'corpus.jsonl'), db = path.join(dir, 'corpus.db');
  fs.writeFileSync(jsonl, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = spawnSync(bin, ['index', '--fast', '--db', db, '--jsonl', jsonl], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('index failed: ' + r.stderr);
  return startServer(['--db', db]);
}

async function main() {
  const haveSeed = fs.existsSync(seedTxt) && fs.existsSync(seedGold);
  const server = await startServer([]);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'whosaid-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1360, height: 900 }
  });
  const pageErrors = [];
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // console errors include Content-Security-Policy violations and failed loads; expected API
    // errors (the 503s of the corpus views without --db) are not reported there by the page
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 503/.test(m.text())) pageErrors.push('console: ' + m.text()); });
    page.on('dialog', (d) => { pageErrors.push('dialog opened: ' + d.message()); d.dismiss(); });

    if (!haveSeed) {
      console.log('web: skipped: dataset not found (seed article)');
      skipped += 2;
    } else {
      const text = fs.readFileSync(seedTxt, 'utf8');
      const gold = JSON.parse(fs.readFileSync(seedGold, 'utf8'));

      // 1. rendering from a fixed /api/extract answer
      await page.route('**/api/extract', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(goldResponse(text, gold)) }));
      await analyse(page, server.url, text);
      const putin = await colours(page, 'Putin'), trump = await colours(page, 'Trump');
      check('render: Putin quotes highlighted', putin.length > 0);
      check('render: Trump quotes highlighted', trump.length > 0);
      check('render: Putin and Trump in different colours', putin.length && trump.length && !trump.includes(putin[0]), putin[0] + ' vs ' + trump[0]);
      const names = await legendNames(page);
      check('render: legend lists both', names.includes('Vladimir Putin') && names.includes('Donald Trump'), names.join(', '));
      const trumpCount = await page.$eval('#legend [data-speaker="Donald Trump"] .count', (e) => +e.textContent);
      check('render: legend count', trumpCount === gold.attributions.filter((a) => a.speaker === 'Donald Trump').length, String(trumpCount));
      // the nested quote (Putin inside Trump's mixed quote) keeps its own colour
      const nested = await page.$eval('#doc-text', (el) => {
        const m = [...el.querySelectorAll('mark.q')].find((x) => x.textContent.includes('he absolutely did not meddle'));
        return m ? m.dataset.speaker : null;
      });
      check('render: nested quote is the inner speaker\'s', nested === 'Vladimir Putin', String(nested));
      check('render: cue underlined', (await page.$$('#doc-text .cue')).length > 0);
      check('render: source underlined', (await page.$$('#doc-text .src')).length > 0);
      check('render: text intact', (await page.$eval('#doc-text', (e) => e.textContent)) === text.replace(/\n/g, ''));
      // keyboard: Tab from the Analyse button reaches the first quote; its tooltip names the speaker
      await page.focus('#analyse');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.matches('mark.q') ? document.activeElement.dataset.speaker : null);
      check('keyboard: Tab reaches a quote', !!focused, String(focused));
      const tip = await page.$eval('#tip', (t) => (t.hidden ? '' : t.textContent));
      check('keyboard: tooltip shows speaker and cue', !!focused && tip.includes(focused) && tip.includes('Cue'), focused + ' | ' + tip);
      // hover
      await page.hover('#doc-text mark.q[data-speaker="Vladimir Putin"]');
      const tip2 = await page.$eval('#tip', (t) => (t.hidden ? '' : t.textContent));
      check('hover: tooltip shows Putin', tip2.includes('Vladimir Putin') && /Direct|Mixed|Indirect/.test(tip2), tip2);
      await page.screenshot({ path: path.join(outDir, 'web-analyse-render.png'), fullPage: true });
      await page.$eval('#result', (e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 70));
      await page.hover('#doc-text mark.q[data-speaker="Vladimir Putin"]');
      await page.screenshot({ path: path.join(outDir, 'web-analyse-view.png') });
      // legend focus mode
      await page.click('#legend [data-speaker="Vladimir Putin"]');
      const dimmed = await page.$$eval('#doc-text mark.q.dim', (ms) => ms.every((m) => m.dataset.speaker !== 'Vladimir Putin') && ms.length > 0);
      check('legend: selecting a speaker dims the others', dimmed);
      await page.unroute('**/api/extract');

      // 2. the real extractor
      await analyse(page, server.url, text);
      const err = await page.$eval('#analyse-error', (e) => (e.hidden ? '' : e.textContent));
      check('seed: analysed without error', !err, err);
      const rp = await colours(page, 'Putin'), rt = await colours(page, 'Trump');
      const rn = await legendNames(page);
      await page.screenshot({ path: path.join(outDir, 'web-analyse-seed.png'), fullPage: true });
      if (process.env.WHOSAID_WEB_EXTRACTOR === 'pending' && rp.length + rt.length === 0) {
        console.log('web: skipped: seed highlight check (WHOSAID_WEB_EXTRACTOR=pending: the extractor finds nothing yet)');
        skipped++;
      } else {
        check('seed: Putin quotes highlighted by the extractor', rp.length > 0, 'no mark for Putin');
        check('seed: Trump quotes highlighted by the extractor', rt.length > 0, 'no mark for Trump');
        check('seed: Putin and Trump in different colours', rp.length && rt.length && !rt.includes(rp[0]), rp[0] + ' vs ' + rt[0]);
        check('seed: legend lists Putin and Trump', rn.some((n) => /Putin/.test(n)) && rn.some((n) => /Trump/.test(n)), rn.join(', '));
      }
    }

    // the built-in example
    await page.goto(server.url + '#/analyse');
    await page.click('#example');
    // the legend of the previous analysis is still there until the example's arrives: wait for
    // the example's speaker (or an error); the check below reports what was shown
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#legend .legend-item')].some((b) => b.dataset.speaker === 'Helen Carter') ||
      !document.querySelector('#analyse-error').hidden, null, { timeout: 15000 }).catch(() => {});
    const ex = await legendNames(page);
    check('example: analysed with its two speakers', ex.includes('Helen Carter') && ex.includes('Tom Reyes'), ex.join(', '));

    // 3. markup in an article is text
    const xss = '<b>Bold</b> headline <script>window.__xss = 1</script>\n' +
      'The minister said: "<img src=x onerror="window.__xss = 2">" and "><img src=x onerror=window.__xss=3>.\n' +
      '"<script>window.__xss = 4</script> is not a quote," he said. <iframe src="javascript:window.__xss=5"></iframe>\n';
    await analyse(page, server.url, xss);
    const x = await page.evaluate(() => ({
      flag: window.__xss,
      imgs: document.querySelectorAll('#doc-text img, #doc-title img, #quotes img').length,
      scripts: document.querySelectorAll('#doc-text script, #doc-title script, #quotes script').length,
      frames: document.querySelectorAll('iframe').length,
      text: document.getElementById('doc-text').textContent,
      title: document.getElementById('doc-title').textContent
    }));
    check('xss: no injected element', x.imgs === 0 && x.scripts === 0 && x.frames === 0, JSON.stringify(x));
    check('xss: nothing ran', x.flag === undefined, String(x.flag));
    check('xss: markup shown as text', x.text.includes('<img src=x onerror="window.__xss = 2">') && x.text.includes('"><img src=x onerror=window.__xss=3>') && x.text.includes('<script>window.__xss = 4</script>'), x.text);
    check('xss: headline shown as text', x.title.includes('<b>Bold</b>') && x.title.includes('<script>'), x.title);
    await page.screenshot({ path: path.join(outDir, 'web-xss.png'), fullPage: true });

    // 4. corpus views without --db
    await page.goto(server.url + '#/search?q=election');
    await page.waitForSelector('#search-error:not([hidden])');
    const se = await page.$eval('#search-error', (e) => e.textContent);
    check('search: no corpus message', /No corpus is loaded/.test(se), se);
    await page.goto(server.url + '#/speakers');
    await page.waitForSelector('#speakers-error:not([hidden])');
    check('speakers: no corpus message', /No corpus is loaded/.test(await page.$eval('#speakers-error', (e) => e.textContent)));

    // 5. corpus views
    const corpus = await corpusServer(profile);
    try {
      await page.goto(corpus.url + '#/search?q=taxes');
      await page.waitForSelector('#search-results li.quote-item');
      const hits = await page.$$eval('#search-results li.quote-item', (li) => li.map((l) => ({ hit: (l.querySelector('.hit') || {}).textContent, who: (l.querySelector('.who-link') || {}).textContent })));
      check('corpus: search lists quotes with the match marked', hits.length === 3 && hits.every((x) => /^tax/i.test(x.hit || '')), JSON.stringify(hits));
      check('corpus: search form filled from the URL', (await page.inputValue('#s-q')) === 'taxes');
      await page.fill('#s-q', 'taxes');
      await page.fill('#s-speaker', 'Alice Smith');
      await page.click('#search-form button[type=submit]');
      await page.waitForFunction(() => location.hash.includes('speaker=Alice'));
      await page.waitForSelector('#search-results li.quote-item');
      const who = await page.$$eval('#search-results .who-link', (a) => [...new Set(a.map((x) => x.textContent))]);
      check('corpus: speaker filter', who.length === 1 && who[0] === 'Alice Smith', who.join(','));
      // paging: 20 per page
      await page.goto(corpus.url + '#/search?q=roads');
      await page.waitForSelector('#search-results li.quote-item');
      const pg = await page.$eval('#search-pager', (n) => ({ hidden: n.hidden, label: n.querySelector('[data-page=label]').textContent }));
      check('corpus: pager shown for a long result list', !pg.hidden && pg.label === '1–20', JSON.stringify(pg));
      await page.screenshot({ path: path.join(outDir, 'web-search.png'), fullPage: true });
      await page.click('#search-pager [data-page=next]');
      await page.waitForFunction(() => location.hash.includes('offset=20'));
      await page.waitForFunction(() => document.querySelector('#search-pager [data-page=label]').textContent === '21–25');
      const n2 = await page.$$eval('#search-results li.quote-item', (l) => l.length);
      const nextOff = await page.$eval('#search-pager [data-page=next]', (b) => b.disabled);
      check('corpus: next page holds the rest', n2 === 5 && nextOff, n2 + ' ' + nextOff);
      await page.goto(corpus.url + '#/speakers');
      await page.waitForSelector('#speakers-table tbody a');
      const sp = await page.$$eval('#speakers-table tbody tr', (tr) => tr.map((r) => r.cells[0].textContent));
      check('corpus: speakers list', sp.includes('Alice Smith') && sp.includes('Carol White'), sp.join(','));
      await page.click('#speakers-table tbody a >> text=Alice Smith');
      await page.waitForSelector('#sp-timeline svg rect.bar, #speaker-error:not([hidden])', { state: 'attached' });
      const spErr = await page.$eval('#speaker-error', (e) => (e.hidden ? '' : e.textContent));
      check('corpus: speaker page loads', !spErr, spErr);
      const bars = await page.$$eval('#sp-timeline rect.bar', (r) => r.map((x) => x.querySelector('title').textContent));
      check('corpus: speaker timeline by month, empty months included', bars.join('|') === '2017-03: 2 quotes|2017-04: 0 quotes|2017-05: 1 quote', bars.join('|'));
      check('corpus: speaker name', (await page.$eval('#sp-name', (e) => e.textContent)) === 'Alice Smith');
      const nq = await page.$$eval('#sp-quotes li.quote-item', (l) => l.length);
      check('corpus: speaker quotes', nq === 3, String(nq));
      await page.screenshot({ path: path.join(outDir, 'web-speaker.png'), fullPage: true });
      await page.click('#sp-quotes a[href^="#/articles/"]');
      await page.waitForSelector('#art-text mark.q');
      const art = await page.$$eval('#art-text mark.q', (m) => [...new Set(m.map((x) => x.dataset.speaker))]);
      check('corpus: stored article highlighted', art.includes('Alice Smith'), art.join(','));
      await page.goto(corpus.url + '#/articles/' + encodeURIComponent('x<1>/2'));
      await page.waitForSelector('#art-text mark.q');
      const xa = await page.evaluate(() => ({
        flag: window.__xss, imgs: document.querySelectorAll('#view-article img, #view-article script').length,
        title: document.getElementById('art-title').textContent, text: document.getElementById('art-text').textContent
      }));
      check('corpus: stored markup shown as text', xa.flag === undefined && xa.imgs === 0 && xa.title === '<b>Markup</b> <script>window.__xss = 6</script>' && xa.text.includes('<img src=x onerror=window.__xss=7>'), JSON.stringify(xa));
      await page.screenshot({ path: path.join(outDir, 'web-article.png'), fullPage: true });
    } finally {
      corpus.proc.kill('SIGTERM');
    }
    check('no page errors', pageErrors.length === 0, pageErrors.join('; '));
  } finally {
    await ctx.close();
    server.proc.kill('SIGTERM');
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log('web: ' + passed + ' passed, ' + failed + ' failed' + (skipped ? ', ' + skipped + ' skipped' : ''));
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log('FAIL web: ' + (e && e.stack || e)); process.exit(1); });
