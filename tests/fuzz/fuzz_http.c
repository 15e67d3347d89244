/* fuzz_http.c — the HTTP request path without sockets: srv_handle (src/server/routes.c) on
 * arbitrary requests. Input: byte 0 picks the method, the Content-Type and whether a bearer token
 * is sent; then "PATH[?QUERY]" up to the first newline; the rest is the body. The server runs
 * with a rules-only pipeline and no corpus (corpus routes answer 503/404), a token for POST and a
 * 64 KB body limit. Every response must have a valid status, and a JSON response must parse. */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "server.h"

static ws_pipeline *pipe_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "", "post"};
    static const char *const types[] = {"application/json", "text/plain; charset=utf-8", NULL,
                                        "application/json; charset=latin1"};
    if (!pipe_)
        FUZZ_REQUIRE(ws_pipeline_new(&(ws_config){.fast = 1}, &pipe_) == WS_OK);
    if (size < 1)
        return 0;
    unsigned ctl = data[0];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    /* path and query as NUL-terminated strings (a NUL inside ends them, as the HTTP layer would) */
    char target[1024];
    size_t tl = (size_t)(line_end - p) < sizeof target - 2 ? (size_t)(line_end - p) : sizeof target - 2;
    target[0] = '/';
    memcpy(target + 1, p, tl);
    target[tl + 1] = '\0';
    char *q = strchr(target, '?');
    const char *query = "";
    if (q) {
        *q = '\0';
        query = q + 1;
    }
    srv_ctx ctx = {.pipe = pipe_, .corpus = NULL, .token = "t0ken", .max_body = 64 * 1024};
    srv_request req = {0};
    req.method = methods[ctl & 7];
    req.path = target;
    req.query = query;
    req.content_type = types[(ctl >> 3) & 3];
    req.authorization = (ctl & 0x20) ? "Bearer t0ken" : ((ctl & 0x40) ? "Bearer wrong" : NULL);
    if (nl && nl + 1 < end) {
        req.body = nl + 1;
        req.body_len = (size_t)(end - nl - 1);
    }
    srv_response res = {0};
    srv_handle(&ctx, &req, &res);
    FUZZ_REQUIRE(res.status >= 100 && res.status <= 599);
    FUZZ_REQUIRE(res.content_type != NULL);
    FUZZ_REQUIRE(res.body_len == 0 || res.body != NULL);
    if (!res.is_asset && !strncmp(res.content_type, "application/json", 16) && res.body_len) {
        json_error_t err;
        json_t *o = json_loadb(res.body, res.body_len, JSON_ALLOW_NUL, &err);
        if (!o)
            dprintf(2, "response is not JSON: %s: %.200s\n", err.text, res.body);
        FUZZ_REQUIRE(o != NULL);
        json_decref(o);
    }
    srv_response_free(&res);
    return 0;
}
