/* test_server.c — the HTTP request path without sockets: srv_handle routing, statuses, query
 * decoding, ids, bearer tokens, the response cache. (tests/cli/serve_api.sh covers the same over
 * real connections.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/server/server.h"

#include "check.h"

static srv_response call(const srv_ctx *ctx, const char *method, const char *path,
                         const char *query, const char *ctype, const char *body)
{
    srv_request req = {.method = method, .path = path, .query = query ? query : "",
                       .content_type = ctype, .body = body, .body_len = body ? strlen(body) : 0};
    srv_response res;
    srv_handle(ctx, &req, &res);
    return res;
}

static bool has(const srv_response *r, const char *needle)
{
    char *s = malloc(r->body_len + 1);
    memcpy(s, r->body, r->body_len);
    s[r->body_len] = '\0';
    bool found = strstr(s, needle) != NULL;
    free(s);
    return found;
}

static unsigned status(const srv_ctx *ctx, const char *method, const char *path, const char *query,
                       const char *ctype, const char *body)
{
    srv_response r = call(ctx, method, path, query, ctype, body);
    unsigned st = r.status;
    if (st >= 400 && !(r.body_len && has(&r, "{\"error\":"))) {
        fprintf(stderr, "%s %s: status %u without a JSON error body\n", method, path, st);
        failures++;
    }
    srv_response_free(&r);
    return st;
}

static void test_query(void)
{
    char v[16];
    CHECK(srv_query_get("a=1&b=x%20y+z", "b", v, sizeof v) == 1 && !strcmp(v, "x y z"));
    CHECK(srv_query_get("a=1&b=2", "c", v, sizeof v) == 0);
    CHECK(srv_query_get("", "a", v, sizeof v) == 0);
    CHECK(srv_query_get("a", "a", v, sizeof v) == 1 && !strcmp(v, ""));
    CHECK(srv_query_get("a=%", "a", v, sizeof v) == 1 && !strcmp(v, "%"));
    CHECK(srv_query_get("a=%4", "a", v, sizeof v) == 1 && !strcmp(v, "%4"));
    CHECK(srv_query_get("a=%zz", "a", v, sizeof v) == 1 && !strcmp(v, "%zz"));
    CHECK(srv_query_get("a=%00", "a", v, sizeof v) == -1);
    CHECK(srv_query_get("a=0123456789abcdef", "a", v, sizeof v) == -1); /* does not fit */
    CHECK(srv_query_get("%61=yes", "a", v, sizeof v) == 1 && !strcmp(v, "yes"));
    CHECK(srv_query_get("aa=1&a=2", "a", v, sizeof v) == 1 && !strcmp(v, "2"));
    CHECK(srv_query_get("a=1&&a=2", "a", v, sizeof v) == 1 && !strcmp(v, "1"));
    bool ok = true;
    CHECK(srv_query_long("limit=7", "limit", 20, 100, &ok) == 7 && ok);
    CHECK(srv_query_long("x=1", "limit", 20, 100, &ok) == 20 && ok);
    CHECK(srv_query_long("limit=", "limit", 20, 100, &ok) == 20 && ok);
    srv_query_long("limit=101", "limit", 20, 100, &ok);
    CHECK(!ok);
    ok = true;
    srv_query_long("limit=+5", "limit", 20, 100, &ok);
    CHECK(!ok);
    ok = true;
    srv_query_long("limit=99999999999999999999999999", "limit", 20, 100, &ok);
    CHECK(!ok);
    int64_t id;
    CHECK(srv_parse_id("42", &id) && id == 42);
    CHECK(!srv_parse_id("0", &id) && !srv_parse_id("042", &id) && !srv_parse_id("", &id));
    CHECK(!srv_parse_id("4x", &id) && !srv_parse_id("-1", &id));
    CHECK(srv_parse_id("9223372036854775807", &id) && id == INT64_MAX);
    CHECK(!srv_parse_id("9223372036854775808", &id));
}

static void test_routes(const ws_pipeline *pipe)
{
    srv_ctx ctx = {.pipe = pipe, .max_body = 64};
    CHECK(status(&ctx, "GET", "/healthz", NULL, NULL, NULL) == 200);
    CHECK(status(&ctx, "HEAD", "/healthz", NULL, NULL, NULL) == 200);
    CHECK(status(&ctx, "DELETE", "/healthz", NULL, NULL, NULL) == 405);
    CHECK(status(&ctx, "GET", "/", NULL, NULL, NULL) == 200);
    CHECK(status(&ctx, "GET", "/app.js", NULL, NULL, NULL) == 200);
    CHECK(status(&ctx, "POST", "/app.js", NULL, NULL, "x") == 405);
    CHECK(status(&ctx, "GET", "/nope", NULL, NULL, NULL) == 404);
    CHECK(status(&ctx, "GET", "/api/app.js", NULL, NULL, NULL) == 404);
    CHECK(status(&ctx, "GET", "", NULL, NULL, NULL) == 400);
    CHECK(status(&ctx, "GET", "relative", NULL, NULL, NULL) == 400);
    CHECK(status(&ctx, "GET", "/api/extract", NULL, NULL, NULL) == 405);
    CHECK(status(&ctx, "POST", "/api/extract", NULL, "text/plain", "") == 400);
    CHECK(status(&ctx, "POST", "/api/extract", NULL, "application/json", "{") == 400);
    CHECK(status(&ctx, "POST", "/api/extract", NULL, "application/json", "{\"text\":null}") == 400);
    CHECK(status(&ctx, "POST", "/api/extract", NULL, "Application/JSON; charset=utf-8", "{\"text\":\"\"}") == 200);
    CHECK(status(&ctx, "POST", "/api/extract", NULL, NULL,
                 "0123456789012345678901234567890123456789012345678901234567890123456789") == 413);
    CHECK(status(&ctx, "GET", "/api/search", "q=x", NULL, NULL) == 503);
    CHECK(status(&ctx, "GET", "/api/speakers/1", NULL, NULL, NULL) == 503);
    CHECK(status(&ctx, "GET", "/api/articles/a/b", NULL, NULL, NULL) == 404);
    CHECK(status(&ctx, "GET", "/api/articles/", NULL, NULL, NULL) == 404);

    srv_response r = call(&ctx, "POST", "/api/extract", NULL, "application/json",
                          "{\"text\":\"Bob said \\\"hi\\\".\",\"title\":\"<b>T</b>\"}");
    CHECK(r.status == 200 && has(&r, "\"title\":\"<b>T</b>\"") && has(&r, "\"attributions\":["));
    srv_response_free(&r);
    r = call(&ctx, "GET", "/healthz", NULL, NULL, NULL);
    CHECK(has(&r, "\"status\":\"ok\"") && has(&r, "\"db\":false"));
    srv_response_free(&r);
    r = call(&ctx, "DELETE", "/healthz", NULL, NULL, NULL);
    CHECK(r.allow && !strcmp(r.allow, "GET, HEAD"));
    srv_response_free(&r);
    r = call(&ctx, "GET", "/", NULL, NULL, NULL);
    CHECK(r.is_asset && !strncmp(r.content_type, "text/html", 9));
    srv_response_free(&r);
}

static void test_errors(void)
{
    srv_response r = {0};
    srv_error(&r, 400, "bad byte \xff here");
    CHECK(r.status == 400 && has(&r, "{\"error\":\"bad request\"}"));
    srv_response_free(&r);
    srv_error(&r, 404, "no such \"thing\"");
    CHECK(r.status == 404 && has(&r, "{\"error\":\"no such \\\"thing\\\"\"}"));
    srv_response_free(&r);
}

static void test_token(const ws_pipeline *pipe)
{
    srv_ctx ctx = {.pipe = pipe, .max_body = 1024, .token = "s3cret"};
    CHECK(srv_authorized(&ctx, "GET", NULL));
    CHECK(!srv_authorized(&ctx, "POST", NULL));
    CHECK(!srv_authorized(&ctx, "POST", "Bearer s3cre"));
    CHECK(!srv_authorized(&ctx, "POST", "Bearer s3cretx"));
    CHECK(!srv_authorized(&ctx, "POST", "Basic s3cret"));
    CHECK(srv_authorized(&ctx, "POST", "Bearer s3cret"));
    CHECK(srv_authorized(&ctx, "POST", "bearer  s3cret"));
    srv_request req = {.method = "POST", .path = "/api/extract", .query = "", .body = "x", .body_len = 1};
    srv_response res;
    srv_handle(&ctx, &req, &res);
    CHECK(res.status == 401);
    srv_response_free(&res);
}

static void test_cache(void)
{
    CHECK(srv_cache_new(0) == NULL);
    srv_cache *c = srv_cache_new(4096);
    char *b;
    size_t n;
    CHECK(!srv_cache_get(c, "k", 1, &b, &n));
    srv_cache_put(c, "k", 1, "hello", 5);
    CHECK(srv_cache_get(c, "k", 1, &b, &n) && n == 5 && !memcmp(b, "hello", 5));
    free(b);
    CHECK(!srv_cache_get(c, "k", 2, &b, &n)); /* another version: a miss, and the entry goes */
    CHECK(!srv_cache_get(c, "k", 1, &b, &n));
    /* least recently used out first: fill past the cap, keep touching k0 */
    char big[700], key[16];
    memset(big, 'x', sizeof big);
    for (int i = 0; i < 12; i++) {
        snprintf(key, sizeof key, "k%d", i);
        srv_cache_put(c, key, 1, big, sizeof big);
        if (srv_cache_get(c, "k0", 1, &b, &n))
            free(b);
    }
    CHECK(srv_cache_get(c, "k0", 1, &b, &n));
    free(b);
    CHECK(srv_cache_get(c, "k11", 1, &b, &n));
    free(b);
    CHECK(!srv_cache_get(c, "k1", 1, &b, &n));
    static const char huge[2000];
    srv_cache_put(c, "huge", 1, huge, sizeof huge); /* over a quarter of the cap: not kept */
    CHECK(!srv_cache_get(c, "huge", 1, &b, &n));
    srv_cache_free(c);
    srv_cache_free(NULL);
    CHECK(!srv_cache_get(NULL, "k", 1, &b, &n));
}

int main(void)
{
    ws_pipeline *pipe;
    ws_config cfg = {.fast = 1};
    if (ws_pipeline_new(&cfg, &pipe) != WS_OK) {
        fprintf(stderr, "test_server: no pipeline\n");
        return 1;
    }
    test_query();
    test_routes(pipe);
    test_errors();
    test_token(pipe);
    test_cache();
    ws_pipeline_free(pipe);
    if (failures)
        fprintf(stderr, "test_server: %d checks failed\n", failures);
    return failures != 0;
}
