/* pipeline.c — the shared, immutable part of extraction: taggers and lexicons.
 * Tagger models (pos.model, ner.model) are looked for in cfg->model_dir, else $WHOSAID_MODELS,
 * else data/models next to the executable or in its parent directory (so ./whosaid and
 * build/whosaid both find ./data/models); without models the pipeline runs rules only. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "tagger.h"

static bool is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Writes the model directory to use into dir; false when there is none. An explicit directory
 * (config or environment) is used even when it lacks pos.model, so the error is reported. */
static bool find_model_dir(const ws_config *cfg, char *dir, size_t n, bool *explicit_dir)
{
    *explicit_dir = true;
    if (cfg && cfg->model_dir) {
        snprintf(dir, n, "%s", cfg->model_dir);
        return true;
    }
    const char *env = getenv("WHOSAID_MODELS");
    if (env && *env) {
        snprintf(dir, n, "%s", env);
        return true;
    }
    *explicit_dir = false;
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return false;
    exe[len] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return false;
        *slash = '\0';
        char probe[PATH_MAX + 32];
        snprintf(probe, sizeof probe, "%s/data/models/pos.model", exe);
        if (is_file(probe) && strlen(exe) + 13 < n) {
            memcpy(dir, exe, strlen(exe));
            memcpy(dir + strlen(exe), "/data/models", 13);
            return true;
        }
    }
    return false;
}

static ws_status load_models(ws_pipeline *p, const ws_config *cfg)
{
    char dir[PATH_MAX];
    bool explicit_dir;
    if (!find_model_dir(cfg, dir, sizeof dir, &explicit_dir))
        return WS_OK;
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/pos.model", dir);
    if (!is_file(path))
        return explicit_dir ? WS_ENOTFOUND : WS_OK;
    ws_status st = ws_tagger_model_load(path, &p->pos, NULL);
    if (st != WS_OK)
        return st;
    if (ws_tagger_model_kind(p->pos) != WS_TAGGER_POS)
        return WS_EFORMAT;
    snprintf(path, sizeof path, "%s/ner.model", dir);
    if (!is_file(path))
        return WS_OK; /* POS only */
    if ((st = ws_tagger_model_load(path, &p->ner, NULL)) != WS_OK)
        return st;
    return ws_tagger_model_kind(p->ner) == WS_TAGGER_NER ? WS_OK : WS_EFORMAT;
}

ws_status ws_pipeline_new(const ws_config *cfg, ws_pipeline **out)
{
    *out = NULL;
    ws_pipeline *p = ws_calloc(1, sizeof *p);
    if (!p)
        return WS_ENOMEM;
    p->fast = cfg ? cfg->fast : 0;
    if (!p->fast) {
        ws_status st = load_models(p, cfg);
        if (st != WS_OK) {
            ws_pipeline_free(p);
            return st;
        }
    }
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
