/* test_alloc_fail.c — allocation failure: for N = 1, 2, 3, ... the Nth allocation through the
 * ws_set_allocator hook fails while a pipeline is built, a realistic article (and the golden
 * attribution patterns) is extracted and its JSON written. Each call must return WS_ENOMEM when an allocation failed during it and WS_OK
 * otherwise (a swallowed failure would lose data silently), and after freeing everything the hook
 * must count zero live blocks. Runs until an N past the last allocation completes cleanly. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

static long fail_at;       /* the allocation number that fails; 0: none */
static long nallocs;       /* allocations attempted since the counter was reset */
static long live;          /* blocks handed out and not yet freed */
static bool failed;        /* an allocation was refused since the flag was reset */

static void *t_malloc(size_t n)
{
    if (++nallocs == fail_at) {
        failed = true;
        return NULL;
    }
    void *p = malloc(n);
    if (p)
        live++;
    return p;
}

static void *t_realloc(void *p, size_t n)
{
    if (++nallocs == fail_at) {
        failed = true;
        return NULL;
    }
    void *q = realloc(p, n);
    if (q && !p)
        live++;
    return q;
}

static void t_free(void *p)
{
    if (p)
        live--;
    free(p);
}

static int failures;
#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c)) {                                                                           \
            fprintf(stderr, "%s:%d: N=%ld: CHECK failed: %s\n", __FILE__, __LINE__, fail_at, \
                    #c);                                                                      \
            failures++;                                                                       \
        }                                                                                     \
    } while (0)

/* The status a call must return given whether one of its allocations was refused. */
#define EXPECT(st) CHECK(failed ? (st) == WS_ENOMEM : (st) == WS_OK)

/* One run with allocation fail_at refused; returns true when no allocation was refused at all. */
static const ws_config *cfg_; /* the pipeline configuration of the current sweep */

static bool run(const char *text, size_t len, unsigned flags)
{
    nallocs = 0;
    live = 0;
    bool any = false;
    ws_pipeline *p = NULL;
    failed = false;
    ws_status st = ws_pipeline_new(cfg_, &p);
    EXPECT(st);
    any |= failed;
    if (st == WS_OK) {
        ws_doc *doc = NULL;
        failed = false;
        st = ws_extract(p, text, len, flags, &doc);
        EXPECT(st);
        CHECK((st == WS_OK) == (doc != NULL));
        any |= failed;
        if (st == WS_OK) {
            const ws_attribution *a;
            CHECK(ws_doc_attributions(doc, &a) > 0); /* the article has attributions */
            char *js = NULL;
            size_t jl = 0;
            failed = false;
            st = ws_doc_to_json(doc, NULL, &js, &jl);
            EXPECT(st);
            any |= failed;
            if (st == WS_OK)
                CHECK(js != NULL && jl > 0 && js[0] == '{' && js[jl - 1] == '}');
            ws_free(js);
        }
        ws_doc_free(doc);
    }
    ws_pipeline_free(p);
    CHECK(live == 0);
    return !any;
}

/* Runs N = 1, 2, ... until a run sees no refused allocation; returns the allocation count. */
static long sweep(const char *name, const char *text, size_t len, unsigned flags)
{
    for (fail_at = 1;; fail_at++) {
        int before = failures;
        bool clean = run(text, len, flags);
        if (failures != before) {
            fprintf(stderr, "test_alloc_fail: %s: failure at allocation %ld of %ld\n", name,
                    fail_at, nallocs);
            return -1;
        }
        if (clean)
            return fail_at - 1;
        if (fail_at > 1000000) {
            fprintf(stderr, "test_alloc_fail: %s: no end to allocations\n", name);
            failures++;
            return -1;
        }
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    return buf;
}

int main(void)
{
    static const ws_allocator hook = {t_malloc, t_realloc, t_free};
    size_t len;
    char *article = read_file("examples/harbour-flood-barrier.txt", &len);
    if (!article || len == 0) {
        fprintf(stderr, "test_alloc_fail: cannot read examples/harbour-flood-barrier.txt\n");
        return 1;
    }
    /* The same article 48 times as one document (about 78 KB): arena blocks and vectors grow. */
    size_t big_len = 0;
    char *big = malloc(len * 48 + 48);
    for (int i = 0; big && i < 48; i++) {
        memcpy(big + big_len, article, len);
        big_len += len;
        big[big_len++] = '\n';
    }
    if (!big)
        return 1;

    size_t plen;
    char *patterns = read_file("tests/golden/attributions/patterns.txt", &plen);
    if (!patterns) {
        fprintf(stderr, "test_alloc_fail: cannot read tests/golden/attributions/patterns.txt\n");
        return 1;
    }

    /* rules only, then with the POS and NER taggers of data/models (when present) */
    static const ws_config rules = {.fast = 1}, taggers = {.model_dir = "data/models"};
    ws_pipeline *probe = NULL;
    bool have_models = ws_pipeline_new(&taggers, &probe) == WS_OK && ws_pipeline_has_taggers(probe);
    ws_pipeline_free(probe);

    ws_set_allocator(&hook);
    cfg_ = &rules;
    long n4 = sweep("attribution patterns", patterns, plen, WS_IN_NEWS);
    long n1 = sweep("article", article, len, WS_IN_NEWS);
    long n2 = sweep("article as plain text", article, len, WS_IN_PLAIN);
    long n3 = sweep("article x48", big, big_len, WS_IN_NEWS);
    long n5 = 0;
    if (have_models) {
        cfg_ = &taggers;
        n5 = sweep("article, with taggers", article, len, WS_IN_NEWS);
    } else {
        printf("test_alloc_fail: no models in data/models: tagger sweep skipped\n");
    }
    ws_set_allocator(NULL);
    free(article);
    free(big);
    free(patterns);
    if (failures)
        return 1;
    /* A sweep that never refused an allocation would prove nothing. */
    if (n1 < 3 || n2 < 3 || n3 <= n1 || n4 < 3 || (have_models && n5 <= n1)) {
        fprintf(stderr, "test_alloc_fail: too few allocations (%ld, %ld, %ld, %ld)\n", n1, n2, n3,
                n4);
        return 1;
    }
    printf("test_alloc_fail: every one of %ld, %ld, %ld, %ld and %ld allocations failed in turn: "
           "WS_ENOMEM, nothing leaked\n", n1, n2, n3, n4, n5);
    return 0;
}
