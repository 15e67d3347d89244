/* routes.c — the HTTP API and the embedded web page as plain functions: one request in, one
 * response out (docs/API.md). No sockets here, so tests and fuzz targets call srv_handle directly.
 * JSON bodies are built with jansson; errors are {"error": "..."} with a 4xx/5xx status. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"

/* ---- responses ---- */

void srv_response_free(srv_response *res)
{
    if (res && res->free_fn)
        res->free_fn(res->body);
    if (res) {
        res->body = NULL;
        res->free_fn = NULL;
    }
}

static void set_static(srv_response *res, unsigned status, const char *type, const char *body)
{
    res->status = status;
    res->content_type = type;
    res->body = (char *)body;
    res->body_len = strlen(body);
    res->free_fn = NULL;
}

/* Used when even an error body cannot be allocated. */
static const char oom_body[] = "{\"error\":\"out of memory\"}";

void srv_error(srv_response *res, unsigned status, const char *message)
{
    json_t *o = json_pack("{s:s}", "error", message);
    if (!o) /* the message is not valid UTF-8 (it may quote the request): keep the status */
        o = json_pack("{s:s}", "error", status >= 500 ? "server error" : "bad request");
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!s) {
        set_static(res, 500, "application/json", oom_body);
        return;
    }
    res->status = status;
    res->content_type = "application/json";
    res->body = s;
    res->body_len = strlen(s);
    res->free_fn = free;
}

void srv_send_json(srv_response *res, unsigned status, json_t *v)
{
    char *s = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(v);
    if (!s) {
        srv_error(res, 500, "out of memory");
        return;
    }
    res->status = status;
    res->content_type = "application/json";
    res->body = s;
    res->body_len = strlen(s);
    res->free_fn = free;
}

/* HTTP status for each library status (srv_send_status). */
static const struct {
    ws_status st;
    unsigned http;
} status_map[] = {
    {WS_OK, 200},         {WS_ENOMEM, 500},     {WS_EINVAL, 400}, {WS_ETOOBIG, 413},
    {WS_EIO, 500},        {WS_EFORMAT, 400},    {WS_EDB, 500},    {WS_ENOTFOUND, 404},
};

void srv_send_status(srv_response *res, ws_status st)
{
    unsigned http = 500;
    for (size_t i = 0; i < sizeof status_map / sizeof status_map[0]; i++)
        if (status_map[i].st == st)
            http = status_map[i].http;
    srv_error(res, http, ws_strerror(st));
}

/* ---- request helpers ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into out (outsize bytes, NUL-terminated); plus_space turns '+' into ' '
 * (query strings). False when it does not fit or decodes to a NUL byte. A '%' not followed by two
 * hex digits is kept as it is. */
static bool pct_decode(const char *s, size_t n, bool plus_space, char *out, size_t outsize)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n) {
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                c = hi * 16 + lo;
                i += 2;
            }
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (c == 0 || o + 1 >= outsize)
            return false;
        out[o++] = (char)c;
    }
    if (outsize == 0)
        return false;
    out[o] = '\0';
    return true;
}

int srv_query_get(const char *query, const char *key, char *out, size_t outsize)
{
    size_t klen = strlen(key);
    const char *p = query ? query : "";
    while (*p) {
        const char *end = strchr(p, '&');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        size_t kn = eq ? (size_t)(eq - p) : n;
        char name[64];
        if (pct_decode(p, kn, true, name, sizeof name) && strlen(name) == klen &&
            !memcmp(name, key, klen)) {
            bool ok = eq ? pct_decode(eq + 1, n - kn - 1, true, out, outsize)
                         : pct_decode("", 0, true, out, outsize);
            return ok ? 1 : -1;
        }
        p += n;
        if (*p == '&')
            p++;
    }
    return 0;
}

bool srv_parse_id(const char *s, int64_t *out)
{
    int64_t v = 0;
    if (!*s || *s == '0')
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (INT64_MAX - (*s - '0')) / 10)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

long srv_query_long(const char *query, const char *key, long dflt, long max, bool *ok)
{
    char buf[32];
    int got = srv_query_get(query, key, buf, sizeof buf);
    if (got < 0)
        *ok = false;
    if (got <= 0 || !buf[0])
        return dflt;
    char *end;
    long v = strtol(buf, &end, 10);
    if (*end || v < 0 || v > max || buf[0] == '-' || buf[0] == '+' || buf[0] == ' ') {
        *ok = false;
        return dflt;
    }
    return v;
}

static bool ci_prefix(const char *s, const char *prefix)
{
    return s && !strncasecmp(s, prefix, strlen(prefix));
}

bool srv_authorized(const srv_ctx *ctx, const char *method, const char *authorization)
{
    if (!ctx->token || strcmp(method, "POST"))
        return true;
    if (!ci_prefix(authorization, "Bearer "))
        return false;
    const char *given = authorization + 7;
    while (*given == ' ')
        given++;
    size_t n = strlen(given), m = strlen(ctx->token);
    /* compare every byte whatever the lengths, so timing tells nothing about the token */
    unsigned diff = n != m;
    for (size_t i = 0; i < m; i++)
        diff |= (unsigned char)ctx->token[i] ^ (unsigned char)(i < n ? given[i] : 0);
    return diff == 0;
}

/* ---- handlers ---- */

static void h_healthz(const srv_ctx *ctx, const srv_request *req, const char *arg,
                      srv_response *res)
{
    (void)req, (void)arg;
    srv_send_json(res, 200,
              json_pack("{s:s,s:s,s:b,s:b}", "status", "ok", "version", WS_VERSION, "taggers",
                        ctx->pipe && ws_pipeline_has_taggers(ctx->pipe), "db", ctx->corpus != NULL));
}

static const char *json_str(json_t *o, const char *k, bool *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = true;
        return NULL;
    }
    return json_string_value(v);
}

/* POST /api/extract: a JSON object {"text", "title"?, "id"?, "url"?, "date"?, "source"?} (read
 * like a JSONL record of `whosaid extract`: no headline line), or any other body as a plain-text
 * article (read like a .txt file: the first line is the headline). The response is exactly the
 * JSON `whosaid extract` prints for it. */
static void h_extract(const srv_ctx *ctx, const srv_request *req, const char *arg,
                      srv_response *res)
{
    (void)arg;
    if (req->body_len > ctx->max_body) {
        srv_error(res, 413, "request body too large");
        return;
    }
    if (!ctx->pipe) {
        srv_error(res, 500, "no pipeline loaded");
        return;
    }
    const char *text = req->body ? req->body : "";
    size_t len = req->body_len;
    unsigned flags = WS_IN_NEWS;
    ws_meta meta = {0};
    json_t *root = NULL;
    if (ci_prefix(req->content_type, "application/json")) {
        json_error_t jerr;
        root = json_loadb(text, len, JSON_ALLOW_NUL, &jerr);
        if (!root) {
            char msg[256];
            snprintf(msg, sizeof msg, "invalid JSON at byte %d: %s", jerr.position, jerr.text);
            srv_error(res, 400, msg);
            return;
        }
        json_t *t = json_object_get(root, "text");
        bool bad = false;
        meta.title = json_str(root, "title", &bad);
        meta.id = json_str(root, "id", &bad);
        meta.url = json_str(root, "url", &bad);
        meta.date = json_str(root, "date", &bad);
        meta.source = json_str(root, "source", &bad);
        if (!json_is_object(root) || !json_is_string(t) || bad) {
            json_decref(root);
            srv_error(res, 400,
                      "expected a JSON object with a string \"text\" (and optional string "
                      "\"title\", \"id\", \"url\", \"date\", \"source\")");
            return;
        }
        text = json_string_value(t);
        len = json_string_length(t);
        flags = WS_IN_PLAIN;
    } else if (len == 0) {
        srv_error(res, 400, "empty request body: send the article as text or JSON");
        return;
    }
    ws_doc *doc;
    ws_status st = ws_extract(ctx->pipe, text, len, flags, &doc);
    if (st == WS_OK) {
        char *json;
        size_t jl;
        st = ws_doc_to_json(doc, &meta, &json, &jl);
        ws_doc_free(doc);
        if (st == WS_OK) {
            res->status = 200;
            res->content_type = "application/json";
            res->body = json;
            res->body_len = jl;
            res->free_fn = ws_free;
        }
    }
    json_decref(root);
    if (st != WS_OK)
        srv_send_status(res, st);
}

/* ---- routing ---- */

/* One row per endpoint. A path ending in '/' takes one more segment (an id) as arg. To add an
 * endpoint, add a row here and document it in docs/API.md. */
static const struct route {
    const char *method;
    const char *path;
    srv_handler fn;
} routes[] = {
    {"GET", "/healthz", h_healthz},
    {"POST", "/api/extract", h_extract},
    {"GET", "/api/search", srv_search},
    {"GET", "/api/speakers", srv_speakers},
    {"GET", "/api/speakers/", srv_speaker},
    {"GET", "/api/articles/", srv_article},
};

static const struct {
    const char *ext;
    const char *type;
} asset_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
};

static const char *asset_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof asset_types / sizeof asset_types[0]; i++)
        if (!strcmp(dot, asset_types[i].ext))
            return asset_types[i].type;
    return "application/octet-stream";
}

static bool serve_asset(const char *path, srv_response *res)
{
    const char *name = path + 1;
    if (!*name)
        name = "index.html";
    for (size_t i = 0; i < srv_nassets; i++) {
        if (!strcmp(srv_assets[i].name, name)) {
            res->status = 200;
            res->content_type = asset_type(name);
            res->body = (char *)srv_assets[i].data;
            res->body_len = srv_assets[i].len;
            res->free_fn = NULL;
            res->is_asset = true;
            return true;
        }
    }
    return false;
}

/* Matches path against a route; for an id route sets arg to the decoded last segment. */
static bool route_match(const struct route *r, const char *path, char *arg, size_t argsize)
{
    size_t n = strlen(r->path);
    if (r->path[n - 1] != '/')
        return !strcmp(path, r->path);
    if (strncmp(path, r->path, n) || !path[n] || strchr(path + n, '/'))
        return false;
    return pct_decode(path + n, strlen(path + n), false, arg, argsize);
}

void srv_handle(const srv_ctx *ctx, const srv_request *req, srv_response *res)
{
    memset(res, 0, sizeof *res);
    const char *path = req->path && req->path[0] == '/' ? req->path : NULL;
    const char *method = req->method ? req->method : "";
    if (!path) {
        srv_error(res, 400, "bad request target");
        return;
    }
    /* HEAD is GET without a body; the HTTP layer drops the body. */
    const char *as = !strcmp(method, "HEAD") ? "GET" : method;
    char arg[256];
    const char *allow = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!route_match(&routes[i], path, arg, sizeof arg))
            continue;
        if (strcmp(routes[i].method, as)) {
            allow = !strcmp(routes[i].method, "GET") ? "GET, HEAD" : routes[i].method;
            continue;
        }
        if (!srv_authorized(ctx, method, req->authorization)) {
            srv_error(res, 401, "missing or wrong bearer token");
            return;
        }
        routes[i].fn(ctx, req, arg, res);
        return;
    }
    if (allow) {
        srv_error(res, 405, "method not allowed");
        res->allow = allow;
        return;
    }
    if (strncmp(path, "/api/", 5) && serve_asset(path, res)) {
        if (strcmp(as, "GET")) {
            srv_response_free(res);
            memset(res, 0, sizeof *res);
            srv_error(res, 405, "method not allowed");
            res->allow = "GET, HEAD";
        }
        return;
    }
    srv_error(res, 404, "not found");
}
