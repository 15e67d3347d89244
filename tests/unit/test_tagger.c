/* test_tagger.c — the perceptron taggers: training on a tiny hand-made corpus is deterministic and
 * learns it; models survive a save/load round trip; truncated, bit-flipped, wrong-version and
 * garbage model files are refused with WS_EFORMAT and a reason; the pipeline loads models from a
 * directory and tags every token; NER runs that change type midway become one entity; word
 * clusters stored in a lexicon reach the tagger's scratch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"
#include "tagger.h"

#include "check.h"

/* word POS NER, one token per row; sentences end with "." */
static const char *const corpus_rows[] = {
    "John NNP PERSON", "Smith NNP PERSON", "said VBD O", "the DT O", "plan NN O", "works VBZ O", ". . O",
    "The DT O", "company NN O", "Acme NNP ORGANIZATION", "Corp NNP ORGANIZATION", "hired VBD O",
    "Mary NNP PERSON", ". . O",
    "Paris NNP LOCATION", "is VBZ O", "in IN O", "France NNP LOCATION", ". . O",
    "She PRP O", "likes VBZ O", "French JJ MISC", "wine NN O", ". . O",
    "`` `` O", "We PRP O", "will MD O", "win VB O", ", , O", "'' '' O", "he PRP O", "said VBD O", ". . O",
    "Mary NNP PERSON", "works VBZ O", "in IN O", "Paris NNP LOCATION", "on IN O", "Monday NNP DATE", ". . O",
};

static char dir[64];

static void path_in(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", dir, name); }

static void write_corpus(const char *path, int copies)
{
    FILE *f = fopen(path, "w");
    for (int c = 0; c < copies; c++) {
        fprintf(f, "# doc = tiny%d\n", c);
        int sent = 1, tok = 1;
        for (size_t i = 0; i < sizeof corpus_rows / sizeof corpus_rows[0]; i++) {
            char w[32], p[8], e[16];
            sscanf(corpus_rows[i], "%31s %7s %15s", w, p, e);
            fprintf(f, "tiny%d\t%d\t%d\t%s\t0\t0\t%s\t%s\t0\tdep\n", c, sent, tok++, w, p, e);
            if (!strcmp(w, ".")) {
                fputc('\n', f);
                sent++;
                tok = 1;
            }
        }
    }
    fclose(f);
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*len + 1);
    if (fread(b, 1, *len, f) != *len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

static void write_all(const char *path, const void *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, len, f);
    fclose(f);
}

/* Loading a damaged copy must fail with WS_EFORMAT and say why. */
static void expect_bad(const char *name, const unsigned char *b, size_t len, const char *why_part)
{
    char p[128];
    path_in(p, sizeof p, name);
    write_all(p, b, len);
    ws_tagger_model *m = NULL;
    const char *why = NULL;
    ws_status st = ws_tagger_model_load(p, &m, &why);
    if (st != WS_EFORMAT || m || !why || (why_part && !strstr(why, why_part))) {
        fprintf(stderr, "%s: status %d, reason %s\n", name, (int)st, why ? why : "(none)");
        failures++;
    }
    ws_tagger_model_free(m);
}

static void test_training(void)
{
    char data[128], a[128], b[128], ner[128];
    path_in(data, sizeof data, "tiny.tsv");
    path_in(a, sizeof a, "a.model");
    path_in(b, sizeof b, "b.model");
    path_in(ner, sizeof ner, "ner.model");
    write_corpus(data, 3);
    ws_train_opts o = {0};
    o.kind = WS_TAGGER_POS;
    o.epochs = 10;
    o.seed = 7;
    char err[256] = "";
    CHECK(ws_tagger_train(data, &o, a, err, sizeof err) == WS_OK);
    CHECK(ws_tagger_train(data, &o, b, err, sizeof err) == WS_OK);
    size_t la, lb;
    unsigned char *ba = read_all(a, &la), *bb = read_all(b, &lb);
    CHECK(ba && bb && la == lb && memcmp(ba, bb, la) == 0); /* same seed, same bytes */
    free(bb);
    ws_tagger_score sc;
    CHECK(ws_tagger_evaluate(a, data, NULL, 0, &sc, err, sizeof err) == WS_OK);
    CHECK(sc.tokens == 3 * (sizeof corpus_rows / sizeof corpus_rows[0]));
    CHECK(sc.correct == sc.tokens); /* learns the corpus */
    int kind = -1;
    CHECK(ws_model_check(a, &kind, NULL) == WS_OK && kind == WS_TAGGER_POS);

    o.kind = WS_TAGGER_NER;
    o.pos_model = a;
    CHECK(ws_tagger_train(data, &o, ner, err, sizeof err) == WS_OK);
    CHECK(ws_tagger_evaluate(ner, data, a, 0, &sc, err, sizeof err) == WS_OK);
    CHECK(sc.gold == 3 * 8 && sc.correct == sc.gold && sc.pred == sc.gold); /* DATE maps to O */
    /* NER training (with its word clusters: the tiny corpus gets 3) is deterministic too */
    CHECK(ws_tagger_train(data, &o, b, err, sizeof err) == WS_OK);
    size_t ln1, ln2;
    unsigned char *bn1 = read_all(ner, &ln1), *bn2 = read_all(b, &ln2);
    CHECK(bn1 && bn2 && ln1 == ln2 && memcmp(bn1, bn2, ln1) == 0);
    if (bn1 && ln1 > 80) {
        /* an NER model of the previous feature version (9: no clusters) is refused */
        uint32_t v = 9;
        memcpy(bn1 + 40, &v, 4);
        uint32_t hc = (uint32_t)crc32(0L, bn1, 76);
        memcpy(bn1 + 76, &hc, 4);
        expect_bad("nerv9.model", bn1, ln1, "feature templates");
    }
    free(bn1);
    free(bn2);

    /* averaging two runs gives one model that still learns the corpus */
    char avg[128];
    path_in(avg, sizeof avg, "avg.model");
    o.average = 2;
    CHECK(ws_tagger_train(data, &o, avg, err, sizeof err) == WS_OK);
    CHECK(ws_tagger_evaluate(avg, data, a, 0, &sc, err, sizeof err) == WS_OK);
    CHECK(sc.gold == 3 * 8 && sc.correct == sc.gold);
    o.average = 0;

    /* a bad data line is reported with file and line */
    char bad[128];
    path_in(bad, sizeof bad, "bad.tsv");
    write_all(bad, "# doc = x\nx\t1\t1\tWord\t0\t4\tNOPE\tO\t0\tdep\n", 38);
    err[0] = '\0';
    CHECK(ws_tagger_train(bad, &o, b, err, sizeof err) == WS_EFORMAT);
    CHECK(strstr(err, "bad.tsv:2: unknown POS tag 'NOPE'") != NULL);
    CHECK(ws_tagger_train("/nonexistent/x.tsv.gz", &o, b, err, sizeof err) == WS_ENOTFOUND);

    /* round trip: tag with the loaded file and with the same bytes from memory */
    ws_tagger_model *m1, *m2;
    CHECK(ws_tagger_model_load(a, &m1, NULL) == WS_OK);
    unsigned char *copy = ws_malloc(la);
    memcpy(copy, ba, la);
    CHECK(ws_tagger_model_from_buffer(copy, la, &m2, NULL) == WS_OK);
    const char *text = "Mary said the plan works .";
    uint32_t se[] = {0, 4, 5, 9, 10, 13, 14, 18, 19, 24, 25, 26};
    ws_tsent t = {text, se, 2, 6};
    ws_tagger_scratch s = {0};
    uint16_t t1[6], t2[6];
    CHECK(ws_tagger_tag(m1, &s, &t, NULL, t1));
    CHECK(ws_tagger_tag(m2, &s, &t, NULL, t2));
    CHECK(memcmp(t1, t2, sizeof t1) == 0);
    const char *want[] = {"NNP", "VBD", "DT", "NN", "VBZ", "."};
    for (int i = 0; i < 6; i++)
        CHECK(!strcmp(ws_pos_name(t1[i]), want[i]));
    ws_tagger_model *mn;
    CHECK(ws_tagger_model_load(ner, &mn, NULL) == WS_OK);
    uint16_t n1[6];
    CHECK(ws_tagger_tag(mn, &s, &t, t1, n1));
    CHECK(!strcmp(ws_ner_name(n1[0]), "U-PER") && !strcmp(ws_ner_name(n1[1]), "O"));
    CHECK(s.clus[2] >= 1 && s.clus[2] <= 3); /* "Mary" has one of the tiny corpus's 3 clusters */
    ws_tagger_model_free(mn);
    ws_tagger_scratch_free(&s);
    ws_tagger_model_free(m1);
    ws_tagger_model_free(m2);

    /* damaged files */
    unsigned char *d = malloc(la);
    expect_bad("empty.model", ba, 0, "truncated");
    expect_bad("short.model", ba, 63, "truncated");
    expect_bad("trunc.model", ba, la - 1, "truncated");
    expect_bad("half.model", ba, la / 2, "truncated");
    size_t flips[] = {0, 9, 17, 20, 30, 44, 50, 64, 64 + 3, la / 2, la - 1};
    for (size_t k = 0; k < sizeof flips / sizeof flips[0]; k++) {
        memcpy(d, ba, la);
        d[flips[k]] ^= 0x10;
        expect_bad("flip.model", d, la, NULL);
    }
    memcpy(d, ba, la);
    d[8] = 1; /* version 1 (int16 weights, before int8) with a valid header checksum */
    uint32_t c = (uint32_t)crc32(0L, d, 76);
    memcpy(d + 76, &c, 4);
    expect_bad("version.model", d, la, "version");
    for (size_t i = 0; i < la; i++)
        d[i] = (unsigned char)(i * 131 + 7);
    expect_bad("garbage.model", d, la, "magic");
    unsigned char *longer = malloc(la + 8);
    memcpy(longer, ba, la);
    memset(longer + la, 0, 8);
    expect_bad("long.model", longer, la + 8, "trailing");
    free(longer);
    ws_tagger_model *none = NULL;
    const char *why = NULL;
    CHECK(ws_tagger_model_load("/nonexistent/pos.model", &none, &why) == WS_ENOTFOUND && !none && why);

    /* the pipeline: models from a directory; a corrupt model is an error; fast skips them */
    char mdir[128], pp[160], np[160];
    path_in(mdir, sizeof mdir, "models");
    mkdir(mdir, 0755);
    snprintf(pp, sizeof pp, "%s/pos.model", mdir);
    snprintf(np, sizeof np, "%s/ner.model", mdir);
    write_all(pp, ba, la);
    size_t ln;
    unsigned char *bn = read_all(ner, &ln);
    write_all(np, bn, ln);
    ws_config cfg = {0};
    cfg.model_dir = mdir;
    ws_pipeline *p;
    CHECK(ws_pipeline_new(&cfg, &p) == WS_OK && ws_pipeline_has_taggers(p));
    ws_doc *doc;
    const char *art = "John Smith said the plan works. Mary works in Paris.\nShe likes French wine.";
    CHECK(ws_extract(p, art, strlen(art), WS_IN_PLAIN, &doc) == WS_OK);
    const ws_token *tk;
    size_t nt = ws_doc_tokens(doc, &tk);
    CHECK(nt == 17);
    for (size_t i = 0; i < nt; i++)
        CHECK(tk[i].pos != 0 && tk[i].ner != 0);
    for (size_t i = 0; getenv("WS_TEST_VERBOSE") && i < nt; i++)
        fprintf(stderr, "%.*s %s %s\n", (int)(tk[i].end - tk[i].start), art + tk[i].start, ws_pos_name(tk[i].pos), ws_ner_name(tk[i].ner));
    CHECK(!strcmp(ws_ner_name(tk[0].ner), "B-PER") && !strcmp(ws_ner_name(tk[1].ner), "L-PER"));
    CHECK(!strcmp(ws_pos_name(tk[2].pos), "VBD") && !strcmp(ws_ner_name(tk[10].ner), "U-LOC"));
    ws_doc_free(doc);
    ws_pipeline_free(p);
    cfg.fast = 1;
    CHECK(ws_pipeline_new(&cfg, &p) == WS_OK && !ws_pipeline_has_taggers(p));
    ws_pipeline_free(p);
    cfg.fast = 0;
    d[0] = 'X';
    memcpy(d, ba, la);
    d[la / 2] ^= 1;
    write_all(np, d, la);
    p = NULL;
    CHECK(ws_pipeline_new(&cfg, &p) == WS_EFORMAT && p == NULL);
    unlink(np);
    unlink(pp);
    CHECK(ws_pipeline_new(&cfg, &p) == WS_ENOTFOUND && p == NULL); /* explicit dir without models */
    rmdir(mdir);
    free(bn);
    free(d);
    free(ba);
}

/* Word clusters are looked up in the lexicon under ws_clus_key(raw form); edges are marked. */
static void test_clusters(void)
{
    const char *text = "Ann visited Paris";
    uint32_t se[] = {0, 3, 4, 11, 12, 17};
    ws_tsent t = {text, se, 2, 3};
    ws_tagger_scratch s = {0};
    CHECK(ws_tagger_words(&s, &t));
    uint64_t keys[2] = {ws_clus_key(s.wf[2].h[WH_RAW]), ws_clus_key(s.wf[4].h[WH_RAW])};
    uint32_t bits[2] = {7, 300};
    ws_lexicon lx;
    CHECK(ws_lexicon_build(&lx, keys, bits, 2, 1));
    ws_tagger_match(&lx, &s, 3);
    CHECK(s.clus[2] == 7 && s.clus[3] == 0 && s.clus[4] == 300);
    CHECK(s.clus[0] == WS_CL_EDGE && s.clus[1] == WS_CL_EDGE && s.clus[5] == WS_CL_EDGE && s.clus[6] == WS_CL_EDGE);
    CHECK(s.lexv[0] == 0 && s.lexv[2] == 0); /* cluster entries are not phrases */
    ws_tagger_match(NULL, &s, 3);
    CHECK(s.clus[2] == 0 && s.clus[4] == 0);
    ws_lexicon_free(&lx);
    ws_tagger_scratch_free(&s);
}

/* A run of entity words that changes type midway gets the type with the largest summed score;
 * single-type runs and words outside entities are left alone. */
static void test_merge_runs(void)
{
    enum { O = WS_NER_O, PER = 3, ORG = 7, LOC = 11, MISC = 15 };
    /* "Tax/ORG Policy/MISC Center/ORG said Ann/PER ./O Bob/PER Smith/PER" */
    uint16_t io[] = {ORG, MISC, ORG, O, PER, O, PER, PER};
    const float sc[8 * 4] = {
        0, 5, 1, 0,   0, 3, 0, 4,   1, 6, 0, 0,   0, 0, 0, 0,
        9, 0, 0, 0,   0, 0, 0, 0,   4, 0, 0, 0,   5, 1, 0, 0,
    };
    ws_ner_merge_runs(io, sc, 8);
    uint16_t want[] = {ORG, ORG, ORG, O, PER, O, PER, PER};
    CHECK(memcmp(io, want, sizeof want) == 0);
    /* the summed scores decide, not the majority of words: LOC LOC MISC with MISC far ahead */
    uint16_t io2[] = {LOC, LOC, MISC};
    const float sc2[3 * 4] = {0, 0, 2, 1,   0, 0, 2, 1,   0, 0, 0, 9};
    ws_ner_merge_runs(io2, sc2, 3);
    CHECK(io2[0] == MISC && io2[1] == MISC && io2[2] == MISC);
    ws_ner_io_to_bilou(io2, 3);
    CHECK(!strcmp(ws_ner_name(io2[0]), "B-MISC") && !strcmp(ws_ner_name(io2[2]), "L-MISC"));
}

static void test_bilou(void)
{
    CHECK(ws_ner_allowed(0, WS_NER_O));
    CHECK(ws_ner_allowed(WS_NER_O, 2));              /* O -> B-PER */
    CHECK(!ws_ner_allowed(WS_NER_O, 3));             /* O -> I-PER */
    CHECK(ws_ner_allowed(2, 3) && ws_ner_allowed(3, 4)); /* B-PER I-PER L-PER */
    CHECK(!ws_ner_allowed(2, 7));                    /* B-PER -> I-ORG */
    CHECK(!ws_ner_allowed(2, WS_NER_O));             /* B-PER -> O */
    CHECK(ws_ner_allowed(5, 9));                     /* U-PER -> U-ORG */
    CHECK(!ws_ner_can_end(2) && ws_ner_can_end(4) && ws_ner_can_end(WS_NER_O));
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/ws-tagger-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_bilou();
    test_merge_runs();
    test_clusters();
    test_training();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        failures++;
    if (failures)
        fprintf(stderr, "test_tagger: %d failures\n", failures);
    else
        printf("test_tagger: ok\n");
    return failures != 0;
}
