/* tagger_bench.c — tagging speed of the perceptron taggers on one core: tokenises the given
 * articles once (rules-only pipeline), then times the word features alone (the hashes both
 * taggers share), POS alone and POS+NER over all their sentences, each repeated until at least
 * BENCH_SECONDS (default 3) of CPU time have passed; BENCH_ONLY=words|POS|POS+NER runs one of them
 * (one pass when BENCH_SECONDS=0: for cachegrind). Prints tokens per second. Run by bench/tagger.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "tagger.h"

/* CPU time of this process: the machine may be shared, and the claim is per core. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* One pass over every sentence of every document; returns tokens tagged. */
static uint64_t pass(ws_doc **docs, int ndocs, const ws_tagger_model *pos, const ws_tagger_model *ner,
                     ws_tagger_scratch *s, uint16_t *a, uint16_t *b)
{
    uint64_t n = 0;
    for (int k = 0; k < ndocs; k++) {
        const ws_doc *d = docs[k];
        for (uint32_t i = 0; i < d->nsents; i++) {
            const ws_sentence *se = &d->sents[i];
            ws_tsent t = {d->text, &d->toks[se->tok0].start, 4, se->tok1 - se->tok0};
            /* as ws_tag() does: the words are read once for both taggers */
            ws_tagger_words(s, &t);
            if (pos)
                ws_tagger_tag_words(pos, s, t.n, NULL, a);
            if (ner)
                ws_tagger_tag_words(ner, s, t.n, a, b);
            n += t.n;
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: tagger_bench MODEL_DIR FILE...\n");
        return 2;
    }
    char path[4096];
    ws_tagger_model *pos, *ner;
    const char *why;
    double t0 = now();
    snprintf(path, sizeof path, "%s/pos.model", argv[1]);
    if (ws_tagger_model_load(path, &pos, &why) != WS_OK) {
        fprintf(stderr, "tagger_bench: %s: %s\n", path, why);
        return 1;
    }
    double t1 = now();
    snprintf(path, sizeof path, "%s/ner.model", argv[1]);
    if (ws_tagger_model_load(path, &ner, &why) != WS_OK) {
        fprintf(stderr, "tagger_bench: %s: %s\n", path, why);
        return 1;
    }
    double t2 = now();
    ws_config cfg = {0};
    cfg.fast = 1;
    ws_pipeline *p;
    if (ws_pipeline_new(&cfg, &p) != WS_OK)
        return 1;
    int ndocs = 0;
    ws_doc **docs = calloc((size_t)argc, sizeof *docs);
    uint32_t maxs = 0;
    uint64_t ntok = 0;
    for (int i = 2; i < argc; i++) {
        size_t len;
        char *text = slurp(argv[i], &len);
        if (!text || ws_extract(p, text, len, WS_IN_NEWS, &docs[ndocs]) != WS_OK) {
            fprintf(stderr, "tagger_bench: cannot read %s\n", argv[i]);
            return 1;
        }
        free(text);
        ws_doc *d = docs[ndocs++];
        ntok += d->ntoks;
        for (uint32_t k = 0; k < d->nsents; k++)
            if (d->sents[k].tok1 - d->sents[k].tok0 > maxs)
                maxs = d->sents[k].tok1 - d->sents[k].tok0;
    }
    uint16_t *a = malloc(sizeof *a * (maxs + 1)), *b = malloc(sizeof *b * (maxs + 1));
    ws_tagger_scratch s = {0};
    double secs = getenv("BENCH_SECONDS") ? atof(getenv("BENCH_SECONDS")) : 3.0;
    printf("tagger_bench: %d documents, %llu tokens; model load %.1f ms (pos), %.1f ms (ner)\n", ndocs,
           (unsigned long long)ntok, (t1 - t0) * 1e3, (t2 - t1) * 1e3);
    /* the word features alone (hashes of each word's forms, shared by both taggers), POS, POS + NER */
    static const char *const name[3] = {"words", "POS", "POS+NER"};
    const char *only = getenv("BENCH_ONLY"); /* one of the three (for cachegrind runs) */
    for (int mode = 0; mode < 3; mode++) {
        if (only && strcmp(only, name[mode]) != 0)
            continue;
        const ws_tagger_model *mp = mode ? pos : NULL, *mn = mode == 2 ? ner : NULL;
        pass(docs, ndocs, mp, mn, &s, a, b); /* warm up */
        uint64_t n = 0;
        double start = now(), el;
        do {
            n += pass(docs, ndocs, mp, mn, &s, a, b);
            el = now() - start;
        } while (el < secs);
        printf("%-8s %10.0f tokens/s  (%llu tokens in %.2f s of CPU time)\n", name[mode], (double)n / el,
               (unsigned long long)n, el);
    }
    ws_tagger_scratch_free(&s);
    free(a);
    free(b);
    for (int k = 0; k < ndocs; k++)
        ws_doc_free(docs[k]);
    free(docs);
    ws_pipeline_free(p);
    ws_tagger_model_free(pos);
    ws_tagger_model_free(ner);
    return 0;
}
