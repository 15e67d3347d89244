/* test_store.c — the corpus store on hand-built documents (independent of the extractor):
 * replace-not-duplicate, cross-article speakers, quote clusters, search, JSON, bad files. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#include "check.h"

static ws_pipeline *pipe_;

static ws_span find(const char *text, const char *s)
{
    const char *p = strstr(text, s);
    if (!p)
        return (ws_span){WS_NONE, WS_NONE};
    return (ws_span){(uint32_t)(p - text), (uint32_t)(p - text + strlen(s))};
}

typedef struct {
    const char *name;
    ws_entity_kind kind;
    const char *mention; /* text of its one mention */
} ent_spec;
typedef struct {
    const char *content, *cue;
    int entity;
} attr_spec;

/* Extracts text (for the arena and text), then replaces attributions and entities. */
static ws_doc *make_doc(const char *text, const ent_spec *es, size_t ne, const attr_spec *as, size_t na)
{
    ws_doc *d;
    if (ws_extract(pipe_, text, strlen(text), WS_IN_NEWS, &d) != WS_OK)
        return NULL;
    d->ents = ws_arena_alloc(&d->arena, sizeof(ws_entity) * (ne ? ne : 1));
    d->nents = (uint32_t)ne;
    for (size_t i = 0; i < ne; i++) {
        ws_span *m = ws_arena_alloc(&d->arena, sizeof *m);
        *m = find(d->text, es[i].mention);
        d->ents[i] = (ws_entity){es[i].name, es[i].kind, 1, m};
    }
    d->attrs = ws_arena_alloc(&d->arena, sizeof(ws_attribution) * (na ? na : 1));
    d->nattrs = (uint32_t)na;
    for (size_t i = 0; i < na; i++)
        d->attrs[i] = (ws_attribution){.kind = WS_DIRECT, .cls = WS_SPEECH,
                                       .content = find(d->text, as[i].content),
                                       .cue = find(d->text, as[i].cue),
                                       .source = {WS_NONE, WS_NONE},
                                       .entity = as[i].entity, .confidence = 0.9f};
    return d;
}

static ws_status add(ws_store *s, const char *id, const char *date, const char *source,
                     const char *text, const ent_spec *es, size_t ne, const attr_spec *as, size_t na)
{
    ws_doc *d = make_doc(text, es, ne, as, na);
    if (!d)
        return WS_ENOMEM;
    ws_meta m = {.id = id, .date = date, .source = source};
    ws_status st = ws_store_add(s, d, &m);
    ws_doc_free(d);
    return st;
}

typedef struct {
    int n;
    char speaker[64], text[256], snippet[256], sources[128];
    uint32_t occurrences;
    char first_date[32];
} collect;

static int collect_quote(const ws_quote_row *r, void *ctx)
{
    collect *c = ctx;
    if (c->n++ == 0) {
        snprintf(c->speaker, sizeof c->speaker, "%s", r->speaker ? r->speaker : "");
        snprintf(c->text, sizeof c->text, "%s", r->text);
        snprintf(c->snippet, sizeof c->snippet, "%s", r->snippet ? r->snippet : "");
        snprintf(c->sources, sizeof c->sources, "%s", r->sources ? r->sources : "");
        snprintf(c->first_date, sizeof c->first_date, "%s", r->first_date ? r->first_date : "");
        c->occurrences = r->occurrences;
    }
    return 0;
}

/* the ids of the rows emitted, in order */
typedef struct {
    int n;
    int64_t id[64];
} id_list;

static int collect_id(const ws_quote_row *r, void *ctx)
{
    id_list *l = ctx;
    if (l->n < 64)
        l->id[l->n] = r->id;
    l->n++;
    return 0;
}

typedef struct {
    int n;
    char names[8][64];
    char aliases[8][128];
} speakers;

static int collect_speaker(const ws_speaker_row *r, void *ctx)
{
    speakers *c = ctx;
    if (c->n < 8) {
        snprintf(c->names[c->n], 64, "%s", r->name);
        snprintf(c->aliases[c->n], 128, "%s", r->aliases ? r->aliases : "");
    }
    c->n++;
    return 0;
}

static const char *A_TEXT =
    "Putin warns of nuclear war\n"
    "President Vladimir Putin said on Monday: \"We will not allow a nuclear war on the peninsula.\"\n";
static const char *B_TEXT =
    "Kremlin repeats warning\n"
    "\"We will NOT allow a nuclear war on the peninsula!\" Putin told reporters.\n";
static const char *C_TEXT =
    "Smith speaks\n"
    "John Smith said: \"The budget is balanced and the deficit is gone.\"\n";
static const char *D_TEXT =
    "Another Smith\n"
    "Jane Smith said: \"Schools need more money for teachers this year.\"\n";
static const char *E_TEXT =
    "Unclear Smith\n"
    "\"Taxes will go down next spring,\" Smith said.\n";
static const char *F_TEXT =
    "Putin shortened\n"
    "Putin said: \"We will not allow a nuclear war.\"\n";

static void test_corpus(const char *path)
{
    ws_store *s;
    unlink(path);
    CHECK(ws_store_open(path, WS_STORE_READ, &s) == WS_ENOTFOUND && !s);
    CHECK(ws_store_open(path, WS_STORE_CREATE, &s) == WS_OK);
    if (!s)
        return;
    ent_spec ea[] = {{"President Vladimir Putin", WS_PERSON, "President Vladimir Putin"}};
    attr_spec aa[] = {{"\"We will not allow a nuclear war on the peninsula.\"", "said", 0}};
    ent_spec eb[] = {{"Putin", WS_PERSON, "Putin"}};
    attr_spec ab[] = {{"\"We will NOT allow a nuclear war on the peninsula!\"", "told", 0}};
    ent_spec ec[] = {{"John Smith", WS_PERSON, "John Smith"}};
    attr_spec ac[] = {{"\"The budget is balanced and the deficit is gone.\"", "said", 0}};
    ent_spec ed[] = {{"Jane Smith", WS_PERSON, "Jane Smith"}};
    attr_spec ad[] = {{"\"Schools need more money for teachers this year.\"", "said", 0}};
    ent_spec ee[] = {{"Smith", WS_PERSON, "Smith"}};
    attr_spec ae[] = {{"\"Taxes will go down next spring,\"", "said", 0}};
    ent_spec ef[] = {{"Putin", WS_PERSON, "Putin"}};
    attr_spec af[] = {{"\"We will not allow a nuclear war.\"", "said", 0}};

    CHECK(ws_store_begin(s) == WS_OK);
    CHECK(add(s, "a", "2017-08-09", "reuters.com", A_TEXT, ea, 1, aa, 1) == WS_OK);
    CHECK(add(s, "b", "2017-08-08", "tass.ru", B_TEXT, eb, 1, ab, 1) == WS_OK);
    CHECK(add(s, "c", "2018-01-01", "bbc.co.uk", C_TEXT, ec, 1, ac, 1) == WS_OK);
    CHECK(add(s, "d", "2018-01-02", "bbc.co.uk", D_TEXT, ed, 1, ad, 1) == WS_OK);
    CHECK(add(s, "e", "2018-01-03", "bbc.co.uk", E_TEXT, ee, 1, ae, 1) == WS_OK);
    CHECK(add(s, "f", "2017-08-10", "rt.com", F_TEXT, ef, 1, af, 1) == WS_OK);
    CHECK(ws_store_commit(s) == WS_OK);
    CHECK(ws_store_link(s) == WS_OK);

    ws_store_stats st0;
    CHECK(ws_store_get_stats(s, &st0) == WS_OK);
    CHECK(st0.articles == 6);
    CHECK(st0.attributions == 6);
    CHECK(st0.schema_version >= 1);
    /* a and b are one quote (case, punctuation); f is a substring of it: one cluster of three */
    CHECK(st0.clusters == 4);
    /* Vladimir Putin, John Smith, Jane Smith, Smith */
    CHECK(st0.speakers == 4);

    collect c = {0};
    ws_query q = {.speaker = "Putin"};
    CHECK(ws_store_quotes(s, &q, collect_quote, &c) == WS_OK);
    CHECK(c.n == 1);
    CHECK(!strcmp(c.speaker, "Vladimir Putin"));
    CHECK(c.occurrences == 3);
    CHECK(!strcmp(c.first_date, "2017-08-08"));
    CHECK(strstr(c.sources, "tass.ru") && strstr(c.sources, "reuters.com") && strstr(c.sources, "rt.com"));

    /* the ambiguous "Smith" stays its own speaker; the two full names stay apart */
    speakers sp = {0};
    ws_query all = {.limit = 10};
    CHECK(ws_store_speakers(s, &all, collect_speaker, &sp) == WS_OK);
    CHECK(sp.n == 4);
    CHECK(!strcmp(sp.names[0], "Vladimir Putin"));
    CHECK(strstr(sp.aliases[0], "Putin") && strstr(sp.aliases[0], "President Vladimir Putin"));
    int smiths = 0;
    for (int i = 0; i < sp.n && i < 8; i++)
        smiths += !strcmp(sp.names[i], "Smith") || !strcmp(sp.names[i], "John Smith") ||
                  !strcmp(sp.names[i], "Jane Smith");
    CHECK(smiths == 3);

    memset(&c, 0, sizeof c);
    ws_query sq = {.match = "\"nuclear war\""};
    CHECK(ws_store_search(s, &sq, collect_quote, &c) == WS_OK);
    CHECK(c.n == 1);
    CHECK(strstr(c.snippet, "[nuclear war]") != NULL);
    memset(&c, 0, sizeof c);
    sq = (ws_query){.match = "budget", .source = "bbc.co.uk", .since = "2018", .until = "2018-01-01"};
    CHECK(ws_store_search(s, &sq, collect_quote, &c) == WS_OK);
    CHECK(c.n == 1 && !strcmp(c.speaker, "John Smith"));
    /* a speaker with more quotes than the window: matches read newest first, the same result */
    memset(&c, 0, sizeof c);
    ws_query pq = {.match = "nuclear OR war OR arms", .speaker = "Putin"};
    CHECK(ws_store_search(s, &pq, collect_quote, &c) == WS_OK);
    int exact = c.n;
    CHECK(exact >= 1);
    memset(&c, 0, sizeof c);
    pq.rank_window = 1;
    CHECK(ws_store_search(s, &pq, collect_quote, &c) == WS_OK);
    CHECK(c.n == exact && !strcmp(c.speaker, "Vladimir Putin"));
    /* a window of one filtered match widens until the filtered matches run out */
    memset(&c, 0, sizeof c);
    sq.rank_window = 1;
    CHECK(ws_store_search(s, &sq, collect_quote, &c) == WS_OK);
    CHECK(c.n == 1 && !strcmp(c.speaker, "John Smith"));
    sq.rank_window = 0;
    memset(&c, 0, sizeof c);
    sq.until = "2017-12";
    CHECK(ws_store_search(s, &sq, collect_quote, &c) == WS_OK);
    CHECK(c.n == 0);
    /* unfiltered: a window of one match widens until it holds enough clusters; the same rows in
     * the same order as the default window, and pages (offset) that add up to the whole list */
    id_list all_ids = {0}, small = {0}, page = {0};
    ws_query wq = {.match = "war OR budget OR schools OR taxes"};
    CHECK(ws_store_search(s, &wq, collect_id, &all_ids) == WS_OK);
    CHECK(all_ids.n >= 3);
    wq.rank_window = 1;
    CHECK(ws_store_search(s, &wq, collect_id, &small) == WS_OK);
    CHECK(small.n == all_ids.n && !memcmp(small.id, all_ids.id, sizeof(int64_t) * (size_t)all_ids.n));
    for (int off = 0; off < all_ids.n; off++) {
        page.n = 0;
        wq = (ws_query){.match = "war OR budget OR schools OR taxes", .offset = (uint32_t)off, .limit = 1,
                        .rank_window = off % 2 ? 1 : 0};
        CHECK(ws_store_search(s, &wq, collect_id, &page) == WS_OK);
        CHECK(page.n == 1 && page.id[0] == all_ids.id[off]);
    }
    /* titles are searched too */
    memset(&c, 0, sizeof c);
    sq = (ws_query){.match = "kremlin"};
    CHECK(ws_store_search(s, &sq, collect_quote, &c) == WS_OK);
    CHECK(c.n == 1);
    sq = (ws_query){.match = "\"unbalanced"};
    CHECK(ws_store_search(s, &sq, collect_quote, &c) == WS_EINVAL);
    sq = (ws_query){.match = "   "};
    CHECK(ws_store_search(s, &sq, collect_quote, &c) == WS_EINVAL);

    /* --about: quotes whose content mentions the name */
    memset(&c, 0, sizeof c);
    q = (ws_query){.speaker = "John Smith", .about = "deficit"};
    CHECK(ws_store_quotes(s, &q, collect_quote, &c) == WS_OK && c.n == 1);
    memset(&c, 0, sizeof c);
    q.about = "Manafort";
    CHECK(ws_store_quotes(s, &q, collect_quote, &c) == WS_OK && c.n == 0);
    q = (ws_query){.speaker = "Nobody Known"};
    CHECK(ws_store_quotes(s, &q, collect_quote, &c) == WS_ENOTFOUND);

    /* indexing again changes nothing; a changed text under the same id replaces the article */
    CHECK(add(s, "a", "2017-08-09", "reuters.com", A_TEXT, ea, 1, aa, 1) == WS_OK);
    ws_store_counts cnt;
    ws_store_session_counts(s, &cnt);
    CHECK(cnt.added == 6 && cnt.unchanged == 1 && cnt.replaced == 0);
    const char *C2 = "Smith speaks again\n"
                     "John Smith said: \"The budget is balanced and the deficit is gone.\"\n";
    CHECK(add(s, "c", "2018-01-01", "bbc.co.uk", C2, ec, 1, ac, 1) == WS_OK);
    /* the same text under another id is the same article (content hash): replaced */
    CHECK(add(s, "d-copy", "2018-01-02", "bbc.co.uk", D_TEXT, ed, 1, ad, 1) == WS_OK);
    CHECK(ws_store_link(s) == WS_OK);
    ws_store_session_counts(s, &cnt);
    CHECK(cnt.replaced == 2);
    ws_store_stats st1;
    CHECK(ws_store_get_stats(s, &st1) == WS_OK);
    CHECK(st1.articles == st0.articles && st1.attributions == st0.attributions &&
          st1.clusters == st0.clusters && st1.speakers == st0.speakers && st1.entities == st0.entities);

    /* JSON is valid and carries the fields */
    char *js;
    size_t jl;
    ws_query jq = {.speaker = "Putin"};
    CHECK(ws_store_query_json(s, WS_Q_QUOTES, &jq, NULL, &js, &jl) == WS_OK);
    json_error_t err;
    json_t *root = json_loadb(js, jl, 0, &err);
    CHECK(root != NULL);
    json_t *res = json_object_get(root, "results");
    CHECK(json_array_size(res) == 1);
    CHECK(!strcmp(json_string_value(json_object_get(json_array_get(res, 0), "speaker")), "Vladimir Putin"));
    json_decref(root);
    ws_free(js);
    static const ws_query_kind kinds[] = {WS_Q_SEARCH, WS_Q_SPEAKERS, WS_Q_SPEAKER, WS_Q_ARTICLE, WS_Q_STATS};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        ws_query k = {.match = "nuclear", .speaker = "Putin"};
        if (kinds[i] == WS_Q_SPEAKERS)
            k.speaker = NULL;
        CHECK(ws_store_query_json(s, kinds[i], &k, "a", &js, &jl) == WS_OK);
        root = json_loadb(js, jl, 0, &err);
        CHECK(root != NULL);
        if (!root)
            fprintf(stderr, "bad JSON for kind %zu: %s\n", i, js);
        json_decref(root);
        ws_free(js);
    }
    CHECK(ws_store_query_json(s, WS_Q_ARTICLE, NULL, "no-such-id", &js, &jl) == WS_ENOTFOUND);

    /* --about by an entity mentioned inside the quote under another name ("the ex-chairman") */
    const char *G = "Manafort case\n"
                    "Paul Manafort was charged. \"The ex-chairman lied to us,\" Robert Mueller said.\n";
    ent_spec eg[] = {{"Robert Mueller", WS_PERSON, "Robert Mueller"}, {"Paul Manafort", WS_PERSON, "ex-chairman"}};
    attr_spec ag[] = {{"\"The ex-chairman lied to us,\"", "said", 0}};
    CHECK(add(s, "g", "2018-02-01", "bbc.co.uk", G, eg, 2, ag, 1) == WS_OK);
    memset(&c, 0, sizeof c);
    q = (ws_query){.speaker = "Mueller", .about = "Manafort"};
    CHECK(ws_store_quotes(s, &q, collect_quote, &c) == WS_OK && c.n == 1);

    /* a second full-name Putin makes "Putin" ambiguous: the next link takes the merge back */
    const char *H = "Another Putin\nIgor Putin said: \"Business is good in the region this year.\"\n";
    ent_spec eh[] = {{"Igor Putin", WS_PERSON, "Igor Putin"}};
    attr_spec ah[] = {{"\"Business is good in the region this year.\"", "said", 0}};
    CHECK(add(s, "h", "2018-02-02", "bbc.co.uk", H, eh, 1, ah, 1) == WS_OK);
    CHECK(ws_store_link(s) == WS_OK);
    memset(&c, 0, sizeof c);
    q = (ws_query){.speaker = "Vladimir Putin"};
    CHECK(ws_store_quotes(s, &q, collect_quote, &c) == WS_OK && c.n == 1);
    CHECK(c.occurrences == 3); /* the cluster still holds all three reports */
    memset(&sp, 0, sizeof sp);
    CHECK(ws_store_speakers(s, &all, collect_speaker, &sp) == WS_OK);
    int putins = 0;
    for (int i = 0; i < sp.n && i < 8; i++)
        putins += !strcmp(sp.names[i], "Putin") || !strcmp(sp.names[i], "Igor Putin") ||
                  !strcmp(sp.names[i], "Vladimir Putin");
    CHECK(putins == 3);
    ws_store_close(s);

    /* read-only: queries work, writes are refused */
    CHECK(ws_store_open(path, WS_STORE_READ, &s) == WS_OK);
    if (s) {
        memset(&c, 0, sizeof c);
        ws_query q2 = {.speaker = "Vladimir Putin"};
        CHECK(ws_store_quotes(s, &q2, collect_quote, &c) == WS_OK && c.n == 1);
        CHECK(add(s, "z", NULL, NULL, A_TEXT, ea, 1, aa, 1) == WS_EINVAL);
        ws_store_close(s);
    }
    ws_store_close(NULL);
}

/* One integer from a query on the raw file (-1 on error). */
static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        int rc = sqlite3_step(st);
        v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

/* Undoes migrations 6 and 5 by hand: the store is as schema 4 left it. */
static void make_schema4(const char *path)
{
    CHECK(sql_int(path, "DROP TABLE stale_speakers") == 0);
    CHECK(sql_int(path, "DROP INDEX attributions_speaker") == 0);
    CHECK(sql_int(path, "CREATE INDEX attributions_speaker ON attributions(speaker)") == 0);
    CHECK(sql_int(path, "DELETE FROM fts_config WHERE k = 'automerge'") == 0);
    CHECK(sql_int(path, "UPDATE speakers SET nquotes = 0, narticles = 0") == 0);
    CHECK(sql_int(path, "PRAGMA user_version = 4") == 0);
}

/* A store of schema 4 is migrated forward when opened, for writing or (through a read-write
 * handle) for reading: version 6, FTS5 automerge 8, the two-column speaker index, and every
 * speaker recounted by the next link; its quotes still found. */
static void test_migrate(const char *path)
{
    CHECK(sql_int(path, "PRAGMA user_version") == 6);
    int64_t quotes = sql_int(path, "SELECT sum(nquotes) FROM speakers");
    CHECK(quotes > 0);
    const char *const checks[] = {
        "PRAGMA user_version", "SELECT v FROM fts_config WHERE k = 'automerge'",
        "SELECT count(*) FROM pragma_index_info('attributions_speaker')",
    };
    const int64_t want[] = {6, 8, 2};
    for (int mode = 0; mode < 2; mode++) {
        make_schema4(path);
        ws_store *s = NULL;
        CHECK(ws_store_open(path, mode ? WS_STORE_WRITE : WS_STORE_READ, &s) == WS_OK);
        if (mode && s)
            CHECK(ws_store_link(s) == WS_OK);
        ws_store_close(s);
        for (int i = 0; i < 3; i++)
            CHECK(sql_int(path, checks[i]) == want[i]);
        CHECK(sql_int(path, "SELECT sum(nquotes) FROM speakers") == (mode ? quotes : 0));
    }
    ws_store *s = NULL;
    CHECK(ws_store_open(path, WS_STORE_READ, &s) == WS_OK);
    if (s) {
        collect c = {0};
        ws_query q = {.match = "\"nuclear war\""};
        CHECK(ws_store_search(s, &q, collect_quote, &c) == WS_OK && c.n == 1);
        ws_store_close(s);
    }
}

/* One more quote of Ann Lee in an article of its own, then a link. */
static void add_lee(ws_store *s, const char *id, const char *quote)
{
    char text[256], q[128];
    snprintf(q, sizeof q, "\"%s\"", quote);
    snprintf(text, sizeof text, "Headline %s\nAnn Lee said: %s\n", id, q);
    ent_spec e[] = {{"Ann Lee", WS_PERSON, "Ann Lee"}};
    attr_spec a[] = {{q, "said", 0}};
    CHECK(add(s, id, "2020-01-01", "example.org", text, e, 1, a, 1) == WS_OK);
    CHECK(ws_store_link(s) == WS_OK);
}

/* A longer form of an old quote joins its cluster when the old one is among the speaker's newest
 * link_window quotes, not when it is older; the speaker's counts follow every link. */
static void test_link_window(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/w.db", dir);
    for (int window = 1; window <= 8; window += 7) {
        remove(path);
        ws_store *s = NULL;
        CHECK(ws_store_open(path, WS_STORE_CREATE, &s) == WS_OK);
        if (!s)
            return;
        ws_store_set_link_window(s, (uint32_t)window);
        add_lee(s, "w1", "The harbour wall will be rebuilt before the winter storms");
        add_lee(s, "w2", "Fishing boats need a safer channel");
        add_lee(s, "w3", "Nobody at the council answered our letters");
        int64_t n = sql_int(path, "SELECT nquotes FROM speakers WHERE name = 'Ann Lee'");
        CHECK(n == 3);
        add_lee(s, "w4", "The harbour wall will be rebuilt before the winter storms, and we will pay");
        ws_store_close(s);
        CHECK(sql_int(path, "SELECT nquotes FROM speakers WHERE name = 'Ann Lee'") == 4);
        CHECK(sql_int(path, "SELECT narticles FROM speakers WHERE name = 'Ann Lee'") == 4);
        /* window 1: the speaker (3 quotes) compares w4 with its newest quote only: no merge */
        CHECK(sql_int(path, "SELECT count(DISTINCT cluster) FROM attributions") == (window == 1 ? 4 : 3));
    }
}

static void test_bad_files(const char *dir)
{
    char path[512];
    ws_store *s;
    /* a text file */
    snprintf(path, sizeof path, "%s/not-a-db.txt", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 200; i++)
        fputs("this is not an SQLite database at all\n", f);
    fclose(f);
    CHECK(ws_store_open(path, WS_STORE_READ, &s) == WS_EFORMAT && !s);
    CHECK(ws_store_open(path, WS_STORE_WRITE, &s) == WS_EFORMAT && !s);
    unlink(path);
    /* an empty file opened read-only */
    snprintf(path, sizeof path, "%s/empty.db", dir);
    f = fopen(path, "w");
    fclose(f);
    CHECK(ws_store_open(path, WS_STORE_READ, &s) == WS_EFORMAT && !s);
    unlink(path);
    /* a directory */
    CHECK(ws_store_open(dir, WS_STORE_CREATE, &s) == WS_EIO && !s);
    CHECK(ws_store_open("", WS_STORE_CREATE, &s) == WS_EINVAL && !s);
}

int main(void)
{
    ws_config cfg = {.fast = 1};
    if (ws_pipeline_new(&cfg, &pipe_) != WS_OK) {
        fprintf(stderr, "test_store: no pipeline\n");
        return 1;
    }
    char dir[] = "/tmp/ws-test-store-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[512];
    snprintf(path, sizeof path, "%s/t.db", dir);
    test_corpus(path);
    test_migrate(path);
    test_link_window(dir);
    test_bad_files(dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!getenv("WS_TEST_KEEP") && system(cmd) != 0)
        failures++;
    ws_pipeline_free(pipe_);
    if (failures)
        fprintf(stderr, "test_store: %d failures\n", failures);
    return failures != 0;
}
