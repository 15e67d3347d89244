/* alloc.c — the allocation hook (tests make it fail on purpose) and status names. */
#include <stdlib.h>

#include "internal.h"

static ws_allocator g_alloc = {malloc, realloc, free};

void ws_set_allocator(const ws_allocator *a)
{
    if (a && a->malloc_fn && a->realloc_fn && a->free_fn)
        g_alloc = *a;
    else
        g_alloc = (ws_allocator){malloc, realloc, free};
}

void *ws_malloc(size_t n) { return g_alloc.malloc_fn(n ? n : 1); }
void *ws_realloc(void *p, size_t n) { return g_alloc.realloc_fn(p, n ? n : 1); }
void ws_free(void *p)
{
    if (p)
        g_alloc.free_fn(p);
}

void *ws_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = ws_malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *ws_strndup(const char *s, size_t n)
{
    char *p = ws_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *ws_strerror(ws_status st)
{
    static const char *const msg[] = {
        [WS_OK] = "ok",
        [WS_ENOMEM] = "out of memory",
        [WS_EINVAL] = "invalid argument",
        [WS_ETOOBIG] = "input too large",
        [WS_EIO] = "input/output error",
        [WS_EFORMAT] = "malformed input",
        [WS_EDB] = "database error",
        [WS_ENOTFOUND] = "not found",
    };
    if ((unsigned)st < sizeof msg / sizeof msg[0] && msg[st])
        return msg[st];
    return "unknown error";
}

const char *ws_kind_name(ws_kind k)
{
    static const char *const n[] = {"direct", "mixed", "indirect"};
    return (unsigned)k < 3 ? n[k] : "";
}

const char *ws_class_name(ws_class c)
{
    static const char *const n[] = {"speech", "belief", "other"};
    return (unsigned)c < 3 ? n[c] : "";
}

const char *ws_entity_kind_name(ws_entity_kind k)
{
    static const char *const n[] = {"person", "organization", "place", "group", "document", "unknown"};
    return (unsigned)k < 6 ? n[k] : "";
}
