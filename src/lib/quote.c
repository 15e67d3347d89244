/* quote.c — quotation marks: decide for each mark whether it opens, closes or is an apostrophe,
 * pair them into quotes (double marks at depth 0, single marks nested or on their own as in
 * British headlines), and link a quote left open at a paragraph end to the one that reopens the
 * next paragraph (the convention for quotes running over several paragraphs).
 * Unbalanced marks never spill over a paragraph: an unclosed quote ends with its paragraph. */
#include "internal.h"

typedef enum { Q_NONE, Q_OPEN, Q_CLOSE, Q_AMBIG } qdir;

/* The mark's code point; the two-character marks '' and `` map to ” and “. */
static uint32_t tok_cp(const ws_doc *d, uint32_t i)
{
    uint32_t cp;
    ws_utf8_decode((const unsigned char *)d->text, d->len, d->toks[i].start, &cp);
    if (d->toks[i].end - d->toks[i].start == 2 && (cp == '\'' || cp == '`'))
        return cp == '`' ? 0x201C : '"';
    return cp;
}

static bool is_double(uint32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F || c == 0xAB || c == 0xBB;
}

static qdir glyph_dir(uint32_t c)
{
    switch (c) {
    case 0x201C: case 0x201E: case 0x201F: case 0xAB: case 0x2018: case 0x201A: case 0x201B:
    case 0x2039: case '`':
        return Q_OPEN;
    case 0x201D: case 0xBB: case 0x2019: case 0x203A:
        return Q_CLOSE;
    default:
        return Q_AMBIG;
    }
}

/* Flanking from the neighbouring bytes: a mark after space/start (or an opening bracket or
 * dash) leans open; a mark before space/end/punctuation leans close. */
static void flanking(const ws_doc *d, uint32_t i, uint32_t pstart, uint32_t pend, bool *left, bool *right)
{
    const ws_token *t = &d->toks[i];
    const unsigned char *s = (const unsigned char *)d->text;
    bool space_before = t->start == pstart || s[t->start - 1] == ' ' || s[t->start - 1] == '\t' ||
                        s[t->start - 1] == '(' || s[t->start - 1] == '[' ||
                        (t->start >= 3 && s[t->start - 3] == 0xE2 && s[t->start - 2] == 0x80 &&
                         (s[t->start - 1] == 0x94 || s[t->start - 1] == 0x93)) ||
                        (t->start >= 2 && s[t->start - 2] == 0xC2 && s[t->start - 1] == 0xA0);
    bool space_after = t->end >= pend || s[t->end] == ' ' || s[t->end] == '\t' || s[t->end] == ',' ||
                       s[t->end] == '.' || s[t->end] == ';' || s[t->end] == ':' || s[t->end] == '?' ||
                       s[t->end] == '!' || s[t->end] == ')' || s[t->end] == '-' ||
                       (t->end + 2 < pend && s[t->end] == 0xE2 && s[t->end + 1] == 0x80 &&
                        (s[t->end + 2] == 0x94 || s[t->end + 2] == 0x93 || s[t->end + 2] == 0x9D ||
                         s[t->end + 2] == 0xA6 || s[t->end + 2] == 0x99));
    /* a neighbouring quote mark counts as space ("'...'" inside “...”) */
    if (i > 0 && d->toks[i - 1].end == t->start && (d->toks[i - 1].flags & WS_TOK_QUOTE))
        space_before = true;
    if (i + 1 < d->ntoks && d->toks[i + 1].start == t->end && (d->toks[i + 1].flags & WS_TOK_QUOTE))
        space_after = true;
    *left = space_before && !space_after;
    *right = space_after && !space_before;
}

static ws_quote *add_quote(ws_vec *v, const ws_doc *d, uint32_t open, uint32_t close, bool closed,
                           bool single, uint8_t depth)
{
    ws_quote *q = ws_vec_push(v);
    if (!q)
        return NULL;
    q->tok0 = open;
    q->tok1 = close + 1;
    q->start = d->toks[open].start;
    q->end = d->toks[close].end;
    q->closed = closed;
    q->single = single;
    q->depth = depth;
    q->next = q->prev = -1;
    return q;
}

ws_status ws_find_quotes(ws_doc *d)
{
    ws_vec v;
    ws_vec_init(&v, sizeof(ws_quote));
    uint32_t i = 0;
    for (uint32_t pi = 0; pi < d->nparas; pi++) {
        uint32_t pstart = d->paras[pi].start, pend = d->paras[pi].end;
        uint32_t t0 = i;
        while (i < d->ntoks && d->tok_para[i] == pi)
            i++;
        uint32_t t1 = i;
        int32_t dopen = -1;  /* token of the open double mark */
        int32_t sopen = -1;  /* token of the open single mark */
        uint8_t sdepth = 0;
        for (uint32_t k = t0; k < t1; k++) {
            ws_token *t = &d->toks[k];
            if (!(t->flags & WS_TOK_QUOTE))
                continue;
            uint32_t cp = tok_cp(d, k);
            bool left, right;
            flanking(d, k, pstart, pend, &left, &right);
            qdir g = glyph_dir(cp);
            if (is_double(cp)) {
                qdir dir = g;
                if (g == Q_AMBIG)
                    dir = dopen < 0 ? Q_OPEN : Q_CLOSE;
                else if (g == Q_OPEN && dopen >= 0 && right)
                    dir = Q_CLOSE; /* “ used as a closing mark */
                else if (g == Q_CLOSE && dopen < 0 && left)
                    dir = Q_OPEN;  /* ” used as an opening mark */
                if (g == Q_AMBIG && dir == Q_OPEN && right && !left && k > t0)
                    dir = Q_NONE;  /* stray straight mark after a word: inch mark, typo */
                if (dir == Q_OPEN) {
                    if (dopen >= 0) {
                        /* two opening marks: the first quote never closed; end it before this one */
                        if (k > (uint32_t)dopen + 1 &&
                            !add_quote(&v, d, (uint32_t)dopen, k - 1, false, false, 0))
                            goto fail;
                    }
                    dopen = (int32_t)k;
                    sopen = -1;
                    t->flags |= WS_TOK_OPEN;
                } else if (dir == Q_CLOSE && dopen >= 0) {
                    if (sopen >= 0)
                        sopen = -1; /* an unclosed single quote inside: drop it */
                    if (!add_quote(&v, d, (uint32_t)dopen, k, true, false, 0))
                        goto fail;
                    t->flags |= WS_TOK_CLOSE;
                    dopen = -1;
                } else {
                    t->flags &= ~WS_TOK_QUOTE; /* stray */
                }
                continue;
            }
            /* single marks */
            bool prev_word = k > t0 && d->toks[k - 1].end == t->start &&
                             (d->toks[k - 1].flags & (WS_TOK_WORD | WS_TOK_NUM));
            if (sopen < 0) {
                bool opens = (g == Q_OPEN || g == Q_AMBIG) && left && !prev_word;
                if (opens && g != Q_OPEN) {
                    /* straight ' opens only if a plausible closing ' follows in the paragraph */
                    opens = false;
                    for (uint32_t m = k + 1; m < t1; m++) {
                        if (!(d->toks[m].flags & WS_TOK_QUOTE))
                            continue;
                        uint32_t c2 = tok_cp(d, m);
                        if (is_double(c2))
                            break;
                        bool l2, r2;
                        flanking(d, m, pstart, pend, &l2, &r2);
                        if (c2 == cp && r2) {
                            opens = true;
                            break;
                        }
                    }
                }
                if (opens) {
                    sopen = (int32_t)k;
                    sdepth = dopen >= 0 ? 1 : 0;
                    t->flags |= WS_TOK_OPEN;
                } else {
                    t->flags &= ~WS_TOK_QUOTE; /* apostrophe */
                }
            } else {
                if ((g == Q_CLOSE || g == Q_AMBIG) && right && k > (uint32_t)sopen + 1) {
                    if (!add_quote(&v, d, (uint32_t)sopen, k, true, true, sdepth))
                        goto fail;
                    t->flags |= WS_TOK_CLOSE;
                    sopen = -1;
                } else {
                    t->flags &= ~WS_TOK_QUOTE;
                }
            }
        }
        if (sopen >= 0)
            d->toks[sopen].flags &= ~(WS_TOK_QUOTE | WS_TOK_OPEN);
        if (dopen >= 0 && !add_quote(&v, d, (uint32_t)dopen, t1 - 1, false, false, 0))
            goto fail;
    }
    if (v.failed)
        goto fail;
    /* sort by start (quotes were added in close order; nested singles come before their double) */
    ws_quote *qs = v.data;
    for (size_t a = 1; a < v.len; a++) {
        ws_quote tmp = qs[a];
        size_t b = a;
        while (b > 0 && qs[b - 1].start > tmp.start) {
            qs[b] = qs[b - 1];
            b--;
        }
        qs[b] = tmp;
    }
    /* continuation: a double quote left open at its paragraph's end, and the next paragraph
     * opening with a double mark */
    for (size_t a = 0; a < v.len; a++) {
        if (qs[a].closed || qs[a].single)
            continue;
        uint32_t last = qs[a].tok1 - 1, pi = d->tok_para[last];
        if (last + 1 >= d->ntoks || d->tok_para[last + 1] != pi + 1)
            continue;
        for (size_t b = a + 1; b < v.len; b++) {
            if (qs[b].tok0 > last + 1)
                break;
            if (qs[b].tok0 == last + 1 && !qs[b].single) {
                qs[a].next = (int32_t)b;
                qs[b].prev = (int32_t)a;
                break;
            }
        }
    }
    d->quotes = ws_arena_alloc(&d->arena, sizeof(ws_quote) * (v.len + 1));
    if (!d->quotes)
        goto fail;
    if (v.len)
        memcpy(d->quotes, qs, sizeof(ws_quote) * v.len);
    d->nquotes = (uint32_t)v.len;
    ws_vec_free(&v);
    return WS_OK;
fail:
    ws_vec_free(&v);
    return WS_ENOMEM;
}
