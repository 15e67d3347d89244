/* utf8.c — strict UTF-8 decoding (RFC 3629: no overlongs, no surrogates, max U+10FFFF) and
 * character classes through utf8proc for non-ASCII. */
#include <utf8proc.h>

#include "internal.h"

int ws_utf8_decode_mb(const unsigned char *s, size_t n, size_t i, uint32_t *cp)
{
    unsigned char c = s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else { *cp = 0xFFFD; return 1; }
    if (i + (size_t)len > n) { *cp = 0xFFFD; return 1; }
    for (int k = 1; k < len; k++) {
        unsigned char cc = s[i + (size_t)k];
        if ((cc & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = (v << 6) | (cc & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) { *cp = 0xFFFD; return 1; }
    *cp = v;
    return len;
}

int ws_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ASCII classes: A-Z upper, a-z lower, 0-9 digit, space tab LF CR FF VT space. */
#define U WS_CC_UPPER
#define L WS_CC_LOWER
#define D WS_CC_DIGIT
#define SP WS_CC_SPACE
const uint8_t ws_ascii_class[128] = {
    ['\t'] = SP, ['\n'] = SP, ['\v'] = SP, ['\f'] = SP, ['\r'] = SP, [' '] = SP,
    ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D, ['5'] = D, ['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
    ['A'] = U, ['B'] = U, ['C'] = U, ['D'] = U, ['E'] = U, ['F'] = U, ['G'] = U, ['H'] = U, ['I'] = U,
    ['J'] = U, ['K'] = U, ['L'] = U, ['M'] = U, ['N'] = U, ['O'] = U, ['P'] = U, ['Q'] = U, ['R'] = U,
    ['S'] = U, ['T'] = U, ['U'] = U, ['V'] = U, ['W'] = U, ['X'] = U, ['Y'] = U, ['Z'] = U,
    ['a'] = L, ['b'] = L, ['c'] = L, ['d'] = L, ['e'] = L, ['f'] = L, ['g'] = L, ['h'] = L, ['i'] = L,
    ['j'] = L, ['k'] = L, ['l'] = L, ['m'] = L, ['n'] = L, ['o'] = L, ['p'] = L, ['q'] = L, ['r'] = L,
    ['s'] = L, ['t'] = L, ['u'] = L, ['v'] = L, ['w'] = L, ['x'] = L, ['y'] = L, ['z'] = L,
};
#undef U
#undef L
#undef D
#undef SP

/* Code points >= 0x80 (the inline versions in internal.h answer ASCII from the table). */
static utf8proc_propval_t cat(uint32_t cp) { return utf8proc_category((utf8proc_int32_t)cp); }

bool ws_cp_is_upper_mb(uint32_t cp)
{
    utf8proc_propval_t c = cat(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool ws_cp_is_lower_mb(uint32_t cp) { return cat(cp) == UTF8PROC_CATEGORY_LL; }

bool ws_cp_is_alpha_mb(uint32_t cp)
{
    utf8proc_propval_t c = cat(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_MN;
}

bool ws_cp_is_digit_mb(uint32_t cp) { return cat(cp) == UTF8PROC_CATEGORY_ND; }

bool ws_cp_is_space_mb(uint32_t cp)
{
    utf8proc_propval_t c = cat(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
           cp == 0x85 || cp == 0xFEFF || cp == 0x200B;
}

uint32_t ws_cp_lower_mb(uint32_t cp) { return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp); }
