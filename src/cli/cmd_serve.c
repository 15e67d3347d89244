/* cmd_serve.c — `whosaid serve`: options in, then the HTTP server in src/server/ takes over. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../server/server.h"
#include "cli.h"

static const char serve_usage[] =
    "usage: whosaid serve [options]\n"
    "\n"
    "Serves the JSON API (docs/API.md) and the web page: paste an article and see who said what,\n"
    "search a corpus, browse speakers.\n"
    "\n"
    "options:\n"
    "  --db FILE          corpus database (built by `whosaid index`), opened read-only;\n"
    "                     without it the corpus endpoints answer 503\n"
    "  --listen HOST:PORT address to listen on (default 127.0.0.1:8080; port 0: any free port)\n"
    "  --threads N        worker threads (default: one per CPU)\n"
    "  --token TOKEN      require 'Authorization: Bearer TOKEN' on POST requests\n"
    "                     (default: the WHOSAID_TOKEN environment variable, if set)\n"
    "  --max-body BYTES   largest request body (default 2097152); larger ones get 413\n"
    "  --timeout SECONDS  close connections idle this long (default 15)\n"
    "  --cache MB         cache corpus answers, up to MB megabytes (default 32; 0: off);\n"
    "                     a change to the database file invalidates them\n"
    "  --fast             rules only: skip the statistical taggers\n"
    "  --models DIR       directory with the tagger models (default: built in)\n"
    "  -h, --help         this text\n"
    "\n"
    "Prints 'whosaid: listening on http://HOST:PORT' on stderr once ready; stops on SIGINT/SIGTERM.\n";

static bool parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || v > max)
        return false;
    *out = v;
    return true;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},       {"listen", required_argument, 0, 'l'},
        {"threads", required_argument, 0, 't'},  {"token", required_argument, 0, 'k'},
        {"max-body", required_argument, 0, 'b'}, {"timeout", required_argument, 0, 'T'},
        {"fast", no_argument, 0, 'F'},           {"models", required_argument, 0, 'm'},
        {"cache", required_argument, 0, 'c'},    {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    srv_options o = {
        .listen = "127.0.0.1:8080",
        .timeout = SRV_DEFAULT_TIMEOUT,
        .max_body = SRV_DEFAULT_MAX_BODY,
        .cache_bytes = SRV_DEFAULT_CACHE_MB * 1024u * 1024u,
        .token = getenv("WHOSAID_TOKEN"),
    };
    unsigned long long v;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'd': o.db = optarg; break;
        case 'l': o.listen = optarg; break;
        case 'k': o.token = optarg; break;
        case 'F': o.cfg.fast = 1; break;
        case 'm': o.cfg.model_dir = optarg; break;
        case 't':
            if (!parse_uint(optarg, 256, &v) || v == 0) {
                cli_error("serve: --threads wants a number from 1 to 256, not '%s'", optarg);
                return EXIT_USAGE;
            }
            o.threads = (unsigned)v;
            break;
        case 'b':
            if (!parse_uint(optarg, WS_MAX_DOC_BYTES, &v) || v == 0) {
                cli_error("serve: --max-body wants bytes from 1 to %u, not '%s'", WS_MAX_DOC_BYTES,
                          optarg);
                return EXIT_USAGE;
            }
            o.max_body = (size_t)v;
            break;
        case 'T':
            if (!parse_uint(optarg, 3600, &v) || v == 0) {
                cli_error("serve: --timeout wants seconds from 1 to 3600, not '%s'", optarg);
                return EXIT_USAGE;
            }
            o.timeout = (unsigned)v;
            break;
        case 'c':
            if (!parse_uint(optarg, 4096, &v)) {
                cli_error("serve: --cache wants megabytes from 0 to 4096, not '%s'", optarg);
                return EXIT_USAGE;
            }
            o.cache_bytes = (size_t)v * 1024u * 1024u;
            break;
        case 'h': fputs(serve_usage, stdout); return EXIT_OK;
        default: fputs(serve_usage, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("serve: unexpected argument '%s'", argv[optind]);
        fputs(serve_usage, stderr);
        return EXIT_USAGE;
    }
    if (o.token && !*o.token)
        o.token = NULL;
    return srv_run(&o);
}
