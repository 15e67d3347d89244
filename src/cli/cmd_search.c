/* cmd_search.c — `whosaid search QUERY`: full-text search (FTS5, BM25) over the stored quotes and
 * article titles, one row per quote cluster, matches shown in [ ]. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char search_usage[] =
    "usage: whosaid search [options] QUERY\n"
    "\n"
    "Searches the quotes (and the titles of their articles) in a store, best match first.\n"
    "QUERY is FTS5 syntax: words (all must occur), \"a phrase\", OR, NOT, prefix*.\n"
    "\n"
    "options:\n"
    "  --db FILE            the store (default " CLI_DEFAULT_DB ")\n"
    "  --speaker NAME       only quotes by this speaker (name or alias, e.g. Putin)\n"
    "  --source DOMAIN      only articles from this source (e.g. nytimes.com)\n"
    "  --since DATE         only articles dated DATE or later (2017, 2017-07, 2017-07-16)\n"
    "  --until DATE         only articles dated DATE or earlier (inclusive)\n"
    "  --limit N            at most N results (default 20); --offset N skips N\n"
    "  --format F           table (default), json, jsonl or csv\n"
    "  -h, --help           this text\n";

int cmd_search(int argc, char **argv)
{
    static const struct option opts[] = {CLI_QUERY_LONGOPTS, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_query_opts o = {.db = CLI_DEFAULT_DB};
    int rc0 = cli_parse_query(argc, argv, opts, "dfsS12no", search_usage, &o);
    if (rc0 >= 0)
        return rc0;
    if (optind + 1 != argc || !*argv[optind]) {
        fputs(search_usage, stderr);
        return EXIT_USAGE;
    }
    o.q.match = argv[optind];
    return cli_run_list(&o, WS_Q_SEARCH, "search");
}
