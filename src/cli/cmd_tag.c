/* cmd_tag.c — `whosaid tag`: every token with its byte offsets, POS and NER tag (BILOU), as TSV
 * (token, start, end, POS, NER; a blank line between sentences) or one JSON object per document. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char tag_usage[] =
    "usage: whosaid tag [options] INPUT...\n"
    "\n"
    "Tags every token with its part of speech (Penn Treebank) and named-entity tag (BILOU over\n"
    "PER, ORG, LOC, MISC). INPUT as for `whosaid extract` (text files, directories, .jsonl, -).\n"
    "\n"
    "options:\n"
    "  --format tsv|json  tsv: token, byte start, byte end, POS, NER per line, a blank line\n"
    "                     between sentences, \"# doc = ID\" before each document (default);\n"
    "                     json: one object per document and line\n"
    "  --jsonl            read every input (also stdin) as JSONL\n"
    "  --models DIR       directory with pos.model and ner.model (default: built in)\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit status: 0 all inputs tagged, 1 some failed or no models were found, 2 usage error.\n";

typedef struct {
    ws_pipeline *pipe;
    bool json;
} tag_ctx;

/* Token text with tabs and newlines shown as spaces (tokens never contain them today). */
static void put_tok(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        putchar(s[i] == '\t' || s[i] == '\n' ? ' ' : s[i]);
}

static void put_json_str(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static int tag_one(const cli_doc *in, void *vctx)
{
    tag_ctx *c = vctx;
    ws_doc *d;
    ws_status st = ws_extract(c->pipe, in->text, in->len, in->flags, &d);
    if (st != WS_OK) {
        cli_doc_error(in, "", "%s", ws_strerror(st));
        return 1;
    }
    size_t len;
    const char *text = ws_doc_text(d, &len);
    const ws_token *t;
    size_t n = ws_doc_tokens(d, &t);
    const char *id = in->meta.id ? in->meta.id : "";
    if (c->json) {
        printf("{\"id\":");
        put_json_str(id, strlen(id));
        printf(",\"tokens\":[");
        for (size_t i = 0; i < n; i++) {
            printf("%s{\"text\":", i ? "," : "");
            put_json_str(text + t[i].start, t[i].end - t[i].start);
            printf(",\"start\":%u,\"end\":%u,\"pos\":\"%s\",\"ner\":\"%s\",\"sent_start\":%s}", t[i].start,
                   t[i].end, ws_pos_name(t[i].pos), ws_ner_name(t[i].ner),
                   t[i].flags & WS_TOK_SENT_START ? "true" : "false");
        }
        printf("]}\n");
    } else {
        printf("# doc = %s\n", id);
        for (size_t i = 0; i < n; i++) {
            if (i && (t[i].flags & WS_TOK_SENT_START))
                putchar('\n');
            put_tok(text + t[i].start, t[i].end - t[i].start);
            printf("\t%u\t%u\t%s\t%s\n", t[i].start, t[i].end, ws_pos_name(t[i].pos), ws_ner_name(t[i].ner));
        }
        putchar('\n');
    }
    ws_doc_free(d);
    return 0;
}

int cmd_tag(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'}, {"jsonl", no_argument, 0, 'J'},
        {"models", required_argument, 0, 'm'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    tag_ctx c = {0};
    cli_input_opts io = {0};
    ws_config cfg = {0};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            if (!strcmp(optarg, "json"))
                c.json = true;
            else if (strcmp(optarg, "tsv")) {
                cli_error("tag: unknown format '%s' (tsv or json)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'J': io.jsonl = true; break;
        case 'm': cfg.model_dir = optarg; break;
        case 'h': fputs(tag_usage, stdout); return EXIT_OK;
        default: fputs(tag_usage, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs(tag_usage, stderr);
        return EXIT_USAGE;
    }
    ws_status st = ws_pipeline_new(&cfg, &c.pipe);
    if (st != WS_OK) {
        /* say which file is wrong and why */
        const char *dir = cfg.model_dir ? cfg.model_dir : getenv("WHOSAID_MODELS");
        const char *why = NULL;
        char path[4096];
        for (int k = 0; dir && k < 2 && !why; k++) {
            snprintf(path, sizeof path, "%s/%s", dir, k ? "ner.model" : "pos.model");
            if (ws_model_check(path, NULL, &why) == WS_OK)
                why = NULL;
        }
        if (why)
            cli_error("tag: %s: %s", path, why);
        else
            cli_error("tag: cannot load the tagger models: %s", ws_strerror(st));
        ws_pipeline_free(c.pipe);
        return EXIT_SOME_FAILED;
    }
    if (!ws_pipeline_has_taggers(c.pipe)) {
        cli_error("tag: no tagger models found (give --models DIR or set WHOSAID_MODELS; see `make train`)");
        ws_pipeline_free(c.pipe);
        return EXIT_SOME_FAILED;
    }
    size_t failed = cli_for_each_doc(argv + optind, argc - optind, &io, tag_one, &c);
    ws_pipeline_free(c.pipe);
    if (fflush(stdout) != 0) {
        cli_error("tag: write error");
        return EXIT_SOME_FAILED;
    }
    return failed ? EXIT_SOME_FAILED : EXIT_OK;
}
