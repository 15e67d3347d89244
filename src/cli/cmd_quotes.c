/* cmd_quotes.c — `whosaid quotes --speaker NAME [--about NAME]`: what someone said, newest first,
 * one row per quote cluster with how often and where it was reported. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char quotes_usage[] =
    "usage: whosaid quotes [options] --speaker NAME\n"
    "\n"
    "Lists a speaker's quotes, newest first; each quote once, with the number of articles that\n"
    "reported it (n). NAME is a name or alias (\"Putin\", \"Vladimir Putin\").\n"
    "\n"
    "options:\n"
    "  --db FILE            the store (default " CLI_DEFAULT_DB ")\n"
    "  --speaker NAME       whose quotes\n"
    "  --about NAME         only quotes whose content mentions NAME (\"Manafort\")\n"
    "  --source DOMAIN      only articles from this source\n"
    "  --since DATE, --until DATE   date range (inclusive; 2017, 2017-07, 2017-07-16)\n"
    "  --limit N            at most N quotes (default 20); --offset N skips N\n"
    "  --format F           table (default), json, jsonl or csv\n"
    "  -h, --help           this text\n";

int cmd_quotes(int argc, char **argv)
{
    static const struct option opts[] = {CLI_QUERY_LONGOPTS, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_query_opts o = {.db = CLI_DEFAULT_DB};
    int rc0 = cli_parse_query(argc, argv, opts, NULL, quotes_usage, &o);
    if (rc0 >= 0)
        return rc0;
    if (optind != argc || (!o.q.speaker && !o.q.about)) {
        fputs(quotes_usage, stderr);
        return EXIT_USAGE;
    }
    return cli_run_list(&o, WS_Q_QUOTES, "quotes");
}
