/* input.c — reading documents: plain-text files (headline first line), directories (recursive,
 * sorted), stdin ("-"), and JSONL records ({"text":…, "id":…, "title":…, "url":…, "date":…,
 * "source":…}). Bad inputs are reported with file and line and skipped; the batch goes on. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("whosaid: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* Reads a whole stream; returns NULL on error (errno set) or when over the limit (*toobig). */
static char *slurp(FILE *f, size_t *len, bool *toobig)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    *toobig = false;
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            if (cap > WS_MAX_DOC_BYTES) {
                *toobig = true;
                free(buf);
                return NULL;
            }
            char *b2 = realloc(buf, cap * 2);
            if (!b2) {
                free(buf);
                return NULL;
            }
            buf = b2;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                return NULL;
            }
            break;
        }
    }
    if (n > WS_MAX_DOC_BYTES) {
        *toobig = true;
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static const char *json_str_field(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static size_t run_jsonl(FILE *f, const char *name, cli_doc_fn fn, void *ctx)
{
    size_t failed = 0, lineno = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) != -1) {
        lineno++;
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue; /* blank line */
        if (len > WS_MAX_DOC_BYTES + 4096) {
            cli_error("%s:%zu: record of %zu bytes is over the %u-byte limit", name, lineno, len,
                      WS_MAX_DOC_BYTES);
            failed++;
            continue;
        }
        json_error_t err;
        json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
        if (!o) {
            cli_error("%s:%zu: not JSON: %s (column %d)", name, lineno, err.text, err.column);
            failed++;
            continue;
        }
        json_t *t = json_object_get(o, "text");
        if (!json_is_object(o) || !json_is_string(t)) {
            cli_error("%s:%zu: record has no \"text\" string", name, lineno);
            json_decref(o);
            failed++;
            continue;
        }
        char idbuf[32];
        cli_doc d = {0};
        d.text = json_string_value(t);
        d.len = json_string_length(t);
        d.flags = WS_IN_PLAIN;
        d.origin = name;
        d.line = lineno;
        json_t *id = json_object_get(o, "id");
        if (json_is_string(id))
            d.meta.id = json_string_value(id);
        else if (json_is_integer(id)) {
            snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(id));
            d.meta.id = idbuf;
        } else {
            snprintf(idbuf, sizeof idbuf, "%zu", lineno);
            d.meta.id = idbuf;
        }
        d.meta.title = json_str_field(o, "title");
        d.meta.url = json_str_field(o, "url");
        d.meta.date = json_str_field(o, "date");
        d.meta.source = json_str_field(o, "source");
        if (fn(&d, ctx))
            failed++;
        json_decref(o);
    }
    if (ferror(f)) {
        cli_error("%s: read error: %s", name, strerror(errno));
        failed++;
    }
    free(line);
    return failed;
}

static size_t run_file(const char *path, const char *id, bool jsonl, cli_doc_fn fn, void *ctx)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    const char *name = is_stdin ? "<stdin>" : path;
    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return 1;
    }
    size_t failed = 0;
    if (jsonl || ends_with(path, ".jsonl")) {
        failed = run_jsonl(f, name, fn, ctx);
    } else {
        size_t len = 0;
        bool toobig;
        char *text = slurp(f, &len, &toobig);
        if (!text) {
            if (toobig)
                cli_error("%s: file is over the %u-byte document limit", name, WS_MAX_DOC_BYTES);
            else
                cli_error("%s: read error: %s", name, strerror(errno));
            failed = 1;
        } else if (len == 0) {
            cli_error("%s: empty file", name);
            failed = 1;
        } else if (memchr(text, 0, len > 8192 ? 8192 : len) && len > 0) {
            cli_error("%s: binary file (NUL bytes), skipped", name);
            failed = 1;
        } else {
            cli_doc d = {0};
            d.text = text;
            d.len = len;
            d.flags = WS_IN_NEWS;
            d.origin = name;
            d.meta.id = id;
            failed = fn(&d, ctx) ? 1 : 0;
        }
        free(text);
    }
    if (!is_stdin)
        fclose(f);
    return failed;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the .txt / .jsonl files under dir, sorted, into a list of heap strings. */
static size_t walk_dir(const char *dir, char ***list, size_t *n, size_t *cap)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        cli_error("%s: %s", dir, strerror(errno));
        return 1;
    }
    size_t failed = 0, first = *n;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        size_t need = strlen(dir) + strlen(de->d_name) + 2;
        char *p = malloc(need);
        if (!p)
            break;
        snprintf(p, need, "%s/%s", dir, de->d_name);
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            char **l2 = realloc(*list, *cap * sizeof **list);
            if (!l2) {
                free(p);
                break;
            }
            *list = l2;
        }
        (*list)[(*n)++] = p;
    }
    closedir(dp);
    qsort(*list + first, *n - first, sizeof **list, cmp_names);
    /* expand subdirectories in place, in sorted order */
    size_t end = *n;
    char **mine = malloc((end - first + 1) * sizeof *mine);
    if (!mine)
        return failed + 1;
    memcpy(mine, *list + first, (end - first) * sizeof *mine);
    *n = first;
    for (size_t i = 0; i < end - first; i++) {
        struct stat st;
        if (stat(mine[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            failed += walk_dir(mine[i], list, n, cap);
            free(mine[i]);
        } else if (ends_with(mine[i], ".txt") || ends_with(mine[i], ".jsonl")) {
            (*list)[(*n)++] = mine[i];
        } else {
            free(mine[i]);
        }
    }
    free(mine);
    return failed;
}

size_t cli_for_each_doc(char **inputs, int ninputs, const cli_input_opts *o, cli_doc_fn fn, void *ctx)
{
    size_t failed = 0;
    for (int i = 0; i < ninputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") && stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            char **list = NULL;
            size_t n = 0, cap = 0;
            failed += walk_dir(inputs[i], &list, &n, &cap);
            size_t plen = strlen(inputs[i]);
            while (plen > 1 && inputs[i][plen - 1] == '/')
                plen--;
            for (size_t k = 0; k < n; k++) {
                /* id: the path as found under the given directory */
                const char *rel = list[k] + plen;
                while (*rel == '/')
                    rel++;
                failed += run_file(list[k], rel, o->jsonl, fn, ctx);
                free(list[k]);
            }
            free(list);
        } else {
            failed += run_file(inputs[i], inputs[i], o->jsonl, fn, ctx);
        }
    }
    return failed;
}
