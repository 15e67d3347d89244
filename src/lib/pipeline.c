/* pipeline.c — the shared, immutable part of extraction: taggers and lexicons. */
#include <stdio.h>
#include <sys/stat.h>

#include "internal.h"

void ws_tagger_model_free(ws_tagger_model *m); /* tagger.c */

ws_status ws_pipeline_new(const ws_config *cfg, ws_pipeline **out)
{
    *out = NULL;
    ws_pipeline *p = ws_calloc(1, sizeof *p);
    if (!p)
        return WS_ENOMEM;
    p->fast = cfg ? cfg->fast : 0;
    *out = p;
    return WS_OK;
}

void ws_pipeline_free(ws_pipeline *p)
{
    if (!p)
        return;
    ws_tagger_model_free(p->pos);
    ws_tagger_model_free(p->ner);
    ws_free(p);
}

int ws_pipeline_has_taggers(const ws_pipeline *p) { return p && p->pos != NULL; }
