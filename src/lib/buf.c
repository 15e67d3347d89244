/* buf.c — growable byte buffers and arrays with sticky failure (check once at the end). */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

void ws_buf_init(ws_buf *b) { memset(b, 0, sizeof *b); }

bool ws_buf_reserve(ws_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = ws_realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void ws_buf_add(ws_buf *b, const void *p, size_t n)
{
    if ((b->len + n + 1 > b->cap || b->failed) && !ws_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ws_buf_addc(ws_buf *b, char c)
{
    if (b->len + 2 <= b->cap && !b->failed) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    ws_buf_add(b, &c, 1);
}

void ws_buf_addu(ws_buf *b, uint32_t v)
{
    char tmp[10];
    int n = 10;
    do {
        tmp[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    ws_buf_add(b, tmp + n, (size_t)(10 - n));
}
void ws_buf_adds(ws_buf *b, const char *s) { ws_buf_add(b, s, strlen(s)); }

void ws_buf_printf(ws_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof tmp) {
        ws_buf_add(b, tmp, (size_t)n);
        return;
    }
    if (!ws_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Bytes copied as they are into a JSON string: printable ASCII but " and \ */
static const bool json_plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* JSON string escaping (RFC 8259). Invalid UTF-8 becomes U+FFFD so the output stays valid JSON;
 * offsets elsewhere always index the original bytes. */
void ws_buf_json_str(ws_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    if (!ws_buf_reserve(b, n + 2))
        return;
    ws_buf_addc(b, '"');
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (json_plain[c]) {
            i++;
            run++;
            continue;
        }
        if (c >= 0x80) { /* valid sequences (a literal U+FFFD too) stay in the run */
            uint32_t cp;
            int l = ws_utf8_decode(u, n, i, &cp);
            if (cp != 0xFFFD || (l == 3 && u[i] == 0xEF && u[i + 1] == 0xBF && u[i + 2] == 0xBD)) {
                i += (size_t)l;
                run += (size_t)l;
                continue;
            }
        }
        ws_buf_add(b, s + i - run, run);
        run = 0;
        if (c < 0x80) {
            char esc[6] = {'\\', 0};
            switch (c) {
            case '"': esc[1] = '"'; ws_buf_add(b, esc, 2); break;
            case '\\': esc[1] = '\\'; ws_buf_add(b, esc, 2); break;
            case '\n': esc[1] = 'n'; ws_buf_add(b, esc, 2); break;
            case '\t': esc[1] = 't'; ws_buf_add(b, esc, 2); break;
            case '\r': esc[1] = 'r'; ws_buf_add(b, esc, 2); break;
            default:
                esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
                esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
                ws_buf_add(b, esc, 6);
            }
            i++;
            continue;
        }
        ws_buf_add(b, "\xEF\xBF\xBD", 3); /* an invalid byte (decoded as one byte) */
        i++;
    }
    ws_buf_add(b, s + i - run, run);
    ws_buf_addc(b, '"');
}

void ws_buf_free(ws_buf *b)
{
    ws_free(b->data);
    ws_buf_init(b);
}

void ws_vec_init(ws_vec *v, size_t item_size)
{
    memset(v, 0, sizeof *v);
    v->size = item_size;
}

void *ws_vec_push(ws_vec *v)
{
    if (v->failed)
        return NULL;
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *p = ws_realloc(v->data, cap * v->size);
        if (!p) {
            v->failed = true;
            return NULL;
        }
        v->data = p;
        v->cap = cap;
    }
    void *slot = (char *)v->data + v->len++ * v->size;
    memset(slot, 0, v->size);
    return slot;
}

void ws_vec_free(ws_vec *v)
{
    ws_free(v->data);
    size_t size = v->size;
    ws_vec_init(v, size);
}
