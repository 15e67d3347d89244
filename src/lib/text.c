/* text.c — the text layer: UTF-8 validation (warnings with byte offsets), the headline, a bare
 * trailing source domain ("... programme. news.sky.com") and paragraphs (one per line). */
#include "internal.h"

enum { MAX_STORED_WARNINGS = 64 };

static ws_status warn(ws_doc *d, uint32_t off, const char *msg)
{
    if (d->nwarns >= MAX_STORED_WARNINGS)
        return WS_OK;
    if (!d->warns) {
        d->warns = ws_arena_alloc(&d->arena, sizeof *d->warns * (MAX_STORED_WARNINGS + 1));
        if (!d->warns)
            return WS_ENOMEM;
    }
    d->warns[d->nwarns++] = (ws_warning){off, msg};
    if (d->nwarns == MAX_STORED_WARNINGS)
        d->warns[d->nwarns - 1].message = "further invalid bytes not reported";
    return WS_OK;
}

ws_status ws_warn_late(ws_doc *d, uint32_t off, const char *msg)
{
    if (!d->warns) {
        d->warns = ws_arena_alloc(&d->arena, sizeof *d->warns * (MAX_STORED_WARNINGS + 1));
        if (!d->warns)
            return WS_ENOMEM;
    }
    if (d->nwarns <= MAX_STORED_WARNINGS) /* the spare slot: kept even after 64 byte warnings */
        d->warns[d->nwarns++] = (ws_warning){off, msg};
    return WS_OK;
}

static bool is_hspace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* "news.sky.com", "www.bbc.co.uk": lower-case labels of [a-z0-9-], at least one dot, the last
 * label 2..12 letters. */
static bool is_bare_domain(const char *s, size_t n)
{
    if (n < 4 || n > 80)
        return false;
    size_t dots = 0, label = 0, last_alpha = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (label == 0)
                return false;
            dots++;
            label = 0;
            last_alpha = 0;
            continue;
        }
        bool alpha = c >= 'a' && c <= 'z';
        if (!alpha && !(c >= '0' && c <= '9') && c != '-')
            return false;
        label++;
        last_alpha = alpha && last_alpha == label - 1 ? label : 0;
    }
    return dots >= 1 && label >= 2 && label <= 12 && last_alpha == label;
}

ws_status ws_text_layout(ws_doc *d, unsigned flags)
{
    const unsigned char *s = (const unsigned char *)d->text;
    uint32_t n = d->len;

    for (uint32_t i = 0; i < n;) {
        /* eight bytes at a time while they are ASCII and not NUL */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080u) || ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (s[i] < 0x80) {
            if (s[i] == 0 && warn(d, i, "NUL byte") != WS_OK)
                return WS_ENOMEM;
            i++;
            continue;
        }
        uint32_t cp;
        int l = ws_utf8_decode(s, n, i, &cp);
        if (cp == 0xFFFD && l == 1 && warn(d, i, "invalid UTF-8 byte") != WS_OK)
            return WS_ENOMEM;
        i += (uint32_t)l;
    }

    d->title.start = d->domain.start = WS_NONE;
    d->title.end = d->domain.end = WS_NONE;
    uint32_t end = n;
    while (end > 0 && (is_hspace(s[end - 1]) || s[end - 1] == '\n'))
        end--;
    if (flags & WS_IN_NEWS) {
        uint32_t w = end;
        while (w > 0 && !is_hspace(s[w - 1]) && s[w - 1] != '\n')
            w--;
        if (is_bare_domain(d->text + w, end - w)) {
            uint32_t p = w;
            while (p > 0 && is_hspace(s[p - 1]))
                p--;
            /* The domain must follow a sentence end or stand on its own line. */
            unsigned char prev = p > 0 ? s[p - 1] : '\n';
            bool after_end = prev == '\n' || prev == '.' || prev == '!' || prev == '?' ||
                             prev == '"' || prev == '\'' || prev == ')' ||
                             (p >= 3 && (unsigned char)s[p - 3] == 0xE2 && s[p - 2] == 0x80 &&
                              (s[p - 1] == 0x9D || s[p - 1] == 0x99 || s[p - 1] == 0xA6));
            if (after_end && (p < w || prev == '\n')) {
                d->domain = (ws_span){w, end};
                end = p;
                while (end > 0 && (is_hspace(s[end - 1]) || s[end - 1] == '\n'))
                    end--;
            }
        }
    }
    d->body_end = end;

    /* Paragraphs: maximal runs of a line, trimmed; empty lines skipped. */
    uint32_t cap = 16, np = 0;
    ws_span *paras = ws_arena_alloc(&d->arena, sizeof *paras * cap);
    if (!paras)
        return WS_ENOMEM;
    for (uint32_t i = 0; i < end;) {
        const unsigned char *nl = memchr(s + i, '\n', end - i);
        uint32_t j = nl ? (uint32_t)(nl - s) : end;
        uint32_t a = i, b = j;
        while (a < b && (is_hspace(s[a]) || s[a] == 0))
            a++;
        while (b > a && (is_hspace(s[b - 1]) || s[b - 1] == 0))
            b--;
        if (b > a) {
            if (np == cap) {
                ws_span *grown = ws_arena_alloc(&d->arena, sizeof *paras * cap * 2);
                if (!grown)
                    return WS_ENOMEM;
                memcpy(grown, paras, sizeof *paras * cap);
                paras = grown;
                cap *= 2;
            }
            paras[np++] = (ws_span){a, b};
        }
        i = j + 1;
    }
    d->paras = paras;
    d->nparas = np;
    if ((flags & WS_IN_NEWS) && np > 0)
        d->title = paras[0];
    return WS_OK;
}
