/* input.c — reading documents: plain-text files (headline first line), directories (recursive,
 * sorted), stdin ("-"), and JSONL records ({"text":…, "id":…, "title":…, "url":…, "date":…,
 * "source":…}); any of them gzip- or zstd-compressed (recognised by magic bytes, RFC 1952 and
 * RFC 8878). The reader hands on raw records (cli_for_each_record) so that the costly part, JSON
 * parsing and extraction, can run on worker threads; bad inputs become error records, reported
 * with file and line in input order, and the batch goes on. Memory: one read buffer, one line. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "cli.h"

/* ---- messages ------------------------------------------------------------------------------ */

/* Per thread: where cli_error writes (NULL: stderr). Lets workers queue messages in input order. */
static _Thread_local cli_buf *t_sink;

void cli_error_sink(cli_buf *b) { t_sink = b; }

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (t_sink) {
        cli_buf_append(t_sink, "whosaid: ", 9);
        cli_buf_vprintf(t_sink, fmt, ap);
        cli_buf_append(t_sink, "\n", 1);
    } else {
        fputs("whosaid: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
    va_end(ap);
}

void cli_doc_error(const cli_doc *d, const char *prefix, const char *fmt, ...)
{
    cli_buf m = {0};
    va_list ap;
    va_start(ap, fmt);
    cli_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    const char *text = m.oom || !m.p ? "(out of memory)" : m.p;
    if (d->line)
        cli_error("%s%s:%zu: %s", prefix, d->origin, d->line, text);
    else
        cli_error("%s%s: %s", prefix, d->origin, text);
    cli_buf_free(&m);
}

/* ---- growable byte buffer ------------------------------------------------------------------ */

static bool buf_reserve(cli_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

void cli_buf_append(cli_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void cli_buf_vprintf(cli_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n < sizeof tmp)
        cli_buf_append(b, tmp, (size_t)n);
    else if (buf_reserve(b, (size_t)n)) {
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* Empties b; gives its memory back when it grew past keep bytes (so one huge document does not
 * pin its buffer for the rest of the run). */
void cli_buf_reset(cli_buf *b, size_t keep)
{
    b->len = 0;
    b->oom = false;
    if (b->cap > keep) {
        free(b->p);
        b->p = NULL;
        b->cap = 0;
    } else if (b->p) {
        b->p[0] = 0;
    }
}

void cli_buf_free(cli_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- decoding reader: plain, gzip (zlib) or zstd, chosen by the first bytes --------------- */

#define RAW_CAP (256u << 10)
#define DEC_CAP (256u << 10)
#define MAX_LINE_BYTES ((size_t)WS_MAX_DOC_BYTES + 4096u)

typedef enum { ENC_PLAIN, ENC_GZIP, ENC_ZSTD } enc_kind;

static const struct {
    enc_kind enc;
    unsigned char magic[4];
    size_t n;
} magics[] = {
    {ENC_GZIP, {0x1f, 0x8b, 0, 0}, 2},       /* RFC 1952 member header */
    {ENC_ZSTD, {0x28, 0xb5, 0x2f, 0xfd}, 4}, /* RFC 8878 frame magic, little-endian 0xFD2FB528 */
};

typedef struct {
    int fd;
    enc_kind enc;
    unsigned char *raw; /* RAW_CAP bytes as read */
    size_t raw_len, raw_pos;
    bool raw_eof;
    unsigned char *dec; /* decoded bytes (== raw for plain input) */
    size_t dec_len, dec_pos;
    z_stream zs;
    bool zs_init, zs_end; /* zs_end: the last gzip member ended; more bytes start a new member */
    ZSTD_DStream *zd;
    size_t zd_left; /* last ZSTD_decompressStream result: 0 when a frame ended */
    bool zd_full;   /* last call filled the output: more may be pending without input */
    uint64_t *counter; /* raw bytes read, over all inputs */
    char err[160];
} src;

static int raw_read(src *s)
{
    if (s->raw_eof)
        return 0;
    ssize_t n;
    do
        n = read(s->fd, s->raw, RAW_CAP);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
        return -1;
    }
    s->raw_len = (size_t)n;
    s->raw_pos = 0;
    *s->counter += (uint64_t)n;
    if (n == 0)
        s->raw_eof = true;
    return n > 0;
}

/* Opens the source on fd and sniffs the compression; returns 0, or -1 with s->err set. */
static int src_open(src *s, int fd, uint64_t *counter)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->counter = counter;
    s->raw = malloc(RAW_CAP);
    if (!s->raw) {
        snprintf(s->err, sizeof s->err, "out of memory");
        return -1;
    }
    /* a short read (pipe) may give fewer bytes than a magic number: gather 4 or reach EOF */
    while (s->raw_len < 4 && !s->raw_eof) {
        ssize_t n;
        do
            n = read(fd, s->raw + s->raw_len, RAW_CAP - s->raw_len);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
            return -1;
        }
        if (n == 0)
            s->raw_eof = true;
        s->raw_len += (size_t)n;
        *counter += (uint64_t)n;
    }
    s->enc = ENC_PLAIN;
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (s->raw_len >= magics[i].n && !memcmp(s->raw, magics[i].magic, magics[i].n))
            s->enc = magics[i].enc;
    if (s->enc == ENC_PLAIN) {
        s->dec = s->raw;
        s->dec_len = s->raw_len;
        return 0;
    }
    s->dec = malloc(DEC_CAP);
    if (!s->dec) {
        snprintf(s->err, sizeof s->err, "out of memory");
        return -1;
    }
    if (s->enc == ENC_GZIP) {
        if (inflateInit2(&s->zs, 15 + 16) != Z_OK) { /* 15-bit window, gzip wrapper */
            snprintf(s->err, sizeof s->err, "out of memory");
            return -1;
        }
        s->zs_init = true;
    } else {
        s->zd = ZSTD_createDStream();
        if (!s->zd || ZSTD_isError(ZSTD_initDStream(s->zd))) {
            snprintf(s->err, sizeof s->err, "out of memory");
            return -1;
        }
        s->zd_left = 1;
    }
    return 0;
}

static void src_close(src *s)
{
    if (s->zs_init)
        inflateEnd(&s->zs);
    ZSTD_freeDStream(s->zd);
    if (s->dec != s->raw)
        free(s->dec);
    free(s->raw);
}

static int fill_gzip(src *s)
{
    for (;;) {
        if (s->raw_pos == s->raw_len) {
            int r = raw_read(s);
            if (r < 0)
                return -1;
            if (r == 0) {
                if (s->zs_end)
                    return 0;
                snprintf(s->err, sizeof s->err, "truncated gzip data");
                return -1;
            }
        }
        if (s->zs_end) { /* concatenated members (gzip -c a b, pigz, bgzip) */
            while (s->raw_pos < s->raw_len && s->raw[s->raw_pos] == 0)
                s->raw_pos++; /* zero padding after the last member, as gzip(1) tolerates */
            if (s->raw_pos == s->raw_len)
                continue;
            inflateReset(&s->zs);
            s->zs_end = false;
        }
        s->zs.next_in = s->raw + s->raw_pos;
        s->zs.avail_in = (uInt)(s->raw_len - s->raw_pos);
        s->zs.next_out = s->dec;
        s->zs.avail_out = DEC_CAP;
        int r = inflate(&s->zs, Z_NO_FLUSH);
        s->raw_pos = s->raw_len - s->zs.avail_in;
        if (r == Z_STREAM_END)
            s->zs_end = true;
        else if (r != Z_OK && r != Z_BUF_ERROR) {
            snprintf(s->err, sizeof s->err, "corrupt gzip data: %s",
                     s->zs.msg ? s->zs.msg : "inflate failed");
            return -1;
        }
        s->dec_len = DEC_CAP - s->zs.avail_out;
        s->dec_pos = 0;
        if (s->dec_len)
            return 1;
    }
}

static int fill_zstd(src *s)
{
    for (;;) {
        if (s->raw_pos == s->raw_len && !s->zd_full) {
            int r = raw_read(s);
            if (r < 0)
                return -1;
            if (r == 0) {
                if (s->zd_left == 0)
                    return 0;
                snprintf(s->err, sizeof s->err, "truncated zstd data");
                return -1;
            }
        }
        ZSTD_inBuffer in = {s->raw, s->raw_len, s->raw_pos};
        ZSTD_outBuffer out = {s->dec, DEC_CAP, 0};
        size_t r = ZSTD_decompressStream(s->zd, &out, &in);
        s->raw_pos = in.pos;
        if (ZSTD_isError(r)) {
            snprintf(s->err, sizeof s->err, "corrupt zstd data: %s", ZSTD_getErrorName(r));
            return -1;
        }
        s->zd_left = r;
        s->zd_full = out.pos == out.size;
        s->dec_len = out.pos;
        s->dec_pos = 0;
        if (s->dec_len)
            return 1;
    }
}

/* Makes decoded bytes available; returns 1, 0 at the end, -1 on error (s->err). */
static int src_fill(src *s)
{
    if (s->dec_pos < s->dec_len)
        return 1;
    switch (s->enc) {
    case ENC_GZIP: return fill_gzip(s);
    case ENC_ZSTD: return fill_zstd(s);
    case ENC_PLAIN: break;
    }
    int r = raw_read(s);
    if (r <= 0)
        return r;
    s->dec_len = s->raw_len;
    s->dec_pos = 0;
    return 1;
}

/* Next line (without its newline) into *b; lines longer than max are skipped without being kept:
 * *overlen gets their length. Returns 1 line, 0 end of input, -1 error. */
static int src_getline(src *s, cli_buf *b, size_t max, size_t *overlen)
{
    bool any = false;
    cli_buf_reset(b, 4u << 20);
    *overlen = 0;
    for (;;) {
        int r = src_fill(s);
        if (r < 0)
            return -1;
        if (r == 0)
            return any ? 1 : 0;
        any = true;
        const unsigned char *p = s->dec + s->dec_pos;
        size_t avail = s->dec_len - s->dec_pos;
        const unsigned char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        if (*overlen) {
            *overlen += take;
        } else if (b->len + take > max) {
            *overlen = b->len + take;
            cli_buf_reset(b, 0);
        } else {
            cli_buf_append(b, (const char *)p, take);
            if (b->oom) {
                *overlen = b->len + take; /* reported as too big; memory is the limit here */
                cli_buf_reset(b, 0);
            }
        }
        s->dec_pos += take + (nl != NULL);
        if (nl)
            return 1;
    }
}

/* Whole decoded input into *b, at most max bytes; returns 1, 0 when over max, -1 on error. */
static int src_slurp(src *s, cli_buf *b, size_t max)
{
    cli_buf_reset(b, 0);
    for (;;) {
        int r = src_fill(s);
        if (r < 0)
            return -1;
        if (r == 0)
            return 1;
        size_t avail = s->dec_len - s->dec_pos;
        if (b->len + avail > max)
            return 0;
        cli_buf_append(b, (const char *)s->dec + s->dec_pos, avail);
        if (b->oom) {
            snprintf(s->err, sizeof s->err, "out of memory");
            return -1;
        }
        s->dec_pos = s->dec_len;
    }
}

/* ---- the list of input files ------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* Names read by extension: what a directory walk picks up, and which of them are JSONL. */
static const struct {
    const char *suffix;
    bool jsonl;
} kinds[] = {
    {".txt", false},     {".txt.gz", false},   {".txt.zst", false},
    {".jsonl", true},    {".jsonl.gz", true},  {".jsonl.zst", true},
};

/* 0: not an input name; 1: text; 2: JSONL */
static int name_kind(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (ends_with(name, kinds[i].suffix))
            return kinds[i].jsonl ? 2 : 1;
    return 0;
}

typedef struct {
    char *path;       /* NULL for an error entry */
    char *id;         /* the path under the directory given, or as given; without .gz / .zst */
    char *error;      /* a message for an error entry (cannot list a directory) */
} entry;

/* Compression suffixes dropped from ids, so a compressed copy gives the same output. */
static const char *const zsuffixes[] = {".gz", ".zst"};

static char *make_id(const char *rel)
{
    size_t n = strlen(rel);
    for (size_t i = 0; i < sizeof zsuffixes / sizeof zsuffixes[0]; i++)
        if (ends_with(rel, zsuffixes[i]) && n > strlen(zsuffixes[i]))
            n -= strlen(zsuffixes[i]);
    return strndup(rel, n);
}

typedef struct {
    entry *v;
    size_t n, cap;
} entry_list;

static entry *entry_add(entry_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

static void entry_error(entry_list *l, const char *fmt, const char *a, const char *b)
{
    entry *e = entry_add(l);
    if (!e)
        return;
    size_t need = strlen(fmt) + strlen(a) + strlen(b) + 1;
    e->error = malloc(need);
    if (e->error)
        snprintf(e->error, need, fmt, a, b);
    else
        l->n--;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the input files under dir (recursively, names sorted bytewise) to l. */
/* The directories being walked, outermost first: a directory met again is a symbolic link loop. */
typedef struct dir_path {
    dev_t dev;
    ino_t ino;
    const struct dir_path *up;
} dir_path;

static void walk_dir(const char *dir, size_t plen, entry_list *l, const dir_path *up)
{
    struct stat dst = {0};
    if (stat(dir, &dst) == 0) {
        for (const dir_path *a = up; a; a = a->up)
            if (a->dev == dst.st_dev && a->ino == dst.st_ino) {
                entry_error(l, "%s: %s", dir, "symbolic link loop, skipped");
                return;
            }
    }
    dir_path here = {dst.st_dev, dst.st_ino, up};
    DIR *dp = opendir(dir);
    if (!dp) {
        entry_error(l, "%s: %s", dir, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **v = realloc(names, cap * sizeof *v);
            if (!v)
                break;
            names = v;
        }
        size_t need = strlen(dir) + strlen(de->d_name) + 2;
        if (!(names[n] = malloc(need)))
            break;
        snprintf(names[n++], need, "%s/%s", dir, de->d_name);
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        entry *e;
        if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            walk_dir(names[i], plen, l, &here);
        } else if (name_kind(names[i]) && (e = entry_add(l))) {
            e->path = names[i];
            names[i] = NULL;
            const char *rel = e->path + plen; /* id: the path as found under the given directory */
            while (*rel == '/')
                rel++;
            if (!(e->id = make_id(rel))) {
                free(e->path);
                l->n--;
            }
        }
        free(names[i]);
    }
    free(names);
}

static void expand_inputs(char **inputs, int ninputs, entry_list *l)
{
    for (int i = 0; i < ninputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") && stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t plen = strlen(inputs[i]);
            while (plen > 1 && inputs[i][plen - 1] == '/')
                plen--;
            walk_dir(inputs[i], plen, l, NULL);
        } else {
            entry *e = entry_add(l);
            if (e && (!(e->path = strdup(inputs[i])) || !(e->id = make_id(inputs[i])))) {
                free(e->path);
                l->n--;
            }
        }
    }
}

/* Sum of the input file sizes, or 0 when one is not a regular file (stdin, a pipe). */
static uint64_t total_size(const entry_list *l)
{
    uint64_t total = 0;
    for (size_t i = 0; i < l->n; i++) {
        struct stat st;
        if (!l->v[i].path)
            continue;
        if (!strcmp(l->v[i].path, "-") || stat(l->v[i].path, &st) || !S_ISREG(st.st_mode))
            return 0;
        total += (uint64_t)st.st_size;
    }
    return total;
}

/* ---- records ----------------------------------------------------------------------------- */

typedef struct {
    cli_rec_fn fn;
    void *ctx;
    uint64_t raw_done, raw_total;
    cli_buf msg;
} reader;

static int emit(reader *r, cli_record *rec)
{
    rec->raw_done = r->raw_done;
    rec->raw_total = r->raw_total;
    return r->fn(rec, r->ctx);
}

static int emit_error(reader *r, const char *origin, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int emit_error(reader *r, const char *origin, size_t line, const char *fmt, ...)
{
    cli_buf_reset(&r->msg, 4096);
    if (line)
        cli_buf_printf(&r->msg, "%s:%zu: ", origin, line);
    else
        cli_buf_printf(&r->msg, "%s: ", origin);
    va_list ap;
    va_start(ap, fmt);
    cli_buf_vprintf(&r->msg, fmt, ap);
    va_end(ap);
    cli_record rec = {.kind = CLI_REC_ERROR, .origin = origin, .line = line};
    rec.data = r->msg.p ? r->msg.p : "out of memory";
    rec.len = strlen(rec.data);
    return emit(r, &rec);
}

static int read_jsonl(reader *r, src *s, const char *name, size_t first_line)
{
    cli_buf line = {0};
    size_t lineno = first_line ? first_line - 1 : 0, over;
    int rc, stop = 0;
    bool first = true;
    while (!stop && (rc = src_getline(s, &line, MAX_LINE_BYTES, &over)) == 1) {
        lineno++;
        if (over) {
            stop = emit_error(r, name, lineno, "record of %zu bytes is over the %u-byte limit", over,
                              WS_MAX_DOC_BYTES);
            continue;
        }
        size_t k = 0;
        while (k < line.len && (line.p[k] == ' ' || line.p[k] == '\t' || line.p[k] == '\r'))
            k++;
        if (k == line.len)
            continue; /* blank line */
        cli_record rec = {.kind = CLI_REC_JSONL, .data = line.p, .len = line.len, .origin = name,
                          .line = lineno};
        if (rec.len && rec.data[rec.len - 1] == '\r')
            rec.len--;
        if (first && rec.len >= 3 && !memcmp(rec.data, "\xEF\xBB\xBF", 3)) {
            rec.data += 3; /* a UTF-8 byte order mark (Windows editors) is not part of the JSON */
            rec.len -= 3;
        }
        first = false;
        stop = emit(r, &rec);
    }
    if (!stop && rc < 0)
        stop = emit_error(r, name, lineno + 1, "%s", s->err);
    cli_buf_free(&line);
    return stop;
}

static int read_entry(reader *r, const entry *e, const cli_input_opts *o)
{
    if (!e->path) {
        cli_record rec = {.kind = CLI_REC_ERROR, .origin = "", .data = e->error,
                          .len = strlen(e->error)};
        return emit(r, &rec);
    }
    bool is_stdin = !strcmp(e->path, "-");
    const char *name = !is_stdin ? e->path : o->stdin_name ? o->stdin_name : "<stdin>";
    int fd = is_stdin ? 0 : open(e->path, O_RDONLY);
    if (fd < 0)
        return emit_error(r, e->path, 0, "%s", strerror(errno));
    src s;
    int stop;
    if (src_open(&s, fd, &r->raw_done) < 0) {
        stop = emit_error(r, name, 0, "%s", s.err);
    } else if (o->jsonl || name_kind(e->path) == 2) {
        stop = read_jsonl(r, &s, name, is_stdin ? o->first_line : 0);
    } else {
        cli_buf text = {0};
        int rc = src_slurp(&s, &text, WS_MAX_DOC_BYTES);
        if (rc < 0)
            stop = emit_error(r, name, 0, "%s", s.err);
        else if (rc == 0)
            stop = emit_error(r, name, 0, "file is over the %u-byte document limit",
                              WS_MAX_DOC_BYTES);
        else {
            cli_record rec = {.kind = CLI_REC_TEXT, .data = text.p ? text.p : "", .len = text.len,
                              .origin = name, .id = e->id};
            stop = emit(r, &rec);
        }
        cli_buf_free(&text);
    }
    src_close(&s);
    if (!is_stdin)
        close(fd);
    return stop;
}

void cli_for_each_record(char **inputs, int ninputs, const cli_input_opts *o, cli_rec_fn fn,
                         void *ctx)
{
    entry_list l = {0};
    expand_inputs(inputs, ninputs, &l);
    reader r = {.fn = fn, .ctx = ctx};
    if (o->want_total)
        r.raw_total = total_size(&l);
    for (size_t i = 0; i < l.n; i++)
        if (read_entry(&r, &l.v[i], o))
            break;
    for (size_t i = 0; i < l.n; i++) {
        free(l.v[i].path);
        free(l.v[i].id);
        free(l.v[i].error);
    }
    free(l.v);
    cli_buf_free(&r.msg);
}

/* ---- record -> document ------------------------------------------------------------------ */

static const char *json_str_field(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Fast path for the common record: a flat object whose values are strings or null. It decodes the
 * fields whosaid reads in one pass (memchr-speed over plain ASCII) and validates the rest as
 * jansson would (RFC 8259 strings, UTF-8 without overlongs or surrogates, no duplicate keys).
 * Anything else (numbers, nesting, errors) returns -1 and goes to jansson, which also words the
 * error messages; for accepted records both paths give the same document. */

/* 1: a byte that stands for itself inside a JSON string (printable ASCII but '"' and '\\') */
static const unsigned char json_plain[256] = {
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
    R16(0), R16(0),                                     /* 0x00-0x1f: control characters */
    1, 1, 0, R4(1), 1,                                  /* 0x20-0x27: '"' is 0x22 */
    R16(1), R16(1), R16(1), R4(1),                      /* 0x28-0x5b */
    0, R16(1), R16(1), 1, 1, 1,                         /* 0x5c '\\', 0x5d-0x7f */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0) /* 0x80-0xff: UTF-8 */
#undef R16
#undef R4
};
_Static_assert(sizeof json_plain == 256, "json_plain covers every byte");

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, surrogates or > U+10FFFF), 0
 * when invalid. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static int hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
    if (end - p < 4)
        return -1;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return -1;
        *v = *v << 4 | d;
    }
    return 0;
}

/* The string whose opening quote is before *pp; appended to out (with a NUL) unless out is NULL.
 * Returns 0, -1 when not accepted. */
static int fast_str(const unsigned char **pp, const unsigned char *end, cli_buf *out)
{
    const unsigned char *p = *pp;
    for (;;) {
        const unsigned char *q = p;
        while (q < end && json_plain[*q])
            q++;
        if (out && q > p)
            cli_buf_append(out, (const char *)p, (size_t)(q - p));
        p = q;
        if (p >= end)
            return -1;
        if (*p == '"') {
            p++;
            break;
        }
        if (*p < 0x20)
            return -1;
        if (*p >= 0x80) {
            size_t n = utf8_seq(p, end);
            if (!n)
                return -1;
            if (out)
                cli_buf_append(out, (const char *)p, n);
            p += n;
            continue;
        }
        /* backslash */
        if (end - p < 2)
            return -1;
        static const char esc_from[] = "\"\\/bfnrt", esc_to[] = "\"\\/\b\f\n\r\t";
        const char *e = p[1] ? strchr(esc_from, p[1]) : NULL;
        if (e) {
            if (out)
                cli_buf_append(out, &esc_to[e - esc_from], 1);
            p += 2;
            continue;
        }
        unsigned cp, lo;
        if (p[1] != 'u' || hex4(p + 2, end, &cp))
            return -1;
        p += 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return -1; /* lone low surrogate */
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, end, &lo) || lo < 0xDC00 ||
                lo > 0xDFFF)
                return -1;
            p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        char u[4];
        size_t n;
        if (cp < 0x80)
            u[0] = (char)cp, n = 1;
        else if (cp < 0x800)
            u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
        else if (cp < 0x10000)
            u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
            u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
        else
            u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
            u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
        if (out)
            cli_buf_append(out, u, n);
    }
    if (out)
        cli_buf_append(out, "", 1);
    *pp = p;
    return 0;
}

static const unsigned char *skip_ws(const unsigned char *p, const unsigned char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* The fields a record may carry, in the order of their slots. */
static const char *const rec_fields[] = {"text", "id", "title", "url", "date", "source"};
enum { F_TEXT, F_ID, F_TITLE, F_URL, F_DATE, F_SOURCE, NFIELDS, MAX_KEYS = 32 };
_Static_assert(sizeof rec_fields / sizeof rec_fields[0] == NFIELDS, "one name per field");

static int fast_record(const cli_record *r, cli_doc *d, cli_doc_scratch *s)
{
    const unsigned char *p = (const unsigned char *)r->data, *end = p + r->len;
    size_t off[NFIELDS], len[NFIELDS], keyoff[MAX_KEYS], nkeys = 0;
    bool have[NFIELDS] = {0};
    cli_buf *b = &s->buf;
    p = skip_ws(p, end);
    if (p == end || *p++ != '{')
        return -1;
    p = skip_ws(p, end);
    if (p < end && *p == '}')
        return -1; /* {}: no text; jansson words the message */
    for (;;) {
        if (p == end || *p++ != '"' || nkeys == MAX_KEYS)
            return -1;
        size_t k0 = b->len;
        if (fast_str(&p, end, b) || b->oom || strlen(b->p + k0) != b->len - k0 - 1)
            return -1; /* NUL in a key: jansson refuses it */
        for (size_t i = 0; i < nkeys; i++)
            if (!strcmp(b->p + keyoff[i], b->p + k0))
                return -1; /* duplicate key */
        keyoff[nkeys++] = k0;
        int f = -1;
        for (int i = 0; i < NFIELDS; i++)
            if (!strcmp(b->p + k0, rec_fields[i]))
                f = i;
        p = skip_ws(p, end);
        if (p == end || *p++ != ':')
            return -1;
        p = skip_ws(p, end);
        if (p < end && *p == '"') {
            p++;
            size_t v0 = b->len;
            if (fast_str(&p, end, f >= 0 ? b : NULL) || b->oom)
                return -1;
            if (f >= 0) {
                off[f] = v0;
                len[f] = b->len - v0 - 1;
                have[f] = true;
            }
        } else if (end - p >= 4 && !memcmp(p, "null", 4) && f != F_TEXT) {
            p += 4;
        } else {
            return -1; /* numbers, booleans, nesting: jansson */
        }
        p = skip_ws(p, end);
        if (p == end)
            return -1;
        if (*p == '}')
            break;
        if (*p++ != ',')
            return -1;
        p = skip_ws(p, end);
    }
    if (skip_ws(p + 1, end) != end || !have[F_TEXT])
        return -1;
    const char *v[NFIELDS];
    for (int i = 0; i < NFIELDS; i++)
        v[i] = have[i] ? b->p + off[i] : NULL;
    d->text = v[F_TEXT];
    d->len = len[F_TEXT];
    d->flags = WS_IN_PLAIN;
    if (v[F_ID])
        d->meta.id = v[F_ID];
    else {
        snprintf(s->idbuf, sizeof s->idbuf, "%zu", r->line);
        d->meta.id = s->idbuf;
    }
    d->meta.title = v[F_TITLE];
    d->meta.url = v[F_URL];
    d->meta.date = v[F_DATE];
    d->meta.source = v[F_SOURCE];
    return 0;
}

static int slow_record(const cli_record *r, cli_doc *d, cli_doc_scratch *s);

int cli_record_doc(const cli_record *r, cli_doc *d, cli_doc_scratch *s)
{
    memset(d, 0, sizeof *d);
    s->json = NULL;
    memset(&s->buf, 0, sizeof s->buf);
    d->origin = r->origin;
    d->line = r->line;
    switch (r->kind) {
    case CLI_REC_ERROR:
        cli_error("%s", r->data);
        return 1;
    case CLI_REC_TEXT:
        if (r->len == 0) {
            cli_error("%s: empty file", r->origin);
            return 1;
        }
        if (memchr(r->data, 0, r->len > 8192 ? 8192 : r->len)) {
            cli_error("%s: binary file (NUL bytes), skipped", r->origin);
            return 1;
        }
        d->text = r->data;
        d->len = r->len;
        d->flags = WS_IN_NEWS;
        d->meta.id = r->id;
        return 0;
    case CLI_REC_JSONL: break;
    }
    if (fast_record(r, d, s) == 0)
        return 0;
    cli_buf_reset(&s->buf, 0);
    return slow_record(r, d, s);
}

/* Any JSONL record, through jansson; reports what is wrong with it. */
static int slow_record(const cli_record *r, cli_doc *d, cli_doc_scratch *s)
{
    memset(d, 0, sizeof *d);
    d->origin = r->origin;
    d->line = r->line;
    json_error_t err;
    json_t *o = json_loadb(r->data, r->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (!o) {
        cli_error("%s:%zu: not JSON: %s (column %d)", r->origin, r->line, err.text, err.column);
        return 1;
    }
    json_t *t = json_object_get(o, "text");
    if (!json_is_object(o) || !json_is_string(t)) {
        cli_error("%s:%zu: record has no \"text\" string", r->origin, r->line);
        json_decref(o);
        return 1;
    }
    s->json = o;
    d->text = json_string_value(t);
    d->len = json_string_length(t);
    d->flags = WS_IN_PLAIN;
    json_t *id = json_object_get(o, "id");
    if (json_is_string(id))
        d->meta.id = json_string_value(id);
    else if (json_is_integer(id)) {
        snprintf(s->idbuf, sizeof s->idbuf, "%lld", (long long)json_integer_value(id));
        d->meta.id = s->idbuf;
    } else {
        snprintf(s->idbuf, sizeof s->idbuf, "%zu", r->line);
        d->meta.id = s->idbuf;
    }
    d->meta.title = json_str_field(o, "title");
    d->meta.url = json_str_field(o, "url");
    d->meta.date = json_str_field(o, "date");
    d->meta.source = json_str_field(o, "source");
    return 0;
}

void cli_doc_scratch_free(cli_doc_scratch *s)
{
    json_decref(s->json);
    s->json = NULL;
    cli_buf_free(&s->buf);
}

/* ---- the one-call form: records parsed and handed over one by one ------------------------ */

typedef struct {
    cli_doc_fn fn;
    void *ctx;
    size_t failed;
} each_doc;

static int each_doc_rec(const cli_record *r, void *vctx)
{
    each_doc *c = vctx;
    cli_doc d;
    cli_doc_scratch s;
    if (cli_record_doc(r, &d, &s))
        c->failed++;
    else if (c->fn(&d, c->ctx))
        c->failed++;
    cli_doc_scratch_free(&s);
    return 0;
}

size_t cli_for_each_doc(char **inputs, int ninputs, const cli_input_opts *o, cli_doc_fn fn, void *ctx)
{
    each_doc c = {fn, ctx, 0};
    cli_for_each_record(inputs, ninputs, o, each_doc_rec, &c);
    return c.failed;
}
