/* cache.c — a response cache for the corpus endpoints: request target -> JSON body, least recently
 * used first out once the bytes held pass a cap. Each entry carries the store's version (from the
 * file's and its WAL's stat, srv_corpus_version), so a write by `whosaid index` makes older entries
 * misses. One mutex; lookups copy the body out, so an evicted entry never dangles. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

typedef struct entry {
    struct entry *next_hash;
    struct entry *prev_lru, *next_lru;  /* prev: more recently used */
    uint64_t hash, version;
    char *key;
    char *body;
    size_t len;
} entry;

enum { NBUCKETS = 4096, MAX_KEY = 2048 };

struct srv_cache {
    pthread_mutex_t lock;
    size_t max_bytes, bytes;
    entry *buckets[NBUCKETS];
    entry *mru, *lru;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static size_t entry_bytes(const entry *e)
{
    return sizeof *e + strlen(e->key) + 1 + e->len;
}

srv_cache *srv_cache_new(size_t max_bytes)
{
    if (max_bytes == 0)
        return NULL;
    srv_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    c->max_bytes = max_bytes;
    return c;
}

static void lru_unlink(srv_cache *c, entry *e)
{
    if (e->prev_lru)
        e->prev_lru->next_lru = e->next_lru;
    else
        c->mru = e->next_lru;
    if (e->next_lru)
        e->next_lru->prev_lru = e->prev_lru;
    else
        c->lru = e->prev_lru;
    e->prev_lru = e->next_lru = NULL;
}

static void lru_push(srv_cache *c, entry *e)
{
    e->prev_lru = NULL;
    e->next_lru = c->mru;
    if (c->mru)
        c->mru->prev_lru = e;
    c->mru = e;
    if (!c->lru)
        c->lru = e;
}

static entry **find(srv_cache *c, uint64_t h, const char *key)
{
    entry **p = &c->buckets[h % NBUCKETS];
    while (*p && ((*p)->hash != h || strcmp((*p)->key, key)))
        p = &(*p)->next_hash;
    return p;
}

static void drop(srv_cache *c, entry **slot)
{
    entry *e = *slot;
    *slot = e->next_hash;
    lru_unlink(c, e);
    c->bytes -= entry_bytes(e);
    free(e->key);
    free(e->body);
    free(e);
}

void srv_cache_free(srv_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < NBUCKETS; i++)
        while (c->buckets[i])
            drop(c, &c->buckets[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool srv_cache_get(srv_cache *c, const char *key, uint64_t version, char **body, size_t *len)
{
    *body = NULL;
    if (!c || strlen(key) > MAX_KEY)
        return false;
    uint64_t h = fnv1a(key);
    pthread_mutex_lock(&c->lock);
    entry **slot = find(c, h, key);
    entry *e = *slot;
    if (e && e->version != version) {
        drop(c, slot); /* the store changed since */
        e = NULL;
    }
    if (e && (*body = malloc(e->len ? e->len : 1))) {
        memcpy(*body, e->body, e->len);
        *len = e->len;
        lru_unlink(c, e);
        lru_push(c, e);
    }
    pthread_mutex_unlock(&c->lock);
    return *body != NULL;
}

void srv_cache_put(srv_cache *c, const char *key, uint64_t version, const char *body, size_t len)
{
    if (!c || strlen(key) > MAX_KEY)
        return;
    entry *e = calloc(1, sizeof *e);
    if (!e)
        return;
    e->len = len;
    e->key = strdup(key);
    e->body = malloc(len ? len : 1);
    if (!e->key || !e->body || entry_bytes(e) > c->max_bytes / 4) {
        free(e->key);
        free(e->body);
        free(e);
        return;
    }
    memcpy(e->body, body, len);
    e->hash = fnv1a(key);
    e->version = version;
    pthread_mutex_lock(&c->lock);
    entry **slot = find(c, e->hash, key);
    if (*slot)
        drop(c, slot);
    e->next_hash = c->buckets[e->hash % NBUCKETS];
    c->buckets[e->hash % NBUCKETS] = e;
    lru_push(c, e);
    c->bytes += entry_bytes(e);
    while (c->bytes > c->max_bytes && c->lru && c->lru != e)
        drop(c, find(c, c->lru->hash, c->lru->key));
    pthread_mutex_unlock(&c->lock);
}
