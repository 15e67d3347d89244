/* sentence.c — sentence splitting for news: a paragraph end always ends a sentence; inside a
 * paragraph, . ! ? … end one when followed (after closing quotes and brackets) by a capitalised
 * word, a digit or an opening mark. Title abbreviations (Mr., Dr.) and initials never end one;
 * other abbreviations (U.S., Inc.) only before a typical sentence starter ("U.S. The"). A comma
 * never ends a sentence, so “...,” said X. stays whole. */
#include "internal.h"
#include "cue.h"
#include "lexicon.h"

static bool is_end_punct(const ws_doc *d, const ws_token *t)
{
    const char *s = d->text + t->start;
    uint32_t n = t->end - t->start;
    if (t->flags & WS_TOK_PUNCT) {
        if (s[0] == '.' || s[0] == '!' || s[0] == '?')
            return true;
        if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xA6)
            return true; /* … */
    }
    return false;
}

/* A word that carries its own period ("Mr.", "U.S."): 0 no, 1 never ends, 2 may end */
static int abbrev_kind(const ws_doc *d, const ws_token *t)
{
    uint32_t n = t->end - t->start;
    if (!(t->flags & WS_TOK_WORD) || n < 2 || d->text[t->end - 1] != '.')
        return 0;
    int k = ws_lex_abbrev(d->text + t->start, n - 1);
    if (k)
        return k;
    return 1; /* an initial ("J.") */
}

/* After a closing quote: does a short subject and a reporting verb follow ("Clinton said",
 * "he asked", "Sen. Claire McCaskill (D-Mo.) said")? */
static bool attribution_follows(const ws_doc *d, uint32_t e, uint32_t pend)
{
    for (uint32_t k = e; k < pend && k < e + 8; k++) {
        const ws_token *t = &d->toks[k];
        if (t->flags & WS_TOK_QUOTE)
            return false;
        if ((t->flags & WS_TOK_PUNCT) && d->text[t->start] != '(' && d->text[t->start] != ')' &&
            d->text[t->start] != '.' && d->text[t->start] != '-')
            return false;
        if (!(t->flags & WS_TOK_WORD))
            continue;
        char b[24];
        uint32_t n = t->end - t->start;
        if (n >= sizeof b)
            continue;
        for (uint32_t x = 0; x < n; x++) {
            char ch = d->text[t->start + x];
            b[x] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        bool ing;
        const cue_info *ci = ws_cue_lookup(b, n, &ing);
        if (ci && ci->cls == WS_SPEECH && !ing && !(t->flags & WS_TOK_CAP))
            return k > e;
        if (!(t->flags & WS_TOK_CAP) && !(ws_word_class(b, n) & (WC_PRONOUN | WC_DET | WC_SKIP | WC_TITLE)))
            return false;
    }
    return false;
}

ws_status ws_split_sentences(ws_doc *d)
{
    ws_vec v;
    ws_vec_init(&v, sizeof(ws_sentence));
    uint32_t i = 0;
    while (i < d->ntoks) {
        uint32_t pi = d->tok_para[i], s0 = i;
        uint32_t pend = i;
        while (pend < d->ntoks && d->tok_para[pend] == pi)
            pend++;
        for (uint32_t k = i; k < pend; k++) {
            const ws_token *t = &d->toks[k];
            int ab = 0;
            if (!(t->flags & WS_TOK_PUNCT) && !((t->flags & WS_TOK_WORD) && d->text[t->end - 1] == '.'))
                continue; /* what the two tests below reject first, without the calls */
            if (!is_end_punct(d, t) && !(ab = abbrev_kind(d, t)))
                continue;
            if (ab == 1)
                continue;
            uint32_t e = k + 1;
            while (e < pend) {
                const ws_token *u = &d->toks[e];
                const char *us = d->text + u->start;
                if ((u->flags & WS_TOK_CLOSE) || us[0] == ')' || us[0] == ']' ||
                    ((u->flags & WS_TOK_PUNCT) && is_end_punct(d, u)))
                    e++;
                else
                    break;
            }
            if (e >= pend)
                break; /* the paragraph end closes it */
            const ws_token *nx = &d->toks[e];
            bool next_ok = (nx->flags & (WS_TOK_CAP | WS_TOK_NUM | WS_TOK_OPEN)) ||
                           d->text[nx->start] == '(' || d->text[nx->start] == '[';
            if (nx->flags & WS_TOK_QUOTE && !(nx->flags & WS_TOK_OPEN))
                next_ok = false;
            if (!next_ok)
                continue;
            if (ab == 2 && !ws_lex_sentence_starter(d->text + nx->start, nx->end - nx->start))
                continue;
            if (e > k + 1 && (d->toks[e - 1].flags & WS_TOK_CLOSE) && attribution_follows(d, e, pend))
                continue; /* “...?” Clinton said. */
            ws_sentence *s = ws_vec_push(&v);
            if (!s)
                goto fail;
            *s = (ws_sentence){d->toks[s0].start, d->toks[e - 1].end, s0, e, pi};
            s0 = e;
            k = e - 1;
        }
        if (s0 < pend) {
            ws_sentence *s = ws_vec_push(&v);
            if (!s)
                goto fail;
            *s = (ws_sentence){d->toks[s0].start, d->toks[pend - 1].end, s0, pend, pi};
        }
        i = pend;
    }
    d->sents = ws_arena_alloc(&d->arena, sizeof(ws_sentence) * (v.len + 1));
    d->sent_spans = ws_arena_alloc(&d->arena, sizeof(ws_span) * (v.len + 1));
    if (!d->sents || !d->sent_spans)
        goto fail;
    if (v.len)
        memcpy(d->sents, v.data, sizeof(ws_sentence) * v.len);
    d->nsents = (uint32_t)v.len;
    for (uint32_t k = 0; k < d->nsents; k++) {
        d->sent_spans[k] = (ws_span){d->sents[k].start, d->sents[k].end};
        d->toks[d->sents[k].tok0].flags |= WS_TOK_SENT_START;
    }
    ws_vec_free(&v);
    return WS_OK;
fail:
    ws_vec_free(&v);
    return WS_ENOMEM;
}
