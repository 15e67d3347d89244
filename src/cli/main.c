/* main.c — the whosaid command: dispatch to one cmd_<name>.c per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"extract", cmd_extract, "find who said what in articles (text, directories, JSONL)"},
    {"index", cmd_index, "extract articles into a corpus store (SQLite, --db FILE)"},
    {"search", cmd_search, "full-text search of the quotes in a store"},
    {"quotes", cmd_quotes, "quotes by a speaker, optionally about someone"},
    {"speakers", cmd_speakers, "the most quoted speakers in a store"},
    {"stats", cmd_stats, "counts for a store"},
    {"article", cmd_article, "one stored article with its attributions"},
    {"dump", cmd_dump, "print one pipeline stage (tokens, sentences, quotes) for debugging"},
    {"serve", cmd_serve, "HTTP JSON API and web page (docs/API.md)"},
    {"eval", cmd_eval, "score attributions against gold (PolNeAR, gold JSON): P/R/F1"},
    {"tag", cmd_tag, "part-of-speech and named-entity tags of every token (TSV or JSON)"},
    {"train", cmd_train, "train the POS or NER tagger on CoreNLP-annotated data"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: whosaid <command> [options] [args]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'whosaid <command> --help' describes a command. whosaid --version prints the version.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("whosaid %s\n", WS_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "whosaid: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
