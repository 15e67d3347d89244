/* cmd_eval.c — `whosaid eval`: scores attributions against gold (PolNeAR brat or gold JSON), from an
 * in-process extraction or from `whosaid extract` JSONL, and prints the metrics of docs/ACCURACY.md
 * as a table or one JSON object; --errors lists misses and false hits with their sentences. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char eval_usage[] =
    "usage: whosaid eval --gold DIR [options]\n"
    "\n"
    "Scores attributions against hand-annotated gold (rules and published figures: docs/ACCURACY.md).\n"
    "DIR is a PolNeAR split (DIR/text/NAME.txt + DIR/attributions/NAME_XXXX.ann; of several\n"
    "annotators the first file in sorted order) or a folder of gold JSON files (FORMAT.md) whose\n"
    "texts sit beside them or in --text-dir. Texts are read as news (first line the headline).\n"
    "\n"
    "options:\n"
    "  --gold DIR             the gold folder (required)\n"
    "  --text-dir DIR         where the texts of gold JSON files are (default: beside them)\n"
    "  --pred FILE.jsonl      score `whosaid extract` output instead of extracting in-process;\n"
    "                         records are matched to gold documents by file name stem of \"id\"\n"
    "  --subset all|quoted    quoted: only direct and mixed attributions, on both sides\n"
    "  --errors               list every miss, false hit and wrong speaker with its sentence\n"
    "                         (on stderr when --json is given)\n"
    "  --json                 print one JSON object with all metrics (fractions in 0..1)\n"
    "  --fast                 in-process extraction with rules only (no statistical taggers)\n"
    "  --models DIR           directory with the tagger models (default: built in)\n"
    "  -h, --help             this text\n"
    "\n"
    "Exit status: 0 scored, 1 the gold or some predictions could not be read (reported), 2 usage.\n";

typedef struct {
    const ws_gold *gold;
    ws_eval *ev;
    ws_pipeline *sent_pipe;  /* for --errors with --pred: sentence splitting only */
    FILE *err_out;           /* --errors destination, NULL when off */
} eval_ctx;

/* ---- --errors ---- */

static unsigned line_of(const char *text, uint32_t off)
{
    unsigned line = 1;
    for (uint32_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* Prints text[s..e) on one line, clipped to width code points. */
static void put_clip(FILE *f, const char *text, uint32_t s, uint32_t e, size_t width)
{
    size_t cps = 0;
    for (uint32_t i = s; i < e; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) != 0x80 && cps++ == width) {
            fputs("…", f);
            return;
        }
        fputc(c == '\n' || c == '\t' || c == '\r' ? ' ' : c, f);
    }
}

static void put_span(FILE *f, const char *label, const char *text, ws_span s)
{
    if (s.start == WS_NONE)
        return;
    fprintf(f, " %s \"", label);
    put_clip(f, text, s.start, s.end, 80);
    fputc('"', f);
}

/* A gold span; the pieces of a discontinuous one joined by " … ". */
static void put_gold_span(FILE *f, const char *label, const char *text, const ws_gold_span *g)
{
    if (g->nsegments == 0) {
        put_span(f, label, text, g->span);
        return;
    }
    fprintf(f, " %s \"", label);
    for (uint32_t k = 0; k < g->nsegments; k++) {
        if (k)
            fputs(" … ", f);
        put_clip(f, text, g->segments[k].start, g->segments[k].end, 60);
    }
    fputc('"', f);
}

/* The sentences around [s, e), or its line when there are none. */
static void put_context(FILE *f, const char *text, size_t len, const ws_span *sents, size_t ns, ws_span sp)
{
    uint32_t a = sp.start, b = sp.end;
    bool found = false;
    for (size_t i = 0; i < ns; i++)
        if (sents[i].start <= sp.end && sents[i].end >= sp.start &&
            !(sents[i].end == sp.start && sp.end > sp.start)) {
            if (!found || sents[i].start < a)
                a = sents[i].start < a ? sents[i].start : a;
            if (sents[i].end > b)
                b = sents[i].end;
            found = true;
        }
    if (!found) {
        while (a > 0 && text[a - 1] != '\n')
            a--;
        while (b < len && text[b] != '\n')
            b++;
    }
    fputs("      | ", f);
    put_clip(f, text, a, b, 400);
    fputc('\n', f);
}

static void print_errors(eval_ctx *c, size_t doc, const ws_attribution *pred, const ws_entity *ents,
                         size_t nents, const ws_doc *sdoc)
{
    size_t len;
    const char *text = ws_gold_doc_text(c->gold, doc, &len);
    const char *name = ws_gold_doc_name(c->gold, doc);
    const ws_gold_attribution *g;
    ws_gold_doc_attributions(c->gold, doc, &g);
    const ws_span *sents = NULL;
    size_t ns = sdoc ? ws_doc_sentences(sdoc, &sents) : 0;
    const ws_eval_item *it;
    size_t n = ws_eval_items(c->ev, &it);
    FILE *f = c->err_out;
    for (size_t i = 0; i < n; i++) {
        if (it[i].outcome == WS_EVAL_HIT && it[i].speaker_ok)
            continue;
        const ws_gold_attribution *ga = it[i].gold >= 0 ? &g[it[i].gold] : NULL;
        const ws_attribution *pa = it[i].pred >= 0 ? &pred[it[i].pred] : NULL;
        ws_span at;
        ws_kind kind;
        if (ga) {
            at = ga->content.span;
            kind = ga->kind;
        } else if (pa) {
            at = pa->content;
            kind = pa->kind;
        } else {
            continue;
        }
        const char *what = it[i].outcome == WS_EVAL_MISS ? "MISS" : it[i].outcome == WS_EVAL_FALSE_HIT ? "FALSE" : "SPEAKER";
        fprintf(f, "%-7s %s:%u %s", what, name, line_of(text, at.start), ws_kind_name(kind));
        if (ga) {
            fprintf(f, " gold: speaker \"%s\"", ga->speaker ? ga->speaker : "-");
            put_gold_span(f, "source", text, &ga->source);
            put_gold_span(f, "cue", text, &ga->cue);
            if (!pa)
                put_gold_span(f, "content", text, &ga->content);
        }
        if (pa) {
            bool named = pa->entity >= 0 && (size_t)pa->entity < nents;
            fprintf(f, "%s predicted: speaker \"%s\"", ga ? ";" : "", named ? ents[pa->entity].name : "-");
            put_span(f, "source", text, pa->source);
            put_span(f, "cue", text, pa->cue);
            put_span(f, "content", text, pa->content);
        }
        fputc('\n', f);
        put_context(f, text, len, sents, ns, at);
    }
}

/* ---- scoring one document ---- */

/* Returns nonzero when the predictions could not be scored (reported). */
static int score_doc(eval_ctx *c, size_t doc, const ws_attribution *a, size_t na, const ws_entity *e,
                     size_t ne, const ws_doc *sdoc, const char *origin, size_t line)
{
    ws_status st = ws_eval_add(c->ev, c->gold, doc, a, na, e, ne);
    if (st != WS_OK) {
        size_t len;
        ws_gold_doc_text(c->gold, doc, &len);
        if (st == WS_EINVAL)
            cli_error("%s:%zu: a span is outside the %zu-byte text of %s; record skipped", origin, line, len,
                      ws_gold_doc_name(c->gold, doc));
        else
            cli_error("%s:%zu: %s", origin, line, ws_strerror(st));
        return 1;
    }
    if (c->err_out) {
        ws_doc *tmp = NULL;
        if (!sdoc && c->sent_pipe) {
            size_t len;
            const char *text = ws_gold_doc_text(c->gold, doc, &len);
            if (ws_extract(c->sent_pipe, text, len, ws_gold_doc_flags(c->gold, doc), &tmp) == WS_OK)
                sdoc = tmp;
        }
        print_errors(c, doc, a, e, ne, sdoc);
        ws_doc_free(tmp);
    }
    return 0;
}

/* In-process: extract every gold text. Returns the number of documents that failed. */
static size_t run_extract(eval_ctx *c, ws_pipeline *pipe)
{
    size_t failed = 0;
    for (size_t i = 0; i < ws_gold_ndocs(c->gold); i++) {
        size_t len;
        const char *text = ws_gold_doc_text(c->gold, i, &len);
        ws_doc *doc;
        ws_status st = ws_extract(pipe, text, len, ws_gold_doc_flags(c->gold, i), &doc);
        if (st != WS_OK) {
            cli_error("%s: %s; scored as no predictions", ws_gold_doc_name(c->gold, i), ws_strerror(st));
            failed++;
            score_doc(c, i, NULL, 0, NULL, 0, NULL, ws_gold_doc_name(c->gold, i), 0);
            continue;
        }
        const ws_attribution *a;
        const ws_entity *e;
        size_t na = ws_doc_attributions(doc, &a), ne = ws_doc_entities(doc, &e);
        failed += (size_t)score_doc(c, i, a, na, e, ne, doc, ws_gold_doc_name(c->gold, i), 0);
        ws_doc_free(doc);
    }
    return failed;
}

/* ---- --pred JSONL ---- */

/* {"start":S,"end":E} -> span; null/absent -> WS_NONE; false when malformed. */
static bool json_span(json_t *v, ws_span *out)
{
    *out = (ws_span){WS_NONE, WS_NONE};
    if (!v || json_is_null(v))
        return true;
    json_t *s = json_object_get(v, "start"), *e = json_object_get(v, "end");
    if (!json_is_integer(s) || !json_is_integer(e))
        return false;
    json_int_t a = json_integer_value(s), b = json_integer_value(e);
    if (a < 0 || b < a || b >= (json_int_t)WS_NONE)
        return false;
    *out = (ws_span){(uint32_t)a, (uint32_t)b};
    return true;
}

static const struct { const char *name; ws_kind kind; } kinds[] = {
    {"direct", WS_DIRECT}, {"mixed", WS_MIXED}, {"indirect", WS_INDIRECT},
};

/* One record's attributions into arrays (heap; the names point into rec). Returns an error message
 * or NULL. */
static const char *parse_record(json_t *rec, ws_attribution **pa, ws_entity **pe, ws_span **pseg, size_t *na)
{
    json_t *arr = json_object_get(rec, "attributions");
    if (!json_is_array(arr))
        return "record has no \"attributions\" array";
    size_t n = json_array_size(arr), nseg = 0;
    if (n > WS_MAX_ATTRIBUTIONS)
        return "too many attributions";
    for (size_t i = 0; i < n; i++)
        nseg += json_array_size(json_object_get(json_array_get(arr, i), "segments"));
    ws_attribution *a = calloc(n + 1, sizeof *a);
    ws_entity *e = calloc(n + 1, sizeof *e);
    ws_span *seg = calloc(nseg + 1, sizeof *seg);
    *pa = a;
    *pe = e;
    *pseg = seg;
    *na = 0;
    if (!a || !e || !seg)
        return "out of memory";
    nseg = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        const char *k = json_string_value(json_object_get(o, "kind"));
        size_t ki = 0, nk = sizeof kinds / sizeof kinds[0];
        while (k && ki < nk && strcmp(k, kinds[ki].name))
            ki++;
        if (!k || ki == nk)
            return "an attribution's \"kind\" is not direct, mixed or indirect";
        a[i].kind = kinds[ki].kind;
        if (!json_span(json_object_get(o, "content"), &a[i].content) || a[i].content.start == WS_NONE)
            return "an attribution has no valid \"content\" {\"start\",\"end\"}";
        if (!json_span(json_object_get(o, "cue"), &a[i].cue) || !json_span(json_object_get(o, "source"), &a[i].source))
            return "an attribution has a malformed \"cue\" or \"source\"";
        a[i].entity = -1;
        json_t *sp = json_object_get(o, "speaker");
        const char *nm = json_string_value(json_object_get(sp, "name"));
        if (nm) {
            e[i].name = nm;
            e[i].kind = WS_UNKNOWN;
            const char *ek = json_string_value(json_object_get(sp, "kind"));
            for (int x = WS_PERSON; ek && x <= WS_UNKNOWN; x++)
                if (!strcmp(ek, ws_entity_kind_name((ws_entity_kind)x)))
                    e[i].kind = (ws_entity_kind)x;
            a[i].entity = (int32_t)i;
        }
        json_t *sg = json_object_get(o, "segments");
        if (json_array_size(sg) > 1) {
            a[i].segments = seg + nseg;
            for (size_t s = 0; s < json_array_size(sg); s++) {
                if (!json_span(json_array_get(sg, s), &seg[nseg]) || seg[nseg].start == WS_NONE)
                    return "an attribution has a malformed \"segments\" item";
                nseg++;
                a[i].nsegments++;
            }
        }
        (*na)++;
    }
    return NULL;
}

/* "dir/NAME.txt" -> "NAME" in buf. */
static void stem_of(const char *id, char *buf, size_t cap)
{
    const char *b = strrchr(id, '/');
    b = b ? b + 1 : id;
    snprintf(buf, cap, "%s", b);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
}

static size_t run_pred(eval_ctx *c, const char *path)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return 1;
    }
    size_t ndocs = ws_gold_ndocs(c->gold), failed = 0, lineno = 0, unmatched = 0;
    bool *seen = calloc(ndocs + 1, 1);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    if (!seen) {
        cli_error("eval: out of memory");
        if (f != stdin)
            fclose(f);
        return 1;
    }
    while ((got = getline(&line, &cap, f)) != -1) {
        lineno++;
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
            len--;
        if (!len)
            continue;
        json_error_t jerr;
        json_t *rec = json_loadb(line, len, 0, &jerr);
        if (!json_is_object(rec)) {
            cli_error("%s:%zu: not a JSON object%s%s", path, lineno, rec ? "" : ": ", rec ? "" : jerr.text);
            json_decref(rec);
            failed++;
            continue;
        }
        json_t *idv = json_object_get(rec, "id");
        char idbuf[32], stem[1024];
        const char *id = json_string_value(idv);
        if (json_is_integer(idv)) { /* extract numbers JSONL records without an id */
            snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(idv));
            id = idbuf;
        }
        stem_of(id ? id : "", stem, sizeof stem);
        long doc = id ? ws_gold_find(c->gold, stem) : -1;
        if (doc < 0) {
            cli_error("warning: %s:%zu: no gold document named \"%s\"; record ignored", path, lineno, stem);
            unmatched++;
        } else if (seen[doc]) {
            cli_error("warning: %s:%zu: a second record for \"%s\"; ignored", path, lineno, stem);
        } else {
            ws_attribution *a = NULL;
            ws_entity *e = NULL;
            ws_span *seg = NULL;
            size_t na = 0;
            const char *msg = parse_record(rec, &a, &e, &seg, &na);
            if (msg) {
                cli_error("%s:%zu: %s; record skipped", path, lineno, msg);
                failed++;
            } else if (score_doc(c, (size_t)doc, a, na, e, na, NULL, path, lineno)) {
                failed++;
            } else {
                seen[doc] = true;
            }
            free(a);
            free(e);
            free(seg);
        }
        json_decref(rec);
    }
    if (ferror(f)) {
        cli_error("%s: read error", path);
        failed++;
    }
    if (f != stdin)
        fclose(f);
    free(line);
    size_t missing = 0;
    for (size_t i = 0; i < ndocs; i++)
        if (!seen[i]) {
            missing++;
            score_doc(c, i, NULL, 0, NULL, 0, NULL, path, 0);
        }
    if (missing)
        cli_error("warning: %s: %zu of %zu gold documents have no prediction record; scored as empty", path,
                  missing, ndocs);
    (void)unmatched;
    free(seen);
    return failed;
}

/* ---- output ---- */

static void print_prf(const char *a, const char *b, const ws_prf *x)
{
    printf("%-12s %-12s %6.1f %6.1f %6.1f   %zu/%zu/%zu\n", a, b, 100 * x->p, 100 * x->r, 100 * x->f, x->tp,
           x->npred, x->ngold);
}

static void print_table(const ws_eval_result *r, const char *gold_dir, bool quoted)
{
    static const char *const roles[] = {"source", "cue", "content"};
    static const char *const matches[] = {"exact", "trimmed", "jaccard>=.5"};
    printf("gold %s: %zu documents, %zu attributions (+%zu optional), %zu predicted; subset %s\n\n", gold_dir,
           r->ndocs, r->ngold, r->noptional, r->npred, quoted ? "quoted" : "all");
    printf("%-12s %-12s %6s %6s %6s   %s\n", "", "", "P", "R", "F1", "hits/pred/gold");
    for (int i = 0; i < 3; i++)
        for (int m = 0; m < 3; m++)
            print_prf(m ? "" : roles[i], matches[m], &r->roles[i][m]);
    print_prf("attribution", "soft", &r->soft);
    print_prf("", "end-to-end", &r->e2e);
    printf("\nspeaker accuracy on matched: %.1f%% (%zu/%zu)\n", 100 * r->speaker_accuracy, r->speaker_ok,
           r->matched);
    printf("recall by kind:");
    for (int k = WS_DIRECT; k <= WS_INDIRECT; k++)
        printf("  %s %.1f%% (%zu/%zu)", ws_kind_name((ws_kind)k), 100 * r->recall_by_kind[k], r->kind_found[k],
               r->kind_gold[k]);
    putchar('\n');
}

int cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {
        {"gold", required_argument, 0, 'g'},   {"text-dir", required_argument, 0, 't'},
        {"pred", required_argument, 0, 'p'},   {"subset", required_argument, 0, 's'},
        {"errors", no_argument, 0, 'e'},       {"json", no_argument, 0, 'j'},
        {"fast", no_argument, 0, 'F'},         {"models", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    const char *gold_dir = NULL, *text_dir = NULL, *pred = NULL;
    bool errors = false, json = false;
    ws_eval_config ecfg = {0};
    ws_config cfg = {0};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'g': gold_dir = optarg; break;
        case 't': text_dir = optarg; break;
        case 'p': pred = optarg; break;
        case 's':
            if (!strcmp(optarg, "quoted"))
                ecfg.quoted_only = 1;
            else if (strcmp(optarg, "all")) {
                cli_error("eval: unknown subset '%s' (all or quoted)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'e': errors = true; break;
        case 'j': json = true; break;
        case 'F': cfg.fast = 1; break;
        case 'm': cfg.model_dir = optarg; break;
        case 'h': fputs(eval_usage, stdout); return EXIT_OK;
        default: fputs(eval_usage, stderr); return EXIT_USAGE;
        }
    }
    if (!gold_dir || optind < argc) {
        fputs(eval_usage, stderr);
        return EXIT_USAGE;
    }
    ws_gold *gold = NULL;
    ws_eval *ev = NULL;
    ws_pipeline *pipe = NULL;
    int rc = EXIT_SOME_FAILED;
    ws_status st;
    if ((st = ws_gold_new(&gold)) != WS_OK || (st = ws_eval_new(&ecfg, &ev)) != WS_OK) {
        cli_error("eval: %s", ws_strerror(st));
        goto done;
    }
    if ((st = ws_gold_load_dir(gold, gold_dir, text_dir)) != WS_OK) {
        cli_error("%s", ws_gold_error(gold));
        goto done;
    }
    eval_ctx c = {.gold = gold, .ev = ev, .err_out = errors ? (json ? stderr : stdout) : NULL};
    if (pred && errors)
        cfg.fast = 1; /* the pipeline only splits sentences for the listing */
    if ((!pred || errors) && (st = ws_pipeline_new(&cfg, &pipe)) != WS_OK) {
        cli_error("eval: cannot load the pipeline: %s", ws_strerror(st));
        goto done;
    }
    size_t failed;
    if (pred) {
        c.sent_pipe = pipe;
        failed = run_pred(&c, pred);
    } else {
        failed = run_extract(&c, pipe);
    }
    ws_eval_result r;
    ws_eval_get(ev, &r);
    if (json) {
        char *out;
        size_t len;
        if ((st = ws_eval_result_json(&r, &out, &len)) != WS_OK) {
            cli_error("eval: %s", ws_strerror(st));
            goto done;
        }
        fwrite(out, 1, len, stdout);
        putchar('\n');
        ws_free(out);
    } else {
        if (errors)
            putchar('\n');
        print_table(&r, gold_dir, ecfg.quoted_only);
    }
    if (fflush(stdout) != 0) {
        cli_error("eval: write error");
        goto done;
    }
    rc = failed ? EXIT_SOME_FAILED : EXIT_OK;
done:
    ws_pipeline_free(pipe);
    ws_eval_free(ev);
    ws_gold_free(gold);
    return rc;
}
