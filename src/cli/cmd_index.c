/* cmd_index.c — `whosaid index INPUT... [--db FILE]`: extract every article and store it. Articles
 * are committed in batches (a kill loses at most the open batch; re-running completes the job: an
 * article already stored unchanged is skipped, a changed one replaced). Speakers and quote clusters
 * are linked across the corpus at the end. A progress line is drawn only when stderr is a terminal. */
#include <dirent.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char index_usage[] =
    "usage: whosaid index [options] INPUT...\n"
    "\n"
    "Extracts who said what from the inputs (as `whosaid extract` reads them: text files,\n"
    "directories, .jsonl, - for stdin) and stores articles, entities and attributions in a corpus\n"
    "store. An article already stored (same id or url, or same text) is replaced, never duplicated.\n"
    "\n"
    "options:\n"
    "  --db FILE            the store (default " CLI_DEFAULT_DB "; created when missing)\n"
    "  --jsonl              read every input (also stdin) as JSONL\n"
    "  --fast               rules only: skip the statistical taggers\n"
    "  --models DIR         directory with the tagger models (default: built in)\n"
    "  --batch N            articles per transaction (default 500)\n"
    "  --no-link            skip linking speakers and quote clusters across articles at the end\n"
    "  -h, --help           this text\n"
    "\n"
    "Exit status: 0 all inputs stored, 1 some inputs failed or the store failed, 2 usage error.\n";

typedef struct {
    ws_pipeline *pipe;
    ws_store *store;
    pthread_mutex_t lock;   /* the input reader may call back from several threads */
    size_t batch, in_batch, ndocs, failed;
    bool fatal;             /* the store failed: stop storing */
    bool progress;
    uint64_t bytes, total_bytes;
    double t0, last_draw;
} index_ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Total size of the files the inputs name (for the ETA): regular files, and .txt/.jsonl under
 * directories. stdin counts 0. */
static uint64_t input_bytes(const char *path, int depth)
{
    struct stat sb;
    if (depth > 64 || stat(path, &sb) != 0)
        return 0;
    if (S_ISREG(sb.st_mode))
        return (uint64_t)sb.st_size;
    if (!S_ISDIR(sb.st_mode))
        return 0;
    uint64_t total = 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(e->d_name);
        char *sub = malloc(strlen(path) + n + 2);
        if (!sub)
            break;
        sprintf(sub, "%s/%s", path, e->d_name);
        struct stat sb2;
        if (stat(sub, &sb2) == 0 &&
            (S_ISDIR(sb2.st_mode) || (n > 4 && !strcmp(e->d_name + n - 4, ".txt")) ||
             (n > 6 && !strcmp(e->d_name + n - 6, ".jsonl"))))
            total += input_bytes(sub, depth + 1);
        free(sub);
    }
    closedir(d);
    return total;
}

static void draw_progress(index_ctx *c, bool final)
{
    double t = now();
    if (!final && t - c->last_draw < 0.2)
        return;
    c->last_draw = t;
    double el = t - c->t0 > 1e-6 ? t - c->t0 : 1e-6;
    double rate = (double)c->ndocs / el, mbs = (double)c->bytes / el / 1e6;
    char bar[24] = "";
    char eta[32] = "";
    if (c->total_bytes) {
        double frac = (double)c->bytes / (double)c->total_bytes;
        if (frac > 1)
            frac = 1;
        int fill = (int)(frac * 20);
        for (int i = 0; i < 20; i++)
            bar[i] = i < fill ? '=' : i == fill ? '>' : ' ';
        bar[20] = '\0';
        double left = frac > 0 ? el / frac - el : 0;
        snprintf(eta, sizeof eta, " ETA %d:%02d", (int)left / 60, (int)left % 60);
        fprintf(stderr, "\r[%s] %3d%% ", bar, (int)(frac * 100));
    } else {
        fputc('\r', stderr);
    }
    fprintf(stderr, "%zu articles  %.0f articles/s  %.1f MB/s%s\033[K", c->ndocs, rate, mbs,
            final ? "" : eta);
    if (final)
        fputc('\n', stderr);
}

/* JSONL records without an "id" get their line number as id from the reader; in a store that
 * would make line 3 of one file replace line 3 of another, so such records go by url or hash. */
static bool synthetic_id(const cli_doc *in)
{
    if (!in->line || !in->meta.id)
        return false;
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", in->line);
    return !strcmp(buf, in->meta.id);
}

static int index_one(const cli_doc *in, void *vctx)
{
    index_ctx *c = vctx;
    ws_doc *doc;
    ws_status st = ws_extract(c->pipe, in->text, in->len, in->flags, &doc);
    if (st != WS_OK) {
        cli_doc_error(in, "", "%s", ws_strerror(st));
        return 1;
    }
    ws_meta m = in->meta;
    if (synthetic_id(in))
        m.id = NULL;
    int rc = 0;
    pthread_mutex_lock(&c->lock);
    if (c->fatal) {
        rc = 1;
    } else {
        st = ws_store_add(c->store, doc, &m);
        if (st != WS_OK) {
            cli_doc_error(in, "", "cannot store: %s (%s)", ws_strerror(st), ws_store_errmsg(c->store));
            /* the library rolled the open batch back: stop here; running the same command
             * again stores what is missing */
            cli_error("index: the last %zu articles were not stored; stopping (run the command again "
                      "to complete the store)", c->in_batch + 1);
            rc = 1;
            c->fatal = true;
        }
        c->ndocs++;
        c->bytes += in->len;
        if (!c->fatal && ++c->in_batch >= c->batch) {
            c->in_batch = 0;
            st = ws_store_commit(c->store);
            if (st == WS_OK)
                st = ws_store_begin(c->store);
            if (st != WS_OK) {
                cli_store_failed(c->store, "commit", st);
                c->fatal = true;
                rc = 1;
            }
        }
        if (c->progress)
            draw_progress(c, false);
    }
    pthread_mutex_unlock(&c->lock);
    ws_doc_free(doc);
    return rc;
}

int cmd_index(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},     {"jsonl", no_argument, 0, 'J'},
        {"fast", no_argument, 0, 'F'},         {"models", required_argument, 0, 'm'},
        {"batch", required_argument, 0, 'b'},  {"no-link", no_argument, 0, 'L'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    index_ctx c = {.batch = 500};
    cli_input_opts io = {0};
    ws_config cfg = {0};
    const char *db = CLI_DEFAULT_DB;
    bool link = true;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'd': db = optarg; break;
        case 'J': io.jsonl = true; break;
        case 'F': cfg.fast = 1; break;
        case 'm': cfg.model_dir = optarg; break;
        case 'L': link = false; break;
        case 'b': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000000) {
                cli_error("index: --batch: expected 1..1000000, got '%s'", optarg);
                return EXIT_USAGE;
            }
            c.batch = (size_t)v;
            break;
        }
        case 'h': fputs(index_usage, stdout); return EXIT_OK;
        default: fputs(index_usage, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs(index_usage, stderr);
        return EXIT_USAGE;
    }
    c.store = cli_open_store(db, WS_STORE_CREATE);
    if (!c.store)
        return EXIT_SOME_FAILED;
    ws_status st = ws_pipeline_new(&cfg, &c.pipe);
    if (st != WS_OK) {
        cli_error("index: cannot load the pipeline: %s", ws_strerror(st));
        ws_store_close(c.store);
        return EXIT_SOME_FAILED;
    }
    pthread_mutex_init(&c.lock, NULL);
    c.progress = isatty(2);
    if (c.progress)
        for (int i = optind; i < argc; i++)
            c.total_bytes += strcmp(argv[i], "-") ? input_bytes(argv[i], 0) : 0;
    c.t0 = now();
    int rc = EXIT_OK;
    st = ws_store_begin(c.store);
    if (st != WS_OK) {
        rc = cli_store_failed(c.store, db, st);
    } else {
        c.failed = cli_for_each_doc(argv + optind, argc - optind, &io, index_one, &c);
        if (c.failed)
            rc = EXIT_SOME_FAILED;
        st = c.fatal ? ws_store_rollback(c.store) : ws_store_commit(c.store);
        if (st != WS_OK)
            rc = cli_store_failed(c.store, "commit", st);
        if (c.progress)
            draw_progress(&c, true);
        if (!c.fatal && st == WS_OK && link) {
            if (c.progress)
                fputs("linking speakers and quotes across articles...\033[K\r", stderr);
            st = ws_store_link(c.store);
            if (st != WS_OK)
                rc = cli_store_failed(c.store, "link", st);
        }
        if (c.progress) {
            ws_store_counts n;
            ws_store_session_counts(c.store, &n);
            fprintf(stderr, "%s: %llu added, %llu replaced, %llu unchanged, %zu failed in %.1f s\033[K\n",
                    db, (unsigned long long)n.added, (unsigned long long)n.replaced,
                    (unsigned long long)n.unchanged, c.failed, now() - c.t0);
        }
    }
    ws_pipeline_free(c.pipe);
    ws_store_close(c.store);
    pthread_mutex_destroy(&c.lock);
    return rc;
}
