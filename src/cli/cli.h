/* cli.h — what the subcommands share: input iteration, messages, exit codes. */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <getopt.h>
#include <stdio.h>

#include "whosaid.h"

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

/* One input document as read from a file, a directory, stdin or a JSONL line. */
typedef struct {
    const char *text;
    size_t len;
    unsigned flags;      /* WS_IN_* */
    ws_meta meta;        /* id always set */
    const char *origin;  /* file name for messages */
    size_t line;         /* JSONL line number, 0 for whole files */
} cli_doc;

/* Called per document; returns 0 on success, nonzero when the document failed (already reported). */
typedef int (*cli_doc_fn)(const cli_doc *doc, void *ctx);

typedef struct {
    bool jsonl;          /* force JSONL for every input */
    bool want_total;     /* fill cli_record.raw_total (stats every input file first) */
    size_t first_line;   /* number of the first line read from stdin (0: 1); for shards */
    const char *stdin_name; /* stdin's name in messages (NULL: "<stdin>") */
} cli_input_opts;

/* Reads every input (files, directories recursively in sorted order, "-" for stdin; JSONL by
 * --jsonl or a .jsonl name; .gz / .zst decoded by magic bytes) and calls fn for each document.
 * Problems are reported on stderr as "whosaid: FILE:LINE: message" and counted; returns the
 * number of inputs/records that failed. */
size_t cli_for_each_doc(char **inputs, int ninputs, const cli_input_opts *o, cli_doc_fn fn, void *ctx);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, NUL-terminated; oom is set (and later appends dropped) when memory ran
 * out. Zero-initialise; cli_buf_free releases. */
typedef struct {
    char *p;
    size_t len, cap;
    bool oom;
} cli_buf;
void cli_buf_append(cli_buf *b, const char *s, size_t n);
void cli_buf_printf(cli_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_buf_vprintf(cli_buf *b, const char *fmt, va_list ap);
void cli_buf_reset(cli_buf *b, size_t keep); /* empty it; free the memory when cap > keep */
void cli_buf_free(cli_buf *b);
/* From now on, in this thread, cli_error appends to b instead of writing stderr (NULL: stderr). */
void cli_error_sink(cli_buf *b);
/* cli_error about one document: "[PREFIX]FILE:LINE: message" for a JSONL record, "[PREFIX]FILE:
 * message" for a whole file (prefix "" or "warning: "). */
void cli_doc_error(const cli_doc *d, const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Streaming, unparsed form of the inputs, for callers that parse on worker threads (extract -j).
 * A record is a whole text file, one JSONL line, or an input error (message in data, without
 * the "whosaid: " prefix). data is valid only during the callback; origin and id until
 * cli_for_each_record returns. Inputs are gzip/zstd-decoded transparently. */
typedef enum { CLI_REC_TEXT, CLI_REC_JSONL, CLI_REC_ERROR } cli_rec_kind;
typedef struct {
    cli_rec_kind kind;
    const char *data;
    size_t len;
    const char *origin;  /* file name for messages */
    const char *id;      /* CLI_REC_TEXT: document id (path) */
    size_t line;         /* JSONL line number, 0 for whole files */
    uint64_t raw_done;   /* input bytes (compressed, if so) read so far over all inputs */
    uint64_t raw_total;  /* sum of input sizes; 0 when unknown (stdin, pipes, !want_total) */
} cli_record;
/* Returns nonzero to stop reading. */
typedef int (*cli_rec_fn)(const cli_record *r, void *ctx);
void cli_for_each_record(char **inputs, int ninputs, const cli_input_opts *o, cli_rec_fn fn,
                         void *ctx);

/* Turns a record into a document (parses JSONL). Returns 0, or nonzero after reporting the problem
 * with cli_error. The document points into r and s: call cli_doc_scratch_free(s) after use, in
 * both cases. Thread-safe. */
typedef struct {
    void *json;          /* the jansson object (slow path) */
    cli_buf buf;         /* decoded strings (fast path) */
    char idbuf[32];
} cli_doc_scratch;
int cli_record_doc(const cli_record *r, cli_doc *d, cli_doc_scratch *s);
void cli_doc_scratch_free(cli_doc_scratch *s);

int cmd_extract(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* ---- corpus commands (store_out.c): index, search, quotes, speakers, stats, article ---- */
int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_speakers(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_article(int argc, char **argv);

#define CLI_DEFAULT_DB "whosaid.db"
typedef enum { CLI_TABLE, CLI_JSON, CLI_JSONL, CLI_CSV } cli_format;
typedef struct {
    const char *db;      /* --db */
    cli_format format;   /* --format */
    ws_query q;          /* --speaker --about --source --since --until --limit --offset */
} cli_query_opts;
/* getopt_long entries for the options above (short codes are what cli_query_option takes). */
#define CLI_QUERY_LONGOPTS                                                                         \
    {"db", required_argument, 0, 'd'}, {"format", required_argument, 0, 'f'},                    \
    {"speaker", required_argument, 0, 's'}, {"about", required_argument, 0, 'a'},                \
    {"source", required_argument, 0, 'S'}, {"since", required_argument, 0, '1'},                 \
    {"until", required_argument, 0, '2'}, {"limit", required_argument, 0, 'n'},                  \
    {"offset", required_argument, 0, 'o'}
/* 0 handled, 1 not one of these, -1 bad value (reported). */
int cli_query_option(int ch, const char *arg, cli_query_opts *o);
/* The option loop every store query command shares: parses argv with opts (which must list -h),
 * accepting only the short codes in `allowed` (NULL: all the query options). Returns -1 to go on
 * (optind is then the first operand), else the exit status (help printed, or a usage error). */
int cli_parse_query(int argc, char **argv, const struct option *opts, const char *allowed, const char *usage,
                    cli_query_opts *o);

/* Opens the store, reporting a missing / corrupt / unreadable file; NULL on failure. */
ws_store *cli_open_store(const char *path, unsigned flags);
/* Reports a failed store call ("what: reason (sqlite message)"); returns EXIT_SOME_FAILED. */
int cli_store_failed(ws_store *s, const char *what, ws_status st);

typedef struct {
    size_t ncols, nrows, cap, wrap_col; /* wrap_col: the column clipped to the terminal width */
    const char *const *names;
    char **cells;                       /* nrows * ncols heap strings */
    bool failed;
} cli_table;
void cli_table_init(cli_table *t, size_t ncols, const char *const *names, size_t wrap_col);
void cli_table_add(cli_table *t, const char *const *cells); /* copies; NULL is "" */
void cli_table_print(cli_table *t, FILE *f, bool csv);
void cli_table_free(cli_table *t);

/* Result rows in the chosen format: pass cli_rows_quote / cli_rows_speaker as the query callback,
 * then cli_rows_finish prints (table, csv) and returns the exit code. JSON uses cli_print_json. */
typedef struct {
    cli_format format;
    bool speakers, failed;
    size_t n;
    cli_table t;
} cli_rows;
void cli_rows_init(cli_rows *r, cli_format fmt, bool speakers);
int cli_rows_quote(const ws_quote_row *q, void *ctx);
int cli_rows_speaker(const ws_speaker_row *s, void *ctx);
int cli_rows_finish(cli_rows *r);
int cli_print_json(ws_store *s, ws_query_kind kind, const ws_query *q, const char *id, const char *what);
/* Runs a list query (WS_Q_SEARCH, WS_Q_QUOTES or WS_Q_SPEAKERS) on o->db and prints it in
 * o->format; returns the exit code. what names the command in messages. */
int cli_run_list(const cli_query_opts *o, ws_query_kind kind, const char *what);
int cmd_eval(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_train(int argc, char **argv);

#endif
