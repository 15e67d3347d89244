/* cmd_extract.c — `whosaid extract`: attributions as JSON (one object per line) or a table.
 * With -j N the main thread reads records into a fixed window of slots, N workers parse and
 * extract them (one shared, immutable ws_pipeline), and a writer thread prints each slot's output
 * and messages strictly in input order; so -j N writes the same bytes as -j 1 and memory is bounded
 * by the window (WINDOW_PER_THREAD slots per worker, WINDOW_BYTES of input in flight), whatever
 * the input size. */
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char extract_usage[] =
    "usage: whosaid extract [options] INPUT...\n"
    "\n"
    "Finds every attribution (who said, believes or claims what) in news articles.\n"
    "INPUT is a text file (first line the headline, then one paragraph per line), a directory\n"
    "(its .txt and .jsonl files, recursively, in sorted order), a .jsonl file (one object per\n"
    "line with \"text\" and optional \"id\", \"title\", \"url\", \"date\", \"source\"), or - for stdin.\n"
    "Any input may be gzip- or zstd-compressed (.gz, .zst; on stdin recognised by its first bytes).\n"
    "\n"
    "options:\n"
    "  --format json|table  json: one JSON object per document and line (default);\n"
    "                       table: speaker | cue | content, for reading\n"
    "  --jsonl              read every input (also stdin) as JSONL\n"
    "  --fast               rules only: skip the statistical taggers\n"
    "  --models DIR         directory with the tagger models (default: built in)\n"
    "  -j, --jobs N         N worker threads (default: all cores); output order is input order\n"
    "  --first-line N       JSONL on stdin is lines N, N+1... of a bigger file (a shard): messages\n"
    "                       and default ids (the line number) are the same as for the whole file\n"
    "  --stdin-name NAME    name stdin in messages (default <stdin>), e.g. the sharded file's name\n"
    "  --progress           progress bar on stderr even when it is not a terminal\n"
    "  -q, --quiet          no progress bar (default when stderr is not a terminal)\n"
    "  -h, --help           this text\n"
    "\n"
    "Bad records are reported on stderr as \"whosaid: FILE:LINE: message\" and skipped.\n"
    "Exit status: 0 all inputs processed, 1 some inputs failed (reported on stderr), 2 usage error.\n";

enum {
    WINDOW_PER_THREAD = 16,         /* slots in flight per worker: keeps workers busy between wake-ups */
    WINDOW_MIN = 32,
    MAX_JOBS = 256,
    KEEP_BUF = 1u << 20,            /* a slot buffer bigger than this is freed after use */
};
#define WINDOW_BYTES ((size_t)64 << 20) /* input bytes in flight; one bigger document still passes */

typedef struct {
    ws_pipeline *pipe;
    bool table;
} extract_opts;

/* ---- one document: everything it prints goes to its own buffers -------------------------- */

static void print_clip(cli_buf *o, const char *s, size_t n, size_t width)
{
    /* collapse newlines; clip at width code points */
    size_t cps = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) {
            if (cps == width) {
                cli_buf_append(o, "…", strlen("…"));
                return;
            }
            cps++;
        }
        char ch = c == '\n' || c == '\t' ? ' ' : (char)c;
        cli_buf_append(o, &ch, 1);
    }
}

static void pad(cli_buf *o, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        cli_buf_append(o, " ", 1);
}

static void print_table(cli_buf *o, const ws_doc *doc, const cli_doc *in)
{
    size_t len;
    const char *text = ws_doc_text(doc, &len);
    const ws_attribution *a;
    const ws_entity *e;
    size_t na = ws_doc_attributions(doc, &a);
    ws_doc_entities(doc, &e);
    cli_buf_printf(o, "== %s (%zu attributions)\n", in->meta.id ? in->meta.id : "", na);
    cli_buf_printf(o, "%-28s | %-8s | %-14s | %s\n", "speaker", "kind", "cue", "content");
    for (size_t i = 0; i < na; i++) {
        const char *sp = a[i].entity >= 0 ? e[a[i].entity].name : "?";
        size_t spl = strlen(sp);
        print_clip(o, sp, spl, 28);
        pad(o, spl > 28 ? 28 : spl, 28);
        cli_buf_printf(o, " | %-8s | ", ws_kind_name(a[i].kind));
        if (a[i].cue.start != WS_NONE) {
            size_t cl = a[i].cue.end - a[i].cue.start;
            print_clip(o, text + a[i].cue.start, cl, 14);
            pad(o, cl, 14);
        } else {
            cli_buf_printf(o, "%-14s", "-");
        }
        cli_buf_append(o, " | ", 3);
        print_clip(o, text + a[i].content.start, a[i].content.end - a[i].content.start, 100);
        cli_buf_append(o, "\n", 1);
    }
}

static int extract_one(const extract_opts *c, const cli_doc *in, cli_buf *out)
{
    ws_doc *doc;
    ws_status st = ws_extract(c->pipe, in->text, in->len, in->flags, &doc);
    if (st != WS_OK) {
        cli_doc_error(in, "", "%s", ws_strerror(st));
        return 1;
    }
    const ws_warning *w;
    size_t nw = ws_doc_warnings(doc, &w);
    for (size_t i = 0; i < nw; i++) {
        cli_doc_error(in, "warning: ", "byte %u: %s", w[i].offset, w[i].message);
    }
    int rc = 0;
    if (c->table) {
        print_table(out, doc, in);
    } else {
        char *json;
        size_t jl;
        st = ws_doc_to_json(doc, &in->meta, &json, &jl);
        if (st != WS_OK) {
            cli_error("%s: %s", in->origin, ws_strerror(st));
            rc = 1;
        } else {
            cli_buf_append(out, json, jl);
            cli_buf_append(out, "\n", 1);
            ws_free(json);
        }
    }
    ws_doc_free(doc);
    return rc;
}

/* A record in flight: the input copy, and what it prints once its turn comes. */
typedef struct {
    cli_record rec;  /* rec.data points to data.p, rec.origin and rec.id to names.p */
    cli_buf data, names;
    cli_buf out, err;
    int failed;
    enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE } state;
} slot;

/* Parses and extracts one record into s->out / s->err; same code for -j 1 and -j N. */
static void process(const extract_opts *c, slot *s)
{
    cli_doc d;
    cli_doc_scratch sc;
    cli_error_sink(&s->err);
    if (cli_record_doc(&s->rec, &d, &sc))
        s->failed = 1;
    else
        s->failed = extract_one(c, &d, &s->out);
    cli_doc_scratch_free(&sc);
    if (s->out.oom || s->err.oom) {
        cli_buf_reset(&s->out, 0);
        cli_buf_reset(&s->err, 0);
        cli_error("%s: out of memory", s->rec.origin);
        s->failed = 1;
    }
    cli_error_sink(NULL);
}

/* ---- progress bar ---------------------------------------------------------------------- */

typedef struct {
    bool on;
    struct timespec start, last;
    size_t docs;
    uint64_t bytes;      /* record bytes (JSONL lines, text files) done */
    uint64_t raw_done, raw_total;
    bool shown;          /* a bar is on the current stderr line */
} progress;

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress_draw(progress *p, const struct timespec *now, bool final)
{
    double t = since(&p->start, now);
    if (t <= 0)
        t = 1e-9;
    char eta[64] = "";
    if (p->raw_total && !final) {
        double frac = (double)p->raw_done / (double)p->raw_total;
        if (frac > 1)
            frac = 1;
        if (frac > 0) {
            long left = (long)(t / frac - t + 0.5);
            snprintf(eta, sizeof eta, "  %3.0f%%  ETA %ld:%02ld:%02ld", frac * 100, left / 3600,
                     left / 60 % 60, left % 60);
        }
    }
    fprintf(stderr, "\r\033[K%zu docs  %.0f docs/s  %.2f MB/s  %.1f MB%s%s", p->docs,
            (double)p->docs / t, (double)p->bytes / 1e6 / t, (double)p->bytes / 1e6, eta,
            final ? "\n" : "");
    p->shown = !final;
    p->last = *now;
}

/* Called after each slot is written. */
static void progress_tick(progress *p, const slot *s)
{
    p->docs++;
    if (s->rec.kind != CLI_REC_ERROR)
        p->bytes += s->rec.len;
    p->raw_done = s->rec.raw_done;
    p->raw_total = s->rec.raw_total;
    if (!p->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (since(&p->last, &now) >= 0.25)
        progress_draw(p, &now, false);
}

/* Writes a slot's messages and output; returns its failure count. */
static size_t write_slot(progress *p, slot *s)
{
    if (s->err.len) {
        if (p->shown) {
            fputs("\r\033[K", stderr);
            p->shown = false;
        }
        fwrite(s->err.p, 1, s->err.len, stderr);
    }
    if (s->out.len)
        fwrite(s->out.p, 1, s->out.len, stdout);
    progress_tick(p, s);
    return (size_t)s->failed;
}

/* ---- -j 1: everything in the calling thread --------------------------------------------- */

typedef struct {
    const extract_opts *opts;
    progress *prog;
    slot s;
    size_t failed;
} serial;

static int serial_rec(const cli_record *r, void *vctx)
{
    serial *z = vctx;
    z->s.rec = *r;
    process(z->opts, &z->s);
    z->failed += write_slot(z->prog, &z->s);
    cli_buf_reset(&z->s.out, KEEP_BUF);
    cli_buf_reset(&z->s.err, KEEP_BUF);
    return 0;
}

/* ---- -j N: reader (caller) -> workers -> writer, through a ring of slots ----------------- */

typedef struct {
    const extract_opts *opts;
    progress *prog;
    slot *ring;
    size_t nslots;
    uint64_t next_in, next_work, next_out; /* sequence numbers; slot = seq % nslots */
    size_t inflight_bytes;
    bool eof;
    /* Wake-ups are batched (a futex round trip costs about as much as a small document): the
     * reader, once the window is full, sleeps until half of it is free; the writer sleeps until
     * half the window is done in order, or no work is left (then nothing would wake it). */
    bool reader_waiting, writer_waiting;
    size_t failed;
    pthread_mutex_t mu;
    pthread_cond_t space, work, done;
} pool;

/* Called with the lock held: is it worth waking the writer? */
static bool writer_has_enough(const pool *P)
{
    if (P->next_out == P->next_in || P->ring[P->next_out % P->nslots].state != SLOT_DONE)
        return false;
    if (P->eof || P->next_work == P->next_in)
        return true;
    size_t run = 0;
    for (uint64_t q = P->next_out; q < P->next_in && P->ring[q % P->nslots].state == SLOT_DONE; q++)
        run++;
    return run >= P->nslots / 2;
}

/* Called with the lock held: may the reader add a record of len bytes? */
static bool window_full(const pool *P, size_t len)
{
    return P->next_in - P->next_out >= P->nslots ||
           (P->next_in > P->next_out && P->inflight_bytes + len > WINDOW_BYTES);
}

static void *worker_main(void *arg)
{
    pool *P = arg;
    pthread_mutex_lock(&P->mu);
    for (;;) {
        while (P->next_work == P->next_in && !P->eof)
            pthread_cond_wait(&P->work, &P->mu);
        if (P->next_work == P->next_in)
            break; /* eof and nothing left */
        slot *s = &P->ring[P->next_work++ % P->nslots];
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&P->mu);
        process(P->opts, s);
        pthread_mutex_lock(&P->mu);
        s->state = SLOT_DONE;
        if (P->writer_waiting && writer_has_enough(P))
            pthread_cond_signal(&P->done);
    }
    pthread_mutex_unlock(&P->mu);
    return NULL;
}

static void *writer_main(void *arg)
{
    pool *P = arg;
    pthread_mutex_lock(&P->mu);
    for (;;) {
        slot *s = &P->ring[P->next_out % P->nslots];
        while (!(P->next_out < P->next_in && s->state == SLOT_DONE) &&
               !(P->eof && P->next_out == P->next_in)) {
            P->writer_waiting = true;
            pthread_cond_wait(&P->done, &P->mu);
            P->writer_waiting = false;
        }
        if (P->next_out == P->next_in)
            break;
        pthread_mutex_unlock(&P->mu);
        size_t f = write_slot(P->prog, s);
        cli_buf_reset(&s->out, KEEP_BUF);
        cli_buf_reset(&s->err, KEEP_BUF);
        size_t n = s->data.len;
        cli_buf_reset(&s->data, KEEP_BUF);
        pthread_mutex_lock(&P->mu);
        P->failed += f;
        s->state = SLOT_FREE;
        P->inflight_bytes -= n;
        P->next_out++;
        if (P->reader_waiting && P->next_in - P->next_out <= P->nslots / 2)
            pthread_cond_signal(&P->space);
    }
    pthread_mutex_unlock(&P->mu);
    return NULL;
}

static int pool_rec(const cli_record *r, void *vctx)
{
    pool *P = vctx;
    pthread_mutex_lock(&P->mu);
    if (window_full(P, r->len)) {
        P->reader_waiting = true;
        pthread_cond_signal(&P->done); /* the writer may be holding back for a fuller batch */
        while (window_full(P, r->len) || P->next_in - P->next_out > P->nslots / 2)
            pthread_cond_wait(&P->space, &P->mu);
        P->reader_waiting = false;
    }
    slot *s = &P->ring[P->next_in % P->nslots];
    pthread_mutex_unlock(&P->mu);
    /* the slot is FREE and only this thread touches it until it is published */
    s->rec = *r;
    cli_buf_append(&s->data, r->data, r->len);
    /* names outlive the reader's file list, which goes when reading ends, before the workers do */
    cli_buf_reset(&s->names, 4096);
    size_t olen = strlen(r->origin) + 1;
    cli_buf_append(&s->names, r->origin, olen);
    if (r->id)
        cli_buf_append(&s->names, r->id, strlen(r->id) + 1);
    s->failed = 0;
    if (s->names.oom) {
        cli_buf_reset(&s->names, 0);
        cli_buf_append(&s->names, "?", 2);
        s->rec.id = NULL;
    } else if (r->id) {
        s->rec.id = s->names.p + olen;
    }
    s->rec.origin = s->names.p;
    if (s->data.oom) {
        cli_buf_reset(&s->data, 0);
        s->rec.kind = CLI_REC_ERROR;
        s->rec.data = "out of memory";
        s->rec.len = strlen(s->rec.data);
    } else {
        s->rec.data = s->data.p ? s->data.p : "";
    }
    pthread_mutex_lock(&P->mu);
    s->state = SLOT_READY;
    P->inflight_bytes += s->data.len;
    P->next_in++;
    pthread_cond_signal(&P->work);
    pthread_mutex_unlock(&P->mu);
    return 0;
}

/* Runs the pool; returns the failure count, or (size_t)-1 when threads could not start. */
static size_t run_pool(char **inputs, int n, const cli_input_opts *io, const extract_opts *o,
                       progress *prog, int jobs)
{
    pool P = {.opts = o, .prog = prog};
    P.nslots = (size_t)jobs * WINDOW_PER_THREAD;
    if (P.nslots < WINDOW_MIN)
        P.nslots = WINDOW_MIN;
    P.ring = calloc(P.nslots, sizeof *P.ring);
    pthread_t *tids = calloc((size_t)jobs, sizeof *tids);
    pthread_t wtid;
    if (!P.ring || !tids) {
        free(P.ring);
        free(tids);
        return (size_t)-1;
    }
    pthread_mutex_init(&P.mu, NULL);
    pthread_cond_init(&P.space, NULL);
    pthread_cond_init(&P.work, NULL);
    pthread_cond_init(&P.done, NULL);
    int started = 0;
    bool writer = pthread_create(&wtid, NULL, writer_main, &P) == 0;
    if (writer)
        for (; started < jobs; started++)
            if (pthread_create(&tids[started], NULL, worker_main, &P))
                break;
    size_t failed = (size_t)-1;
    if (writer && started > 0)
        cli_for_each_record(inputs, n, io, pool_rec, &P);
    pthread_mutex_lock(&P.mu);
    P.eof = true;
    pthread_cond_broadcast(&P.work);
    pthread_cond_broadcast(&P.done);
    pthread_mutex_unlock(&P.mu);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    if (writer)
        pthread_join(wtid, NULL);
    if (writer && started > 0)
        failed = P.failed;
    for (size_t i = 0; i < P.nslots; i++) {
        cli_buf_free(&P.ring[i].data);
        cli_buf_free(&P.ring[i].names);
        cli_buf_free(&P.ring[i].out);
        cli_buf_free(&P.ring[i].err);
    }
    pthread_cond_destroy(&P.space);
    pthread_cond_destroy(&P.work);
    pthread_cond_destroy(&P.done);
    pthread_mutex_destroy(&P.mu);
    free(P.ring);
    free(tids);
    return failed;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'}, {"jsonl", no_argument, 0, 'J'},
        {"fast", no_argument, 0, 'F'},         {"models", required_argument, 0, 'm'},
        {"jobs", required_argument, 0, 'j'},   {"progress", no_argument, 0, 'P'},
        {"quiet", no_argument, 0, 'q'},        {"help", no_argument, 0, 'h'},
        {"first-line", required_argument, 0, 'L'}, {"stdin-name", required_argument, 0, 'N'},
        {0, 0, 0, 0},
    };
    extract_opts c = {0};
    cli_input_opts io = {0};
    ws_config cfg = {0};
    int jobs = 0, show = -1; /* show: -1 when stderr is a terminal, 0 never, 1 always */
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "f:j:qh", opts, NULL)) != -1) {
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
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == 0 || *end || v < 1 || v > MAX_JOBS) {
                cli_error("extract: -j wants a number of threads from 1 to %d, not '%s'", MAX_JOBS,
                          optarg);
                return EXIT_USAGE;
            }
            jobs = (int)v;
            break;
        }
        case 'L': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*optarg < '1' || *optarg > '9' || *end || v > SIZE_MAX / 2) {
                cli_error("extract: --first-line wants a line number from 1, not '%s'", optarg);
                return EXIT_USAGE;
            }
            io.first_line = (size_t)v;
            break;
        }
        case 'N': io.stdin_name = optarg; break;
        case 'P': show = 1; break;
        case 'q': show = 0; break;
        case 'h': fputs(extract_usage, stdout); return EXIT_OK;
        default: fputs(extract_usage, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs(extract_usage, stderr);
        return EXIT_USAGE;
    }
    if (!jobs)
        jobs = default_jobs();
    progress prog = {.on = show == 1 || (show == -1 && isatty(2))};
    io.want_total = prog.on;
    clock_gettime(CLOCK_MONOTONIC, &prog.start);
    prog.last = prog.start;

    ws_status st = ws_pipeline_new(&cfg, &c.pipe);
    if (st != WS_OK) {
        cli_error("extract: cannot load the pipeline: %s", ws_strerror(st));
        return EXIT_SOME_FAILED;
    }
    static char obuf[1 << 20];
    if (!isatty(1)) /* a terminal keeps its line buffering */
        setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    json_object_seed(0); /* jansson's hash seed, set once before threads parse */
    size_t failed = (size_t)-1;
    if (jobs > 1)
        failed = run_pool(argv + optind, argc - optind, &io, &c, &prog, jobs);
    if (failed == (size_t)-1) { /* -j 1, or threads could not be started */
        serial z = {.opts = &c, .prog = &prog};
        cli_for_each_record(argv + optind, argc - optind, &io, serial_rec, &z);
        failed = z.failed;
        cli_buf_free(&z.s.out);
        cli_buf_free(&z.s.err);
    }
    ws_pipeline_free(c.pipe);
    if (prog.on) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        progress_draw(&prog, &now, true);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("extract: write error");
        return EXIT_SOME_FAILED;
    }
    return failed ? EXIT_SOME_FAILED : EXIT_OK;
}
