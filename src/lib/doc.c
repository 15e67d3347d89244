/* doc.c — ws_extract runs the stages over one document; accessors; JSON output (docs/FORMAT.md). */
#include <stdio.h>

#include "internal.h"

ws_status ws_extract(const ws_pipeline *p, const char *text, size_t len, unsigned flags, ws_doc **out)
{
    if (!out)
        return WS_EINVAL;
    *out = NULL;
    if (!text && len)
        return WS_EINVAL;
    if (len > WS_MAX_DOC_BYTES)
        return WS_ETOOBIG;
    ws_doc *d = ws_calloc(1, sizeof *d);
    if (!d)
        return WS_ENOMEM;
    ws_arena_init(&d->arena);
    d->pipe = p;
    ws_status st = WS_ENOMEM;
    d->text = ws_arena_strndup(&d->arena, text ? text : "", len);
    if (!d->text)
        goto fail;
    d->len = (uint32_t)len;
    if ((st = ws_text_layout(d, flags)) != WS_OK) goto fail;
    if ((st = ws_tokenize(d)) != WS_OK) goto fail;
    if ((st = ws_find_quotes(d)) != WS_OK) goto fail;
    d->pub_quotes = ws_arena_alloc(&d->arena, sizeof(ws_quotation) * (d->nquotes + 1));
    if (!d->pub_quotes) { st = WS_ENOMEM; goto fail; }
    for (uint32_t i = 0; i < d->nquotes; i++) {
        const ws_quote *q = &d->quotes[i];
        d->pub_quotes[i] = (ws_quotation){{q->start, q->end}, q->next, q->depth, q->closed};
    }
    if ((st = ws_split_sentences(d)) != WS_OK) goto fail;
    if ((st = ws_tag(d)) != WS_OK) goto fail;
    if ((st = ws_attribute(d)) != WS_OK) goto fail;
    *out = d;
    return WS_OK;
fail:
    ws_doc_free(d);
    return st;
}

void ws_doc_free(ws_doc *d)
{
    if (!d)
        return;
    ws_arena_free(&d->arena);
    ws_free(d);
}

const char *ws_doc_text(const ws_doc *d, size_t *len)
{
    if (len)
        *len = d->len;
    return d->text;
}
ws_span ws_doc_title(const ws_doc *d) { return d->title; }
ws_span ws_doc_source_domain(const ws_doc *d) { return d->domain; }
size_t ws_doc_attributions(const ws_doc *d, const ws_attribution **out) { *out = d->attrs; return d->nattrs; }
size_t ws_doc_entities(const ws_doc *d, const ws_entity **out) { *out = d->ents; return d->nents; }
size_t ws_doc_tokens(const ws_doc *d, const ws_token **out) { *out = d->toks; return d->ntoks; }
size_t ws_doc_sentences(const ws_doc *d, const ws_span **out) { *out = d->sent_spans; return d->nsents; }
size_t ws_doc_paragraphs(const ws_doc *d, const ws_span **out) { *out = d->paras; return d->nparas; }
size_t ws_doc_warnings(const ws_doc *d, const ws_warning **out) { *out = d->warns; return d->nwarns; }

size_t ws_doc_quotes(const ws_doc *d, const ws_quotation **out)
{
    *out = d->pub_quotes;
    return d->pub_quotes ? d->nquotes : 0;
}

/* Appends a string literal (its length is a constant; "" lit rejects anything but a literal). */
#define ADDLIT(b, lit) ws_buf_add((b), "" lit, sizeof("" lit) - 1)

static void json_span(ws_buf *b, const ws_doc *d, ws_span s)
{
    if (s.start == WS_NONE) {
        ADDLIT(b, "null");
        return;
    }
    ADDLIT(b, "{\"start\":");
    ws_buf_addu(b, s.start);
    ADDLIT(b, ",\"end\":");
    ws_buf_addu(b, s.end);
    ADDLIT(b, ",\"text\":");
    ws_buf_json_str(b, d->text + s.start, s.end - s.start);
    ws_buf_addc(b, '}');
}

/* [{"start":S,"end":E},...] of n spans (segments of a quote, mentions of an entity). */
static void json_bounds(ws_buf *b, const ws_span *s, uint32_t n)
{
    ws_buf_addc(b, '[');
    for (uint32_t k = 0; k < n; k++) {
        if (k)
            ws_buf_addc(b, ',');
        ADDLIT(b, "{\"start\":");
        ws_buf_addu(b, s[k].start);
        ADDLIT(b, ",\"end\":");
        ws_buf_addu(b, s[k].end);
        ws_buf_addc(b, '}');
    }
    ws_buf_addc(b, ']');
}

static void json_opt_str(ws_buf *b, const char *s)
{
    if (s)
        ws_buf_json_str(b, s, strlen(s));
    else
        ADDLIT(b, "null");
}

ws_status ws_doc_to_json(const ws_doc *d, const ws_meta *meta, char **out, size_t *outlen)
{
    ws_buf b;
    ws_buf_init(&b);
    ws_buf_reserve(&b, (size_t)d->len * 2 + 1024); /* news JSON is about 1.7 times its text: one allocation */
    ws_meta m = meta ? *meta : (ws_meta){0};
    ADDLIT(&b, "{\"id\":");
    json_opt_str(&b, m.id);
    ADDLIT(&b, ",\"title\":");
    if (m.title)
        json_opt_str(&b, m.title);
    else if (d->title.start != WS_NONE)
        ws_buf_json_str(&b, d->text + d->title.start, d->title.end - d->title.start);
    else
        ADDLIT(&b, "null");
    if (m.url) { ADDLIT(&b, ",\"url\":"); json_opt_str(&b, m.url); }
    if (m.date) { ADDLIT(&b, ",\"date\":"); json_opt_str(&b, m.date); }
    if (m.source) { ADDLIT(&b, ",\"source\":"); json_opt_str(&b, m.source); }
    ADDLIT(&b, ",\"source_domain\":");
    if (d->domain.start != WS_NONE)
        ws_buf_json_str(&b, d->text + d->domain.start, d->domain.end - d->domain.start);
    else
        ADDLIT(&b, "null");
    ADDLIT(&b, ",\"attributions\":[");
    for (uint32_t i = 0; i < d->nattrs; i++) {
        const ws_attribution *a = &d->attrs[i];
        if (i)
            ws_buf_addc(&b, ',');
        ADDLIT(&b, "{\"kind\":\"");
        ws_buf_adds(&b, ws_kind_name(a->kind));
        ADDLIT(&b, "\",\"class\":\"");
        ws_buf_adds(&b, ws_class_name(a->cls));
        ADDLIT(&b, "\",\"content\":");
        json_span(&b, d, a->content);
        ADDLIT(&b, ",\"cue\":");
        json_span(&b, d, a->cue);
        ADDLIT(&b, ",\"source\":");
        json_span(&b, d, a->source);
        ADDLIT(&b, ",\"speaker\":");
        if (a->entity >= 0 && (uint32_t)a->entity < d->nents) {
            const ws_entity *e = &d->ents[a->entity];
            ADDLIT(&b, "{\"name\":");
            ws_buf_json_str(&b, e->name, strlen(e->name));
            ADDLIT(&b, ",\"kind\":\"");
            ws_buf_adds(&b, ws_entity_kind_name(e->kind));
            ADDLIT(&b, "\",\"entity\":");
            ws_buf_addu(&b, (uint32_t)a->entity);
            ws_buf_addc(&b, '}');
        } else {
            ADDLIT(&b, "null");
        }
        /* two decimals without printf: confidence is in 0..1 */
        uint32_t centi = (uint32_t)(a->confidence * 100.0f + 0.5f);
        if (centi > 100)
            centi = 100;
        char conf[8] = {',', '0' + (char)(centi / 100), '.', '0' + (char)(centi / 10 % 10), '0' + (char)(centi % 10)};
        ADDLIT(&b, ",\"confidence\":");
        ws_buf_add(&b, conf + 1, 4);
        if (a->nabout) {
            ADDLIT(&b, ",\"about\":[");
            for (uint32_t k = 0; k < a->nabout; k++) {
                if (k)
                    ws_buf_addc(&b, ',');
                if (a->about[k] < 0)
                    ws_buf_addc(&b, '-');
                ws_buf_addu(&b, a->about[k] < 0 ? 0u - (uint32_t)a->about[k] : (uint32_t)a->about[k]);
            }
            ws_buf_addc(&b, ']');
        }
        if (a->nsegments > 1) {
            ADDLIT(&b, ",\"segments\":");
            json_bounds(&b, a->segments, a->nsegments);
        }
        ws_buf_addc(&b, '}');
    }
    ADDLIT(&b, "],\"entities\":[");
    for (uint32_t i = 0; i < d->nents; i++) {
        const ws_entity *e = &d->ents[i];
        if (i)
            ws_buf_addc(&b, ',');
        ADDLIT(&b, "{\"id\":");
        ws_buf_addu(&b, i);
        ADDLIT(&b, ",\"name\":");
        ws_buf_json_str(&b, e->name, strlen(e->name));
        ADDLIT(&b, ",\"kind\":\"");
        ws_buf_adds(&b, ws_entity_kind_name(e->kind));
        ADDLIT(&b, "\",\"mentions\":");
        json_bounds(&b, e->mentions, e->nmentions);
        ws_buf_addc(&b, '}');
    }
    ADDLIT(&b, "]");
    if (d->nwarns) {
        ADDLIT(&b, ",\"warnings\":[");
        for (uint32_t i = 0; i < d->nwarns; i++) {
            if (i)
                ws_buf_addc(&b, ',');
            ADDLIT(&b, "{\"offset\":");
            ws_buf_addu(&b, d->warns[i].offset);
            ADDLIT(&b, ",\"message\":");
            ws_buf_json_str(&b, d->warns[i].message, strlen(d->warns[i].message));
            ws_buf_addc(&b, '}');
        }
        ws_buf_addc(&b, ']');
    }
    ws_buf_addc(&b, '}');
    if (b.failed) {
        ws_buf_free(&b);
        return WS_ENOMEM;
    }
    *out = b.data;
    if (outlen)
        *outlen = b.len;
    return WS_OK;
}
