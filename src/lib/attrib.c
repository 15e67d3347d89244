/* attrib.c — attribution frames: for each reporting cue (cue.c) outside quotation marks, find its
 * source (subject noun phrase before the cue, inverted after it, inherited from a coordinated cue
 * or a participle's main clause) and its content (that-clause, bare clause, infinitive, colon +
 * quote, or the text before a trailing "..., X said"). Quotes with no cue that follow an attributed
 * quote continue its speaker. Patterns follow the PARC/PolNeAR conventions (content without "that"
 * and without the final full stop unless inside the closing mark). Speakers: coref.c. */
#include <stdlib.h>

#include "attrib.h"
#include "cue.h"
#include "tags.h"

typedef struct {
    ws_doc *d;
    int32_t *tq;         /* per token: index of the outermost quote covering it (marks included), or -1 */
    ws_vec cands;        /* ws_cand */
} actx;

size_t ws_tok_lower(const ws_doc *d, uint32_t i, char *buf, size_t cap)
{
    const ws_token *t = &d->toks[i];
    size_t n = t->end - t->start;
    if (n + 1 > cap) {
        if (cap)
            buf[0] = 0; /* callers that do not test the 0 read an empty word, not stale bytes */
        return 0;
    }
    const char *s = d->text + t->start;
    /* eight bytes at a time while they can be read (the text ends in a NUL) and written */
    size_t k = 0, readable = d->len + 1 - t->start;
    for (; k < n && k + 8 <= readable && k + 8 <= cap; k += 8) {
        uint64_t w;
        memcpy(&w, s + k, 8);
        w = ws_lower8(w);
        memcpy(buf + k, &w, 8);
    }
    for (; k < n; k++)
        buf[k] = (char)ws_lower_byte[(unsigned char)s[k]];
    buf[n] = 0;
    /* curly apostrophe -> straight, so "’s" and "'s" compare alike */
    if (n >= 3 && (unsigned char)buf[0] == 0xE2 && (unsigned char)buf[1] == 0x80 && (unsigned char)buf[2] == 0x99) {
        buf[0] = '\'';
        memmove(buf + 1, buf + 3, n - 2);
        n -= 2;
    }
    return n;
}

uint32_t ws_tok_wclass(const ws_doc *d, uint32_t i)
{
    if (d->tok_wc)
        return d->tok_wc[i];
    char b[32];
    if (!(d->toks[i].flags & WS_TOK_WORD))
        return 0;
    size_t n = ws_tok_lower(d, i, b, sizeof b);
    return n ? ws_word_class(b, n) : 0;
}

static uint32_t wclass(const ws_doc *d, uint32_t i) { return ws_tok_wclass(d, i); }

static bool tok_eq(const ws_doc *d, uint32_t i, const char *w) { return ws_tok_is(d, i, w); }

/* Is token i (lower-cased) one of the words of a NULL-terminated list? */
static bool tok_among(const ws_doc *d, uint32_t i, const char *const *words)
{
    for (; *words; words++)
        if (ws_tok_is(d, i, *words))
            return true;
    return false;
}

static bool is_word(const ws_doc *d, uint32_t i) { return d->toks[i].flags & (WS_TOK_WORD | WS_TOK_NUM); }
static bool is_cap(const ws_doc *d, uint32_t i) { return d->toks[i].flags & WS_TOK_CAP; }
static bool is_punct(const ws_doc *d, uint32_t i, char c)
{
    const ws_token *t = &d->toks[i];
    return (t->flags & WS_TOK_PUNCT) && t->end - t->start == 1 && d->text[t->start] == c;
}
static bool is_dash(const ws_doc *d, uint32_t i)
{
    const ws_token *t = &d->toks[i];
    const unsigned char *s = (const unsigned char *)d->text + t->start;
    uint32_t n = t->end - t->start;
    return (t->flags & WS_TOK_PUNCT) &&
           ((n == 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94 || s[2] == 0x95)) ||
            (n >= 1 && s[0] == '-'));
}
static bool is_possessive(const ws_doc *d, uint32_t i)
{
    char b[8];
    size_t n = ws_tok_lower(d, i, b, sizeof b);
    return n == 2 && b[0] == '\'' && b[1] == 's';
}
static bool is_end_punct(const ws_doc *d, uint32_t i)
{
    const ws_token *t = &d->toks[i];
    if (!(t->flags & WS_TOK_PUNCT))
        return false;
    char c = d->text[t->start];
    return c == '.' || c == '!' || c == '?' || (t->end - t->start == 3 && (unsigned char)c == 0xE2 &&
                                                (unsigned char)d->text[t->start + 2] == 0xA6);
}

/* Lower-case words that look like verbs or adverbs by their ending: they end a noun phrase. */
static bool verbish(const ws_doc *d, uint32_t i)
{
    if (is_cap(d, i))
        return false;
    const ws_token *t = &d->toks[i];
    uint16_t pos = t->pos;
    if (pos)
        return ws_pos_is_verb(pos) || pos == WS_POS_RB || pos == WS_POS_IN || pos == WS_POS_WDT ||
               pos == WS_POS_WP || pos == WS_POS_TO || pos == WS_POS_CC;
    uint32_t n = t->end - t->start;
    const char *s = d->text + t->start;
    if (n > 4 && s[n - 2] == 'e' && s[n - 1] == 'd')
        return true;
    if (n > 4 && s[n - 2] == 'l' && s[n - 1] == 'y')
        return true;
    if (n > 5 && s[n - 3] == 'i' && s[n - 2] == 'n' && s[n - 1] == 'g')
        return true;
    return false;
}

static const cue_info *cue_at(const ws_doc *d, uint32_t i, bool *ing)
{
    if (d->tok_cue) {
        *ing = d->tok_ing[i];
        return d->tok_cue[i];
    }
    char b[32];
    if (!(d->toks[i].flags & WS_TOK_WORD))
        return NULL;
    size_t n = ws_tok_lower(d, i, b, sizeof b);
    return n ? ws_cue_lookup(b, n, ing) : NULL;
}

static bool in_quote(const actx *c, uint32_t i) { return c->tq[i] >= 0; }

/* ---- noun phrases ---- */

/* Noun-ish token for NP walks: a word that is not a function word / verb. */
static bool all_caps(const ws_doc *d, uint32_t i)
{
    const ws_token *t = &d->toks[i];
    if (t->end - t->start < 2)
        return false;
    for (uint32_t x = t->start; x < t->end; x++)
        if (!((d->text[x] >= 'A' && d->text[x] <= 'Z') || d->text[x] == '.'))
            return false;
    return true;
}

static bool np_word(const ws_doc *d, uint32_t i)
{
    if (!is_word(d, i))
        return false;
    if (all_caps(d, i))
        return true; /* "US", "NSW", "CSIS" */
    uint32_t wc = wclass(d, i);
    if (wc & (WC_TITLE | WC_ROLE | WC_GROUP | WC_ORG | WC_DOCN))
        return true;
    if (is_cap(d, i) && !(wc & (WC_STOP | WC_CONJ | WC_WH | WC_PRONOUN | WC_DET | WC_TIME)))
        return true;
    if (wc & (WC_STOP | WC_PREP | WC_DET | WC_PRONOUN | WC_SKIP))
        return false;
    bool ing;
    if (cue_at(d, i, &ing))
        return false;
    if (d->toks[i].pos)
        return ws_pos_is_noun(d->toks[i].pos) || d->toks[i].pos == WS_POS_JJ || d->toks[i].pos == WS_POS_CD ||
               d->toks[i].pos == WS_POS_NNPS || d->toks[i].pos == WS_POS_JJS || d->toks[i].pos == WS_POS_VBN;
    return !verbish(d, i);
}

/* A quantity a poll's or a group's share is given in: "52 percent of voters", "half of them". */
static bool quantity_word(const ws_doc *d, uint32_t i)
{
    static const char *const q[] = {"percent", "%", "half", "third", "thirds", "quarter", "quarters",
                                    "majority", "minority", "plurality", "most", "many", "some", "none",
                                    "all", "each", "both", "several", "number", "share", "dozens", "hundreds",
                                    "thousands", "millions", NULL};
    return tok_among(d, i, q);
}

/* The noun phrase ending just before token `end` (exclusive), not before `lo`. Returns its first
 * token, or WS_NONE. */
static uint32_t np_back(const actx *c, uint32_t end, uint32_t lo)
{
    const ws_doc *d = c->d;
    if (end <= lo)
        return WS_NONE;
    uint32_t j = end - 1;
    /* an affiliation in brackets: "Rep. Gwen Moore (D-Wis.) said" */
    if (is_punct(d, j, ')')) {
        uint32_t k = j;
        while (k > lo && !is_punct(d, k, '(') && j - k < 10)
            k--;
        if (is_punct(d, k, '(') && k > lo) {
            end = k;
            j = k - 1;
        }
    }
    if (in_quote(c, j))
        return WS_NONE;
    uint32_t wc = wclass(d, j);
    if (wc & WC_PRONOUN)
        return j;
    uint32_t start = WS_NONE, n = 0;
    bool name_only = true; /* everything collected so far is capitalised */
    for (;;) {
        if (in_quote(c, j))
            break;
        if (is_possessive(d, j) && n > 0) {
            start = j;
        } else if (!is_word(d, j)) {
            break;
        } else {
            wc = wclass(d, j);
            if ((wc & WC_DET) && !(wc & WC_PRONOUN && n == 0)) {
                if (n > 0)
                    start = j;
                while (n > 0 && j > lo && (wclass(d, j - 1) & WC_DET) && !(wclass(d, j - 1) & WC_PRONOUN))
                    start = --j; /* "the two councils" */
                /* "the head of the agency", "a statement from the councils": continue over the
                 * preposition to the head noun */
                if (n > 0 && j > lo + 1 &&
                    (tok_eq(d, j - 1, "of") || ((tok_eq(d, j - 1, "from") || tok_eq(d, j - 1, "by")) &&
                                                (wclass(d, j - 2) & WC_DOCN))) &&
                    np_word(d, j - 2)) {
                    j -= 2;
                    start = j;
                    n++;
                    if (j == lo)
                        break;
                    j--;
                    continue;
                }
                break;
            }
            if ((tok_eq(d, j, "of") || tok_eq(d, j, "for") || tok_eq(d, j, "and") || is_punct(d, j, '&')) &&
                n > 0 && j > lo && is_cap(d, j + 1) && (is_cap(d, j - 1) || tok_eq(d, j, "of"))) {
                start = j; /* "Centers for Disease Control and Prevention", "Kremlin and White House" */
            } else if (n > 0 && j > lo && ((tok_eq(d, j, "of") && quantity_word(d, j - 1)) ||
                                           (tok_eq(d, j, "in") && (d->toks[j + 1].flags & WS_TOK_NUM)))) {
                start = j; /* "52 percent of registered voters", "six in 10" */
            } else if (!np_word(d, j)) {
                break;
            } else if (n > 0 && name_only && !is_cap(d, j) &&
                       !(wclass(d, j) & (WC_ROLE | WC_TITLE | WC_GROUP | WC_ORG | WC_DOCN))) {
                break; /* "editor at large Adam Boulton": a lower-case word before a name */
            } else {
                if (!is_cap(d, j))
                    name_only = false;
                start = j;
                n++;
            }
        }
        if (j == lo || n > 10)
            break;
        j--;
    }
    if (start == WS_NONE || n == 0)
        return WS_NONE;
    /* drop a leading connector */
    while (start < end && (tok_eq(d, start, "of") || tok_eq(d, start, "and") || is_possessive(d, start)))
        start++;
    return start < end ? start : WS_NONE;
}

/* The noun phrase starting at token i (no further than hi); returns its end (exclusive) or i. */
static uint32_t np_fwd(const actx *c, uint32_t i, uint32_t hi)
{
    const ws_doc *d = c->d;
    if (i >= hi || in_quote(c, i))
        return i;
    uint32_t wc = wclass(d, i);
    if ((wc & WC_PRONOUN) || tok_eq(d, i, "him") || tok_eq(d, i, "them") || tok_eq(d, i, "me") ||
        tok_eq(d, i, "us"))
        return i + 1; /* subject or object pronoun ("her" is also a determiner: below) */
    uint32_t j = i, n = 0;
    if (wc & WC_DET)
        j++;
    while (j < hi && !in_quote(c, j)) {
        if (is_possessive(d, j) && n > 0) {
            j++;
            continue;
        }
        if ((tok_eq(d, j, "of") || tok_eq(d, j, "for") || tok_eq(d, j, "and") || is_punct(d, j, '&')) &&
            n > 0 && j + 1 < hi && is_cap(d, j + 1) && is_cap(d, j - 1)) {
            j++;
            continue;
        }
        if (!np_word(d, j))
            break;
        j++;
        n++;
        if (n > 10)
            break;
    }
    return n ? j : i;
}

/* Skips, backwards from `end`, adverbs, auxiliaries and time expressions between a subject and its
 * cue ("has also", "earlier this week", "on Saturday"). Returns the new end. */
static uint32_t skip_back(const actx *c, uint32_t end, uint32_t lo)
{
    const ws_doc *d = c->d;
    while (end > lo) {
        uint32_t j = end - 1;
        uint32_t wc = wclass(d, j);
        if (!is_word(d, j) || in_quote(c, j))
            break;
        if (wc & WC_SKIP) {
            end = j;
            continue;
        }
        if ((wc & WC_TIME) && !(wc & WC_PREP) && !tok_eq(d, j, "this") && !tok_eq(d, j, "last")) {
            /* a time noun: also take its modifiers ("earlier this week", "on Saturday") */
            uint32_t k = j;
            while (k > lo && (wclass(d, k - 1) & (WC_TIME | WC_SKIP)))
                k--;
            end = k;
            continue;
        }
        break;
    }
    return end;
}

/* ---- quotes ---- */

static const ws_quote *chain_first(const ws_doc *d, int32_t q)
{
    while (d->quotes[q].prev >= 0)
        q = d->quotes[q].prev;
    return &d->quotes[q];
}
static const ws_quote *chain_last(const ws_doc *d, int32_t q)
{
    while (d->quotes[q].next >= 0)
        q = d->quotes[q].next;
    return &d->quotes[q];
}

/* The outermost quote opening at token i, or -1. */
static int32_t quote_opening_at(const actx *c, uint32_t i)
{
    int32_t q = c->tq[i];
    if (q >= 0 && c->d->quotes[q].tok0 == i)
        return q;
    return -1;
}

/* ---- candidates ---- */

static ws_cand *new_cand(actx *c)
{
    ws_cand *k = ws_vec_push(&c->cands);
    if (!k)
        return NULL;
    k->cue0 = k->src0 = WS_NONE;
    k->inherit = -1;
    k->qchain = -1;
    k->entity = -1;
    return k;
}

/* Kind of a content span: direct if it is exactly a quote chain, mixed if it holds quoted text. */
static ws_kind content_kind(const actx *c, uint32_t t0, uint32_t t1, int32_t *chain)
{
    const ws_doc *d = c->d;
    *chain = -1;
    int32_t q = quote_opening_at(c, t0);
    if (q >= 0 && d->quotes[q].prev < 0) {
        const ws_quote *last = chain_last(d, q);
        if (last->tok1 >= t1) {
            *chain = q;
            return WS_DIRECT;
        }
    }
    for (uint32_t i = t0; i < t1; i++)
        if (d->toks[i].flags & WS_TOK_QUOTE)
            return WS_MIXED;
    return WS_INDIRECT;
}

/* Sets the content of k to tokens [t0, t1), trimming a final full stop outside quotes and
 * widening to whole quote chains. Returns false when too short to be content. */
static bool set_content(actx *c, ws_cand *k, uint32_t t0, uint32_t t1)
{
    const ws_doc *d = c->d;
    while (t1 > t0 && (is_end_punct(d, t1 - 1) || is_punct(d, t1 - 1, ',') || is_punct(d, t1 - 1, ';') ||
                       is_punct(d, t1 - 1, ':')) && !in_quote(c, t1 - 1))
        t1--;
    while (t0 < t1 && (is_punct(d, t0, ',') || is_punct(d, t0, ':') || is_dash(d, t0)))
        t0++;
    if (t1 <= t0 || (t1 - t0 < 2 && !(d->toks[t0].flags & WS_TOK_QUOTE)))
        return false;
    int32_t chain;
    k->kind = content_kind(c, t0, t1, &chain);
    k->qchain = chain;
    if (chain >= 0) {
        k->c0 = d->quotes[chain].start;
        k->c1 = chain_last(d, chain)->end;
    } else {
        k->c0 = d->toks[t0].start;
        k->c1 = d->toks[t1 - 1].end;
        /* a quote still open at the end of the content runs on to its closing mark */
        int32_t q = c->tq[t1 - 1];
        if (q >= 0 && d->quotes[q].end > k->c1)
            k->c1 = chain_last(d, q)->end;
        q = c->tq[t0];
        if (q >= 0 && d->quotes[q].start < k->c0)
            k->c0 = chain_first(d, q)->start;
    }
    return true;
}

/* First token of the complement of a cue-first attribution, or WS_NONE. */
/* An adverb by its form: "publicly", "repeatedly" (-ly), or a hyphened preposition phrase
 * ("on-air", "off-camera"): "claimed repeatedly that ...", "said on-air that ...". */
static bool adverb_like(const ws_doc *d, uint32_t i)
{
    char w[32];
    size_t n = ws_tok_lower(d, i, w, sizeof w);
    if (n < 5 || !(d->toks[i].flags & WS_TOK_WORD) || (d->toks[i].flags & WS_TOK_CAP))
        return false;
    if (w[n - 2] == 'l' && w[n - 1] == 'y' && strcmp(w, "family") && strcmp(w, "supply") && strcmp(w, "italy"))
        return true;
    const char *h = memchr(w, '-', n);
    if (!h || h == w)
        return false;
    size_t pn = (size_t)(h - w);
    return (pn == 2 && (!memcmp(w, "on", 2) || !memcmp(w, "in", 2))) || (pn == 3 && !memcmp(w, "off", 3));
}

static uint32_t complement_start(const actx *c, const cue_info *ci, uint32_t ce, uint32_t s1, bool *direct_colon)
{
    const ws_doc *d = c->d;
    *direct_colon = false;
    if (ce >= s1)
        return WS_NONE;
    /* "said that", "told reporters in Vietnam that", "said on Saturday that" */
    for (uint32_t k = ce; k < s1 && k < ce + 10; k++) {
        if (in_quote(c, k) || is_end_punct(d, k))
            break;
        bool ing;
        if (k > ce && cue_at(d, k, &ing) && !ing)
            break;
        if (tok_eq(d, k, "that") && (ci->frames & CF_THAT)) {
            /* between the cue and "that" only an addressee (for tell-like cues), a prepositional
             * or time phrase, or an adverb: "told reporters in Vietnam that", "said on Saturday
             * that", but not "said allegations that a woman ..." (a noun's clause) */
            uint32_t w0 = wclass(d, ce);
            bool ok = k == ce || (ci->frames & CF_OBJ) || (w0 & (WC_PREP | WC_TIME | WC_SKIP)) ||
                      is_punct(d, ce, ',') || adverb_like(d, ce);
            if (ok)
                return k + 1;
            break;
        }
        if (is_punct(d, k, ':'))
            break;
    }
    uint32_t k = ce;
    if (is_punct(d, k, ':') || (is_punct(d, k, ',') && k + 1 < s1 && quote_opening_at(c, k + 1) >= 0)) {
        *direct_colon = true;
        return k + 1;
    }
    /* "said of the new moorings, “...”", "told reporters on the quay last week, “...”", "told the
     * skippers who met in the club, “...”": an addressee or a short phrase, then the quote */
    if ((ci->frames & CF_QUOTE) && !in_quote(c, k) && is_word(d, k) &&
        ((wclass(d, k) & WC_PREP) || tok_eq(d, k, "to") || ((ci->frames & CF_OBJ) && np_fwd(c, k, s1) > k))) {
        bool rel = false;
        for (uint32_t j = k + 1; j + 1 < s1 && j < k + 12; j++) {
            uint16_t pos = d->toks[j].pos;
            if (in_quote(c, j) || is_end_punct(d, j) || tok_eq(d, j, "that") || cue_at(d, j, &(bool){0}))
                break;
            if (wclass(d, j) & WC_WH)
                rel = true;
            if (!rel && (pos == WS_POS_VBD || pos == WS_POS_VBZ || pos == WS_POS_VBP || pos == WS_POS_MD))
                break; /* a clause of its own */
            if (is_punct(d, j, ',') || is_punct(d, j, ':')) {
                if (quote_opening_at(c, j + 1) < 0)
                    break;
                *direct_colon = true;
                return j + 1;
            }
        }
    }
    if (quote_opening_at(c, k) >= 0 && (ci->frames & (CF_QUOTE | CF_BARE)))
        return k;
    if (ci->frames & (CF_OBJ | CF_INF)) {
        /* the addressee, then "to", "not to", ":" or a quote */
        for (uint32_t j = ce; j < s1 && j < ce + 14; j++) {
            if (is_end_punct(d, j))
                break;
            if ((ci->frames & CF_INF) && !in_quote(c, j) && tok_eq(d, j, "to") && (j > ce || !(ci->frames & CF_OBJ)))
                return (j > ce && tok_eq(d, j - 1, "not")) ? j - 1 : j;
            if (is_punct(d, j, ':')) {
                *direct_colon = true;
                return j + 1;
            }
            if (quote_opening_at(c, j) >= 0 && j > ce && (ci->frames & CF_QUOTE)) {
                /* "told him “...”", "told CBS, “...”" */
                uint32_t obj_end = np_fwd(c, ce, s1);
                if (obj_end == j || (obj_end + 1 == j && (is_punct(d, obj_end, ',') || is_punct(d, obj_end, ':')))) {
                    *direct_colon = obj_end + 1 == j;
                    return j;
                }
                break;
            }
        }
        if (ci->frames & CF_OBJ) {
            uint32_t obj_end = np_fwd(c, ce, s1);
            if (obj_end > ce && obj_end < s1 && (ci->frames & CF_BARE) && np_fwd(c, obj_end, s1) > obj_end &&
                !(wclass(d, obj_end) & WC_PREP))
                return obj_end; /* "told reporters the deal was dead" */
        }
        return WS_NONE;
    }
    if (ci->frames & CF_NP) {
        /* the object and what follows: "criticised the plan as a giveaway" */
        if (k < s1 && (np_fwd(c, k, s1) > k || quote_opening_at(c, k) >= 0))
            return k;
        return WS_NONE;
    }
    if (ci->frames & CF_BARE) {
        /* "said Friday the plan was dead": the clause after a day or time; "said Friday as the
         * boats came in" has none */
        while (k < s1 && !in_quote(c, k) && (wclass(d, k) & WC_TIME) && !(wclass(d, k) & WC_PREP) &&
               !tok_eq(d, k, "this") && !tok_eq(d, k, "last"))
            k++;
        if (k >= s1 || is_end_punct(d, k) || is_punct(d, k, ','))
            return WS_NONE;
        uint32_t wc = wclass(d, k);
        /* "said despite ..., nothing could ...": a subordinate clause opens the content; "said in
         * a statement" does not */
        static const char *const subord[] = {"despite", "although", "though", "while", "if", "when",
                                             "because", "unless", "once", "whether", NULL};
        if ((wc & (WC_PREP | WC_CONJ)) && !tok_among(d, k, subord))
            return WS_NONE;
        if (!is_word(d, k) && quote_opening_at(c, k) < 0)
            return WS_NONE;
        return k;
    }
    return WS_NONE;
}

/* End (exclusive) of a cue-first complement: the sentence end, or a coordinated cue with the same
 * subject ("conceded that ... and said ..."). */
/* Do verbs a and b have the same inflection ("says ... and tells", not "says he'd sit ... and
 * tell")? By their POS tags when both are tagged verbs, else by a final -s. */
static bool same_inflection(const ws_doc *d, uint32_t a, uint32_t b)
{
    uint16_t pa = d->toks[a].pos, pb = d->toks[b].pos;
    if (ws_pos_is_verb(pa) && ws_pos_is_verb(pb)) /* else a tagger's noun ("notes") may be the verb */
        return pa == pb || (pa != WS_POS_VB && pb != WS_POS_VB && pa != WS_POS_VBZ && pb != WS_POS_VBZ);
    const ws_token *ta = &d->toks[a], *tb = &d->toks[b];
    bool sa = ta->end - ta->start > 2 && d->text[ta->end - 1] == 's' && d->text[ta->end - 2] != 's';
    bool sb = tb->end - tb->start > 2 && d->text[tb->end - 1] == 's' && d->text[tb->end - 2] != 's';
    return sa == sb;
}

static uint32_t complement_end(const actx *c, uint32_t cue, uint32_t t0, uint32_t s1)
{
    const ws_doc *d = c->d;
    for (uint32_t k = t0 + 1; k + 1 < s1; k++) {
        /* "says ... and tells", "says ..., but insists ...": a second cue of the same subject */
        if (in_quote(c, k) || !(tok_eq(d, k, "and") || tok_eq(d, k, "but")))
            continue;
        uint32_t j = k + 1;
        while (j < s1 && (wclass(d, j) & WC_SKIP))
            j++;
        bool ing;
        const cue_info *ci = j < s1 ? cue_at(d, j, &ing) : NULL;
        /* participles coordinate too: "saying ... but suggesting ..." */
        bool cue_ing = cue != WS_NONE && d->tok_ing && d->tok_ing[cue];
        if (ci && ing == cue_ing && !is_cap(d, j) && (cue == WS_NONE || ing || same_inflection(d, cue, j))) {
            uint32_t e = k;
            if (e > t0 && is_punct(d, e - 1, ','))
                e--;
            return e;
        }
    }
    /* a trailing ", according to ...", ", adding that ...", ", as analysts suggested" is not content;
     * a semicolon outside quotes ends it ("said the dredging would finish in June; the
     * fishermen were not convinced": the next clause is the writer's) */
    for (uint32_t k = t0 + 1; k + 1 < s1; k++) {
        if (!in_quote(c, k) && is_punct(d, k, ';'))
            return k;
        if (in_quote(c, k) || !is_punct(d, k, ','))
            continue;
        if (tok_eq(d, k + 1, "according") && k + 2 < s1 && tok_eq(d, k + 2, "to"))
            return k;
        bool ing = false;
        if (cue_at(d, k + 1, &ing) && ing)
            return k;
        if (tok_eq(d, k + 1, "as") && k + 2 < s1 && np_fwd(c, k + 2, s1) > k + 2) {
            uint32_t v = np_fwd(c, k + 2, s1);
            while (v < s1 && (wclass(d, v) & WC_SKIP))
                v++;
            if (v < s1 && cue_at(d, v, &ing))
                return k;
        }
    }
    return s1;
}

/* Does the text after a cue (to the sentence end) look like a bare addressee/adjunct rather than a
 * complement? ("told reporters on Air Force One", "said in a statement", "") */
static bool tail_is_adjunct(const actx *c, const cue_info *ci, uint32_t ce, uint32_t s1)
{
    const ws_doc *d = c->d;
    uint32_t n = 0;
    for (uint32_t k = ce; k < s1; k++) {
        if (is_end_punct(d, k) && !in_quote(c, k))
            break;
        if (is_punct(d, k, ',')) /* ", “B.”" split quote or ", adding ..." */
            break;
        if (tok_eq(d, k, "that") || is_punct(d, k, ':'))
            return false;
        /* a finite verb: the tail is a clause ("Moments before the vote, the harbourmaster said he would ...") */
        uint16_t pos = d->toks[k].pos;
        if (!in_quote(c, k) && (pos == WS_POS_VBD || pos == WS_POS_VBZ || pos == WS_POS_VBP || pos == WS_POS_MD))
            return false;
        n++;
    }
    if (n == 0)
        return true;
    uint32_t wc = wclass(d, ce);
    /* a subject pronoun after a cue that takes no addressee opens a clause: "said he was ..." */
    if ((wc & WC_PRONOUN) && !(ci->frames & CF_OBJ) && !tok_eq(d, ce, "her") && !tok_eq(d, ce, "it"))
        return false;
    /* a prepositional tail may run on: "the harbourmaster said of the schedule for the spring
     * tides before the meeting broke up" */
    if (n > ((wc & WC_PREP) ? 16u : 8u))
        return false;
    return (wc & (WC_PREP | WC_DET | WC_PRONOUN | WC_TIME)) || tok_eq(d, ce, "reporters") ||
           tok_eq(d, ce, "journalists") || is_cap(d, ce) || tok_eq(d, ce, "him") || tok_eq(d, ce, "them") ||
           tok_eq(d, ce, "me") || tok_eq(d, ce, "us") || tok_eq(d, ce, "her");
}

/* Does [a, b) name the occasion of a statement rather than part of what was said: a document, a
 * time, or a speech event ("In a statement, he said, ...", "On Monday, ...", "In an interview,
 * ...")? "In Lanmouth, the skipper said, nobody trusts the tables" is content (PolNeAR keeps it). */
static bool speech_setting(const ws_doc *d, uint32_t a, uint32_t b)
{
    static const char *const events[] = {"interview", "speech", "remarks", "address", "briefing", "conference",
                                         "call", "hearing", "debate", "meeting", "appearance", "broadcast",
                                         "podcast", "response", "reply", "addition", "contrast", "particular",
                                         "general", "fact", "short", "sum", "turn", "comparison", "example",
                                         NULL};
    for (uint32_t k = a; k < b; k++) {
        uint32_t w = ws_tok_wclass(d, k);
        if ((w & WC_DOCN) || ((w & WC_TIME) && !(w & WC_PREP)) || tok_among(d, k, events))
            return true;
    }
    return false;
}

/* Is [t0, end) one quotation whose closing mark follows a comma, "?" or "!" (“...,” / “...?”),
 * the mark that hands the quote to the attribution after it? */
static bool quote_before(const actx *c, uint32_t t0, uint32_t end)
{
    const ws_doc *d = c->d;
    int32_t q = quote_opening_at(c, t0);
    if (q < 0 || end < t0 + 3)
        return false;
    const ws_quote *last = chain_last(d, q);
    uint32_t m = last->tok1 - 1; /* the closing mark */
    if (last->tok1 != end || !(d->toks[m].flags & WS_TOK_QUOTE))
        return false;
    return is_punct(d, m - 1, ',') || is_punct(d, m - 1, '?') || is_punct(d, m - 1, '!');
}

/* Does the text after a cue hold a complement of its own before the next comma or the sentence
 * end ("told reporters that ...", "told CBS: ...")? Words inside quotation marks (a programme's
 * name: told Radio Lanmouth's “Morning Tide”) do not count. */
static bool tail_has_clause(const actx *c, uint32_t ce, uint32_t s1)
{
    const ws_doc *d = c->d;
    for (uint32_t k = ce; k < s1; k++) {
        if (in_quote(c, k))
            continue;
        if (is_end_punct(d, k) || is_punct(d, k, ','))
            return false;
        if (tok_eq(d, k, "that") || is_punct(d, k, ':'))
            return true;
    }
    return false;
}

/* Start token of the content preceding a trailing "..., X said": the sentence start, or the first
 * mark of a quote that opened in an earlier sentence. */
static uint32_t prefix_start(const actx *c, uint32_t s0)
{
    int32_t q = c->tq[s0];
    if (q >= 0 && c->d->quotes[q].tok0 < s0)
        return c->d->quotes[q].tok0;
    return s0;
}

/* A colon outside quotes inside the text before a trailing "X said" introduces the content: "In
 * her report, the engineer set out her view: “The pontoon is old,” she said." Returns the token after
 * the last such colon, or t0. */
static uint32_t after_colon(const actx *c, uint32_t t0, uint32_t end)
{
    for (uint32_t k = end; k-- > t0 + 1;)
        if (is_punct(c->d, k, ':') && !in_quote(c, k) && k + 2 < end)
            return k + 1;
    return t0;
}

/* Is [t0, end) (before "..., X said") reported content rather than an adverbial ("In a statement,",
 * "On Thursday,")? Quoted text is; otherwise a long clause not opening with a preposition. */
static bool prefix_is_content(const actx *c, uint32_t t0, uint32_t end)
{
    const ws_doc *d = c->d;
    if (end <= t0 + 1)
        return false;
    for (uint32_t k = t0; k < end; k++)
        if (d->toks[k].flags & WS_TOK_QUOTE)
            return true;
    if (end - t0 < 6)
        return false;
    uint32_t w = wclass(d, t0);
    if ((w & WC_PREP) || tok_eq(d, t0, "speaking") || tok_eq(d, t0, "asked"))
        return false;
    return true;
}

/* Searches the source of a participle cue (", urging ...", ", saying ...") or a cue coordinated
 * with an earlier one: the source of the last candidate in this sentence. */
static int32_t last_in_sentence(const actx *c, uint32_t sent)
{
    for (size_t i = c->cands.len; i-- > 0 && i + 64 > c->cands.len;) {
        const ws_cand *k = &WS_VEC_AT(&c->cands, ws_cand, i);
        if (k->sent != sent)
            return -1;
        if (k->src0 != WS_NONE || k->inherit >= 0)
            return (int32_t)i;
    }
    return -1;
}

/* The subject of the main clause of a sentence: the first noun phrase after any leading
 * subordinate clause ("While in South Korea, Mr Trump ..."). */
static uint32_t main_subject(const actx *c, uint32_t s0, uint32_t s1, uint32_t limit, uint32_t *end)
{
    const ws_doc *d = c->d;
    uint32_t k = s0;
    /* a dateline: "LONDON — Sky News has ..." */
    if ((d->toks[k].flags & WS_TOK_PARA_START) && is_cap(d, k)) {
        uint32_t m = k;
        while (m < limit && is_cap(d, m) && is_word(d, m))
            m++;
        if (m < limit && m > k && is_dash(d, m)) {
            bool upper = true;
            for (uint32_t x = d->toks[k].start; x < d->toks[m - 1].end; x++)
                if (d->text[x] >= 'a' && d->text[x] <= 'z')
                    upper = false;
            if (upper)
                k = m + 1;
        }
    }
    uint32_t wc = wclass(d, k);
    if ((wc & WC_PREP) || ((wc & WC_STOP) && !(wc & (WC_PRONOUN | WC_DET)))) {
        while (k < limit && !is_punct(d, k, ','))
            k++;
        k++;
    }
    while (k < limit && (wclass(d, k) & WC_CONJ))
        k++;
    if (k >= limit)
        return WS_NONE;
    uint32_t e = np_fwd(c, k, s1 < limit ? s1 : limit);
    if (e == k)
        return WS_NONE;
    *end = e;
    return k;
}

/* Rules look at most this many tokens either side of a cue, so a pathological "sentence" of a
 * million tokens costs linear time. Real sentences are far shorter. */
enum { SCAN_WINDOW = 400 };

static void clamp_window(uint32_t i, uint32_t *s0, uint32_t *s1)
{
    if (i > *s0 + SCAN_WINDOW)
        *s0 = i - SCAN_WINDOW;
    if (*s1 > i + SCAN_WINDOW)
        *s1 = i + SCAN_WINDOW;
}

/* "The chair of the Port Ellen harbour board, Ada Quill, said ...": the tokens [w, end) between
 * the commas after a description [nb, k) (a noun phrase with a lower-case word) are a name of at
 * most four capitalised words: the name speaks, not the description. Only when no quotation
 * opens the sentence before the description (a quote first, "“...,” the spokesman, Ed Lamb,
 * said", keeps the longer source its rules expect). */
static bool appositive_name(const actx *c, uint32_t s0, uint32_t nb, uint32_t k, uint32_t end)
{
    const ws_doc *d = c->d;
    uint32_t w = k + 1;
    if (end <= w || end - w > 4)
        return false;
    bool described = false;
    for (uint32_t q = nb; q < k && !described; q++)
        described = (d->toks[q].flags & WS_TOK_WORD) && !is_cap(d, q);
    if (!described)
        return false;
    for (uint32_t q = s0; q < nb; q++)
        if (in_quote(c, q) || (d->toks[q].flags & WS_TOK_QUOTE))
            return false;
    for (uint32_t q = w; q < end; q++)
        if (!is_cap(d, q) || (wclass(d, q) & (WC_DET | WC_PRONOUN)))
            return false;
    return true;
}

static ws_status frame_cue(actx *c, uint32_t si, uint32_t i, const cue_info *ci, bool ing, uint32_t ce)
{
    ws_doc *d = c->d;
    const ws_sentence *s = &d->sents[si];
    uint32_t s0 = s->tok0, s1 = s->tok1;
    clamp_window(i, &s0, &s1);

    /* a claim as a noun with its owner: "her claims that ...", "Mr Smith's warning that ..." */
    if (i > s0 && !ing && ce < s1 && tok_eq(d, ce, "that") && (ci->frames & CF_THAT)) {
        uint32_t p = i - 1, a = WS_NONE;
        static const char *const owners[] = {"his", "her", "their", "its", NULL};
        if (tok_among(d, p, owners))
            a = p;
        if (a == WS_NONE && is_possessive(d, p) && p > s0) {
            uint32_t nb = np_back(c, p, s0);
            if (nb != WS_NONE && is_cap(d, nb))
                a = nb;
        }
        if (a != WS_NONE) {
            uint32_t t0 = ce + 1, t1 = complement_end(c, i, t0, s1);
            if (t1 <= t0 + 2)
                return WS_OK;
            ws_cand *k = new_cand(c);
            if (!k)
                return WS_ENOMEM;
            *k = (ws_cand){0};
            k->cue0 = i;
            k->cue1 = ce;
            k->src0 = a;
            k->src1 = is_possessive(d, p) ? p : p + 1;
            k->inherit = -1;
            k->qchain = -1;
            k->entity = -1;
            k->cls = ci->cls;
            k->sent = si;
            if (!set_content(c, k, t0, t1)) {
                c->cands.len--;
                return WS_OK;
            }
            k->conf = 0.6f;
            return WS_OK;
        }
    }
    /* passives and nominal uses are not attributions: "was told", "the report", "by claims" */
    if (i > s0) {
        uint32_t p = i - 1;
        while (p > s0 && (wclass(d, p) & WC_SKIP) && !tok_eq(d, p, "was") && !tok_eq(d, p, "were") &&
               !tok_eq(d, p, "is") && !tok_eq(d, p, "are"))
            p--;
        uint32_t wp = wclass(d, p);
        if (tok_eq(d, p, "was") || tok_eq(d, p, "were") || tok_eq(d, p, "been") || tok_eq(d, p, "being") ||
            tok_eq(d, p, "be") || tok_eq(d, p, "is") || tok_eq(d, p, "are") || tok_eq(d, p, "to"))
            return WS_OK;
        if ((wp & WC_DET) && !(wp & WC_PRONOUN) && p == i - 1)
            return WS_OK;
        if ((wp & WC_PREP) && p == i - 1 && !ing)
            return WS_OK;
        if (is_possessive(d, p) && p == i - 1)
            return WS_OK;
    }
    if (i + 1 < s1 && cue_at(d, i + 1, &(bool){0}) && !tok_eq(d, i + 1, "that"))
        return WS_OK; /* "report said": the noun before the real cue */

    ws_cand tmp = {0};
    tmp.cue0 = i;
    tmp.cue1 = ce;
    tmp.src0 = WS_NONE;
    tmp.inherit = -1;
    tmp.qchain = -1;
    tmp.entity = -1;
    tmp.cls = ci->cls;
    tmp.sent = si;

    /* 1. subject before the cue */
    uint32_t e = skip_back(c, i, s0);
    uint32_t np = WS_NONE;
    bool paren = false;
    if (ing && ci->cls == WS_OTHER)
        return WS_OK; /* "figures showing ...": the figures, not the sentence's subject */
    if (ing && i > s0 + 1) {
        /* "with wardens urging them to move cars inland", "with police warning that ...": the noun
         * phrase between "with" and the participle speaks, not the main clause's subject */
        uint32_t nb = np_back(c, i, s0);
        if (nb != WS_NONE && nb > s0 && tok_eq(d, nb - 1, "with") && !(wclass(d, nb) & WC_PRONOUN)) {
            tmp.src0 = nb;
            tmp.src1 = i;
            goto complement;
        }
    }
    if (ing) {
        /* "..., urging the regime to ...", "after saying ...", "justified the measures saying ...":
         * the subject of the main clause speaks */
        int32_t prev = last_in_sentence(c, si);
        if (prev >= 0) {
            /* not the speaker of a relative clause ("an architect who said ..., saying"): the
             * participle belongs to the main clause */
            uint32_t pe = WS_VEC_AT(&c->cands, ws_cand, prev).src1;
            if (pe != WS_NONE && pe < s1 && (tok_eq(d, pe, "who") || (is_punct(d, pe, ',') && pe + 1 < s1 &&
                                                                     tok_eq(d, pe + 1, "who"))))
                prev = -1;
        }
        if (prev >= 0) {
            tmp.inherit = prev;
            tmp.src0 = WS_VEC_AT(&c->cands, ws_cand, prev).src0;
            tmp.src1 = WS_VEC_AT(&c->cands, ws_cand, prev).src1;
        } else {
            uint32_t se;
            uint32_t ms = main_subject(c, s0, s1, i, &se);
            if (ms == WS_NONE || se > i)
                return WS_OK;
            tmp.src0 = ms;
            tmp.src1 = se;
        }
        goto complement;
    }
    if (e > s0 && (is_punct(d, e - 1, ',') || is_dash(d, e - 1))) {
        /* "X, who ..., said" / "Mr Trump, speaking at ..., said" / "Hugh Hill, a doctor, said" /
         * "Ada Quill, the harbour master of Port Ellen, one of the towns ..., said" */
        for (uint32_t k = e - 1; k-- > s0;) {
            if (in_quote(c, k) || e - 1 - k > 30)
                break;
            if (!is_punct(d, k, ',') && !is_dash(d, k))
                continue;
            uint32_t w = k + 1;
            uint32_t wc = wclass(d, w);
            /* the inserted segment opens like an appositive, relative or participle clause */
            bool insert = (wc & (WC_WH | WC_DET | WC_ROLE | WC_TITLE)) || tok_eq(d, w, "of") ||
                          tok_eq(d, w, "from") || (d->toks[w].flags & WS_TOK_WORD && verbish(d, w)) ||
                          is_cap(d, w);
            uint32_t nb = np_back(c, k, s0);
            if (nb == WS_NONE)
                continue;
            if (appositive_name(c, s0, nb, k, e - 1)) {
                /* "The chair of the harbour board, Ada Quill, said": the name speaks */
                np = w;
                paren = true;
                tmp.src0 = w;
                tmp.src1 = e - 1;
                break;
            }
            bool name = is_cap(d, nb) && k - nb >= 2 && !(wclass(d, nb) & WC_DET) &&
                        (nb == s0 || is_punct(d, nb - 1, ',') || (wclass(d, nb - 1) & (WC_CONJ | WC_PREP)) ||
                         (d->toks[nb - 1].flags & WS_TOK_QUOTE));
            if ((insert && (k - 1 - nb < 12)) || name) {
                if (insert && !name && (wclass(d, nb) & WC_PREP))
                    continue;
                np = nb;
                paren = true;
                tmp.src0 = np;
                tmp.src1 = k;
                break;
            }
        }
    } else if (e > s0 + 1 && tok_eq(d, e - 1, "who")) {
        /* a relative clause: "a minister who said ...", "the mayor, who told reporters ...": the
         * noun phrase the clause hangs on speaks */
        uint32_t w = e - 1;
        if (is_punct(d, w - 1, ','))
            w--;
        np = np_back(c, w, s0);
        /* the noun phrase may carry a prepositional phrase: "a lock keeper at the dam, who said" */
        if (np != WS_NONE && np > s0 + 1 && (wclass(d, np - 1) & WC_PREP) && !tok_eq(d, np - 1, "with") &&
            !tok_eq(d, np - 1, "to")) {
            uint32_t head = np_back(c, np - 1, s0);
            if (head != WS_NONE && !(wclass(d, head) & WC_PRONOUN) && np - 1 - head <= 4)
                np = head;
        }
        if (np != WS_NONE && !(wclass(d, np) & WC_PRONOUN)) {
            tmp.src0 = np;
            tmp.src1 = w;
            goto complement;
        }
        np = WS_NONE;
    } else {
        np = np_back(c, e, s0);
        if (np != WS_NONE) {
            tmp.src0 = np;
            tmp.src1 = e;
        }
    }
    /* "and called on", "but warned": a second cue of the same subject */
    if (np == WS_NONE && e > s0 && (tok_eq(d, e - 1, "and") || tok_eq(d, e - 1, "but"))) {
        int32_t prev = last_in_sentence(c, si);
        uint32_t se;
        uint32_t ms;
        uint32_t sub = WS_NONE, sube = 0;
        if (prev < 0) {
            /* "The meeting ended after the harbour board published its accounts and urged the council to
             * ...": the subject of the nearest clause a subordinator opens */
            static const char *const subord[] = {"after", "when", "because", "while", "since", "before",
                                                 "until", "as", NULL};
            for (uint32_t k = e - 1; k-- > s0 && e - 1 - k < 40 && sub == WS_NONE;) {
                if (in_quote(c, k) || is_punct(d, k, ',') || is_punct(d, k, ';'))
                    break;
                if (!tok_among(d, k, subord))
                    continue;
                uint32_t ne = np_fwd(c, k + 1, e - 1);
                uint32_t v = ne;
                while (v < e - 1 && (wclass(d, v) & WC_SKIP))
                    v++;
                if (ne > k + 1 && v < e - 1 && verbish(d, v) && !(wclass(d, k + 1) & WC_TIME)) {
                    sub = k + 1;
                    sube = ne;
                }
            }
        }
        if (prev >= 0) {
            tmp.inherit = prev;
            tmp.src0 = WS_VEC_AT(&c->cands, ws_cand, prev).src0;
            tmp.src1 = WS_VEC_AT(&c->cands, ws_cand, prev).src1;
        } else if (sub != WS_NONE) {
            tmp.src0 = sub;
            tmp.src1 = sube;
            goto complement;
        } else if ((ms = main_subject(c, s0, s1, e - 1, &se)) != WS_NONE && se < e - 1) {
            /* "He pointed to ... and called on X to ...": the sentence's subject */
            tmp.src0 = ms;
            tmp.src1 = se;
            goto complement;
        }
    }

    /* "read" reports a document's words only: "the letter read", not "the minister read" */
    if (!strcmp(ci->lemma, "read") && (tmp.src0 == WS_NONE || !(wclass(d, tmp.src1 - 1) & WC_DOCN)))
        return WS_OK;
    float conf = 0.8f;
    if (np != WS_NONE) {
        /* trailing "“...,” Mr Trump told reporters" / "..., the statement added." */
        uint32_t before = np;
        bool after_comma = before > s0 && (is_punct(d, before - 1, ',') ||
                                           ((d->toks[before - 1].flags & WS_TOK_CLOSE) && before - 1 > s0));
        if (paren)
            after_comma = after_comma && (d->toks[before - 1].flags & WS_TOK_QUOTE);
        /* an inserted "..., he said, ...": the sentence on both sides is the content */
        if (after_comma && is_punct(d, before - 1, ',') && !(d->toks[before - 1].flags & WS_TOK_QUOTE)) {
            uint32_t k2 = ce;
            while (k2 < s1 && k2 < ce + 5 && !is_punct(d, k2, ',') && !is_end_punct(d, k2) &&
                   !(d->toks[k2].flags & WS_TOK_QUOTE) && !cue_at(d, k2, &(bool){0}))
                k2++;
            uint32_t pstart = prefix_start(c, s0);
            bool short_insert = k2 == ce || (wclass(d, ce) & (WC_PREP | WC_TIME));
            bool adverbial = (wclass(d, pstart) & WC_PREP) && before - 1 - pstart < 5 &&
                             speech_setting(d, pstart + 1, before - 1); /* "In a statement," */
            if (short_insert && !adverbial && k2 + 3 < s1 && is_punct(d, k2, ',') && quote_opening_at(c, k2 + 1) < 0 &&
                !in_quote(c, k2 + 1) && (before - 1 - pstart) + (s1 - k2) >= 6 && before - 1 > pstart &&
                !(wclass(d, k2 + 1) & (WC_CONJ | WC_WH)) && !cue_at(d, k2 + 1, &(bool){0})) {
                ws_cand *k = new_cand(c);
                if (!k)
                    return WS_ENOMEM;
                *k = tmp;
                /* both segments must keep text once set_content has trimmed the span ("::, X said,
                 * ..." has none before the gap: it gave the segment [14, 2), found by fuzz_text) */
                uint32_t g0 = d->toks[before - 2].end, g1 = d->toks[k2 + 1].start;
                if (set_content(c, k, pstart, s1) && k->c0 < g0 && g1 < k->c1) {
                    k->gap0 = g0;
                    k->gap1 = g1;
                    k->kind = k->kind == WS_DIRECT ? WS_MIXED : k->kind;
                    k->conf = 0.75f;
                } else {
                    c->cands.len--;
                }
                return WS_OK;
            }
        }
        /* "Whatever the council decides, Fallow said, “...”": the quote after the cue is the content */
        bool quote_after = ce + 1 < s1 && (is_punct(d, ce, ',') || is_punct(d, ce, ':')) &&
                           quote_opening_at(c, ce + 1) >= 0 && !quote_before(c, prefix_start(c, s0), before);
        if (after_comma && !quote_after && prefix_is_content(c, prefix_start(c, s0), before) &&
            (tail_is_adjunct(c, ci, ce, s1) ||
             (quote_before(c, prefix_start(c, s0), before) && !tail_has_clause(c, ce, s1)))) {
            uint32_t pend = before;
            if (is_punct(d, pend - 1, ','))
                pend--;
            ws_cand *k = new_cand(c);
            if (!k)
                return WS_ENOMEM;
            *k = tmp;
            if (!set_content(c, k, after_colon(c, prefix_start(c, s0), pend), pend)) {
                c->cands.len--;
                return WS_OK;
            }
            /* a comma inside the closing mark belongs to the quote: “...,” */
            k->conf = k->kind == WS_DIRECT ? 0.95f : 0.85f;
            return WS_OK;
        }
    } else if (tmp.inherit < 0) {
        /* 2. inverted: "“...,” said the President" / "..., says Jeremy Hunt" */
        bool after_sep = e > s0 && (is_punct(d, e - 1, ',') || (d->toks[e - 1].flags & WS_TOK_CLOSE));
        if (after_sep && !ing) {
            uint32_t ne = np_fwd(c, ce, s1);
            if (ne > ce) {
                ws_cand *k = new_cand(c);
                if (!k)
                    return WS_ENOMEM;
                *k = tmp;
                k->src0 = ce;
                k->src1 = ne;
                uint32_t pend = e;
                if (is_punct(d, pend - 1, ','))
                    pend--;
                if (!set_content(c, k, after_colon(c, prefix_start(c, s0), pend), pend)) {
                    c->cands.len--;
                    return WS_OK;
                }
                k->conf = k->kind == WS_DIRECT ? 0.95f : 0.85f;
                return WS_OK;
            }
        }
        if (tmp.inherit < 0)
            return WS_OK;
    }

complement:
    if (!strcmp(ci->lemma, "read") && (tmp.src0 == WS_NONE || !(wclass(d, tmp.src1 - 1) & WC_DOCN)))
        return WS_OK;
    if (ing)
        conf = 0.7f;
    /* 4. cue first: the complement */
    bool colon;
    uint32_t t0 = complement_start(c, ci, ce, s1, &colon);
    if (t0 == WS_NONE || t0 >= s1)
        return WS_OK;
    uint32_t t1 = complement_end(c, i, t0, s1);
    if (colon) {
        int32_t q = quote_opening_at(c, t0);
        if (q >= 0) {
            /* "said: “...”" — the quote (and its continuation paragraphs) only */
            t1 = d->quotes[q].tok1;
            if (t1 > s1)
                t1 = s1;
        }
    }
    ws_cand *k = new_cand(c);
    if (!k)
        return WS_ENOMEM;
    *k = tmp;
    if (!set_content(c, k, t0, t1) || ((ci->frames & CF_QUOTEONLY) && k->kind != WS_DIRECT) ||
        ((ci->frames & CF_NP) && t1 - t0 < 4 && t0 == ce && !(ci->frames & CF_BARE) && k->kind == WS_INDIRECT)) {
        /* an object of fewer than four words is no proposition: "rejected the suggestion" */
        c->cands.len--;
        return WS_OK;
    }
    if (k->kind == WS_DIRECT)
        conf = 0.9f;
    if (k->src0 != WS_NONE && (wclass(d, k->src0) & WC_PRONOUN))
        conf -= 0.05f;
    k->conf = conf;
    return WS_OK;
}

/* Does [a, b) hold a finite verb outside quotes? By the POS tags; untagged, an auxiliary or a word
 * in -ed counts ("Her main worry" has none, "Prices rose" is missed). */
static bool has_finite_verb(const actx *c, uint32_t a, uint32_t b)
{
    static const char *const aux[] = {"is", "are", "was", "were", "has", "have", "had", "will", "would",
                                      "can", "could", "should", "may", "might", "must", "do", "does", "did", "'s",
                                      NULL};
    const ws_doc *d = c->d;
    for (uint32_t k = a; k < b; k++) {
        if (in_quote(c, k))
            continue;
        uint16_t pos = d->toks[k].pos;
        if (pos) {
            if (pos == WS_POS_VBD || pos == WS_POS_VBZ || pos == WS_POS_VBP || pos == WS_POS_MD)
                return true;
            continue;
        }
        const ws_token *t = &d->toks[k];
        if (!(t->flags & WS_TOK_WORD))
            continue;
        if ((t->end - t->start > 4 && d->text[t->end - 2] == 'e' && d->text[t->end - 1] == 'd') ||
            tok_among(d, k, aux))
            return true;
    }
    return false;
}

static ws_status frame_according(actx *c, uint32_t si, uint32_t i)
{
    ws_doc *d = c->d;
    const ws_sentence *s = &d->sents[si];
    uint32_t s0 = s->tok0, s1 = s->tok1;
    clamp_window(i, &s0, &s1);
    uint32_t a = i + 2;
    uint32_t ne = np_fwd(c, a, s1);
    if (ne == a)
        return WS_OK;
    /* "according to a transcript of the exchange": follow "of" phrases */
    while (ne + 1 < s1 && (tok_eq(d, ne, "of") || tok_eq(d, ne, "by") || tok_eq(d, ne, "from") ||
                           (tok_eq(d, ne, "on") && !(wclass(d, ne + 1) & WC_TIME) && !is_cap(d, ne + 1)))) {
        uint32_t n2 = np_fwd(c, ne + 1, s1);
        if (n2 == ne + 1)
            break;
        ne = n2;
    }
    ws_cand *k = new_cand(c);
    if (!k)
        return WS_ENOMEM;
    k->cue0 = i;
    k->cue1 = i + 2;
    k->src0 = a;
    k->src1 = ne;
    k->cls = WS_OTHER;
    k->sent = si;
    uint32_t p = i;
    while (p > s0 && (wclass(d, p - 1) & WC_CONJ))
        p--;
    bool ok;
    if (p == s0) {
        uint32_t t0 = ne;
        while (t0 < s1 && !is_punct(d, t0, ',') && t0 < ne + 6)
            t0++;
        ok = set_content(c, k, t0 < s1 && is_punct(d, t0, ',') ? t0 + 1 : ne, s1);
    } else {
        uint32_t t1 = i;
        if (t1 > s0 && is_punct(d, t1 - 1, ','))
            t1--;
        ok = set_content(c, k, s0, t1);
        /* inserted into an unfinished clause: "Over the winter, according to the harbour board, a
         * pontoon will be built", "Her main worry, according to a friend, was ...": the
         * sentence on both sides (not after a whole clause: "X rose, according to Y, a firm") */
        uint32_t r = ne;
        if (ok && t1 < i && is_punct(d, t1, ',') && r + 2 < s1 && is_punct(d, r, ',') && !has_finite_verb(c, s0, t1)) {
            /* an appositive of the source: ", another former envoy," */
            uint32_t a = r + 1;
            while (a < s1 && a < r + 12 && !is_punct(d, a, ',') && !is_end_punct(d, a) && !in_quote(c, a))
                a++;
            if (a < s1 && is_punct(d, a, ',') && !has_finite_verb(c, r + 1, a) &&
                (wclass(d, r + 1) & (WC_DET | WC_ROLE | WC_TITLE)))
                r = a;
            uint32_t t2 = complement_end(c, WS_NONE, r + 1, s1);
            uint32_t g0 = k->c1, c0 = k->c0;
            if (r + 2 < t2 && is_word(d, r + 1) && !in_quote(c, r + 1) && set_content(c, k, r + 1, t2) && g0 < k->c0) {
                uint32_t g1 = k->c0, c1 = k->c1;
                ws_kind k2 = k->kind;
                ok = set_content(c, k, s0, t2);
                if (ok) {
                    k->c0 = c0;
                    k->c1 = c1;
                    k->gap0 = g0;
                    k->gap1 = g1;
                    if (k2 != WS_INDIRECT && k->kind == WS_DIRECT)
                        k->kind = WS_MIXED;
                }
            } else {
                ok = set_content(c, k, s0, t1);
            }
        }
    }
    if (!ok) {
        c->cands.len--;
        return WS_OK;
    }
    k->conf = 0.8f;
    return WS_OK;
}

/* Candidates sorted by content start, with the running maximum of content ends: answers "does
 * any candidate cover byte p" in O(log n) (the passes below would otherwise be quadratic). */
typedef struct {
    uint32_t *by_c0;   /* candidate indices sorted by c0 */
    uint32_t *max_c1;  /* max c1 over by_c0[0..i] */
    uint32_t n;
} cand_index;

static const ws_cand *CAND(const actx *c, uint32_t i) { return &((const ws_cand *)c->cands.data)[i]; }

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static bool index_build(const actx *c, cand_index *ix)
{
    ix->n = (uint32_t)c->cands.len;
    ix->by_c0 = ws_malloc(sizeof(uint32_t) * (ix->n + 1));
    ix->max_c1 = ws_malloc(sizeof(uint32_t) * (ix->n + 1));
    if (!ix->by_c0 || !ix->max_c1)
        return false;
    /* sort (c0, index) pairs packed in 64 bits: no comparison context needed */
    uint64_t *keys = ws_malloc(sizeof(uint64_t) * (ix->n + 1));
    if (!keys)
        return false;
    for (uint32_t i = 0; i < ix->n; i++)
        keys[i] = ((uint64_t)CAND(c, i)->c0 << 32) | i;
    if (ix->n > 32) {
        qsort(keys, ix->n, sizeof(uint64_t), cmp_u64);
    } else { /* a document's few, mostly ordered keys (all distinct): insertion sort, no calls */
        for (uint32_t i = 1; i < ix->n; i++) {
            uint64_t v = keys[i];
            uint32_t j = i;
            for (; j > 0 && keys[j - 1] > v; j--)
                keys[j] = keys[j - 1];
            keys[j] = v;
        }
    }
    for (uint32_t i = 0; i < ix->n; i++)
        ix->by_c0[i] = (uint32_t)keys[i];
    ws_free(keys);
    uint32_t m = 0;
    for (uint32_t i = 0; i < ix->n; i++) {
        const ws_cand *k = CAND(c, ix->by_c0[i]);
        if (k->conf >= 0 && k->c1 > m)
            m = k->c1;
        ix->max_c1[i] = m;
    }
    return true;
}

static void index_free(cand_index *ix)
{
    ws_free(ix->by_c0);
    ws_free(ix->max_c1);
}

/* Number of candidates with c0 <= p. */
static uint32_t index_upto(const actx *c, const cand_index *ix, uint32_t p)
{
    uint32_t lo = 0, hi = ix->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (CAND(c, ix->by_c0[mid])->c0 <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool index_covers(const actx *c, const cand_index *ix, uint32_t p)
{
    uint32_t k = index_upto(c, ix, p);
    return k > 0 && ix->max_c1[k - 1] >= p;
}

/* Quotes not claimed by any attribution that open a paragraph right after an attributed one
 * continue that speaker ("a quote with no cue right after another speaker's quote"). */
static ws_status orphan_quotes(actx *c)
{
    ws_doc *d = c->d;
    cand_index ix;
    if (!index_build(c, &ix)) {
        index_free(&ix);
        return WS_ENOMEM;
    }
    uint32_t norig = (uint32_t)c->cands.len;
    for (uint32_t q = 0; q < d->nquotes; q++) {
        const ws_quote *qq = &d->quotes[q];
        if (qq->depth || qq->single || qq->prev >= 0 || qq->tok1 - qq->tok0 < 5)
            continue;
        uint32_t end = chain_last(d, (int32_t)q)->end;
        if (index_covers(c, &ix, qq->start))
            continue;
        /* the attribution ending last before the quote: among those starting before it */
        int32_t best = -1;
        uint32_t upto = index_upto(c, &ix, qq->start);
        for (uint32_t x = upto; x-- > 0 && x + 64 > upto;) {
            uint32_t k = ix.by_c0[x];
            if (k >= norig)
                continue;
            const ws_cand *kk = CAND(c, k);
            if (kk->conf >= 0 && kk->c1 <= qq->start && (best < 0 || CAND(c, (uint32_t)best)->c1 < kk->c1))
                best = (int32_t)k;
        }
        if (best < 0)
            continue;
        /* at a paragraph start within two paragraphs of the previous attribution, or opening a
         * sentence in the own paragraph of a reported-speech attribution ("Briggs said ... . “I have
         * lived here ...”"; after a direct quote, join_split_quotes decides) */
        const ws_cand *pb = &WS_VEC_AT(&c->cands, ws_cand, best);
        uint32_t pq = d->tok_para[qq->tok0];
        uint32_t pp = d->tok_para[pb->cue0 != WS_NONE ? pb->cue0 : qq->tok0];
        if (d->toks[qq->tok0].flags & WS_TOK_PARA_START) {
            if (pq > pp + 1)
                continue;
        } else if (!((d->toks[qq->tok0].flags & WS_TOK_SENT_START) && pq == pp && pb->cue0 != WS_NONE &&
                     pb->cue0 < qq->tok0 && pb->cls == WS_SPEECH && pb->kind == WS_INDIRECT)) {
            continue;
        }
        /* the quote must be most of its paragraph (not "X" is a word, said Y.) */
        uint32_t para_end = d->paras[pq].end;
        if (end + 3 < para_end)
            continue;
        ws_cand *k = new_cand(c);
        if (!k)
            return WS_ENOMEM;
        k->kind = WS_DIRECT;
        k->cls = WS_SPEECH;
        k->c0 = qq->start;
        k->c1 = end;
        k->qchain = (int32_t)q;
        k->inherit = best;
        k->sent = 0;
        k->conf = 0.6f;
    }
    index_free(&ix);
    return WS_OK;
}

/* After a direct "“A,” he said" the quote that follows in the same paragraph ("“B.”") continues it:
 * one attribution from the first opening mark to the last closing mark. */
static ws_status join_split_quotes(actx *c)
{
    ws_doc *d = c->d;
    cand_index ix;
    if (!index_build(c, &ix)) {
        index_free(&ix);
        return WS_ENOMEM;
    }
    for (size_t k = 0; k < c->cands.len; k++) {
        ws_cand *kk = &WS_VEC_AT(&c->cands, ws_cand, k);
        if (kk->kind != WS_DIRECT || kk->cue0 == WS_NONE || d->toks[kk->cue0].start < kk->c1)
            continue;
        uint32_t last = kk->cue1 > kk->src1 || kk->src0 == WS_NONE ? kk->cue1 : kk->src1;
        uint32_t para = d->tok_para[kk->cue0];
        uint32_t j = last;
        for (;;) {
            while (j < d->ntoks && d->tok_para[j] == para && !(d->toks[j].flags & WS_TOK_QUOTE) &&
                   (is_punct(d, j, ',') || is_end_punct(d, j) || (j - last < 30 && !is_punct(d, j, ':'))))
                j++;
            /* a short title in quotation marks after a word ("told Radio Lanmouth's “Morning Tide”") is
             * part of the cue clause */
            int32_t t = j < d->ntoks && j > last && d->tok_para[j] == para ? quote_opening_at(c, j) : -1;
            if (t < 0 || d->quotes[t].tok1 - d->quotes[t].tok0 > 8 || d->quotes[t].next >= 0 ||
                !is_word(d, j - 1) || j - last >= 30)
                break;
            j = d->quotes[t].tok1;
        }
        if (j >= d->ntoks)
            continue;
        if (d->tok_para[j] != para) {
            /* "“…,” he said." at a paragraph end, the next paragraph a quote of its own */
            if (d->tok_para[j] != para + 1 || kk->c0 < d->paras[para].start)
                continue;
        }
        int32_t q = quote_opening_at(c, j);
        if (q < 0 || j == last || !(is_punct(d, j - 1, ',') || is_end_punct(d, j - 1)))
            continue;
        /* between the cue clause and the quote: no quotation mark, no colon, and no other cue in
         * the quote's own sentence (", adding, “B”" is adding's); a cue in a clause that ended
         * before it ("said as she accepted the contract. “B”") does not take the quote */
        bool clean = true, cue_open = false;
        for (uint32_t m = last; m < j; m++) {
            bool ing;
            if (in_quote(c, m))
                continue; /* the short title skipped above */
            if ((d->toks[m].flags & WS_TOK_QUOTE) || is_punct(d, m, ':'))
                clean = false;
            if (cue_at(d, m, &ing))
                cue_open = true;
            else if (is_end_punct(d, m))
                cue_open = false;
        }
        if (cue_open)
            clean = false;
        if (!clean)
            continue;
        if (index_covers(c, &ix, d->quotes[q].start))
            continue; /* claimed by another attribution */
        /* the cue clause between the pieces is left out of the content: its segments are the
         * quotes ("“A,” said X, a lawyer in Y. “B.”": PolNeAR marks the pieces) */
        if (kk->gap1 <= kk->gap0) {
            kk->gap0 = kk->c1;
            kk->gap1 = d->quotes[q].start;
        }
        kk->c1 = chain_last(d, q)->end;
    }
    index_free(&ix);
    return WS_OK;
}

/* A quote continued over paragraphs is one attribution from its first opening mark to its last
 * closing mark, even when a later paragraph carries a cue of its own ("..." / "...," he told X):
 * the later candidate merges into the one that owns the chain, or widens to the chain's start. */
static ws_status merge_chains(actx *c)
{
    ws_doc *d = c->d;
    cand_index ix;
    if (!index_build(c, &ix)) {
        index_free(&ix);
        return WS_ENOMEM;
    }
    for (size_t b = 0; b < c->cands.len; b++) {
        ws_cand *kb = &WS_VEC_AT(&c->cands, ws_cand, b);
        if (kb->conf < 0)
            continue;
        /* the outermost quote opening at the content start */
        uint32_t t = 0;
        {
            uint32_t lo = 0, hi = d->ntoks;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (d->toks[mid].start < kb->c0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            t = lo;
        }
        int32_t q = t < d->ntoks ? quote_opening_at(c, t) : -1;
        if (q < 0 || d->quotes[q].start != kb->c0 || d->quotes[q].prev < 0)
            continue;
        const ws_quote *first = chain_first(d, q);
        bool merged = false;
        uint32_t hi = index_upto(c, &ix, first->start);
        for (uint32_t x = hi; x-- > 0;) {
            size_t a = ix.by_c0[x];
            ws_cand *ka = &WS_VEC_AT(&c->cands, ws_cand, a);
            if (ka->c0 != first->start)
                break;
            if (a == b || ka->conf < 0)
                continue;
            if (kb->c1 > ka->c1)
                ka->c1 = kb->c1;
            kb->conf = -1;
            merged = true;
            break;
        }
        if (!merged)
            kb->c0 = first->start;
    }
    index_free(&ix);
    return WS_OK;
}

/* Headline conventions: "Quill: the council’s plan ... is serious", "Harbour Board chair - “The
 * quay is not for sale”" (a source and no cue), and "'Troubled waters': Quill says ..." (the
 * quote belongs to the headline's attribution). */
static ws_status headline(actx *c)
{
    ws_doc *d = c->d;
    if (d->title.start == WS_NONE || d->nparas == 0 || d->ntoks == 0)
        return WS_OK;
    uint32_t p0 = 0, p1 = 0;
    while (p1 < d->ntoks && d->tok_para[p1] == 0)
        p1++;
    uint32_t k = p0;
    while (k < p1 && k < p0 + 8 && !(!in_quote(c, k) && (is_punct(d, k, ':') || is_dash(d, k))))
        k++;
    if (k >= p1 || k == p0 || k >= p0 + 8 || p1 - k < 3)
        return WS_OK;
    int32_t q = quote_opening_at(c, p0);
    if (q >= 0 && d->quotes[q].tok1 == k) {
        for (size_t i = 0; i < c->cands.len; i++) {
            ws_cand *o = &WS_VEC_AT(&c->cands, ws_cand, i);
            if (o->cue0 == WS_NONE || o->cue0 < k || o->cue0 >= p1)
                continue;
            ws_cand *n = new_cand(c);
            if (!n)
                return WS_ENOMEM;
            o = &WS_VEC_AT(&c->cands, ws_cand, i);
            *n = *o;
            n->kind = WS_DIRECT;
            n->qchain = q;
            n->c0 = d->quotes[q].start;
            n->c1 = d->quotes[q].end;
            n->inherit = (int32_t)i;
            n->conf = 0.8f;
            return WS_OK;
        }
        return WS_OK;
    }
    if (np_fwd(c, p0, k) != k)
        return WS_OK;
    for (size_t i = 0; i < c->cands.len; i++)
        if (WS_VEC_AT(&c->cands, ws_cand, i).c0 < d->toks[p1 - 1].end &&
            WS_VEC_AT(&c->cands, ws_cand, i).c1 > d->toks[k].start)
            return WS_OK;
    ws_cand *n = new_cand(c);
    if (!n)
        return WS_ENOMEM;
    n->src0 = p0;
    n->src1 = k;
    n->cls = WS_SPEECH;
    n->sent = 0;
    if (!set_content(c, n, k + 1, p1)) {
        c->cands.len--;
        return WS_OK;
    }
    n->conf = 0.6f;
    return WS_OK;
}

/* Two layouts where punctuation is the cue: a pull quote signed with a dash ("“...” ― Sonya
 * Herridge") and a transcript line ("PENCE: Well, look, ..."). */
static ws_status punct_cues(actx *c)
{
    ws_doc *d = c->d;
    for (uint32_t q = 0; q < d->nquotes; q++) {
        const ws_quote *qq = &d->quotes[q];
        if (qq->depth || !qq->closed)
            continue;
        uint32_t k = qq->tok1;
        if (k + 1 >= d->ntoks || !is_dash(d, k) || d->tok_para[k] != d->tok_para[qq->tok1 - 1])
            continue;
        uint32_t hi = k + 1;
        while (hi < d->ntoks && d->tok_para[hi] == d->tok_para[k] && hi < k + 8)
            hi++;
        uint32_t ne = np_fwd(c, k + 1, hi);
        if (ne == k + 1 || !is_cap(d, k + 1))
            continue;
        if (ne < d->ntoks && d->tok_para[ne] == d->tok_para[k] && !is_end_punct(d, ne) &&
            quote_opening_at(c, ne) < 0 && !is_punct(d, ne, ','))
            continue;
        ws_cand *n = new_cand(c);
        if (!n)
            return WS_ENOMEM;
        n->kind = WS_DIRECT;
        n->cls = WS_SPEECH;
        n->qchain = (int32_t)q;
        n->c0 = chain_first(d, (int32_t)q)->start;
        n->c1 = qq->end;
        n->cue0 = k;
        n->cue1 = k + 1;
        n->src0 = k + 1;
        n->src1 = ne;
        n->sent = 0;
        n->conf = 0.75f;
    }
    for (uint32_t si = 0; si < d->nsents; si++) {
        /* the first sentence of each paragraph */
        if (si > 0 && d->sents[si].para == d->sents[si - 1].para)
            continue;
        uint32_t p = d->sents[si].para, t = d->sents[si].tok0;
        if (t >= d->ntoks || d->tok_para[t] != p)
            continue;
        if (d->toks[t].flags & WS_TOK_QUOTE)
            t++;
        uint32_t k = t;
        while (k < d->ntoks && d->tok_para[k] == p && is_word(d, k) && k < t + 3) {
            bool upper = true;
            for (uint32_t x = d->toks[k].start; x < d->toks[k].end; x++)
                if ((d->text[x] >= 'a' && d->text[x] <= 'z'))
                    upper = false;
            if (!upper || d->toks[k].end - d->toks[k].start < 2)
                break;
            k++;
        }
        if (k == t || k + 2 >= d->ntoks || !is_punct(d, k, ':') || d->tok_para[k + 1] != p)
            continue;
        uint32_t end = k + 1;
        while (end < d->ntoks && d->tok_para[end] == p)
            end++;
        ws_cand *n = new_cand(c);
        if (!n)
            return WS_ENOMEM;
        n->cls = WS_SPEECH;
        n->cue0 = k;
        n->cue1 = k + 1;
        n->src0 = t;
        n->src1 = k;
        n->sent = 0;
        if (!set_content(c, n, k + 1, end)) {
            c->cands.len--;
            continue;
        }
        n->conf = 0.7f;
    }
    return WS_OK;
}

static int cmp_cand(const void *a, const void *b)
{
    const ws_cand *x = a, *y = b;
    if (x->c0 != y->c0)
        return x->c0 < y->c0 ? -1 : 1;
    if (x->c1 != y->c1)
        return x->c1 > y->c1 ? -1 : 1;
    return 0;
}

ws_status ws_attribute(ws_doc *d)
{
    actx c = {0};
    c.d = d;
    ws_vec_init(&c.cands, sizeof(ws_cand));
    ws_status st = WS_ENOMEM;
    c.tq = ws_malloc(sizeof *c.tq * (d->ntoks + 1));
    if (!c.tq)
        goto done;
    for (uint32_t i = 0; i < d->ntoks; i++)
        c.tq[i] = -1;
    /* one lexicon lookup per token; every rule below reads these */
    d->tok_wc = ws_arena_alloc_raw(&d->arena, sizeof *d->tok_wc * (d->ntoks + 1));
    d->tok_cue = ws_arena_alloc_raw(&d->arena, sizeof *d->tok_cue * (d->ntoks + 1));
    d->tok_ing = ws_arena_alloc_raw(&d->arena, d->ntoks + 1);
    if (!d->tok_wc || !d->tok_cue || !d->tok_ing) {
        d->tok_wc = NULL;
        d->tok_cue = NULL;
        st = WS_ENOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < d->ntoks; i++) {
        const ws_token *t = &d->toks[i];
        bool ing = false;
        const cue_info *ci = NULL;
        d->tok_wc[i] = 0;
        if (t->flags & WS_TOK_WORD)
            ws_lex_lookup_text(d->text + t->start, t->end - t->start, &d->tok_wc[i], &ci, &ing);
        d->tok_cue[i] = ci;
        d->tok_ing[i] = ing;
    }
    for (uint32_t q = 0; q < d->nquotes; q++) {
        const ws_quote *qq = &d->quotes[q];
        if (qq->depth)
            continue;
        for (uint32_t i = qq->tok0; i < qq->tok1 && i < d->ntoks; i++)
            if (c.tq[i] < 0)
                c.tq[i] = (int32_t)q;
    }
    st = WS_OK;
    for (uint32_t si = 0; si < d->nsents && st == WS_OK; si++) {
        const ws_sentence *s = &d->sents[si];
        for (uint32_t i = s->tok0; i < s->tok1 && st == WS_OK; i++) {
            if (in_quote(&c, i) || !(d->toks[i].flags & WS_TOK_WORD))
                continue;
            if (tok_eq(d, i, "according") && i + 1 < s->tok1 && tok_eq(d, i + 1, "to")) {
                st = frame_according(&c, si, i);
                continue;
            }
            bool ing = false;
            const cue_info *ci = cue_at(d, i, &ing);
            if (!ci)
                continue;
            if (is_cap(d, i) && i != s->tok0 && !(d->title.start != WS_NONE && d->tok_para[i] == 0))
                continue; /* "Hope", "Post": names (but headlines are in title case: "Graham Says") */
            uint32_t ce = i + 1;
            if (ci->frames & CF_PARTICLE) {
                if (ce < s->tok1 && tok_eq(d, ce, ci->particle)) {
                    ce++;
                } else if (!strcmp(ci->lemma, "call on")) {
                    /* "called for an inquiry", "called the charges unsubstantiated" */
                    static const cue_info call_np = {"call", WS_SPEECH, CF_NP, NULL};
                    if (ce < s->tok1 && tok_eq(d, ce, "for"))
                        ce++;
                    ci = &call_np;
                } else {
                    continue;
                }
            }
            st = frame_cue(&c, si, i, ci, ing, ce);
        }
    }
    if (st != WS_OK || c.cands.failed)
        goto done;
    if ((st = headline(&c)) != WS_OK || (st = punct_cues(&c)) != WS_OK)
        goto done;
    if ((st = merge_chains(&c)) != WS_OK || (st = join_split_quotes(&c)) != WS_OK ||
        (st = orphan_quotes(&c)) != WS_OK)
        goto done;
    /* drop exact duplicates (same content and cue), keeping the most confident */
    ws_cand *cs = c.cands.data;
    uint32_t n = (uint32_t)c.cands.len;
    {
        cand_index ix;
        if (!index_build(&c, &ix)) {
            index_free(&ix);
            st = WS_ENOMEM;
            goto done;
        }
        for (uint32_t x = 0; x < n; x++) {
            ws_cand *a = &cs[ix.by_c0[x]];
            for (uint32_t y = x + 1; y < n && cs[ix.by_c0[y]].c0 == a->c0; y++) {
                ws_cand *b = &cs[ix.by_c0[y]];
                if (a->conf < 0 || b->conf < 0 || a->c1 != b->c1 || a->cue0 != b->cue0)
                    continue;
                if (b->conf > a->conf)
                    a->conf = -1;
                else
                    b->conf = -1;
            }
        }
        index_free(&ix);
    }
    /* at most WS_MAX_ATTRIBUTIONS kept; the rest are dropped with a warning at the first of them */
    for (uint32_t i = 0, kept = 0; i < n; i++) {
        if (cs[i].conf >= 0 && ++kept > WS_MAX_ATTRIBUTIONS) {
            if ((st = ws_warn_late(d, cs[i].c0, "attribution limit reached: the rest are dropped")) != WS_OK)
                goto done;
            n = i;
        }
    }
    st = ws_coref(d, cs, n);
done:
    ws_free(c.tq);
    ws_vec_free(&c.cands);
    (void)cmp_cand;
    return st;
}
