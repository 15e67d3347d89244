/* cmd_article.c — `whosaid article ID`: one stored article with its attributions and entities. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char article_usage[] =
    "usage: whosaid article [--db FILE] [--format table|json|jsonl|csv] ID\n"
    "\n"
    "Shows a stored article (id, title, source, date) and its attributions in text order.\n"
    "With --format json: the article with its text, attributions and entities as one object.\n";

static int print_head(const ws_article_row *a, void *ctx)
{
    (void)ctx;
    printf("id:      %s\n", a->id);
    printf("title:   %s\n", a->title && *a->title ? a->title : "-");
    printf("source:  %s\n", a->source ? a->source : "-");
    printf("date:    %s\n", a->date ? a->date : "-");
    if (a->url)
        printf("url:     %s\n", a->url);
    printf("%u attributions, %u entities\n\n", a->nattributions, a->nentities);
    return 0;
}

int cmd_article(int argc, char **argv)
{
    static const struct option opts[] = {CLI_QUERY_LONGOPTS, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_query_opts o = {.db = CLI_DEFAULT_DB};
    int rc0 = cli_parse_query(argc, argv, opts, "df", article_usage, &o);
    if (rc0 >= 0)
        return rc0;
    if (optind + 1 != argc) {
        fputs(article_usage, stderr);
        return EXIT_USAGE;
    }
    const char *id = argv[optind];
    ws_store *s = cli_open_store(o.db, WS_STORE_READ);
    if (!s)
        return EXIT_SOME_FAILED;
    int rc;
    ws_status st;
    if (o.format == CLI_JSON) {
        rc = cli_print_json(s, WS_Q_ARTICLE, NULL, id, "article");
        ws_store_close(s);
        return rc;
    }
    cli_rows rows;
    cli_rows_init(&rows, o.format, false);
    st = ws_store_article(s, id, o.format == CLI_TABLE ? print_head : NULL, cli_rows_quote, NULL, &rows);
    if (st == WS_ENOTFOUND) {
        cli_error("article: no article '%s' in %s", id, o.db);
        rc = EXIT_SOME_FAILED;
    } else if (st != WS_OK) {
        rc = cli_store_failed(s, "article", st);
    } else {
        rc = cli_rows_finish(&rows);
    }
    cli_table_free(&rows.t);
    ws_store_close(s);
    return rc;
}
