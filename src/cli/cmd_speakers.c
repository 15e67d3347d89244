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
    ws_store *s = cli_open_store(o.db, WS_STORE_READ);
    if (!s)
        return EXIT_SOME_FAILED;
    int rc;
    if (o.format == CLI_JSON) {
        rc = cli_print_json(s, WS_Q_SPEAKERS, &o.q, NULL, "speakers");
    } else {
        cli_rows rows;
        cli_rows_init(&rows, o.format, true);
        ws_status st = ws_store_speakers(s, &o.q, cli_rows_speaker, &rows);
        rc = st != WS_OK ? cli_store_failed(s, "speakers", st) : cli_rows_finish(&rows);
        cli_table_free(&rows.t);
    }
    ws_store_close(s);
    return rc;
}
