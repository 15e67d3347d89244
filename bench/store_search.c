/* store_search.c — search latency in-process (no process start-up in the numbers): runs every
 * query of a file (one FTS5 query a line) through ws_store_search with the default limit, twice
 * (the first pass warms the page cache and is not counted), and prints p50 / p90 / p99 / max in ms,
 * of wall-clock time and of the thread's CPU time (the fair figure on a machine shared with other
 * jobs: wall time there includes waiting for a core).
 * Filters, applied to every query: --source S (S may hold one %d, replaced by the query's number
 * modulo 40: site%02d.example cycles through the 40 sources of bench/gen_corpus.py), --since D,
 * --until D, --speaker NAME.
 * Built and run by bench/store.sh; not part of the library or the CLI. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "whosaid.h"

static int count_row(const ws_quote_row *r, void *ctx)
{
    (void)r;
    ++*(size_t *)ctx;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *source = NULL, *since = NULL, *until = NULL, *speaker = NULL;
    for (int i = 4; i + 1 < argc; i += 2) {
        const char **opt = !strcmp(argv[i], "--source") ? &source : !strcmp(argv[i], "--since") ? &since
                         : !strcmp(argv[i], "--until") ? &until : !strcmp(argv[i], "--speaker") ? &speaker : NULL;
        if (!opt) {
            fprintf(stderr, "store_search: unknown option %s\n", argv[i]);
            return 2;
        }
        *opt = argv[i + 1];
    }
    if (argc < 4 || argc % 2) {
        fprintf(stderr, "usage: store_search DB QUERIES LABEL [--source S] [--since D] [--until D]"
                        " [--speaker NAME]\n");
        return 2;
    }
    ws_store *s;
    ws_status st = ws_store_open(argv[1], WS_STORE_READ, &s);
    if (st != WS_OK) {
        fprintf(stderr, "store_search: %s: %s\n", argv[1], ws_strerror(st));
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    char line[512];
    char **q = NULL;
    size_t n = 0, cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            q = realloc(q, cap * sizeof *q);
        }
        q[n++] = strdup(line);
    }
    fclose(f);
    double *ms = calloc(n ? n : 1, sizeof *ms), *cpu = calloc(n ? n : 1, sizeof *cpu);
    size_t rows = 0, empty = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            char src[128];
            if (source)
                snprintf(src, sizeof src, source, (int)(i % 40));
            ws_query qq = {.match = q[i], .source = source ? src : NULL, .since = since,
                           .until = until, .speaker = speaker};
            size_t got = 0;
            struct timespec t0, t1, c0, c1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
            st = ws_store_search(s, &qq, count_row, &got);
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            cpu[i] = (double)(c1.tv_sec - c0.tv_sec) * 1e3 + (double)(c1.tv_nsec - c0.tv_nsec) / 1e6;
            if (st != WS_OK)
                fprintf(stderr, "store_search: '%s': %s\n", q[i], ws_strerror(st));
            ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
            if (pass) {
                rows += got;
                empty += got == 0;
            }
        }
    }
    if (getenv("SLOW")) { /* SLOW=N: the N slowest queries by CPU time, to stderr */
        size_t *ix = calloc(n ? n : 1, sizeof *ix);
        for (size_t i = 0; i < n; i++)
            ix[i] = i;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (cpu[ix[j]] > cpu[ix[i]]) {
                    size_t t = ix[i];
                    ix[i] = ix[j];
                    ix[j] = t;
                }
        for (size_t i = 0; i < n && i < (size_t)atoi(getenv("SLOW")); i++)
            fprintf(stderr, "%8.2f ms cpu %8.2f ms wall  %s\n", cpu[ix[i]], ms[ix[i]], q[ix[i]]);
        free(ix);
    }
    qsort(ms, n, sizeof *ms, cmp_double);
    qsort(cpu, n, sizeof *cpu, cmp_double);
    if (n) {
        printf("%-8s %5zu queries  wall: p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms"
               "  (%.1f rows/query, %zu with none)\n",
               argv[3], n, ms[n / 2], ms[n * 90 / 100], ms[n * 99 / 100], ms[n - 1],
               (double)rows / (double)n, empty);
        printf("%-8s %5zu queries  cpu:  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n",
               argv[3], n, cpu[n / 2], cpu[n * 90 / 100], cpu[n * 99 / 100], cpu[n - 1]);
    }
    for (size_t i = 0; i < n; i++)
        free(q[i]);
    free(q);
    free(ms);
    free(cpu);
    ws_store_close(s);
    return 0;
}
