/* test_text.c — unit tests of the text layer through the public API: UTF-8 handling, the source
 * domain, tokens (clitics, abbreviations, typewriter quotes), quotes and sentences. */
#include <stdio.h>
#include <string.h>

#include "whosaid.h"

#include "check.h"

static ws_pipeline *pipe_;

static ws_doc *doc(const char *text, unsigned flags)
{
    ws_doc *d = NULL;
    ws_status st = ws_extract(pipe_, text, strlen(text), flags, &d);
    CHECK(st == WS_OK);
    return d;
}

static int span_is(const ws_doc *d, ws_span s, const char *want)
{
    size_t len;
    const char *t = ws_doc_text(d, &len);
    return s.start != WS_NONE && s.end - s.start == strlen(want) && !memcmp(t + s.start, want, strlen(want));
}

static void test_domain_and_title(void)
{
    ws_doc *d = doc("Headline here\nThe mayor said it rained. news.example.com\n", WS_IN_NEWS);
    CHECK(span_is(d, ws_doc_title(d), "Headline here"));
    CHECK(span_is(d, ws_doc_source_domain(d), "news.example.com"));
    const ws_span *p;
    CHECK(ws_doc_paragraphs(d, &p) == 2);
    CHECK(span_is(d, p[1], "The mayor said it rained."));
    ws_doc_free(d);
    /* a domain-like word inside a sentence is text */
    d = doc("T\nShe visited example.com yesterday\n", WS_IN_NEWS);
    CHECK(ws_doc_source_domain(d).start == WS_NONE);
    ws_doc_free(d);
    /* plain input has no title */
    d = doc("He said so.", WS_IN_PLAIN);
    CHECK(ws_doc_title(d).start == WS_NONE);
    ws_doc_free(d);
}

static void test_utf8_warnings(void)
{
    /* invalid byte, overlong encoding, surrogate: each a warning at its offset */
    const char text[] = "T\nab\xff" "cd \xc0\xaf x \xed\xa0\x80 y\n";
    ws_doc *d = doc(text, WS_IN_NEWS);
    const ws_warning *w;
    size_t n = ws_doc_warnings(d, &w);
    CHECK(n >= 3);
    CHECK(n > 0 && w[0].offset == 4);
    char *json;
    CHECK(ws_doc_to_json(d, NULL, &json, NULL) == WS_OK);
    CHECK(strstr(json, "\"warnings\"") != NULL);
    CHECK(strstr(json, "\xff") == NULL); /* the JSON stays valid UTF-8 */
    ws_free(json);
    ws_doc_free(d);
}

static void test_tokens(void)
{
    ws_doc *d = doc("Trump’s aides didn't say Mr. Smith paid $1,200.50 in the U.S. on Jan. 5.", WS_IN_PLAIN);
    const ws_token *t;
    size_t n = ws_doc_tokens(d, &t);
    const char *want[] = {"Trump", "’s", "aides", "did", "n't", "say", "Mr.", "Smith", "paid", "$",
                          "1,200.50", "in", "the", "U.S.", "on", "Jan.", "5", "."};
    CHECK(n == sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n && i < sizeof want / sizeof want[0]; i++) {
        ws_span s = {t[i].start, t[i].end};
        if (!span_is(d, s, want[i])) {
            fprintf(stderr, "token %zu: want %s\n", i, want[i]);
            failures++;
        }
    }
    ws_doc_free(d);
}

static void test_quotes(void)
{
    ws_doc *d = doc("T\nShe said: “One\n“two\n“three.”\n''Typewriter,'' he said.\n", WS_IN_NEWS);
    const ws_quotation *q;
    size_t n = ws_doc_quotes(d, &q);
    CHECK(n == 4);
    if (n == 4) {
        CHECK(q[0].next == 1 && q[1].next == 2 && q[2].next == -1);
        CHECK(!q[0].closed && q[2].closed);
        CHECK(span_is(d, q[3].span, "''Typewriter,''"));
    }
    const ws_attribution *a;
    size_t na = ws_doc_attributions(d, &a);
    CHECK(na == 2);
    if (na >= 1) {
        CHECK(a[0].kind == WS_DIRECT && a[0].nsegments == 3);
        CHECK(span_is(d, a[0].content, "“One\n“two\n“three.”"));
    }
    ws_doc_free(d);
}

static void test_sentences(void)
{
    ws_doc *d = doc("Dr. Ann Lee met Gov. Bo Park at 3 p.m. on Friday. “Is it over?” she asked. It was.",
                    WS_IN_PLAIN);
    const ws_span *s;
    size_t n = ws_doc_sentences(d, &s);
    CHECK(n == 3);
    if (n == 3)
        CHECK(span_is(d, s[1], "“Is it over?” she asked."));
    ws_doc_free(d);
}

static void test_empty_and_args(void)
{
    ws_doc *d = NULL;
    CHECK(ws_extract(pipe_, "", 0, WS_IN_NEWS, &d) == WS_OK);
    const ws_attribution *a;
    CHECK(ws_doc_attributions(d, &a) == 0);
    ws_doc_free(d);
    CHECK(ws_extract(pipe_, NULL, 5, 0, &d) == WS_EINVAL);
    CHECK(ws_extract(pipe_, "x", WS_MAX_DOC_BYTES + (size_t)1, 0, &d) == WS_ETOOBIG);
    ws_doc_free(NULL);
    ws_pipeline_free(NULL);
    CHECK(strcmp(ws_strerror(WS_ENOMEM), "out of memory") == 0);
}

int main(void)
{
    ws_config cfg = {0};
    cfg.fast = 1;
    if (ws_pipeline_new(&cfg, &pipe_) != WS_OK)
        return 1;
    test_domain_and_title();
    test_utf8_warnings();
    test_tokens();
    test_quotes();
    test_sentences();
    test_empty_and_args();
    ws_pipeline_free(pipe_);
    if (failures)
        fprintf(stderr, "test_text: %d failures\n", failures);
    return failures != 0;
}
