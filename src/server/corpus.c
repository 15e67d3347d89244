/* corpus.c — the corpus endpoints (/api/search, /api/speakers, /api/articles) over the read-only
 * corpus store. Until the store API lands in whosaid.h, --db is refused with a clear message. */
#include <stdio.h>

#include "server.h"

ws_status srv_store_open(const char *path, struct ws_store **out)
{
    *out = NULL;
    fprintf(stderr, "whosaid: serve: %s: this build has no corpus store\n", path);
    return WS_EINVAL;
}

void srv_store_close(struct ws_store *s)
{
    (void)s;
}

static void no_db(srv_response *res)
{
    srv_error(res, 503, "no corpus database: start the server with --db FILE");
}

void srv_search(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    (void)ctx, (void)req, (void)arg;
    no_db(res);
}
void srv_speakers(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    (void)ctx, (void)req, (void)arg;
    no_db(res);
}
void srv_speaker(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    (void)ctx, (void)req, (void)arg;
    no_db(res);
}
void srv_article(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res)
{
    (void)ctx, (void)req, (void)arg;
    no_db(res);
}
