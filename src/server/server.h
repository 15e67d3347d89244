/* server.h — what the HTTP server's files share (not part of the public API).
 * routes.c turns one complete request into one response with no sockets involved (srv_handle), so
 * tests and fuzz targets can drive it directly; http.c is the libmicrohttpd glue around it. */
#ifndef WS_SERVER_H
#define WS_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "whosaid.h"

#define SRV_DEFAULT_MAX_BODY (2u * 1024u * 1024u) /* bytes; larger request bodies get 413 */
#define SRV_DEFAULT_TIMEOUT 15u                   /* seconds a connection may stay idle */
#define SRV_DEFAULT_CACHE_MB 32u                  /* corpus response cache */

typedef struct srv_corpus srv_corpus; /* a pool of read-only store handles (corpus.c) */

/* What every request handler may use. Immutable while the server runs: shared by all threads. */
typedef struct {
    const ws_pipeline *pipe;
    srv_corpus *corpus;     /* the corpus store, read-only; NULL when the server runs without --db */
    const char *token;      /* bearer token POST requests must carry; NULL: no token needed */
    size_t max_body;        /* bytes */
} srv_ctx;

/* One complete request. Strings are NUL-terminated; body is not (it may hold NUL bytes). */
typedef struct {
    const char *method;        /* "GET", "POST", ... */
    const char *path;          /* raw (percent-encoded) path, starts with '/' */
    const char *query;         /* raw query string after '?', "" when there is none */
    const char *content_type;  /* Content-Type header or NULL */
    const char *authorization; /* Authorization header or NULL */
    const char *body;          /* request body, body_len bytes; NULL when body_len == 0 */
    size_t body_len;
} srv_request;

/* One response. body is released with srv_response_free (free_fn NULL: static memory). */
typedef struct {
    unsigned status;
    const char *content_type;  /* static string */
    const char *allow;         /* Allow header for 405, else NULL */
    bool is_asset;             /* an embedded web asset: cacheable, gets the page's CSP */
    const char *cache;         /* "hit" or "miss" for cached corpus endpoints (X-Cache), else NULL */
    char *body;
    size_t body_len;
    void (*free_fn)(void *);
} srv_response;

/* Routes req to its handler and fills *res (never fails: errors become JSON error responses). */
void srv_handle(const srv_ctx *ctx, const srv_request *req, srv_response *res);
void srv_response_free(srv_response *res);

/* Nonzero when a request with this method and Authorization header may proceed: only POST needs
 * the token. http.c asks before reading a body so unauthenticated uploads are refused early. */
bool srv_authorized(const srv_ctx *ctx, const char *method, const char *authorization);

/* The error response {"error": message} with the given status. */
void srv_error(srv_response *res, unsigned status, const char *message);
/* The error response for a library status (WS_ENOTFOUND 404, WS_EINVAL 400, ...). */
void srv_send_status(srv_response *res, ws_status st);
/* A JSON response; takes the reference to v (a jansson json_t *; NULL or failure gives a 500). */
struct json_t;
void srv_send_json(srv_response *res, unsigned status, struct json_t *v);

/* A handler; arg is the decoded last path segment for routes ending in '/', else "". */
typedef void (*srv_handler)(const srv_ctx *ctx, const srv_request *req, const char *arg,
                            srv_response *res);
/* The corpus endpoints (corpus.c). */
void srv_search(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res);
void srv_speakers(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res);
void srv_speaker(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res);
void srv_article(const srv_ctx *ctx, const srv_request *req, const char *arg, srv_response *res);
/* Fills res and returns true when req is a GET of a corpus endpoint whose answer is in the cache
 * (cheap: http.c asks before handing a request to a worker thread). */
bool srv_answer_cached(const srv_ctx *ctx, const srv_request *req, srv_response *res);

/* Copies the percent-decoded value of the first key= in a raw query string ("a=1&b=x%20y", '+' is
 * a space) into out[0..outsize). Returns 1 when found, 0 when absent, -1 when its decoded value
 * does not fit or contains a NUL byte. */
int srv_query_get(const char *query, const char *key, char *out, size_t outsize);
/* An optional integer parameter in 0..max: dflt when absent or empty; sets *ok = false when it is
 * present but not such a number. */
long srv_query_long(const char *query, const char *key, long dflt, long max, bool *ok);
/* A decimal id in 1..INT64_MAX (a path segment); false for anything else. */
bool srv_parse_id(const char *s, int64_t *out);

/* Embedded web assets (generated at build time from src/server/web/ by src/server/embed.sh). */
typedef struct {
    const char *name;          /* file name, e.g. "app.js" */
    const unsigned char *data;
    size_t len;
} srv_asset;
extern const srv_asset srv_assets[];
extern const size_t srv_nassets;

/* The corpus store behind /api/search, /api/speakers and /api/articles (corpus.c): opens path
 * read-only (reporting problems on stderr) as a pool of handles, with a response cache of
 * cache_bytes (0: none); close(NULL) does nothing. */
ws_status srv_corpus_open(const char *path, size_t cache_bytes, srv_corpus **out);
void srv_corpus_close(srv_corpus *c);

/* Response cache (cache.c): key -> body, tagged with a version; a lookup with another version
 * misses. get returns a malloc'd copy. new(0) returns NULL, and NULL caches nothing. */
typedef struct srv_cache srv_cache;
srv_cache *srv_cache_new(size_t max_bytes);
void srv_cache_free(srv_cache *c);
bool srv_cache_get(srv_cache *c, const char *key, uint64_t version, char **body, size_t *len);
void srv_cache_put(srv_cache *c, const char *key, uint64_t version, const char *body, size_t len);

/* Options of `whosaid serve`, parsed by cmd_serve.c. */
typedef struct {
    const char *db;            /* corpus database or NULL */
    const char *listen;        /* "HOST:PORT", "[V6]:PORT"; port 0 picks a free one */
    unsigned threads;          /* worker threads; 0: one per CPU */
    unsigned timeout;          /* seconds */
    size_t max_body;           /* bytes */
    size_t cache_bytes;        /* corpus response cache; 0: none */
    const char *token;
    ws_config cfg;
} srv_options;

/* Runs the server until SIGINT or SIGTERM. Prints "whosaid: listening on http://HOST:PORT" on
 * stderr once the socket is bound. Returns a process exit code. */
int srv_run(const srv_options *o);

#endif /* WS_SERVER_H */
