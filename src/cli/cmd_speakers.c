/* cmd_speakers.c — `whosaid speakers [--top N]`: the most quoted speakers with their counts and
 * aliases. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char speakers_usage[] =
    "usage: whosaid speakers [options]\n"
    "\n"
    "Lists speakers by number of quotes (attributions), with the number of articles quoting them\n"
    "and the other names they appear under.\n"
    "\n"
    "options:\n"
    "  --db FILE            the store (default " CLI_DEFAULT_DB ")\n"
    "  --top N              the N most quoted (default 20; same as --limit)\n"
    "  --speaker TEXT       only speakers whose name contains TEXT\n"
    "  --source DOMAIN, --since DATE, --until DATE   count only these articles\n"
    "  --offset N           skip the first N\n"
    "  --format F           table (default), json, jsonl or csv\n"
    "  -h, --help           this text\n";

int cmd_speakers(int argc, char **argv)
{
    static const struct option opts[] = {CLI_QUERY_LONGOPTS, {"top", required_argument, 0, 'n'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_query_opts o = {.db = CLI_DEFAULT_DB};
    int rc0 = cli_parse_query(argc, argv, opts, "dfsS12no", speakers_usage, &o);
    if (rc0 >= 0)
        return rc0;
    if (optind != argc) {
        fputs(speakers_usage, stderr);
        return EXIT_USAGE;
    }
    return cli_run_list(&o, WS_Q_SPEAKERS, "speakers");
}
