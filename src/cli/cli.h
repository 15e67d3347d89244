/* cli.h — what the subcommands share: input iteration, messages, exit codes. */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
int cmd_eval(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_train(int argc, char **argv);

#endif
