/* arena.c — per-document bump allocator: everything a document owns goes at once. */
#include "internal.h"

struct ws_arena_block {
    ws_arena_block *next;
    size_t cap;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_MIN_BLOCK = 64 * 1024 };

void ws_arena_init(ws_arena *a) { memset(a, 0, sizeof *a); }

void *ws_arena_alloc(ws_arena *a, size_t n)
{
    void *p = ws_arena_alloc_raw(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

void *ws_arena_alloc_raw(ws_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->cap - a->used < n) {
        size_t cap = n > ARENA_MIN_BLOCK ? n : ARENA_MIN_BLOCK;
        if (a->head && a->head->cap * 2 > cap && a->head->cap < (1u << 24))
            cap = a->head->cap * 2 > n ? a->head->cap * 2 : n;
        ws_arena_block *b = ws_malloc(sizeof *b + cap);
        if (!b) {
            a->failed = true;
            return NULL;
        }
        b->next = a->head;
        b->cap = cap;
        a->head = b;
        a->cap = cap;
        a->used = 0;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    a->last = p;
    return p;
}

void ws_arena_trim(ws_arena *a, void *p, size_t n)
{
    unsigned char *q = p;
    n = (n + 15) & ~(size_t)15;
    if (a->head && p && p == a->last && (size_t)(q - a->head->data) + n <= a->used)
        a->used = (size_t)(q - a->head->data) + n;
}

char *ws_arena_strndup(ws_arena *a, const char *s, size_t n)
{
    char *p = ws_arena_alloc(a, n + 1);
    if (p)
        memcpy(p, s, n);
    return p;
}

void ws_arena_free(ws_arena *a)
{
    ws_arena_block *b = a->head;
    while (b) {
        ws_arena_block *next = b->next;
        ws_free(b);
        b = next;
    }
    ws_arena_init(a);
}
