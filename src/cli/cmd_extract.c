/* cmd_extract.c — `whosaid extract`: attributions as JSON (one object per line) or a table. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char extract_usage[] =
    "usage: whosaid extract [options] INPUT...\n"
    "\n"
    "Finds every attribution (who said, believes or claims what) in news articles.\n"
    "INPUT is a text file (first line the headline, then one paragraph per line), a directory\n"
    "(its .txt and .jsonl files, recursively, in sorted order), a .jsonl file (one object per\n"
    "line with \"text\" and optional \"id\", \"title\", \"url\", \"date\", \"source\"), or - for stdin.\n"
    "\n"
    "options:\n"
    "  --format json|table  json: one JSON object per document and line (default);\n"
    "                       table: speaker | cue | content, for reading\n"
    "  --jsonl              read every input (also stdin) as JSONL\n"
    "  --fast               rules only: skip the statistical taggers\n"
    "  --models DIR         directory with the tagger models (default: built in)\n"
    "  -h, --help           this text\n"
    "\n"
    "Exit status: 0 all inputs processed, 1 some inputs failed (reported on stderr), 2 usage error.\n";

typedef struct {
    ws_pipeline *pipe;
    bool table;
    size_t ndocs;
} extract_ctx;

static void print_clip(const char *s, size_t n, size_t width)
{
    /* collapse newlines; clip at width code points */
    size_t cps = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) {
            if (cps == width) {
                fputs("…", stdout);
                return;
            }
            cps++;
        }
        putchar(c == '\n' || c == '\t' ? ' ' : c);
    }
}

static void print_table(const ws_doc *doc, const cli_doc *in)
{
    size_t len;
    const char *text = ws_doc_text(doc, &len);
    const ws_attribution *a;
    const ws_entity *e;
    size_t na = ws_doc_attributions(doc, &a);
    ws_doc_entities(doc, &e);
    printf("== %s (%zu attributions)\n", in->meta.id ? in->meta.id : "", na);
    printf("%-28s | %-8s | %-14s | %s\n", "speaker", "kind", "cue", "content");
    for (size_t i = 0; i < na; i++) {
        const char *sp = a[i].entity >= 0 ? e[a[i].entity].name : "?";
        size_t spl = strlen(sp);
        print_clip(sp, spl, 28);
        for (size_t k = spl > 28 ? 28 : spl; k < 28; k++)
            putchar(' ');
        printf(" | %-8s | ", ws_kind_name(a[i].kind));
        if (a[i].cue.start != WS_NONE) {
            size_t cl = a[i].cue.end - a[i].cue.start;
            print_clip(text + a[i].cue.start, cl, 14);
            for (size_t k = cl; k < 14; k++)
                putchar(' ');
        } else {
            printf("%-14s", "-");
        }
        printf(" | ");
        print_clip(text + a[i].content.start, a[i].content.end - a[i].content.start, 100);
        putchar('\n');
    }
}

static int extract_one(const cli_doc *in, void *vctx)
{
    extract_ctx *c = vctx;
    ws_doc *doc;
    ws_status st = ws_extract(c->pipe, in->text, in->len, in->flags, &doc);
    if (st != WS_OK) {
        if (in->line)
            cli_error("%s:%zu: %s", in->origin, in->line, ws_strerror(st));
        else
            cli_error("%s: %s", in->origin, ws_strerror(st));
        return 1;
    }
    const ws_warning *w;
    size_t nw = ws_doc_warnings(doc, &w);
    for (size_t i = 0; i < nw; i++) {
        if (in->line)
            cli_error("warning: %s:%zu: byte %u: %s", in->origin, in->line, w[i].offset, w[i].message);
        else
            cli_error("warning: %s: byte %u: %s", in->origin, w[i].offset, w[i].message);
    }
    int rc = 0;
    if (c->table) {
        print_table(doc, in);
    } else {
        char *json;
        size_t jl;
        st = ws_doc_to_json(doc, &in->meta, &json, &jl);
        if (st != WS_OK) {
            cli_error("%s: %s", in->origin, ws_strerror(st));
            rc = 1;
        } else {
            fwrite(json, 1, jl, stdout);
            putchar('\n');
            ws_free(json);
        }
    }
    c->ndocs++;
    ws_doc_free(doc);
    return rc;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'}, {"jsonl", no_argument, 0, 'J'},
        {"fast", no_argument, 0, 'F'},         {"models", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    extract_ctx c = {0};
    cli_input_opts io = {0};
    ws_config cfg = {0};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            if (!strcmp(optarg, "table"))
                c.table = true;
            else if (strcmp(optarg, "json")) {
                cli_error("extract: unknown format '%s' (json or table)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'J': io.jsonl = true; break;
        case 'F': cfg.fast = 1; break;
        case 'm': cfg.model_dir = optarg; break;
        case 'h': fputs(extract_usage, stdout); return EXIT_OK;
        default: fputs(extract_usage, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs(extract_usage, stderr);
        return EXIT_USAGE;
    }
    ws_status st = ws_pipeline_new(&cfg, &c.pipe);
    if (st != WS_OK) {
        cli_error("extract: cannot load the pipeline: %s", ws_strerror(st));
        return EXIT_SOME_FAILED;
    }
    size_t failed = cli_for_each_doc(argv + optind, argc - optind, &io, extract_one, &c);
    ws_pipeline_free(c.pipe);
    if (fflush(stdout) != 0) {
        cli_error("extract: write error");
        return EXIT_SOME_FAILED;
    }
    return failed ? EXIT_SOME_FAILED : EXIT_OK;
}
