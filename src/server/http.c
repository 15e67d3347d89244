/* http.c — `whosaid serve` on GNU libmicrohttpd: one event-loop thread does all network I/O, request
 * bodies are gathered up to a cap (413 beyond it), idle connections are closed after a timeout.
 * A complete API request is parked (MHD_suspend_connection) and queued for a pool of worker
 * threads that run srv_handle (routes.c); the worker resumes the connection and the event loop
 * sends the answer. One FIFO queue for all connections keeps latency even under load, and a long
 * extraction never stalls other connections' I/O. Web assets and /healthz are answered inline.
 * Stops cleanly on SIGINT/SIGTERM: the queue is drained before the daemon stops. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

/* Per request: the raw URI (from the URI log callback, before MHD strips the query) and the body. */
typedef struct request_state {
    char *uri;
    char *body;
    size_t len, cap;
    size_t received;   /* all body bytes seen, kept or not */
    bool started;      /* the access handler has seen the headers */
    bool too_big;
    /* set while the request waits for or runs in a worker */
    bool queued, done;
    struct MHD_Connection *conn;
    srv_request req;
    srv_response res;  /* the worker's answer once done */
    struct request_state *next;
} request_state;

/* The worker pool: a FIFO of parked requests. */
typedef struct {
    const srv_ctx *ctx;
    pthread_mutex_t lock;
    pthread_cond_t ready;
    request_state *head, *tail;
    bool stopping;          /* no new requests are queued; workers drain the queue and exit */
    pthread_t *threads;
    unsigned nthreads;
} work_pool;

/* A client that goes on sending after the cap is cut off once it has sent this many times the cap. */
enum { DISCARD_FACTOR = 4 };

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls, (void)c;
    request_state *rs = calloc(1, sizeof *rs);
    if (rs)
        rs->uri = strdup(uri ? uri : "/");
    return rs;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    request_state *rs = *con_cls;
    if (rs) {
        free(rs->uri);
        free(rs->body);
        free(rs);
    }
    *con_cls = NULL;
}

/* Headers on every response; the page's assets also get a Content-Security-Policy that allows
 * nothing but this origin, so even an escaping bug could not run injected script. */
static const struct {
    const char *name, *value;
} common_headers[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};
static const char page_csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

static void free_body_cb(void *cls)
{
    srv_response *res = cls;
    srv_response_free(res);
    free(res);
}

static enum MHD_Result send_response(struct MHD_Connection *c, srv_response *res)
{
    srv_response *held = malloc(sizeof *held);
    struct MHD_Response *r = NULL;
    if (held) {
        *held = *res;
        r = MHD_create_response_from_buffer_with_free_callback_cls(held->body_len, held->body,
                                                                   free_body_cb, held);
        if (!r)
            free(held);
    }
    if (!r) {
        srv_response_free(res);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", res->content_type);
    for (size_t i = 0; i < sizeof common_headers / sizeof common_headers[0]; i++)
        MHD_add_response_header(r, common_headers[i].name, common_headers[i].value);
    if (res->is_asset) {
        MHD_add_response_header(r, "Content-Security-Policy", page_csp);
        MHD_add_response_header(r, "Cache-Control", "no-cache");
    } else {
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    if (res->allow)
        MHD_add_response_header(r, "Allow", res->allow);
    if (res->cache)
        MHD_add_response_header(r, "X-Cache", res->cache);
    if (res->status == 401)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
    enum MHD_Result ret = MHD_queue_response(c, res->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    srv_response res = {0};
    srv_error(&res, status, msg);
    return send_response(c, &res);
}

static bool body_append(request_state *rs, const char *data, size_t n, size_t max)
{
    if (rs->len + n > max) {
        rs->too_big = true;
        return true;
    }
    if (rs->len + n > rs->cap) {
        size_t cap = rs->cap ? rs->cap : 16384;
        while (cap < rs->len + n)
            cap *= 2;
        if (cap > max)
            cap = max;
        char *b = realloc(rs->body, cap);
        if (!b)
            return false;
        rs->body = b;
        rs->cap = cap;
    }
    memcpy(rs->body + rs->len, data, n);
    rs->len += n;
    return true;
}

static void *worker_main(void *arg)
{
    work_pool *wp = arg;
    for (;;) {
        pthread_mutex_lock(&wp->lock);
        while (!wp->head && !wp->stopping)
            pthread_cond_wait(&wp->ready, &wp->lock);
        request_state *rs = wp->head;
        if (!rs) { /* stopping and nothing left */
            pthread_mutex_unlock(&wp->lock);
            return NULL;
        }
        wp->head = rs->next;
        if (!wp->head)
            wp->tail = NULL;
        pthread_mutex_unlock(&wp->lock);
        srv_handle(wp->ctx, &rs->req, &rs->res);
        rs->done = true;
        MHD_resume_connection(rs->conn); /* its event loop calls on_request again to send */
    }
}

/* Parks the connection and queues the request; false when the pool is stopping (the caller then
 * answers inline). The connection is suspended before a worker can see it, so the worker's
 * resume always follows the suspend. */
static bool pool_submit(work_pool *wp, request_state *rs)
{
    pthread_mutex_lock(&wp->lock);
    if (wp->stopping) {
        pthread_mutex_unlock(&wp->lock);
        return false;
    }
    rs->queued = true;
    rs->next = NULL;
    MHD_suspend_connection(rs->conn);
    if (wp->tail)
        wp->tail->next = rs;
    else
        wp->head = rs;
    wp->tail = rs;
    pthread_cond_signal(&wp->ready);
    pthread_mutex_unlock(&wp->lock);
    return true;
}

static bool pool_start(work_pool *wp, const srv_ctx *ctx, unsigned n)
{
    memset(wp, 0, sizeof *wp);
    wp->ctx = ctx;
    pthread_mutex_init(&wp->lock, NULL);
    pthread_cond_init(&wp->ready, NULL);
    wp->threads = calloc(n, sizeof *wp->threads);
    if (!wp->threads)
        return false;
    for (; wp->nthreads < n; wp->nthreads++)
        if (pthread_create(&wp->threads[wp->nthreads], NULL, worker_main, wp) != 0)
            break;
    return wp->nthreads > 0;
}

/* Stops queuing, lets the workers finish (and resume) every queued request, joins them. */
static void pool_stop(work_pool *wp)
{
    pthread_mutex_lock(&wp->lock);
    wp->stopping = true;
    pthread_cond_broadcast(&wp->ready);
    pthread_mutex_unlock(&wp->lock);
    for (unsigned i = 0; i < wp->nthreads; i++)
        pthread_join(wp->threads[i], NULL);
    free(wp->threads);
    pthread_cond_destroy(&wp->ready);
    pthread_mutex_destroy(&wp->lock);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)url, (void)version;
    work_pool *wp = cls;
    const srv_ctx *ctx = wp->ctx;
    request_state *rs = *con_cls;
    if (!rs)
        return send_error(c, 500, "out of memory");
    if (rs->queued) { /* resumed by its worker */
        if (!rs->done)
            return MHD_YES;
        rs->queued = false;
        return send_response(c, &rs->res);
    }
    if (!rs->started) {
        rs->started = true;
        const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
        if (!srv_authorized(ctx, method, auth)) {
            srv_response res = {0};
            srv_error(&res, 401, "missing or wrong bearer token");
            return send_response(c, &res);
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            char *end;
            unsigned long long n = strtoull(cl, &end, 10);
            if (n > ctx->max_body)
                return send_error(c, 413, "request body too large");
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        rs->received += *upload_data_size;
        if (!rs->too_big && !body_append(rs, upload_data, *upload_data_size, ctx->max_body))
            return MHD_NO; /* out of memory: drop the connection */
        *upload_data_size = 0;
        if (rs->too_big && rs->received / DISCARD_FACTOR > ctx->max_body)
            return MHD_NO;
        return MHD_YES;
    }
    if (rs->too_big)
        return send_error(c, 413, "request body too large");
    /* split the raw URI into path and query */
    char *q = strchr(rs->uri, '?');
    char *frag = strchr(rs->uri, '#');
    if (frag)
        *frag = '\0';
    const char *query = "";
    if (q) {
        *q = '\0';
        query = q + 1;
    }
    rs->req = (srv_request){
        .method = method,
        .path = rs->uri,
        .query = query,
        .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"),
        .authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization"),
        .body = rs->body,
        .body_len = rs->len,
    };
    /* the API goes to the workers; web assets, /healthz and cached corpus answers are cheap and
     * answered here */
    srv_response res = {0};
    if (srv_answer_cached(ctx, &rs->req, &res))
        return send_response(c, &res);
    rs->conn = c;
    if (!strncmp(rs->uri, "/api/", 5) && pool_submit(wp, rs))
        return MHD_YES;
    srv_handle(ctx, &rs->req, &res);
    return send_response(c, &res);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("whosaid: serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* Parses "HOST:PORT" / "[V6]:PORT" (numeric host, or localhost) into a socket address. */
static bool parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sslen, char *host,
                         size_t hostsize, unsigned *port)
{
    const char *colon;
    size_t hl;
    const char *h = s;
    if (s[0] == '[') {
        const char *rb = strchr(s, ']');
        if (!rb || rb[1] != ':')
            return false;
        h = s + 1;
        hl = (size_t)(rb - h);
        colon = rb + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return false;
        hl = (size_t)(colon - s);
    }
    if (hl == 0 || hl >= hostsize)
        return false;
    memcpy(host, h, hl);
    host[hl] = '\0';
    if (!strcmp(host, "localhost")) /* the one name accepted: it means the IPv4 loopback */
        strcpy(host, "127.0.0.1");
    char *end;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (!colon[1] || *end || p > 65535)
        return false;
    *port = (unsigned)p;
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM};
    struct addrinfo *ai;
    char ps[8];
    snprintf(ps, sizeof ps, "%u", *port);
    if (getaddrinfo(host, ps, &hints, &ai) != 0)
        return false;
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *sslen = ai->ai_addrlen;
    freeaddrinfo(ai);
    return true;
}

static bool is_loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
    if (ss->ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)ss)->sin6_addr);
    return false;
}

int srv_run(const srv_options *o)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    char host[128];
    unsigned port;
    if (!parse_listen(o->listen, &ss, &sslen, host, sizeof host, &port)) {
        fprintf(stderr, "whosaid: serve: bad --listen '%s' (HOST:PORT with a numeric host)\n",
                o->listen);
        return 2;
    }
    (void)sslen;
    if (!is_loopback(&ss) && !o->token)
        fprintf(stderr, "whosaid: serve: warning: listening on %s without --token: anyone who can "
                        "reach it may POST\n", host);

    ws_pipeline *pipe = NULL;
    ws_status st = ws_pipeline_new(&o->cfg, &pipe);
    if (st != WS_OK) {
        fprintf(stderr, "whosaid: serve: cannot load the pipeline: %s\n", ws_strerror(st));
        return 1;
    }
    srv_ctx ctx = {.pipe = pipe, .token = o->token, .max_body = o->max_body};
    int rc = 1;
    if (o->db && srv_corpus_open(o->db, o->cache_bytes, &ctx.corpus) != WS_OK)
        goto out;

    unsigned threads = o->threads;
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 && n < 256 ? (unsigned)n : 2;
    }
    /* Block the stop signals before MHD starts its threads (they inherit the mask); this thread
     * then waits for them with sigwait. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    work_pool wp;
    if (!pool_start(&wp, &ctx, threads)) {
        fprintf(stderr, "whosaid: serve: cannot start the worker threads\n");
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        pool_stop(&wp);
        goto out;
    }
    /* network I/O is light next to extraction: one event loop per four workers */
    unsigned io_threads = (threads + 3) / 4;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, &wp,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        io_threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, io_threads,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "whosaid: serve: cannot listen on %s\n", o->listen);
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        pool_stop(&wp);
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : port;
    if (ss.ss_family == AF_INET6)
        fprintf(stderr, "whosaid: listening on http://[%s]:%u (%u threads%s)\n", host, bound,
                threads, ctx.corpus ? ", corpus loaded" : "");
    else
        fprintf(stderr, "whosaid: listening on http://%s:%u (%u threads%s)\n", host, bound, threads,
                ctx.corpus ? ", corpus loaded" : "");
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "whosaid: serve: stopping (signal %d)\n", sig);
    pool_stop(&wp); /* every parked connection is resumed before the daemon stops */
    MHD_stop_daemon(d);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    rc = 0;
out:
    srv_corpus_close(ctx.corpus);
    ws_pipeline_free(pipe);
    return rc;
}
