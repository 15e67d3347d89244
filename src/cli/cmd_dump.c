/* cmd_dump.c — `whosaid dump --stage S FILE`: one pipeline stage as text, for golden tests and
 * debugging. Stages: paragraphs, tokens, sentences, quotes. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char dump_usage[] =
    "usage: whosaid dump --stage paragraphs|tokens|sentences|quotes|attributions INPUT...\n"
    "Prints one stage of the pipeline, one item per line: byte offsets and the text.\n";

static void put_span(const char *text, uint32_t a, uint32_t b)
{
    printf("%u\t%u\t", a, b);
    for (uint32_t i = a; i < b; i++)
        putchar(text[i] == '\n' ? ' ' : text[i]);
    putchar('\n');
}

static int dump_one(const cli_doc *in, void *vctx)
{
    const char *stage = vctx;
    ws_pipeline *p;
    ws_config cfg = {0};
    cfg.fast = 1;
    if (ws_pipeline_new(&cfg, &p) != WS_OK)
        return 1;
    ws_doc *d;
    ws_status st = ws_extract(p, in->text, in->len, in->flags, &d);
    if (st != WS_OK) {
        cli_error("%s: %s", in->origin, ws_strerror(st));
        ws_pipeline_free(p);
        return 1;
    }
    size_t len;
    const char *text = ws_doc_text(d, &len);
    if (!strcmp(stage, "paragraphs") || !strcmp(stage, "sentences")) {
        const ws_span *s;
        size_t n = stage[0] == 'p' ? ws_doc_paragraphs(d, &s) : ws_doc_sentences(d, &s);
        for (size_t i = 0; i < n; i++)
            put_span(text, s[i].start, s[i].end);
    } else if (!strcmp(stage, "tokens")) {
        const ws_token *t;
        size_t n = ws_doc_tokens(d, &t);
        for (size_t i = 0; i < n; i++) {
            printf("%s%s%s", t[i].flags & WS_TOK_SENT_START ? "S" : "-",
                   t[i].flags & WS_TOK_OPEN ? "(" : t[i].flags & WS_TOK_CLOSE ? ")" : "-",
                   t[i].flags & WS_TOK_QUOTE ? "Q" : "-");
            putchar('\t');
            put_span(text, t[i].start, t[i].end);
        }
    } else if (!strcmp(stage, "quotes")) {
        const ws_quotation *q;
        size_t n = ws_doc_quotes(d, &q);
        for (size_t i = 0; i < n; i++) {
            printf("depth=%u%s%s\t", q[i].depth, q[i].closed ? "" : " unclosed",
                   q[i].next >= 0 ? " continued" : "");
            put_span(text, q[i].span.start, q[i].span.end);
        }
    } else if (!strcmp(stage, "attributions")) {
        const ws_attribution *a;
        const ws_entity *e;
        size_t n = ws_doc_attributions(d, &a);
        ws_doc_entities(d, &e);
        for (size_t i = 0; i < n; i++) {
            printf("%s\t%s\t", ws_kind_name(a[i].kind), a[i].entity >= 0 ? e[a[i].entity].name : "-");
            if (a[i].cue.start != WS_NONE)
                printf("[%.*s]\t", (int)(a[i].cue.end - a[i].cue.start), text + a[i].cue.start);
            else
                printf("[]\t");
            put_span(text, a[i].content.start, a[i].content.end);
        }
    } else {
        cli_error("dump: unknown stage '%s'", stage);
        ws_doc_free(d);
        ws_pipeline_free(p);
        return 1;
    }
    ws_doc_free(d);
    ws_pipeline_free(p);
    return 0;
}

int cmd_dump(int argc, char **argv)
{
    static const struct option opts[] = {{"stage", required_argument, 0, 's'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *stage = NULL;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
        if (ch == 's')
            stage = optarg;
        else if (ch == 'h') {
            fputs(dump_usage, stdout);
            return EXIT_OK;
        } else {
            fputs(dump_usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (!stage || optind >= argc) {
        fputs(dump_usage, stderr);
        return EXIT_USAGE;
    }
    cli_input_opts io = {0};
    size_t failed = cli_for_each_doc(argv + optind, argc - optind, &io, dump_one, (void *)stage);
    return failed ? EXIT_SOME_FAILED : EXIT_OK;
}
