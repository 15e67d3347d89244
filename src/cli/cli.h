/* cli.h — what the subcommands share: input iteration, messages, exit codes. */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stdbool.h>
#include <stddef.h>
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
} cli_input_opts;

/* Reads every input (files, directories recursively in sorted order, "-" for stdin; JSONL by
 * --jsonl or a .jsonl name) and calls fn for each document. Problems are reported on stderr as
 * "whosaid: FILE:LINE: message" and counted; returns the number of inputs/records that failed. */
size_t cli_for_each_doc(char **inputs, int ninputs, const cli_input_opts *o, cli_doc_fn fn, void *ctx);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_extract(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
