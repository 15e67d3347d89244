/* token.c — tokenizer: words (PTB-style clitics split: "Trump" "’s", "did" "n’t"), numbers,
 * abbreviations with their period ("Mr.", "U.S."), quotation marks and punctuation. Offsets are
 * bytes; whitespace (including Unicode spaces) separates and is dropped. */
#include "internal.h"
#include "lexicon.h"

static bool is_quote_cp(uint32_t c)
{
    switch (c) {
    case '"': case '\'': case '`':
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: /* “ ” „ ‟ */
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: /* ‘ ’ ‚ ‛ */
    case 0x00AB: case 0x00BB: case 0x2039: case 0x203A: /* « » ‹ › */
        return true;
    }
    return false;
}

static bool is_apos(uint32_t c) { return c == '\'' || c == 0x2019; }

/* Byte classes for the tokenizer's fast paths: ASCII letters (upper also TK_UPPER), digits,
 * space and NUL (skipped between tokens), the ASCII characters the joiner test can accept inside
 * a word, and the lead and continuation bytes of multi-byte sequences (decoded). */
enum { TK_LETTER = 1, TK_UPPER = 2, TK_DIGIT = 4, TK_SKIP = 8, TK_JOIN = 16, TK_MB = 32 };
#define L4(x) x, x, x, x
#define L16(x) L4(x), L4(x), L4(x), L4(x)
static const uint8_t tok_class[256] = {
    [0] = TK_SKIP, ['\t'] = TK_SKIP, ['\n'] = TK_SKIP, ['\v'] = TK_SKIP, ['\f'] = TK_SKIP,
    ['\r'] = TK_SKIP, [' '] = TK_SKIP,
    ['-'] = TK_JOIN, ['&'] = TK_JOIN, ['\''] = TK_JOIN, ['.'] = TK_JOIN, [','] = TK_JOIN,
    ['/'] = TK_JOIN, [':'] = TK_JOIN,
    ['0'] = TK_DIGIT, ['1'] = TK_DIGIT, ['2'] = TK_DIGIT, ['3'] = TK_DIGIT, ['4'] = TK_DIGIT,
    ['5'] = TK_DIGIT, ['6'] = TK_DIGIT, ['7'] = TK_DIGIT, ['8'] = TK_DIGIT, ['9'] = TK_DIGIT,
#define UP TK_LETTER | TK_UPPER
    ['A'] = UP, ['B'] = UP, ['C'] = UP, ['D'] = UP, ['E'] = UP, ['F'] = UP, ['G'] = UP, ['H'] = UP,
    ['I'] = UP, ['J'] = UP, ['K'] = UP, ['L'] = UP, ['M'] = UP, ['N'] = UP, ['O'] = UP, ['P'] = UP,
    ['Q'] = UP, ['R'] = UP, ['S'] = UP, ['T'] = UP, ['U'] = UP, ['V'] = UP, ['W'] = UP, ['X'] = UP,
    ['Y'] = UP, ['Z'] = UP,
#undef UP
    ['a'] = TK_LETTER, ['b'] = TK_LETTER, ['c'] = TK_LETTER, ['d'] = TK_LETTER, ['e'] = TK_LETTER,
    ['f'] = TK_LETTER, ['g'] = TK_LETTER, ['h'] = TK_LETTER, ['i'] = TK_LETTER, ['j'] = TK_LETTER,
    ['k'] = TK_LETTER, ['l'] = TK_LETTER, ['m'] = TK_LETTER, ['n'] = TK_LETTER, ['o'] = TK_LETTER,
    ['p'] = TK_LETTER, ['q'] = TK_LETTER, ['r'] = TK_LETTER, ['s'] = TK_LETTER, ['t'] = TK_LETTER,
    ['u'] = TK_LETTER, ['v'] = TK_LETTER, ['w'] = TK_LETTER, ['x'] = TK_LETTER, ['y'] = TK_LETTER,
    ['z'] = TK_LETTER,
    L16(TK_MB), L16(TK_MB), L16(TK_MB), L16(TK_MB), L16(TK_MB), L16(TK_MB), L16(TK_MB), L16(TK_MB),
};
#undef L4
#undef L16

static bool word_cp(uint32_t c) { return ws_cp_is_alpha(c) || ws_cp_is_digit(c); }

typedef struct {
    const unsigned char *s;
    uint32_t n;
} cursor;

static uint32_t cp_at(cursor *c, uint32_t i, int *len)
{
    if (i >= c->n) {
        *len = 0;
        return 0;
    }
    uint32_t cp;
    *len = ws_utf8_decode(c->s, c->n, i, &cp);
    return cp;
}

/* PTB clitics, checked at the end of a word: returns the byte length of the clitic or 0. */
static uint32_t clitic_len(const unsigned char *s, uint32_t a, uint32_t b)
{
    static const char *const tails[] = {"s", "re", "ve", "ll", "d", "m", "S", "RE", "VE", "LL", "D", "M"};
    for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        uint32_t tl = (uint32_t)strlen(tails[k]);
        for (int form = 0; form < 2; form++) {
            uint32_t al = form == 0 ? 1 : 3; /* ' or ’ */
            if (b - a <= tl + al)
                continue;
            uint32_t p = b - tl - al;
            bool apos = form == 0 ? s[p] == '\'' : (s[p] == 0xE2 && s[p + 1] == 0x80 && s[p + 2] == 0x99);
            if (apos && memcmp(s + p + al, tails[k], tl) == 0) {
                /* n't: "didn't" -> "did" "n't" */
                return b - p;
            }
        }
    }
    /* n't / n’t */
    if (b - a > 4 && (s[b - 1] == 't' || s[b - 1] == 'T')) {
        if (s[b - 2] == '\'' && (s[b - 3] == 'n' || s[b - 3] == 'N') && b - a > 3)
            return 3;
        if (b - a > 6 && s[b - 2] == 0x99 && s[b - 3] == 0x80 && s[b - 4] == 0xE2 &&
            (s[b - 5] == 'n' || s[b - 5] == 'N'))
            return 5;
    }
    return 0;
}

ws_status ws_tokenize(ws_doc *d)
{
    cursor c = {(const unsigned char *)d->text, d->body_end};
    /* The tokens are written straight into the arena, at its end, for an estimate of two bytes a
     * token; more (a run of one-byte tokens) moves them to a twice larger array, and the unused
     * end is given back to the arena at the end. */
    uint32_t cap = d->body_end / 2 + 16;
    ws_token *toks = ws_arena_alloc_raw(&d->arena, sizeof *toks * cap);
    uint32_t nt = 0;
    if (!toks)
        return WS_ENOMEM;

#define PUSH(A, B, FL)                                                                   \
    do {                                                                                 \
        if (nt + 1 == cap) { /* a spare slot stays: nt + 1 are kept */                 \
            ws_token *t2 = NULL;                                                         \
            if (cap <= UINT32_MAX / 2)                                                   \
                t2 = ws_arena_alloc_raw(&d->arena, sizeof *toks * cap * 2);              \
            if (!t2)                                                                     \
                return WS_ENOMEM;                                                        \
            memcpy(t2, toks, sizeof *toks * nt);                                         \
            toks = t2;                                                                   \
            cap *= 2;                                                                    \
        }                                                                                \
        toks[nt++] = (ws_token){(A), (B), 0, 0, (FL)};                                   \
    } while (0)

    for (uint32_t pi = 0; pi < d->nparas; pi++) {
        uint32_t i = d->paras[pi].start, end = d->paras[pi].end;
        bool first = true;
        c.n = end;
        while (i < end) {
            unsigned char b0 = c.s[i];
            uint8_t k0 = tok_class[b0];
            if (k0 & TK_SKIP) { /* ASCII space or NUL */
                i++;
                continue;
            }
            int l = 1;
            uint32_t cp = b0;
            if (k0 & TK_MB) {
                cp = cp_at(&c, i, &l);
                if (ws_cp_is_space(cp)) {
                    i += (uint32_t)l;
                    continue;
                }
            }
            uint32_t a = i;
            uint32_t fl = first ? WS_TOK_PARA_START : 0;
            first = false;
            if ((k0 & (TK_LETTER | TK_DIGIT)) || ((k0 & TK_MB) && word_cp(cp))) {
                bool digit_start = (k0 & TK_DIGIT) || ((k0 & TK_MB) && ws_cp_is_digit(cp));
                bool has_alpha = !digit_start, inner_dot = false, has_apos = false;
                if ((k0 & TK_UPPER) || ((k0 & TK_MB) && ws_cp_is_upper(cp)))
                    fl |= WS_TOK_CAP;
                i += (uint32_t)l;
                while (i < end) {
                    /* ASCII letters and digits in a tight loop; letters set has_alpha */
                    uint8_t k, seen = 0;
                    while ((k = tok_class[c.s[i]]) & (TK_LETTER | TK_DIGIT)) {
                        seen |= k;
                        if (++i == end)
                            break;
                    }
                    if (seen & TK_LETTER)
                        has_alpha = true;
                    if (i == end || !(k & (TK_JOIN | TK_MB)))
                        break; /* the joiner test below fails for any other ASCII character */
                    uint32_t x = cp_at(&c, i, &l);
                    if (word_cp(x)) {
                        if (ws_cp_is_alpha(x))
                            has_alpha = true;
                        i += (uint32_t)l;
                        continue;
                    }
                    int l2;
                    uint32_t y = cp_at(&c, i + (uint32_t)l, &l2);
                    /* joiners that stay inside a word when followed by a word character */
                    if (l2 && word_cp(y) &&
                        (x == '-' || x == '&' || x == 0x2011 ||
                         (is_apos(x) && ws_cp_is_alpha(y)) ||
                         ((x == '.' || x == ',' || x == '/' || x == ':') && ws_cp_is_digit(y) && !has_alpha) ||
                         (x == '.' && ws_cp_is_alpha(y) && (i - a) <= 3 && has_alpha))) {
                        if (x == '.')
                            inner_dot = true;
                        if (is_apos(x))
                            has_apos = true;
                        i += (uint32_t)(l + l2);
                        continue;
                    }
                    break;
                }
                uint32_t b = i;
                /* trailing period of an abbreviation, initial or dotted acronym */
                if (b < end && c.s[b] == '.') {
                    int ab = ws_lex_abbrev(d->text + a, b - a);
                    bool initial = (b - a == 1 || (b - a == 2 && (c.s[a] & 0x80))) && (fl & WS_TOK_CAP);
                    bool ellipsis = b + 1 < end && c.s[b + 1] == '.';
                    /* "No. 10", "Nos. 3 and 4" */
                    bool number_abbrev = b - a >= 2 && b - a <= 3 && (c.s[a] == 'N' || c.s[a] == 'n') &&
                                         c.s[a + 1] == 'o' && (b - a == 2 || c.s[a + 2] == 's') &&
                                         b + 2 < end && c.s[b + 1] == ' ' && c.s[b + 2] >= '0' && c.s[b + 2] <= '9';
                    if (!ellipsis && (ab || initial || number_abbrev || (inner_dot && has_alpha)))
                        b = ++i;
                }
                uint32_t cl = has_alpha && has_apos ? clitic_len(c.s, a, b) : 0;
                uint32_t wfl = fl | (has_alpha ? WS_TOK_WORD : WS_TOK_NUM);
                if (cl) {
                    PUSH(a, b - cl, wfl);
                    PUSH(b - cl, b, WS_TOK_WORD);
                } else {
                    PUSH(a, b, wfl);
                }
                continue;
            }
            i += (uint32_t)l;
            if (is_quote_cp(cp)) {
                /* '' and `` (typewriter double quotes, as in NYT dumps) are one mark */
                if ((cp == '\'' || cp == '`') && i < end && c.s[i] == (unsigned char)cp)
                    i++;
                PUSH(a, i, fl | WS_TOK_QUOTE);
                continue;
            }
            /* runs: "...", "--" */
            if ((cp == '.' || cp == '-') && i < end && c.s[i] == cp) {
                while (i < end && c.s[i] == cp)
                    i++;
            }
            /* a run of invalid bytes (each decodes to U+FFFD) is one token, not one per byte: a
             * megabyte of them was a million tokens for the taggers (1.5 s, bench/pathological.sh) */
            while (cp == 0xFFFD && i < end && cp_at(&c, i, &l) == 0xFFFD)
                i += (uint32_t)l;
            PUSH(a, i, fl | WS_TOK_PUNCT);
        }
    }
#undef PUSH
    /* nt + 1 tokens kept (readers may look one past the end) */
    ws_arena_trim(&d->arena, toks, sizeof *toks * (nt + 1));
    d->toks = toks;
    d->ntoks = nt;
    /* the paragraph of each token: tokens lie inside their paragraph, in order */
    d->tok_para = ws_arena_alloc_raw(&d->arena, sizeof *d->tok_para * (nt + 1));
    if (!d->tok_para)
        return WS_ENOMEM;
    for (uint32_t k = 0, pi = 0; k < nt; k++) {
        while (toks[k].start >= d->paras[pi].end)
            pi++;
        d->tok_para[k] = pi;
    }
    return WS_OK;
}
