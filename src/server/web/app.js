/* app.js — the whosaid web page: Analyse (paste an article, see who said what), Search, Speakers.
 * Talks only to this server's JSON API (docs/API.md). Article text is always inserted as text
 * nodes (never innerHTML), so markup inside an article is shown, not run. Offsets from the API are
 * UTF-8 byte offsets, so text is sliced as UTF-8 bytes and decoded piece by piece. */
'use strict';

(function () {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const $ = (id) => document.getElementById(id);

  /* Speaker colours: background for the quote, strong tone for swatches and underlines. */
  const PALETTE = [
    ['#dbe7ff', '#2456c9'], ['#ffe2cc', '#c2410c'], ['#d5f5df', '#15803d'],
    ['#eedfff', '#7e22ce'], ['#ffdde3', '#be123c'], ['#cdf3ee', '#0f766e'],
    ['#fdefc3', '#a16207'], ['#e0e3ff', '#4338ca'], ['#e6f5c8', '#4d7c0f'],
    ['#fde0f1', '#be185d']
  ];
  const UNKNOWN = ['#e8eaed', '#5f6368'];
  const KIND_LABEL = { direct: 'Direct quote', mixed: 'Mixed quote', indirect: 'Indirect (reported)' };

  /* ---- small DOM helpers: every string becomes a text node ---- */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'style') Object.assign(el.style, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.appendChild(typeof kid === 'string' || typeof kid === 'number' ? document.createTextNode(String(kid)) : kid);
    }
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function showError(id, msg) {
    const el = $(id);
    if (!msg) { el.hidden = true; clear(el); return; }
    el.textContent = msg;
    el.hidden = false;
  }
  function fmtNum(n) { return Number(n || 0).toLocaleString('en'); }
  /* A list field: the store sends arrays; older stores sent " | " or comma separated text. */
  function listOf(v) { return Array.isArray(v) ? v : (typeof v === 'string' && v ? v.split(/ \| |,\s*/) : []); }
  /* Only http(s) URLs become links; anything else (javascript:, data:) stays text. */
  function safeUrl(u) { return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null; }

  async function api(path, opts) {
    let res;
    try { res = await fetch(path, opts); } catch (e) { throw new Error('cannot reach the server (' + e.message + ')'); }
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) throw new Error((body && body.error) || ('HTTP ' + res.status));
    return body;
  }

  /* ---- highlighted text ----
   * spans: [{start, end, key, cue:{start,end}|null, source:{start,end}|null, info}] with byte
   * offsets. Overlapping quotes (a quote inside a mixed quote) shade each piece with the innermost
   * one. Returns the map from quote index to its first element (for focusing). */
  function renderText(container, text, spans, colourOf, tip) {
    clear(container);
    const bytes = enc.encode(text);
    const n = bytes.length;
    const clamp = (x) => Math.max(0, Math.min(n, x | 0));
    const pts = new Set([0, n]);
    const valid = (s) => s && typeof s.start === 'number' && typeof s.end === 'number' && s.end > s.start;
    for (const s of spans) {
      if (valid(s)) { pts.add(clamp(s.start)); pts.add(clamp(s.end)); }
      if (valid(s.cue)) { pts.add(clamp(s.cue.start)); pts.add(clamp(s.cue.end)); }
      if (valid(s.source)) { pts.add(clamp(s.source.start)); pts.add(clamp(s.source.end)); }
    }
    const cuts = [...pts].sort((a, b) => a - b);
    const first = new Map();
    const frag = document.createDocumentFragment();
    const covers = (s, a, b) => valid(s) && s.start <= a && s.end >= b;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i], b = cuts[i + 1];
      let inner = -1, cue = -1, src = -1;
      spans.forEach((s, k) => {
        if (covers(s, a, b) && (inner < 0 || s.end - s.start < spans[inner].end - spans[inner].start)) inner = k;
        if (cue < 0 && covers(s.cue, a, b)) cue = k;
        if (src < 0 && covers(s.source, a, b)) src = k;
      });
      const piece = dec.decode(bytes.subarray(a, b));
      if (inner < 0 && cue < 0 && src < 0) { appendPlain(frag, piece); continue; }
      const el = h(inner >= 0 ? 'mark' : 'span', {});
      appendPlain(el, piece);
      if (inner >= 0) {
        const s = spans[inner];
        const [bg, fg] = colourOf(s.key);
        el.className = 'q kind-' + (s.info.kind || 'direct');
        el.style.backgroundColor = bg;
        el.style.setProperty('--fg', fg);
        el.dataset.q = String(inner);
        el.dataset.speaker = s.info.speaker || '';
        if (!first.has(inner)) {
          first.set(inner, el);
          el.tabIndex = 0;
          el.setAttribute('aria-label', describe(s.info) + ': ' + piece);
        }
      }
      if (cue >= 0) { el.classList.add('cue'); el.style.setProperty('--ul', colourOf(spans[cue].key)[1]); el.dataset.cueOf = String(cue); }
      if (src >= 0) { el.classList.add('src'); el.style.setProperty('--ul', colourOf(spans[src].key)[1]); el.dataset.srcOf = String(src); }
      frag.appendChild(el);
    }
    container.appendChild(frag);
    wireTips(container, spans, tip);
    return first;
  }
  /* Newlines become block spacers so paragraphs get air, even inside a quote. */
  function appendPlain(parent, s) {
    const parts = s.split('\n');
    parts.forEach((p, i) => {
      if (i) parent.appendChild(h('span', { class: 'pb', 'aria-hidden': 'true' }));
      if (p) parent.appendChild(document.createTextNode(p));
    });
  }
  function describe(info) {
    return (info.speaker || 'Unknown speaker') + ' — ' + (KIND_LABEL[info.kind] || info.kind || 'quote') +
      (info.cue ? ' — cue “' + info.cue + '”' : '');
  }

  /* One tooltip for the page: speaker, kind, cue (and confidence) of the quote under the pointer
   * or keyboard focus. All pieces of that quote light up together. */
  const wired = new WeakMap(); /* container -> the spans it shows now */
  function wireTips(container, spans, tip) {
    const first = !wired.has(container);
    wired.set(container, spans);
    if (!first) return;
    let active = null;
    const show = (el) => {
      const k = el.dataset.q !== undefined ? el.dataset.q : (el.dataset.cueOf !== undefined ? el.dataset.cueOf : el.dataset.srcOf);
      const s = k === undefined ? null : wired.get(container)[+k];
      if (!s) return;
      clear(tip);
      tip.appendChild(h('div', { class: 'tip-who' }, h('span', { class: 'sw', style: { background: s.colour[1] } }), s.info.speaker || 'Unknown speaker'));
      const rows = [['Kind', KIND_LABEL[s.info.kind] || s.info.kind || '—'], ['Cue', s.info.cue || '—']];
      if (s.info.sourceText) rows.push(['Source', s.info.sourceText]);
      if (typeof s.info.confidence === 'number') rows.push(['Confidence', Math.round(s.info.confidence * 100) + '%']);
      if (s.info.cls && s.info.cls !== 'speech') rows.push(['Class', s.info.cls]);
      tip.appendChild(h('dl', {}, rows.map(([a, b]) => [h('dt', {}, a), h('dd', {}, b)])));
      tip.hidden = false;
      const r = el.getBoundingClientRect();
      const tw = tip.offsetWidth, th = tip.offsetHeight;
      const x = Math.min(window.innerWidth - tw - 8, Math.max(8, r.left));
      let y = r.bottom + 8;
      if (y + th > window.innerHeight - 8) y = Math.max(8, r.top - th - 8);
      tip.style.left = (x + window.scrollX) + 'px';
      tip.style.top = (y + window.scrollY) + 'px';
      if (active !== k) {
        container.querySelectorAll('.q.on').forEach((m) => m.classList.remove('on'));
        container.querySelectorAll('[data-q="' + k + '"]').forEach((m) => m.classList.add('on'));
        active = k;
      }
    };
    const hide = () => {
      tip.hidden = true;
      container.querySelectorAll('.q.on').forEach((m) => m.classList.remove('on'));
      active = null;
    };
    const target = (e) => e.target.closest && e.target.closest('[data-q],[data-cue-of],[data-src-of]');
    container.addEventListener('mouseover', (e) => { const t = target(e); if (t) show(t); else if (!container.contains(document.activeElement)) hide(); });
    container.addEventListener('mouseleave', () => { if (!container.contains(document.activeElement)) hide(); });
    container.addEventListener('focusin', (e) => { const t = target(e); if (t) { show(t); t.setAttribute('aria-describedby', 'tip'); } });
    container.addEventListener('focusout', (e) => { const t = target(e); if (t) t.removeAttribute('aria-describedby'); hide(); });
    container.addEventListener('keydown', (e) => { if (e.key === 'Escape') hide(); });
  }

  /* Colours are handed out per key in order of first use. */
  function colourMap() {
    const m = new Map();
    return (key) => {
      if (key === null || key === undefined || key === '') return UNKNOWN;
      if (!m.has(key)) m.set(key, PALETTE[m.size % PALETTE.length]);
      return m.get(key);
    };
  }

  function legend(ul, spans, colourOf, container) {
    clear(ul);
    const counts = new Map();
    for (const s of spans) {
      const k = s.key === null || s.key === undefined ? '' : s.key;
      const e = counts.get(k) || { name: s.info.speaker || 'Unknown speaker', n: 0, key: k };
      e.n++;
      counts.set(k, e);
    }
    const rows = [...counts.values()].sort((a, b) => b.n - a.n || a.name.localeCompare(b.name));
    if (!rows.length) { ul.appendChild(h('li', { class: 'muted' }, 'No attributions found.')); return; }
    for (const r of rows) {
      const fg = colourOf(r.key === '' ? null : r.key)[1];
      const btn = h('button', {
        type: 'button', class: 'legend-item', 'aria-pressed': 'false', 'data-speaker': r.name,
        title: 'Show only ' + r.name,
        onclick: () => {
          const on = btn.getAttribute('aria-pressed') !== 'true';
          ul.querySelectorAll('.legend-item').forEach((b) => b.setAttribute('aria-pressed', 'false'));
          btn.setAttribute('aria-pressed', on ? 'true' : 'false');
          container.classList.toggle('focus-mode', on);
          container.querySelectorAll('.q').forEach((m) => {
            const s = spans[+m.dataset.q];
            const k = s.key === null || s.key === undefined ? '' : s.key;
            m.classList.toggle('dim', on && k !== r.key);
          });
        }
      },
      h('span', { class: 'sw', style: { background: fg } }),
      h('span', { class: 'legend-name' }, r.name),
      h('span', { class: 'count', 'aria-label': r.n + (r.n === 1 ? ' quote' : ' quotes') }, String(r.n)));
      ul.appendChild(h('li', {}, btn));
    }
  }

  /* ---- Analyse ---- */
  function spansFromDoc(doc) {
    const colourOf = colourMap();
    const spans = (doc.attributions || []).map((a, i) => {
      const key = a.speaker ? 'e' + a.speaker.entity : null;
      return {
        start: a.content && a.content.start, end: a.content && a.content.end, key,
        cue: a.cue, source: a.source,
        info: {
          i, speaker: a.speaker ? a.speaker.name : null, kind: a.kind, cls: a.class,
          cue: a.cue ? a.cue.text : null, sourceText: a.source ? a.source.text : null,
          confidence: a.confidence, content: a.content ? a.content.text : ''
        }
      };
    });
    /* colour by order of first quote in the text */
    [...spans].sort((x, y) => x.start - y.start).forEach((s) => colourOf(s.key));
    spans.forEach((s) => { s.colour = colourOf(s.key); });
    return { spans, colourOf };
  }

  async function analyse(ev) {
    if (ev) ev.preventDefault();
    const text = $('article').value;
    showError('analyse-error', null);
    if (!text.trim()) { showError('analyse-error', 'Paste an article first.'); return; }
    const btn = $('analyse');
    btn.disabled = true;
    btn.textContent = 'Analysing…';
    try {
      const headline = $('headline').checked;
      const doc = await api('api/extract', headline
        ? { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text }
        : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
      showDoc(text, doc);
    } catch (e) {
      showError('analyse-error', 'Could not analyse: ' + e.message);
    } finally {
      btn.disabled = false;
      btn.textContent = 'Analyse';
    }
  }

  function showDoc(text, doc) {
    const { spans, colourOf } = spansFromDoc(doc);
    $('doc-title').textContent = doc.title || 'Untitled article';
    const nsp = new Set(spans.map((s) => s.key)).size;
    $('doc-meta').textContent = [
      doc.source_domain,
      spans.length + (spans.length === 1 ? ' attribution' : ' attributions'),
      nsp + (nsp === 1 ? ' speaker' : ' speakers'),
      (doc.entities || []).length + ' entities'
    ].filter(Boolean).join(' · ');
    const textEl = $('doc-text');
    const first = renderText(textEl, text, spans, colourOf, $('tip'));
    legend($('legend'), spans, colourOf, textEl);
    $('legend-note').textContent = spans.length ? 'Select a speaker to show only their quotes.' : '';
    const kinds = $('kinds');
    clear(kinds);
    for (const k of ['direct', 'mixed', 'indirect']) {
      const n = spans.filter((s) => s.info.kind === k).length;
      kinds.appendChild(h('li', {}, h('span', { class: 'kind-badge kind-' + k }, KIND_LABEL[k]), h('span', { class: 'count' }, String(n))));
    }
    const tbody = $('quotes').tBodies[0];
    clear(tbody);
    [...spans].sort((a, b) => a.start - b.start).forEach((s, row) => {
      const goto = () => { const el = first.get(s.info.i); if (el) { el.scrollIntoView({ block: 'center', behavior: 'smooth' }); el.focus({ preventScroll: true }); } };
      tbody.appendChild(h('tr', { tabindex: '0', onclick: goto, onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); goto(); } } },
        h('td', { class: 'num muted' }, String(row + 1)),
        h('td', { class: 'who' }, h('span', { class: 'sw', style: { background: s.colour[1] } }), s.info.speaker || 'Unknown'),
        h('td', {}, h('span', { class: 'kind-badge kind-' + s.info.kind }, s.info.kind || '')),
        h('td', {}, s.info.cue || '—'),
        h('td', { class: 'quote-cell' }, s.info.content)));
    });
    if (!spans.length) tbody.appendChild(h('tr', {}, h('td', { colspan: '5', class: 'muted' }, 'No attributions found in this text.')));
    $('result').hidden = false;
  }

  /* A made-up article for the "Try an example" button. */
  const EXAMPLE = [
    'Council approves new bridge after heated debate',
    'The city council on Tuesday approved a new bridge over the River Lee, ending a debate that lasted two years.',
    '"This bridge will cut half an hour from thousands of commutes," said Mayor Helen Carter, who had championed the project since her election.',
    'Opposition leader Tom Reyes said the council had ignored the cost. "We are borrowing money we do not have for a bridge we do not need," he told reporters after the vote.',
    'Carter said construction would start in the spring and that the city expected federal grants to cover most of the cost.',
    'According to the transport department, about 40,000 vehicles a day would use the bridge.'
  ].join('\n');

  function wireAnalyse() {
    $('analyse-form').addEventListener('submit', analyse);
    const ta = $('article');
    const size = () => { const n = enc.encode(ta.value).length; $('article-size').textContent = n ? fmtNum(n) + ' bytes' : ''; };
    ta.addEventListener('input', size);
    ta.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) analyse(e); });
    $('example').addEventListener('click', () => { ta.value = EXAMPLE; $('headline').checked = true; size(); analyse(); });
    $('clear').addEventListener('click', () => { ta.value = ''; size(); $('result').hidden = true; showError('analyse-error', null); ta.focus(); });
    const drop = $('drop');
    ['dragenter', 'dragover'].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('over'); }));
    ['dragleave', 'drop'].forEach((t) => drop.addEventListener(t, () => drop.classList.remove('over')));
    drop.addEventListener('drop', async (e) => {
      e.preventDefault();
      const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (f) { ta.value = await f.text(); size(); analyse(); }
      else if (e.dataTransfer) { const t = e.dataTransfer.getData('text/plain'); if (t) { ta.value = t; size(); } }
    });
  }

  /* ---- corpus views ---- */
  let health = { db: false };

  function needDb(errId) {
    if (health.db) return true;
    showError(errId, 'No corpus is loaded. Build one with `whosaid index --db whosaid.db DIR` and start the server with `--db whosaid.db`.');
    return false;
  }

  function pager(id, offset, limit, shown, more, go) {
    const nav = $(id);
    nav.hidden = !(offset > 0 || more);
    const [prev, label, next] = ['prev', 'label', 'next'].map((p) => nav.querySelector('[data-page="' + p + '"]'));
    label.textContent = shown ? (offset + 1) + '–' + (offset + shown) : '';
    prev.disabled = offset <= 0;
    next.disabled = !more;
    prev.onclick = () => go(Math.max(0, offset - limit));
    next.onclick = () => go(offset + limit);
  }

  /* A snippet marks matches with [ ]; they become <b> elements (text only). */
  function snippetNodes(s) {
    const out = [];
    const re = /\[([^\[\]]*)\]/g;
    let last = 0, m;
    while ((m = re.exec(s))) {
      if (m.index > last) out.push(s.slice(last, m.index));
      out.push(h('b', { class: 'hit' }, m[1]));
      last = re.lastIndex;
    }
    if (last < s.length) out.push(s.slice(last));
    return out;
  }

  function quoteItem(r, opts) {
    const meta = [];
    if (r.date) meta.push(h('time', {}, r.date));
    if (r.source) meta.push(h('span', {}, r.source));
    if (r.occurrences > 1) meta.push(h('span', { title: listOf(r.sources).join(', ') }, 'reported ' + r.occurrences + '×'));
    const art = r.article_id ? h('a', { href: '#/articles/' + encodeURIComponent(r.article_id) }, r.title || r.article_id) : null;
    const who = r.speaker_id ? h('a', { class: 'who-link', href: '#/speakers/' + r.speaker_id }, r.speaker || 'Unknown') : h('span', { class: 'who-link muted' }, r.speaker || 'Unknown speaker');
    return h('li', { class: 'card quote-item' },
      h('blockquote', {}, opts && opts.snippet && r.snippet ? snippetNodes(r.snippet) : (r.text || '')),
      h('div', { class: 'qmeta' },
        opts && opts.noSpeaker ? null : who,
        r.cue ? h('span', { class: 'cue-chip' }, r.cue) : null,
        r.kind ? h('span', { class: 'kind-badge kind-' + r.kind }, r.kind) : null,
        art ? h('span', { class: 'in' }, 'in ', art) : null,
        meta.length ? h('span', { class: 'muted' }, meta.flatMap((m, i) => (i ? [' · ', m] : [m]))) : null));
  }

  function formParams(form) {
    const p = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value.trim()) p.set(el.name, el.value.trim());
    return p;
  }
  function fillForm(form, params) {
    for (const el of form.elements) if (el.name) el.value = params.get(el.name) || '';
  }

  async function showSearch(params) {
    fillForm($('search-form'), params);
    const list = $('search-results');
    clear(list);
    $('search-summary').textContent = '';
    $('search-pager').hidden = true;
    showError('search-error', null);
    if (!params.get('q') && !params.get('speaker')) { $('search-summary').textContent = 'Search quotes by words, or list a speaker’s quotes.'; return; }
    if (!needDb('search-error')) return;
    const limit = 20, offset = +params.get('offset') || 0;
    params.set('limit', String(limit));
    try {
      const res = await api('api/search?' + params.toString());
      const rows = res.results || [];
      $('search-summary').textContent = rows.length
        ? 'Showing ' + (offset + 1) + '–' + (offset + rows.length) + (res.more ? ' (more below)' : '')
        : 'No quotes found.';
      rows.forEach((r) => list.appendChild(quoteItem(r, { snippet: true })));
      pager('search-pager', offset, limit, rows.length, res.more, (o) => { params.set('offset', String(o)); params.delete('limit'); location.hash = '#/search?' + params.toString(); });
    } catch (e) { showError('search-error', e.message); }
  }

  async function showSpeakers(params) {
    fillForm($('speakers-form'), params);
    const tbody = $('speakers-table').tBodies[0];
    clear(tbody);
    showError('speakers-error', null);
    $('speakers-pager').hidden = true;
    if (!needDb('speakers-error')) return;
    const top = 50, offset = +params.get('offset') || 0;
    params.set('top', String(top));
    try {
      const res = await api('api/speakers?' + params.toString());
      const rows = res.results || [];
      for (const r of rows) {
        tbody.appendChild(h('tr', {},
          h('td', {}, h('a', { href: '#/speakers/' + r.id }, r.name)),
          h('td', { class: 'muted' }, r.kind || ''),
          h('td', { class: 'num' }, fmtNum(r.quotes)),
          h('td', { class: 'num' }, fmtNum(r.articles)),
          h('td', { class: 'muted aliases' }, listOf(r.aliases).join(', '))));
      }
      if (!rows.length) tbody.appendChild(h('tr', {}, h('td', { colspan: '5', class: 'muted' }, 'No speakers found.')));
      pager('speakers-pager', offset, top, rows.length, res.more, (o) => { params.set('offset', String(o)); params.delete('top'); location.hash = '#/speakers?' + params.toString(); });
    } catch (e) { showError('speakers-error', e.message); }
  }

  /* Every month from the first to the last quote, empty months included (at most 20 years). */
  function fillMonths(months) {
    const by = new Map(months.filter((m) => /^\d{4}-\d{2}$/.test(m.month)).map((m) => [m.month, m.quotes]));
    const keys = [...by.keys()].sort();
    if (!keys.length) return [];
    let [y, mo] = keys[0].split('-').map(Number);
    const out = [];
    while (out.length < 240) {
      const k = y + '-' + String(mo).padStart(2, '0');
      out.push({ month: k, quotes: by.get(k) || 0 });
      if (k >= keys[keys.length - 1]) break;
      if (++mo > 12) { mo = 1; y++; }
    }
    return out;
  }

  /* Bars per month, as an SVG built from elements (no markup strings). */
  function timeline(el, raw) {
    clear(el);
    const months = fillMonths(raw || []);
    if (!months.length) { el.appendChild(h('p', { class: 'muted' }, 'No dated quotes.')); return; }
    const NS = 'http://www.w3.org/2000/svg';
    const W = 640, H = 170, padL = 34, padR = 10, padT = 14, padB = 26;
    const max = Math.max(1, ...months.map((m) => m.quotes));
    const slot = (W - padL - padR) / months.length;
    const bw = Math.max(1, Math.min(44, slot - 2));
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Quotes per month from ' + months[0].month + ' to ' + months[months.length - 1].month + ', at most ' + max + ' a month');
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
      return e;
    };
    for (const v of [0, max]) {
      const y = H - padB - (H - padT - padB) * v / max;
      add('line', { x1: padL, x2: W - padR, y1: y, y2: y, class: 'grid' });
      add('text', { x: padL - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, String(v));
    }
    months.forEach((m, i) => {
      const bh = (H - padT - padB) * m.quotes / max;
      const x = padL + i * slot + (slot - bw) / 2;
      const r = add('rect', { x, y: H - padB - bh, width: bw, height: Math.max(bh, 0), rx: 2, class: 'bar' });
      const t = document.createElementNS(NS, 'title');
      t.textContent = m.month + ': ' + m.quotes + (m.quotes === 1 ? ' quote' : ' quotes');
      r.appendChild(t);
    });
    const step = Math.max(1, Math.ceil(months.length / 8));
    months.forEach((m, i) => {
      if (i % step && i !== months.length - 1) return;
      add('text', { x: padL + i * slot + slot / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, m.month);
    });
    el.appendChild(svg);
  }

  async function showSpeaker(id, params) {
    showError('speaker-error', null);
    ['sp-name', 'sp-meta', 'sp-filter'].forEach((k) => { $(k).textContent = ''; });
    const list = $('sp-quotes');
    clear(list);
    clear($('sp-about'));
    clear($('sp-timeline'));
    $('speaker-pager').hidden = true;
    if (!needDb('speaker-error')) return;
    const limit = 20, offset = +params.get('offset') || 0;
    params.set('limit', String(limit + 1));
    try {
      const res = await api('api/speakers/' + encodeURIComponent(id) + '?' + params.toString());
      const sp = res.speaker || {};
      $('sp-name').textContent = sp.name || id;
      $('sp-meta').textContent = [sp.kind, fmtNum(sp.quotes) + ' quotes', fmtNum(sp.articles) + ' articles',
        listOf(sp.aliases).length ? 'also: ' + listOf(sp.aliases).join(', ') : null].filter(Boolean).join(' · ');
      timeline($('sp-timeline'), res.timeline);
      const about = $('sp-about');
      for (const a of res.about || []) {
        const p = new URLSearchParams({ about: a.name });
        about.appendChild(h('li', {}, h('a', { class: 'chip' + (params.get('about') === a.name ? ' on' : ''), href: '#/speakers/' + encodeURIComponent(id) + '?' + p.toString() },
          a.name, h('span', { class: 'count' }, String(a.quotes)))));
      }
      if (!about.children.length) about.appendChild(h('li', { class: 'muted' }, 'No named entities in recent quotes.'));
      if (params.get('about')) {
        $('sp-filter').textContent = '';
        $('sp-filter').append('about ' + params.get('about') + ' · ', h('a', { href: '#/speakers/' + encodeURIComponent(id) }, 'show all'));
      }
      const rows = (res.quotes || []).slice(0, limit);
      const more = (res.quotes || []).length > limit;
      rows.forEach((r) => list.appendChild(quoteItem(r, { noSpeaker: true })));
      if (!rows.length) list.appendChild(h('li', { class: 'muted' }, 'No quotes.'));
      pager('speaker-pager', offset, limit, rows.length, more, (o) => { params.set('offset', String(o)); params.delete('limit'); location.hash = '#/speakers/' + encodeURIComponent(id) + '?' + params.toString(); });
    } catch (e) { showError('speaker-error', e.message); }
  }

  async function showArticle(id) {
    showError('article-error', null);
    $('art-title').textContent = '';
    $('art-meta').textContent = '';
    clear($('art-text'));
    clear($('art-legend'));
    if (!needDb('article-error')) return;
    try {
      const res = await api('api/articles/' + encodeURIComponent(id));
      const a = res.article || {};
      $('art-title').textContent = a.title || a.id || id;
      const meta = $('art-meta');
      clear(meta);
      const bits = [a.source, a.date, (res.attributions || []).length + ' attributions'].filter(Boolean);
      meta.append(bits.join(' · '));
      const url = safeUrl(a.url);
      if (url) meta.append(' · ', h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'original'));
      const colourOf = colourMap();
      const spans = (res.attributions || []).map((q, i) => ({
        start: q.start, end: q.end, key: q.speaker_id ? 's' + q.speaker_id : null, cue: null, source: null,
        info: { i, speaker: q.speaker, kind: q.kind, cls: q.cls, cue: q.cue, content: q.text }
      }));
      [...spans].sort((x, y) => x.start - y.start).forEach((s) => colourOf(s.key));
      spans.forEach((s) => { s.colour = colourOf(s.key); });
      renderText($('art-text'), a.text || '', spans, colourOf, $('tip'));
      legend($('art-legend'), spans, colourOf, $('art-text'));
    } catch (e) { showError('article-error', e.message); }
  }

  /* ---- routing: #/analyse, #/search?..., #/speakers?..., #/speakers/ID?..., #/articles/ID ---- */
  const VIEWS = ['analyse', 'search', 'speakers', 'speaker', 'article'];
  function route() {
    const hash = location.hash.replace(/^#\/?/, '');
    const qi = hash.indexOf('?');
    const path = (qi < 0 ? hash : hash.slice(0, qi)).split('/').map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } });
    const params = new URLSearchParams(qi < 0 ? '' : hash.slice(qi + 1));
    let view = path[0] || 'analyse';
    if (view === 'speakers' && path[1]) view = 'speaker';
    if (view === 'articles' && path[1]) view = 'article';
    if (!VIEWS.includes(view)) view = 'analyse';
    VIEWS.forEach((v) => { $('view-' + v).hidden = v !== view; });
    const navKey = view === 'speaker' ? 'speakers' : view === 'article' ? 'search' : view;
    document.querySelectorAll('[data-nav]').forEach((a) => {
      if (a.dataset.nav === navKey) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    $('tip').hidden = true;
    if (view === 'search') showSearch(params);
    else if (view === 'speakers') showSpeakers(params);
    else if (view === 'speaker') showSpeaker(path[1], params);
    else if (view === 'article') showArticle(path[1]);
  }

  async function init() {
    wireAnalyse();
    $('search-form').addEventListener('submit', (e) => { e.preventDefault(); location.hash = '#/search?' + formParams(e.target).toString(); });
    $('speakers-form').addEventListener('submit', (e) => { e.preventDefault(); location.hash = '#/speakers?' + formParams(e.target).toString(); });
    window.addEventListener('hashchange', route);
    try {
      health = await api('healthz');
      $('status').textContent = 'v' + health.version + (health.db ? ' · corpus loaded' : ' · no corpus');
      $('status').classList.toggle('ok', !!health.db);
    } catch (e) {
      $('status').textContent = 'server unreachable';
    }
    route();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
