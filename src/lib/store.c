/* store.c — the corpus store in SQLite (the only file that includes sqlite3.h). STUB: the API
 * compiles; the implementation follows. */
#include <sqlite3.h>

#include "internal.h"

struct ws_store {
    sqlite3 *db;
    ws_store_counts counts;
};

ws_status ws_store_open(const char *path, unsigned flags, ws_store **out)
{
    (void)path; (void)flags;
    *out = NULL;
    return WS_EDB;
}
void ws_store_close(ws_store *s) { (void)s; }
const char *ws_store_errmsg(const ws_store *s) { (void)s; return ""; }
ws_status ws_store_begin(ws_store *s) { (void)s; return WS_EDB; }
ws_status ws_store_commit(ws_store *s) { (void)s; return WS_EDB; }
ws_status ws_store_rollback(ws_store *s) { (void)s; return WS_EDB; }
ws_status ws_store_add(ws_store *s, const ws_doc *doc, const ws_meta *meta)
{
    (void)s; (void)doc; (void)meta;
    return WS_EDB;
}
void ws_store_session_counts(const ws_store *s, ws_store_counts *out) { *out = s->counts; }
ws_status ws_store_link(ws_store *s) { (void)s; return WS_EDB; }
ws_status ws_store_search(ws_store *s, const ws_query *q, ws_quote_fn fn, void *ctx)
{
    (void)s; (void)q; (void)fn; (void)ctx;
    return WS_EDB;
}
ws_status ws_store_quotes(ws_store *s, const ws_query *q, ws_quote_fn fn, void *ctx)
{
    (void)s; (void)q; (void)fn; (void)ctx;
    return WS_EDB;
}
ws_status ws_store_speakers(ws_store *s, const ws_query *q, ws_speaker_fn fn, void *ctx)
{
    (void)s; (void)q; (void)fn; (void)ctx;
    return WS_EDB;
}
ws_status ws_store_speaker(ws_store *s, const ws_query *q, ws_speaker_fn sfn, ws_quote_fn qfn,
                           void *ctx)
{
    (void)s; (void)q; (void)sfn; (void)qfn; (void)ctx;
    return WS_EDB;
}
ws_status ws_store_article(ws_store *s, const char *id,
                           int (*afn)(const ws_article_row *row, void *ctx),
                           ws_quote_fn qfn, int (*efn)(const ws_entity_row *row, void *ctx),
                           void *ctx)
{
    (void)s; (void)id; (void)afn; (void)qfn; (void)efn; (void)ctx;
    return WS_EDB;
}
ws_status ws_store_get_stats(ws_store *s, ws_store_stats *out)
{
    (void)s;
    memset(out, 0, sizeof *out);
    return WS_EDB;
}
ws_status ws_store_query_json(ws_store *s, ws_query_kind kind, const ws_query *q, const char *id,
                              char **out, size_t *outlen)
{
    (void)s; (void)kind; (void)q; (void)id;
    *out = NULL;
    *outlen = 0;
    return WS_EDB;
}
ws_status ws_quote_row_json(const ws_quote_row *row, char **out, size_t *outlen)
{
    (void)row;
    *out = NULL;
    *outlen = 0;
    return WS_EDB;
}
ws_status ws_speaker_row_json(const ws_speaker_row *row, char **out, size_t *outlen)
{
    (void)row;
    *out = NULL;
    *outlen = 0;
    return WS_EDB;
}
