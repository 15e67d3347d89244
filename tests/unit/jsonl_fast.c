/* jsonl_fast.c — the fast JSONL record parser of src/cli/input.c against jansson: every record the
 * fast path accepts must give the same document as jansson (text bytes, id, title, url, date,
 * source), and what jansson refuses the fast path must refuse; checked on hand-made edge cases and
 * on 60000 random mutations of valid records. Includes input.c to reach its static functions. */
#include "../../src/cli/input.c"

enum { FAST, SLOW_OK, BAD };
static const struct {
    const char *json;
    int expect;
} cases[] = {
    {"{\"text\":\"He said \\\"no\\\".\",\"id\":\"a1\"}", FAST},
    {" {\"id\":\"x\" , \"text\" : \"t\\n\\t\\\\\\/\\b\\f\\r\" ,\"title\":null} \r", FAST},
    {"{\"text\":\"caf\\u00e9 \\u20ac \\ud83d\\ude00 \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}", FAST},
    {"{\"text\":\"nul\\u0000inside\",\"title\":\"a\\u0000b\"}", FAST},
    {"{\"text\":\"t\",\"other\":\"ignored \\u00e9\",\"url\":\"u\",\"date\":\"d\",\"source\":\"s\"}", FAST},
    {"{\"text\":\"t\",\"id\":12}", SLOW_OK},
    {"{\"text\":\"t\",\"meta\":{\"a\":[1,2]}}", SLOW_OK},
    {"{\"text\":\"t\",\"flag\":true}", SLOW_OK},
    {"{\"text\":null}", BAD},
    {"{}", BAD},
    {"[]", BAD},
    {"not json", BAD},
    {"{\"text\":\"t\",\"text\":\"u\"}", BAD},            /* duplicate key */
    {"{\"text\":\"t\"} x", BAD},                         /* trailing garbage */
    {"{\"text\":\"t\",}", BAD},
    {"{\"text\":\"a\xc0\xaf\"}", BAD},                   /* overlong */
    {"{\"text\":\"a\xed\xa0\x80\"}", BAD},               /* encoded surrogate */
    {"{\"text\":\"a\xf4\x90\x80\x80\"}", BAD},           /* over U+10FFFF */
    {"{\"text\":\"a\xe2\x82\"}", BAD},                   /* truncated sequence */
    {"{\"text\":\"lone \\ud83d\"}", BAD},
    {"{\"text\":\"lone \\ude00\"}", BAD},
    {"{\"text\":\"bad \\x\"}", BAD},
    {"{\"text\":\"raw\ttab\"}", BAD},                    /* control character */
    {"{\"text\":\"unterminated}", BAD},
    {"{\"te\\u0000xt\":\"t\"}", BAD},                    /* NUL in a key */
};

static int failures;

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Returns the fast path's verdict (0 accepted); counts a failure when the two paths disagree. */
static int check(const char *json, size_t len, const char *what)
{
    cli_record r = {.kind = CLI_REC_JSONL, .data = json, .len = len, .origin = "t", .line = 7};
    cli_doc df = {0}, ds;
    cli_doc_scratch sf = {0}, ss = {0};
    int f = fast_record(&r, &df, &sf);
    int sl = slow_record(&r, &ds, &ss);
    if (f == 0) {
        if (sl != 0) {
            fprintf(stderr, "jsonl_fast: %s: fast accepts what jansson refuses: %.*s\n", what, (int)len, json);
            failures++;
        } else if (df.len != ds.len || memcmp(df.text, ds.text, df.len) || !same_str(df.meta.id, ds.meta.id) ||
                   !same_str(df.meta.title, ds.meta.title) || !same_str(df.meta.url, ds.meta.url) ||
                   !same_str(df.meta.date, ds.meta.date) || !same_str(df.meta.source, ds.meta.source) ||
                   df.flags != ds.flags) {
            fprintf(stderr, "jsonl_fast: %s: documents differ for %.*s\n", what, (int)len, json);
            failures++;
        }
    }
    cli_buf_free(&sf.buf);
    cli_doc_scratch_free(&ss);
    cli_doc_scratch_free(&sf);
    return f == 0 ? FAST : sl == 0 ? SLOW_OK : BAD;
}

int main(void)
{
    cli_buf sink = {0};
    cli_error_sink(&sink); /* the slow path's messages */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = check(cases[i].json, strlen(cases[i].json), "case");
        if (got != cases[i].expect) {
            fprintf(stderr, "jsonl_fast: case %zu (%s): got %d, wanted %d\n", i, cases[i].json, got,
                    cases[i].expect);
            failures++;
        }
        cli_buf_reset(&sink, 0);
    }
    static const char alphabet[] = "\"\\u{}[],: nt0D8dEe\xc3\xa9\xed\xa0\xf0\x9f\x80\x01";
    static const char *const seeds[] = {
        "{\"id\":\"r1\",\"title\":\"T\\u00e9\",\"text\":\"\\\"Yes,\\\" he said. \\ud83d\\ude00 caf\xc3\xa9\"}",
        "{\"text\":\"a\\nb\",\"url\":null,\"source\":\"s\\/x\"}",
    };
    unsigned long long x = 88172645463325252ull; /* xorshift64 */
    char buf[256];
    size_t accepted = 0;
    for (int it = 0; it < 60000; it++) {
        const char *seed = seeds[it % 2];
        size_t n = strlen(seed);
        memcpy(buf, seed, n);
        int muts = 1 + (int)(it % 3);
        for (int m = 0; m < muts; m++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t pos = (size_t)(x % n);
            char c = alphabet[(x >> 20) % (sizeof alphabet - 1)];
            switch ((x >> 40) % 3) {
            case 0: buf[pos] = c; break;
            case 1: /* delete */
                memmove(buf + pos, buf + pos + 1, n - pos - 1);
                n--;
                break;
            default: /* insert */
                if (n + 1 < sizeof buf) {
                    memmove(buf + pos + 1, buf + pos, n - pos);
                    buf[pos] = c;
                    n++;
                }
            }
        }
        if (check(buf, n, "mutation") == FAST)
            accepted++;
        cli_buf_reset(&sink, 0);
    }
    cli_error_sink(NULL);
    cli_buf_free(&sink);
    if (accepted < 1000) {
        fprintf(stderr, "jsonl_fast: only %zu mutations took the fast path: the test checks little\n", accepted);
        failures++;
    }
    if (failures)
        fprintf(stderr, "jsonl_fast: %d failures\n", failures);
    return failures != 0;
}
