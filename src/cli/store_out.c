/* store_out.c — what the corpus commands (search, quotes, speakers, stats, article) share: opening
 * the store with clear messages, the common query options, and the output formats: an aligned
 * table (default), json (one document, from the library), jsonl (one row per line), csv (RFC 4180). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

ws_store *cli_open_store(const char *path, unsigned flags)
{
    ws_store *s = NULL;
    ws_status st = ws_store_open(path, flags, &s);
    switch (st) {
    case WS_OK: return s;
    case WS_ENOTFOUND:
        cli_error("%s: no such store (make one with 'whosaid index --db %s INPUT...')", path, path);
        break;
    case WS_EFORMAT:
        cli_error("%s: not a whosaid store (corrupt, another program's file, or from a newer whosaid)", path);
        break;
    case WS_EIO:
        cli_error("%s: cannot open the store (not permitted, a directory, locked by another "
                  "program, or an older store on a read-only file)", path);
        break;
    default:
        cli_error("%s: cannot open the store: %s", path, ws_strerror(st));
    }
    return NULL;
}

int cli_store_failed(ws_store *s, const char *what, ws_status st)
{
    const char *m = ws_store_errmsg(s);
    if (m && *m)
        cli_error("%s: %s (%s)", what, ws_strerror(st), m);
    else
        cli_error("%s: %s", what, ws_strerror(st));
    return EXIT_SOME_FAILED;
}

int cli_parse_query(int argc, char **argv, const struct option *opts, const char *allowed, const char *usage,
                    cli_query_opts *o)
{
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (ch == 'h') {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        int r = !allowed || (ch > 0 && strchr(allowed, ch)) ? cli_query_option(ch, optarg, o) : 1;
        if (r) {
            if (r > 0)
                fputs(usage, stderr);
            return EXIT_USAGE;
        }
    }
    return -1;
}

int cli_query_option(int ch, const char *arg, cli_query_opts *o)
{
    char *end;
    unsigned long v;
    switch (ch) {
    case 'd': o->db = arg; return 0;
    case 's': o->q.speaker = arg; return 0;
    case 'a': o->q.about = arg; return 0;
    case 'S': o->q.source = arg; return 0;
    case '1': o->q.since = arg; return 0;
    case '2': o->q.until = arg; return 0;
    case 'n':
    case 'o':
        errno = 0;
        v = strtoul(arg, &end, 10);
        if (errno || *end || !*arg || v > 1000000) {
            cli_error("--%s: expected a number up to 1000000, got '%s'", ch == 'n' ? "limit" : "offset", arg);
            return -1;
        }
        if (ch == 'n')
            o->q.limit = (uint32_t)v;
        else
            o->q.offset = (uint32_t)v;
        return 0;
    case 'f': {
        static const char *const names[] = {"table", "json", "jsonl", "csv"};
        for (int i = 0; i < 4; i++)
            if (!strcmp(arg, names[i])) {
                o->format = (cli_format)i;
                return 0;
            }
        cli_error("unknown format '%s' (table, json, jsonl or csv)", arg);
        return -1;
    }
    }
    return 1;
}

/* ---- tables: rows are collected, then printed with column widths ---- */

static size_t cp_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Prints s in exactly width code points (clipped with "…", padded unless last). */
static void put_cell(FILE *f, const char *s, size_t width, bool last)
{
    size_t n = cp_len(s), shown = 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c & 0xC0) != 0x80) {
            if (n > width && shown == width - 1) {
                fputs("…", f);
                shown++;
                break;
            }
            shown++;
        }
        fputc(c == '\n' || c == '\t' || c == '\r' ? ' ' : c, f);
    }
    if (!last)
        for (; shown < width; shown++)
            fputc(' ', f);
}

void cli_table_init(cli_table *t, size_t ncols, const char *const *names, size_t wrap_col)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->names = names;
    t->wrap_col = wrap_col;
}

void cli_table_add(cli_table *t, const char *const *cells)
{
    if (t->failed)
        return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **c = realloc(t->cells, cap * t->ncols * sizeof *c);
        if (!c) {
            t->failed = true;
            return;
        }
        t->cells = c;
        t->cap = cap;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        char *d = strdup(cells[i] ? cells[i] : "");
        if (!d)
            t->failed = true;
        t->cells[t->nrows * t->ncols + i] = d;
    }
    t->nrows++;
}

static void csv_cell(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void cli_table_print(cli_table *t, FILE *f, bool csv)
{
    if (csv) {
        for (size_t r = 0; r <= t->nrows; r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                if (c)
                    fputc(',', f);
                const char *cell = r ? t->cells[(r - 1) * t->ncols + c] : t->names[c];
                csv_cell(f, cell ? cell : "");
            }
            fputs("\r\n", f);
        }
        return;
    }
    size_t width[16] = {0};
    size_t nc = t->ncols < 16 ? t->ncols : 16;
    for (size_t c = 0; c < nc; c++) {
        width[c] = cp_len(t->names[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            const char *cell = t->cells[r * t->ncols + c];
            size_t n = cell ? cp_len(cell) : 0;
            if (n > width[c])
                width[c] = n;
        }
        if (c != t->wrap_col && width[c] > 40)
            width[c] = 40;
    }
    /* the wide column (the quote) gets what the terminal has left, at least 30 */
    size_t cols = 120;
    struct winsize ws;
    if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        cols = ws.ws_col;
    size_t used = 0;
    for (size_t c = 0; c < nc; c++)
        if (c != t->wrap_col)
            used += width[c] + 2;
    if (t->wrap_col < nc) {
        size_t left = cols > used + 30 ? cols - used : 30;
        if (width[t->wrap_col] > left)
            width[t->wrap_col] = left;
    }
    for (size_t c = 0; c < nc; c++) {
        put_cell(f, t->names[c], width[c], c + 1 == nc);
        if (c + 1 < nc)
            fputs("  ", f);
    }
    fputc('\n', f);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < nc; c++) {
            const char *cell = t->cells[r * t->ncols + c];
            put_cell(f, cell ? cell : "", width[c], c + 1 == nc);
            if (c + 1 < nc)
                fputs("  ", f);
        }
        fputc('\n', f);
    }
}

void cli_table_free(cli_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* ---- quote and speaker rows ---- */

static const char *const quote_cols[] = {"speaker", "date", "source", "n", "quote", "article"};
static const char *const quote_csv_cols[] = {"id", "cluster_id", "speaker", "date", "source",
                                             "article_id", "kind", "cue", "occurrences",
                                             "first_date", "sources", "text"};

void cli_rows_init(cli_rows *r, cli_format fmt, bool speakers)
{
    memset(r, 0, sizeof *r);
    r->format = fmt;
    r->speakers = speakers;
    static const char *const sp_cols[] = {"id", "speaker", "kind", "quotes", "articles", "aliases"};
    if (speakers)
        cli_table_init(&r->t, 6, sp_cols, 5);
    else if (fmt == CLI_CSV)
        cli_table_init(&r->t, 12, quote_csv_cols, 99);
    else
        cli_table_init(&r->t, 6, quote_cols, 4);
}

static void print_json_line(char *js, size_t n, ws_status st, cli_rows *r)
{
    if (st != WS_OK) {
        r->failed = true;
        return;
    }
    fwrite(js, 1, n, stdout);
    fputc('\n', stdout);
    ws_free(js);
}

int cli_rows_quote(const ws_quote_row *q, void *ctx)
{
    cli_rows *r = ctx;
    r->n++;
    if (r->format == CLI_JSONL) {
        char *js;
        size_t n;
        ws_status st = ws_quote_row_json(q, &js, &n);
        print_json_line(js, n, st, r);
        return 0;
    }
    char occ[16], id[24], cid[24];
    snprintf(occ, sizeof occ, "%u", q->occurrences);
    snprintf(id, sizeof id, "%lld", (long long)q->id);
    snprintf(cid, sizeof cid, "%lld", (long long)q->cluster_id);
    if (r->format == CLI_CSV) {
        const char *cells[] = {id, cid, q->speaker, q->date, q->source, q->article_id, q->kind,
                               q->cue, occ, q->first_date, q->sources, q->text};
        cli_table_add(&r->t, cells);
    } else {
        const char *cells[] = {q->speaker ? q->speaker : "?", q->date, q->source, occ,
                               q->snippet ? q->snippet : q->text, q->article_id};
        cli_table_add(&r->t, cells);
    }
    return 0;
}

int cli_rows_speaker(const ws_speaker_row *s, void *ctx)
{
    cli_rows *r = ctx;
    r->n++;
    if (r->format == CLI_JSONL) {
        char *js;
        size_t n;
        ws_status st = ws_speaker_row_json(s, &js, &n);
        print_json_line(js, n, st, r);
        return 0;
    }
    char id[24], nq[16], na[16];
    snprintf(id, sizeof id, "%lld", (long long)s->id);
    snprintf(nq, sizeof nq, "%u", s->quotes);
    snprintf(na, sizeof na, "%u", s->articles);
    const char *cells[] = {id, s->name, s->kind, nq, na, s->aliases};
    cli_table_add(&r->t, cells);
    return 0;
}

int cli_rows_finish(cli_rows *r)
{
    int rc = EXIT_OK;
    if (r->t.failed || r->failed) {
        cli_error("out of memory");
        rc = EXIT_SOME_FAILED;
    } else if (r->format == CLI_TABLE || r->format == CLI_CSV) {
        cli_table_print(&r->t, stdout, r->format == CLI_CSV);
    }
    cli_table_free(&r->t);
    if (fflush(stdout) != 0) {
        cli_error("write error: %s", strerror(errno));
        rc = EXIT_SOME_FAILED;
    }
    return rc;
}

int cli_print_json(ws_store *s, ws_query_kind kind, const ws_query *q, const char *id, const char *what)
{
    char *js;
    size_t n;
    ws_status st = ws_store_query_json(s, kind, q, id, &js, &n);
    if (st != WS_OK)
        return cli_store_failed(s, what, st);
    fwrite(js, 1, n, stdout);
    fputc('\n', stdout);
    ws_free(js);
    if (fflush(stdout) != 0) {
        cli_error("write error: %s", strerror(errno));
        return EXIT_SOME_FAILED;
    }
    return EXIT_OK;
}

int cli_run_list(const cli_query_opts *o, ws_query_kind kind, const char *what)
{
    ws_store *s = cli_open_store(o->db, WS_STORE_READ);
    if (!s)
        return EXIT_SOME_FAILED;
    int rc;
    if (o->format == CLI_JSON) {
        rc = cli_print_json(s, kind, &o->q, NULL, what);
    } else {
        cli_rows rows;
        cli_rows_init(&rows, o->format, kind == WS_Q_SPEAKERS);
        ws_status st = kind == WS_Q_SEARCH   ? ws_store_search(s, &o->q, cli_rows_quote, &rows)
                       : kind == WS_Q_QUOTES ? ws_store_quotes(s, &o->q, cli_rows_quote, &rows)
                                             : ws_store_speakers(s, &o->q, cli_rows_speaker, &rows);
        if (st == WS_EINVAL && kind == WS_Q_SEARCH) {
            cli_error("search: cannot parse the query '%s' (%s)", o->q.match, ws_store_errmsg(s));
            rc = EXIT_USAGE;
        } else if (st == WS_ENOTFOUND && kind == WS_Q_QUOTES) {
            cli_error("quotes: no speaker named '%s' in %s", o->q.speaker, o->db);
            rc = EXIT_SOME_FAILED;
        } else if (st != WS_OK) {
            rc = cli_store_failed(s, what, st);
        } else {
            rc = cli_rows_finish(&rows);
        }
        cli_table_free(&rows.t);
    }
    ws_store_close(s);
    return rc;
}
