/* cmd_stats.c — `whosaid stats`: what a store holds. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char stats_usage[] =
    "usage: whosaid stats [--db FILE] [--format table|json|jsonl|csv]\n"
    "\n"
    "Counts articles, attributions, entities, mentions, speakers, aliases, quote clusters and\n"
    "sources in a store, its date range, size and schema version.\n";

int cmd_stats(int argc, char **argv)
{
    static const struct option opts[] = {CLI_QUERY_LONGOPTS, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_query_opts o = {.db = CLI_DEFAULT_DB};
    int rc0 = cli_parse_query(argc, argv, opts, "df", stats_usage, &o);
    if (rc0 >= 0)
        return rc0;
    if (optind != argc) {
        fputs(stats_usage, stderr);
        return EXIT_USAGE;
    }
    ws_store *s = cli_open_store(o.db, WS_STORE_READ);
    if (!s)
        return EXIT_SOME_FAILED;
    int rc;
    if (o.format == CLI_JSON || o.format == CLI_JSONL) {
        rc = cli_print_json(s, WS_Q_STATS, NULL, NULL, "stats");
    } else {
        ws_store_stats x;
        ws_status st = ws_store_get_stats(s, &x);
        if (st != WS_OK) {
            rc = cli_store_failed(s, "stats", st);
        } else {
            char v[10][32];
            const unsigned long long n[] = {x.articles, x.attributions, x.entities, x.mentions,
                                            x.speakers, x.aliases, x.clusters, x.sources, x.db_bytes};
            for (int i = 0; i < 9; i++)
                snprintf(v[i], sizeof v[i], "%llu", n[i]);
            snprintf(v[9], sizeof v[9], "%d", x.schema_version);
            static const char *const names[] = {"articles", "attributions", "entities", "mentions",
                                                "speakers", "aliases", "quote clusters", "sources",
                                                "db bytes", "schema version", "first date", "last date"};
            static const char *const cols[] = {"what", "count"};
            cli_table t;
            cli_table_init(&t, 2, cols, 99);
            for (int i = 0; i < 12; i++) {
                const char *cells[] = {names[i], i < 10 ? v[i] : i == 10 ? x.first_date : x.last_date};
                cli_table_add(&t, cells);
            }
            cli_table_print(&t, stdout, o.format == CLI_CSV);
            rc = t.failed ? EXIT_SOME_FAILED : EXIT_OK;
            cli_table_free(&t);
        }
    }
    ws_store_close(s);
    return rc;
}
