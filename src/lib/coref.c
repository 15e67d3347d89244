/* coref.c — speakers and entities inside one article. Names are found as runs of capitalised
 * words (or NER spans when the tagger ran), split into a title/role prefix ("US President") and the
 * name ("Donald Trump"); people are merged by surname ("Mr Trump", "Trump’s"). Each attribution's
 * source is then resolved: a name, a role the article set up ("the President", "the Health
 * Secretary", "the spokesman"), a pronoun by recency and gender (he/she → person, it → organisation
 * or document, they → group), a coordinated cue's or continued quote's speaker, or a new entity.
 * Canonical names are the fullest form in the article. */
#include <stdio.h>
#include <stdlib.h>

#include <strings.h>

#include "attrib.h"
#include "cue.h"
#include "lexdata.h"
#include "tags.h"

typedef struct {
    char *name;           /* canonical (arena) */
    size_t name_len;
    ws_entity_kind kind;
    char key[48];         /* person: lower-cased surname; others: lower-cased name */
    char roles[4][40];    /* lower-cased role heads and phrases: "president", "health secretary" */
    uint8_t nroles;
    uint8_t gender;       /* 0 unknown, 'm', 'f' */
    bool is_name;         /* a proper name (vs a description) */
    ws_vec mentions;      /* ws_span */
    uint32_t last_pos;    /* byte offset of the latest mention seen so far */
    char alias[16];       /* lower-cased acronym given in brackets after the name: "csis" */
    bool has_role_entry;  /* listed in cctx.role_ents */
} ent;

typedef struct {
    ws_doc *d;
    ws_vec ents;          /* ent */
    uint32_t prev_anchor; /* token of the previous attribution's cue or content */
    int32_t *tok_ent;     /* per token: the entity of a mention covering it, or -1 */
    uint8_t *tok_subj;    /* per token: starts the first person named in its sentence */
    uint32_t *slots;      /* hash of (kind, name key) -> entity index + 1; open addressing */
    size_t nslots;
    ws_vec role_ents;     /* int32_t: entities that carry roles */
} cctx;

enum { PRONOUN_WINDOW = 3000 }; /* tokens searched back for a pronoun's antecedent */

static uint64_t key_hash(int kind, const char *key)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

static ent *E(cctx *c, int32_t i) { return &WS_VEC_AT(&c->ents, ent, i); }

static uint32_t wcl(const ws_doc *d, uint32_t i) { return ws_tok_wclass(d, i); }

static bool capw(const ws_doc *d, uint32_t i)
{
    return (d->toks[i].flags & WS_TOK_CAP) && (d->toks[i].flags & WS_TOK_WORD);
}

static char first_name_gender(const ws_doc *d, uint32_t i)
{
    char b[32];
    size_t n = ws_tok_lower(d, i, b, sizeof b);
    return n ? ws_lex_first_name(b, n) : 0;
}

static char place_of(const ws_doc *d, uint32_t a, uint32_t b)
{
    char buf[64];
    size_t n = 0;
    for (uint32_t i = a; i < b; i++) {
        char w[32];
        size_t l = ws_tok_lower(d, i, w, sizeof w);
        if (!l || n + l + 2 > sizeof buf)
            return 0;
        if (i > a)
            buf[n++] = ' ';
        memcpy(buf + n, w, l);
        n += l;
    }
    return ws_lex_place(buf, n);
}

static uint32_t *slot_of(cctx *c, int kind, const char *key);

static void add_role(ent *e, const char *r, size_t n)
{
    if (n == 0 || n >= sizeof e->roles[0])
        return;
    for (uint8_t i = 0; i < e->nroles; i++)
        if (strlen(e->roles[i]) == n && !memcmp(e->roles[i], r, n))
            return;
    if (e->nroles < 4) {
        memcpy(e->roles[e->nroles], r, n);
        e->roles[e->nroles][n] = 0;
        e->nroles++;
    }
}

/* Lower-cased text of tokens [a, b) joined by single spaces into buf. */
static size_t toks_lower(const ws_doc *d, uint32_t a, uint32_t b, char *buf, size_t cap)
{
    size_t n = 0;
    for (uint32_t i = a; i < b; i++) {
        char w[48];
        size_t l = ws_tok_lower(d, i, w, sizeof w);
        if (!l || n + l + 2 > cap)
            break;
        bool glue = i > a && (w[0] == '\'' || d->toks[i].start == d->toks[i - 1].end);
        if (i > a && !glue)
            buf[n++] = ' ';
        memcpy(buf + n, w, l);
        n += l;
    }
    buf[n] = 0;
    return n;
}

static int32_t new_ent(cctx *c, const ws_doc *d, uint32_t a, uint32_t b, ws_entity_kind kind, bool is_name)
{
    ent *e = ws_vec_push(&c->ents);
    if (!e)
        return -1;
    ws_vec_init(&e->mentions, sizeof(ws_span));
    /* canonical text: the original bytes of tokens [a, b) */
    uint32_t s = d->toks[a].start, t = d->toks[b - 1].end;
    e->name = ws_arena_strndup(&c->d->arena, d->text + s, t - s);
    if (!e->name) { /* no nameless entity for later passes to meet; arena.failed fails the doc */
        c->ents.len--;
        return -1;
    }
    /* collapse internal newlines */
    for (char *p = e->name; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    e->name_len = t - s;
    e->kind = kind;
    e->is_name = is_name;
    if (kind == WS_PERSON && is_name)
        ws_tok_lower(d, b - 1, e->key, sizeof e->key);
    else
        toks_lower(d, a, b, e->key, sizeof e->key);
    int32_t idx = (int32_t)(c->ents.len - 1);
    /* grow the hash at half load */
    if (c->ents.len * 2 >= c->nslots) {
        size_t n = c->nslots ? c->nslots * 2 : 256;
        uint32_t *ns = ws_calloc(n, sizeof *ns);
        if (!ns) {
            c->ents.failed = true; /* fails the document in ws_coref */
            return -1;
        }
        ws_free(c->slots);
        c->slots = ns;
        c->nslots = n;
        for (size_t i = 0; i + 1 < c->ents.len; i++) {
            ent *o = E(c, (int32_t)i);
            uint32_t *sl = slot_of(c, (int)o->kind + (o->is_name && o->kind == WS_PERSON ? 16 : 0), o->key);
            if (!*sl)
                *sl = (uint32_t)i + 1;
        }
    }
    uint32_t *sl = slot_of(c, (int)kind + (is_name && kind == WS_PERSON ? 16 : 0), e->key);
    if (!*sl)
        *sl = (uint32_t)idx + 1;
    return idx;
}

/* Records a mention of entity ei over tokens [t0, t1). */
static void add_mention(cctx *c, int32_t ei, uint32_t t0, uint32_t t1)
{
    ent *e = E(c, ei);
    ws_span *m = ws_vec_push(&e->mentions);
    uint32_t start = c->d->toks[t0].start;
    if (m)
        *m = (ws_span){start, c->d->toks[t1 - 1].end};
    if (start > e->last_pos)
        e->last_pos = start;
    for (uint32_t t = t0; t < t1; t++)
        c->tok_ent[t] = ei;
}

/* The hash slot of (kind, key): the entity's index + 1, or 0 for an empty slot. */
static uint32_t *slot_of(cctx *c, int kind, const char *key)
{
    size_t mask = c->nslots - 1;
    for (size_t i = (size_t)key_hash(kind, key) & mask;; i = (i + 1) & mask) {
        uint32_t v = c->slots[i];
        if (!v)
            return &c->slots[i];
        ent *e = E(c, (int32_t)(v - 1));
        int ek = (int)e->kind + (e->is_name && e->kind == WS_PERSON ? 16 : 0);
        if (ek == kind && !strcmp(e->key, key))
            return &c->slots[i];
    }
}

/* Person name lookup by surname key; a fuller name replaces the canonical one. */
static int32_t find_person(cctx *c, const char *key)
{
    return (int32_t)*slot_of(c, WS_PERSON + 16, key) - 1;
}

static int32_t find_key(cctx *c, const char *key, ws_entity_kind kind)
{
    return (int32_t)*slot_of(c, (int)kind, key) - 1;
}

static bool org_word_in(const ws_doc *d, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++) {
        if (wcl(d, i) & WC_ORG)
            return true;
        /* plurals: "Services", "Forces" */
        char w[32];
        size_t n = ws_tok_lower(d, i, w, sizeof w);
        if (n > 3 && w[n - 1] == 's' && (ws_word_class(w, n - 1) & WC_ORG))
            return true;
    }
    return false;
}

/* Lists an entity that carries roles in c->role_ents (once). */
static void register_role(cctx *c, int32_t ei)
{
    ent *e = E(c, ei);
    if (e->nroles && !e->has_role_entry) {
        int32_t *slot = ws_vec_push(&c->role_ents);
        if (slot) {
            *slot = ei;
            e->has_role_entry = true;
        }
    }
}

/* Registers the name in tokens [a, b) with role prefix tokens [r0, a); returns the entity. */
static bool is_acronym(const ws_doc *d, uint32_t i);

/* "Harbour Freight chief executive Mara Quist", "Acme Mining spokeswoman Jo Li": a name of two or
 * more words right before a lower-case office and a capitalised name is the organisation that
 * person works for (a first name in front, as in "Donald Trump adviser ...", keeps it a person). */
static bool org_premodifier(const ws_doc *d, uint32_t a, uint32_t b)
{
    if (b - a < 2 || first_name_gender(d, a))
        return false;
    uint32_t i = b, k = 0;
    while (i < d->ntoks && k < 3 && (d->toks[i].flags & WS_TOK_WORD) && !(d->toks[i].flags & WS_TOK_CAP) &&
           (wcl(d, i) & (WC_ROLE | WC_TITLE))) {
        i++;
        k++;
    }
    return k > 0 && i < d->ntoks && capw(d, i);
}

/* One sense per document: a name of two or more words that the article has already used for a
 * person, an organisation or a place keeps that kind when the tagger reads it differently later
 * ("Brookfield Copper" an organisation in the first paragraph, a person after "Quist said"). */
static ws_entity_kind kind_seen_before(cctx *c, uint32_t a, uint32_t b, ws_entity_kind kind)
{
    const ws_doc *d = c->d;
    char full[48], surname[48];
    size_t n = toks_lower(d, a, b, full, sizeof full);
    if (!n || n + 1 >= sizeof full)
        return kind;
    static const ws_entity_kind named[] = {WS_ORGANIZATION, WS_PLACE, WS_UNKNOWN};
    for (size_t k = 0; k < sizeof named / sizeof *named; k++)
        if (named[k] != kind && find_key(c, full, named[k]) >= 0)
            return named[k];
    if (kind != WS_PERSON) {
        ws_tok_lower(d, b - 1, surname, sizeof surname);
        int32_t pi = find_person(c, surname);
        uint32_t len = d->toks[b - 1].end - d->toks[a].start;
        if (pi >= 0 && E(c, pi)->name_len == len && !strncasecmp(E(c, pi)->name, d->text + d->toks[a].start, len))
            return WS_PERSON;
    }
    return kind;
}

static int32_t register_name(cctx *c, uint32_t r0, uint32_t a, uint32_t b, bool person_hint)
{
    ws_doc *d = c->d;
    if (b <= a)
        return -1;
    bool title = false;
    uint8_t gender = 0;
    for (uint32_t i = r0; i < a; i++) {
        uint32_t w = wcl(d, i);
        if (w & (WC_TITLE | WC_ROLE))
            title = true;
        if (w & WC_FEMALE)
            gender = 'f';
        if (w & WC_MALE)
            gender = 'm';
    }
    char fg = first_name_gender(d, a);
    uint16_t ner = d->toks[a].ner;
    int nt = WS_NER_TYPE(ner);
    ws_entity_kind kind;
    char pl = place_of(d, a, b);
    if (pl == 'd' && nt < 0)
        return -1; /* "Russian": an adjective, not a place */
    if (b - a == 1 && !title && nt != WS_NE_PERSON && (wcl(d, a) & (WC_TITLE | WC_ROLE | WC_ORG | WC_GROUP | WC_DOCN)))
        return -1; /* "Justice", "Police": words, not names */
    if (b - a == 1 && nt >= 0 && nt != WS_NE_PERSON && is_acronym(d, a))
        return -1; /* "CDC": resolved where it is used, to the name it abbreviates (as without NER) */
    if (fg && b - a == 1 && !title && !person_hint)
        fg = 0;
    if (!pl && nt != WS_NE_LOCATION && org_premodifier(d, a, b))
        kind = WS_ORGANIZATION;
    else if (nt == WS_NE_PERSON || ((title || fg || person_hint) && !org_word_in(d, a, b) && !pl))
        kind = WS_PERSON;
    else if (nt == WS_NE_ORGANIZATION || org_word_in(d, a, b))
        kind = WS_ORGANIZATION;
    else if (nt == WS_NE_LOCATION || pl)
        kind = WS_PLACE;
    else if (b - a >= 2)
        kind = WS_UNKNOWN; /* "Thomson Reuters": a name of something; kind decided by use */
    else
        return -1; /* an unknown capitalised word: not an entity on its own */
    if (b - a >= 2)
        kind = kind_seen_before(c, a, b, kind);
    if (kind == WS_PERSON && !gender && (fg == 'm' || fg == 'f') && b - a >= 2)
        gender = (uint8_t)fg;
    int32_t ei;
    if (kind == WS_PERSON) {
        char key[48];
        ws_tok_lower(d, b - 1, key, sizeof key);
        ei = find_person(c, key);
        if (ei >= 0) {
            ent *e = E(c, ei);
            uint32_t len = d->toks[b - 1].end - d->toks[a].start;
            if (len > e->name_len && b - a <= 4) {
                char *nm = ws_arena_strndup(&d->arena, d->text + d->toks[a].start, len);
                if (nm) {
                    e->name = nm;
                    e->name_len = len;
                }
            }
        } else {
            ei = new_ent(c, d, a, b, WS_PERSON, true);
        }
    } else {
        char key[48];
        toks_lower(d, a, b, key, sizeof key);
        ei = find_key(c, key, kind);
        if (ei < 0)
            ei = new_ent(c, d, a, b, kind, true);
    }
    if (ei < 0)
        return -1;
    ent *e = E(c, ei);
    if (gender && !e->gender)
        e->gender = gender;
    if (r0 < a) {
        char buf[40];
        /* the role head ("president") and the role phrase ("health secretary") */
        size_t n = ws_tok_lower(d, a - 1, buf, sizeof buf);
        if (n && (wcl(d, a - 1) & (WC_TITLE | WC_ROLE)) && strcmp(buf, "mr") && strcmp(buf, "mrs") &&
            strcmp(buf, "ms") && strcmp(buf, "dr"))
            add_role(e, buf, n);
        uint32_t rs = r0;
        while (rs < a - 1 && place_of(d, rs, rs + 1))
            rs++;
        n = toks_lower(d, rs, a, buf, sizeof buf);
        if (a - rs > 1)
            add_role(e, buf, n);
    }
    register_role(c, ei);
    add_mention(c, ei, r0, b);
    return ei;
}

/* An all-capitals word of 2..6 letters: "CSIS", "RFS", "FT". */
static bool is_acronym(const ws_doc *d, uint32_t i)
{
    const ws_token *t = &d->toks[i];
    uint32_t n = t->end - t->start;
    if (!(t->flags & WS_TOK_WORD) || n < 2 || n > 6)
        return false;
    for (uint32_t k = 0; k < n; k++) {
        char ch = d->text[t->start + k];
        if (!(ch >= 'A' && ch <= 'Z'))
            return false;
    }
    return true;
}

/* Does the acronym match the initials of a contiguous run of the name's capitalised words (function
 * words skipped)? "RFS" ~ "NSW Rural Fire Service", "CDC" ~ "Centers for Disease Control ...". */
static bool initials_match(const char *acr, const char *name)
{
    char ini[32];
    size_t n = 0;
    const char *p = name;
    while (*p && n + 1 < sizeof ini) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (*p >= 'A' && *p <= 'Z')
            ini[n++] = (char)(*p + 32);
        while (*p && *p != ' ')
            p++;
    }
    ini[n] = 0;
    size_t m = strlen(acr);
    if (m < 2 || n < m)
        return false;
    for (size_t off = 0; off + m <= n; off++)
        if (!memcmp(ini + off, acr, m))
            return true;
    return false;
}

/* Do the words ending just before token p spell acr[0..k) by their initials? Capitalised words
 * give their initial; lower-case function words inside the name may give theirs or be skipped
 * ("Bureau of Meteorology" is BOM, "Centers for Disease Control" CDC). Sets *start. */
static bool spells_back(const ws_doc *d, uint32_t lo, uint32_t p, const char *acr, size_t k, bool inside,
                        uint32_t *start)
{
    if (k == 0) {
        *start = p;
        return true;
    }
    if (p <= lo)
        return false;
    uint32_t q = p - 1;
    char ch = d->text[d->toks[q].start];
    if (capw(d, q) && !is_acronym(d, q))
        return (char)(ch | 0x20) == acr[k - 1] && spells_back(d, lo, q, acr, k - 1, true, start);
    if (!inside || !(ch >= 'a' && ch <= 'z') || !(wcl(d, q) & (WC_PREP | WC_DET | WC_CONJ)))
        return false;
    return (ch == acr[k - 1] && spells_back(d, lo, q, acr, k - 1, true, start)) ||
           spells_back(d, lo, q, acr, k, true, start);
}

/* An acronym that no entity has introduced: the run of capitalised words earlier in the text whose
 * initials it spells, even when that run was only a modifier ("State Emergency Service Commissioner
 * Dana Reyes ... The SES said"); places and acronyms just before the run belong to the
 * name ("NSW State Emergency Service"). Returns that organisation (new, with the acronym as its
 * alias), or -1. */
static int32_t acronym_from_text(cctx *c, uint32_t at, const char *acr)
{
    ws_doc *d = c->d;
    size_t m = strlen(acr);
    uint32_t lo = at > PRONOUN_WINDOW ? at - PRONOUN_WINDOW : 0;
    for (uint32_t i = at; i-- > lo;) {
        uint32_t p;
        if (!capw(d, i) || is_acronym(d, i) || !spells_back(d, lo, i + 1, acr, m, false, &p) || !capw(d, p))
            continue;
        if (WS_NER_TYPE(d->toks[p].ner) == WS_NE_PERSON || first_name_gender(d, p))
            continue; /* initials of a person's name */
        while (p > lo && capw(d, p - 1) && (is_acronym(d, p - 1) || place_of(d, p - 1, p)))
            p--;
        char key[48];
        toks_lower(d, p, i + 1, key, sizeof key);
        int32_t ei = find_key(c, key, WS_ORGANIZATION);
        if (ei < 0)
            ei = new_ent(c, d, p, i + 1, WS_ORGANIZATION, true);
        if (ei >= 0 && !E(c, ei)->alias[0])
            memcpy(E(c, ei)->alias, acr, m + 1);
        return ei;
    }
    return -1;
}

static bool is_media_name(const char *name);

/* Token i is a word of news organisations' names ("Mail" in "The Globe and Mail"). */
static bool media_tok(const ws_doc *d, uint32_t i)
{
    char w[32];
    uint32_t n = d->toks[i].end - d->toks[i].start;
    if (n >= sizeof w)
        return false;
    memcpy(w, d->text + d->toks[i].start, n);
    w[n] = '\0';
    return is_media_name(w);
}

/* Pass 1: names in the text. */
static void scan_names(cctx *c)
{
    ws_doc *d = c->d;
    bool person_in_sentence = false;
    for (uint32_t i = 0; i < d->ntoks;) {
        if (d->toks[i].flags & WS_TOK_SENT_START)
            person_in_sentence = false;
        if (!capw(d, i)) {
            i++;
            continue;
        }
        uint32_t a = i, b = i;
        while (b < d->ntoks && (capw(d, b) || ((ws_tok_is(d, b, "of") || ws_tok_is(d, b, "for") ||
                                                 ws_tok_is(d, b, "and")) &&
                                                b + 1 < d->ntoks && capw(d, b + 1) && b > a &&
                                                (org_word_in(d, a, b + 2) || media_tok(d, b + 1)))) &&
               d->tok_para[b] == d->tok_para[a] && !(b > a && (d->toks[b].flags & WS_TOK_SENT_START)))
            b++;
        /* NER: an entity the tagger marks across a lower-case word ("Globe and Mail") is one name */
        for (uint32_t k = a; k < b; k++) {
            if (WS_NER_PART(d->toks[k].ner) != 0)
                continue;
            uint32_t e = k + 1;
            while (e < d->ntoks && WS_NER_PART(d->toks[e].ner) == 1)
                e++;
            if (e < d->ntoks && WS_NER_PART(d->toks[e].ner) == 2 && e + 1 > b && d->tok_para[e] == d->tok_para[a])
                b = e + 1;
            break;
        }
        i = b > a ? b : a + 1;
        /* drop leading function words ("But", "The") */
        while (a < b && (wcl(d, a) & (WC_STOP | WC_DET | WC_CONJ | WC_PREP | WC_PRONOUN | WC_SKIP)) &&
               !(wcl(d, a) & (WC_TITLE | WC_ORG)))
            a++;
        if (a >= b)
            continue;
        /* a lower-case role word right before: "councillor Jeremy Hurley", "chief executive X" */
        uint32_t r0 = a;
        while (r0 > 0 && (wcl(d, r0 - 1) & (WC_ROLE | WC_TITLE)) && !capw(d, r0 - 1) &&
               d->tok_para[r0 - 1] == d->tok_para[a])
            r0--;
        /* split titles off the front: the last title token with a name after it */
        uint32_t t = a;
        for (uint32_t k = a; k + 1 < b; k++)
            if (wcl(d, k) & WC_TITLE)
                t = k + 1;
        if (t > a && r0 == a)
            r0 = a;
        uint32_t name0 = t;
        bool person_hint = r0 < a || t > a;
        if (name0 >= b || ((wcl(d, b - 1) & (WC_TITLE | WC_ROLE)) && !(wcl(d, b - 1) & WC_ORG)))
            continue; /* titles only: "The President", "the Health Secretary" */
        int32_t ei = register_name(c, r0 < a ? r0 : a, name0, b, person_hint);
        /* "Canadian Security Intelligence Service (CSIS)" */
        if (ei >= 0 && b + 2 < d->ntoks && d->text[d->toks[b].start] == '(' &&
            d->text[d->toks[b + 2].start] == ')' && is_acronym(d, b + 1))
            ws_tok_lower(d, b + 1, E(c, ei)->alias, sizeof E(c, ei)->alias);
        /* an appositive role: "Ms Maclean, a junior home office minister," */
        if (ei >= 0 && E(c, ei)->kind == WS_PERSON && b + 2 < d->ntoks && d->text[d->toks[b].start] == ',' &&
            (wcl(d, b + 1) & WC_DET)) {
            uint32_t h = b + 2;
            while (h < d->ntoks && h < b + 8 && (d->toks[h].flags & WS_TOK_WORD) &&
                   !(wcl(d, h) & (WC_STOP | WC_PREP)))
                h++;
            if (h > b + 2 && h < d->ntoks && (wcl(d, h - 1) & (WC_ROLE | WC_TITLE)) &&
                (d->text[d->toks[h].start] == ',' || d->text[d->toks[h].start] == '.' ||
                 (wcl(d, h) & WC_PREP))) {
                char buf[40];
                size_t n = ws_tok_lower(d, h - 1, buf, sizeof buf);
                add_role(E(c, ei), buf, n);
                register_role(c, ei);
            }
        }
        if (ei >= 0 && E(c, ei)->kind == WS_PERSON && !person_in_sentence) {
            person_in_sentence = true;
            c->tok_subj[name0] = 1;
        }
    }
}

/* ---- source resolution ---- */

static int32_t resolve_role(cctx *c, const char *phrase, const char *head, uint32_t before, bool any_pos)
{
    int32_t best = -1;
    for (size_t ri = 0; ri < c->role_ents.len; ri++) {
        int32_t i = WS_VEC_AT(&c->role_ents, int32_t, ri);
        ent *e = E(c, i);
        if (!any_pos && e->mentions.len && WS_VEC_AT(&e->mentions, ws_span, 0).start > before)
            continue;
        for (uint8_t r = 0; r < e->nroles; r++) {
            if (!strcmp(e->roles[r], phrase) || !strcmp(e->roles[r], head)) {
                /* named people first, then the most recently mentioned */
                if (best < 0 || (e->is_name && !E(c, best)->is_name) ||
                    (e->is_name == E(c, best)->is_name && E(c, best)->last_pos < e->last_pos))
                    best = (int32_t)i;
            }
        }
    }
    return best;
}

/* The person mentioned last before token `before` (within PRONOUN_WINDOW tokens), of a compatible
 * gender and not not_this; with subject_after set, only a person named first in a sentence after
 * that token. */
static int32_t recent_person(cctx *c, uint32_t before, uint8_t gender, int32_t not_this, uint32_t subject_after)
{
    uint32_t lo = before > PRONOUN_WINDOW ? before - PRONOUN_WINDOW : 0;
    for (uint32_t t = before; t-- > lo;) {
        if (subject_after != WS_NONE && t <= subject_after)
            break;
        int32_t i = c->tok_ent[t];
        if (i < 0 || i == not_this || (subject_after != WS_NONE && !c->tok_subj[t]))
            continue;
        ent *e = E(c, i);
        if (e->kind != WS_PERSON || (gender && e->gender && e->gender != gender))
            continue;
        return i;
    }
    return -1;
}

typedef struct {
    ws_cand *k;
    uint32_t anchor; /* byte */
    uint32_t tok;    /* token at the anchor */
} ordered;

/* The first token starting at or after byte offset b. */
static uint32_t tok_at(const ws_doc *d, uint32_t b)
{
    uint32_t lo = 0, hi = d->ntoks;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->toks[mid].start < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static ws_entity_kind kind_of_head(const ws_doc *d, uint32_t a, uint32_t b)
{
    uint32_t h = b - 1;
    uint32_t w = wcl(d, h);
    if (w & WC_DOCN)
        return WS_DOCUMENT;
    if (w & WC_GROUP)
        return WS_GROUP;
    if (w & WC_ORG)
        return WS_ORGANIZATION;
    if (w & (WC_ROLE | WC_TITLE))
        return WS_PERSON;
    if (place_of(d, a, b))
        return WS_ORGANIZATION; /* "North Korea said": the government speaks */
    return WS_UNKNOWN;
}

static int32_t resolve_source(cctx *c, uint32_t a, uint32_t b, int32_t prev, int32_t sent_subject);

static bool is_media_head(const char *head)
{
    return !strcmp(head, "newspaper") || !strcmp(head, "paper") || !strcmp(head, "broadcaster") ||
           !strcmp(head, "network") || !strcmp(head, "channel") || !strcmp(head, "publication") ||
           !strcmp(head, "outlet");
}

/* Words that mark a news organisation's name: "The Globe and Mail", "Financial Times". */
static bool is_media_name(const char *name)
{
    static const char *const words[] = {"Times", "Post", "Mail", "Journal", "Herald", "Globe", "News",
                                        "Telegraph", "Guardian", "Tribune", "Gazette", "Star", "Sun",
                                        "Daily", "Chronicle", "Observer", "Independent", "Standard",
                                        "Express", "Mirror", "Press", "BBC", "CNN", "CBC",
                                        "Bloomberg", "Associated", "Broadcasting", "Radio", "Television"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *p = strstr(name, words[i]);
        size_t n = strlen(words[i]);
        if (p && (p == name || p[-1] == ' ') && (p[n] == 0 || p[n] == ' '))
            return true;
    }
    return false;
}

static bool is_org_anaphor(const char *head)
{
    static const char *const heads[] = {"company", "firm", "newspaper", "paper", "network", "broadcaster",
                                        "channel", "agency", "group", "corporation", "publication",
                                        "outlet", "retailer", "bank", "airline", "insurer", "charity",
                                        "organisation", "organization", "party", "union", "service"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (!strcmp(head, heads[i]))
            return true;
    return false;
}

/* Heads of descriptions that stand for someone the article does not name. */
static bool is_anonymous_head(const char *head)
{
    static const char *const heads[] = {"source", "sources", "insider", "insiders"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (!strcmp(head, heads[i]))
            return true;
    return false;
}

/* The person named right after a mention of organisation `org` and role words ("Lanmouth Ferries
 * chief executive Petra Olsen"), or -1. Looks only behind the organisation's mentions. */
static int32_t person_of_org(cctx *c, int32_t org)
{
    const ws_doc *d = c->d;
    ent *o = E(c, org);
    for (size_t m = 0; m < o->mentions.len && m < 64; m++) {
        uint32_t t = tok_at(d, WS_VEC_AT(&o->mentions, ws_span, m).end);
        uint32_t r = t;
        while (r < d->ntoks && r < t + 4 && !capw(d, r) && (wcl(d, r) & (WC_ROLE | WC_TITLE)))
            r++;
        if (r == t || r >= d->ntoks)
            continue;
        int32_t i = c->tok_ent[r];
        if (i >= 0 && i != org && E(c, i)->kind == WS_PERSON && E(c, i)->is_name)
            return i;
    }
    return -1;
}

/* Resolves one source span [a, b) seen at byte `pos`; prev is the entity of the previous
 * attribution in text order (or -1). */
static int32_t resolve_source(cctx *c, uint32_t a, uint32_t b, int32_t prev, int32_t sent_subject)
{
    ws_doc *d = c->d;
    uint32_t pos = d->toks[a].start;
    char low[64];
    size_t ln = toks_lower(d, a, b, low, sizeof low);
    (void)ln;
    uint32_t w = wcl(d, a);
    if (b - a == 1 && (w & WC_PRONOUN)) {
        if (w & (WC_MALE | WC_FEMALE)) {
            uint8_t g = (w & WC_FEMALE) ? 'f' : 'm';
            /* a person named since the previous attribution, first in their sentence, takes over
             * ("... supported by premier Barry O'Farrell, who ..." / "“...,” he said.") */
            int32_t r = prev >= 0 ? recent_person(c, a, g, prev, c->prev_anchor) : -1;
            if (r >= 0)
                return r;
            r = recent_person(c, a, g, -1, WS_NONE);
            if (prev >= 0 && E(c, prev)->kind == WS_PERSON && (!E(c, prev)->gender || E(c, prev)->gender == g))
                return prev;
            if (r >= 0 && !E(c, r)->gender)
                E(c, r)->gender = g;
            return r;
        }
        if (ws_tok_is(d, a, "it")) {
            if (prev >= 0 && E(c, prev)->kind != WS_PERSON)
                return prev;
            return -1;
        }
        if (ws_tok_is(d, a, "they") || ws_tok_is(d, a, "we")) {
            if (prev >= 0 && E(c, prev)->kind != WS_PERSON)
                return prev;
            return -1;
        }
        return -1; /* I, you: inside quotes only */
    }
    /* a source that is all one proper name ("The Globe and Mail", "Thomson Reuters"): that name */
    {
        uint32_t x = a;
        if (ws_tok_is(d, x, "the"))
            x++;
        bool all = x < b && capw(d, x) && capw(d, b - 1) && b - x >= 2;
        for (uint32_t t = x; all && t < b; t++)
            all = capw(d, t) || ws_tok_is(d, t, "and") || ws_tok_is(d, t, "of") || ws_tok_is(d, t, "for") ||
                  d->text[d->toks[t].start] == '&';
        for (uint32_t t = x; all && t < b; t++)
            all = !(wcl(d, t) & (WC_TITLE | WC_ROLE)) &&
                  !(c->tok_ent[t] >= 0 && E(c, c->tok_ent[t])->kind == WS_PERSON);
        int32_t single = all ? c->tok_ent[x] : -1;
        for (uint32_t t = x; all && t < b; t++)
            if (c->tok_ent[t] != single)
                single = -1;
        if (all && single < 0 && !(wcl(d, b - 1) & (WC_TITLE | WC_ROLE))) {
            char key[64];
            toks_lower(d, a, b, key, sizeof key);
            ws_entity_kind kind = org_word_in(d, x, b) ? WS_ORGANIZATION : WS_UNKNOWN;
            if (first_name_gender(d, x) && b - x <= 3 && !org_word_in(d, x, b))
                kind = WS_PERSON;
            if (kind != WS_PERSON) {
                int32_t k = find_key(c, key, kind);
                if (k < 0)
                    k = new_ent(c, d, a, b, kind, true);
                return k;
            }
        }
    }
    /* a name inside the source: the entity registered for it, the head-most (last) one, people
     * first ("Neath Port Talbot councillor Jeremy Hurley") */
    int32_t found = -1;
    bool found_person = false;
    for (uint32_t t = a; t < b; t++) {
        int32_t i = c->tok_ent[t];
        if (i < 0 || !E(c, i)->is_name)
            continue;
        ent *e = E(c, i);
        bool person = e->kind == WS_PERSON;
        if (e->kind == WS_PLACE && t + 1 < b && c->tok_ent[t + 1] != i)
            continue; /* "Canada’s public broadcaster CBC": the place only modifies */
        if (found < 0 || (person && !found_person) || person == found_person) {
            found = i;
            found_person = person;
        }
    }
    /* "the Lanmouth Ferries boss": a role of a named organisation is the person the article
     * introduces with the organisation and a role ("Lanmouth Ferries chief executive Petra
     * Olsen"); without one, the organisation (or, for "a Harbour Board source", the description) */
    if (found >= 0 && !found_person && b - a >= 2 && (wcl(d, b - 1) & (WC_ROLE | WC_TITLE)) && !capw(d, b - 1) &&
        c->tok_ent[b - 1] != found) {
        int32_t p = person_of_org(c, found);
        if (p >= 0)
            return p;
        char hb[40];
        ws_tok_lower(d, b - 1, hb, sizeof hb);
        if (is_anonymous_head(hb))
            found = -1;
    }
    if (found >= 0)
        return found;
    /* surname alone or with a title not seen by scan_names ("Hasker", "MacKay") */
    if (capw(d, b - 1)) {
        char key[48];
        ws_tok_lower(d, b - 1, key, sizeof key);
        int32_t p = find_person(c, key);
        if (p >= 0)
            return p;
    }
    /* a description: strip the determiner */
    uint32_t h0 = a;
    bool definite = false, indefinite = false;
    if (wcl(d, h0) & WC_DET) {
        definite = ws_tok_is(d, h0, "the");
        indefinite = ws_tok_is(d, h0, "a") || ws_tok_is(d, h0, "an");
        h0++;
    }
    if (h0 >= b)
        return -1;
    /* the head comes before a prepositional phrase: "a statement from the two councils",
     * "a spokesman for the ministry" (but not inside a name: "Centers for Disease Control") */
    for (uint32_t p = h0 + 1; p + 1 < b; p++) {
        if ((ws_tok_is(d, p, "of") || ws_tok_is(d, p, "from") || ws_tok_is(d, p, "for") || ws_tok_is(d, p, "by")) &&
            !(capw(d, p - 1) && capw(d, p + 1))) {
            if (wcl(d, p - 1) & (WC_DOCN | WC_ROLE | WC_GROUP | WC_TITLE)) {
                /* "a survey by the chamber": the owner speaks if it is named */
                int32_t r = resolve_source(c, p + 1, b, -1, sent_subject);
                if (r >= 0 && E(c, r)->is_name)
                    return r;
                b = p;
            }
            break;
        }
    }
    /* an acronym: the entity that introduced it, or whose initials it is */
    if (b - h0 == 1 && is_acronym(d, h0)) {
        char acr[16];
        ws_tok_lower(d, h0, acr, sizeof acr);
        for (size_t i = 0; i < c->ents.len; i++)
            if (!strcmp(E(c, (int32_t)i)->alias, acr))
                return (int32_t)i;
        for (size_t i = 0; i < c->ents.len; i++) {
            ent *e = E(c, (int32_t)i);
            if (e->is_name && e->kind != WS_PERSON && initials_match(acr, e->name))
                return (int32_t)i;
        }
        if (strlen(acr) >= 3) {
            int32_t r = acronym_from_text(c, h0, acr);
            if (r >= 0)
                return r;
        }
    }
    char head[40], phrase[64];
    ws_tok_lower(d, b - 1, head, sizeof head);
    toks_lower(d, h0, b, phrase, sizeof phrase);
    uint32_t hw = wcl(d, b - 1);
    /* "an update on the agency's website": the possessor speaks through its document */
    for (uint32_t p = b - 1; p > h0; p--) {
        char pb[8];
        if (ws_tok_lower(d, p, pb, sizeof pb) == 2 && pb[0] == '\'' && pb[1] == 's' && (hw & WC_DOCN)) {
            uint32_t q = p;
            while (q > h0 && !(wcl(d, q - 1) & (WC_DET | WC_PREP)))
                q--;
            if (q > h0 && (wcl(d, q - 1) & WC_DET))
                q--;
            if (q < p) {
                int32_t r = resolve_source(c, q, p, -1, sent_subject);
                if (r >= 0 && E(c, r)->is_name)
                    return r;
            }
            break;
        }
    }
    if (hw & WC_DOCN) {
        /* "the statement added" right after a quote: the statement of that speaker */
        if (definite && prev >= 0)
            return prev;
        int32_t r = find_key(c, phrase, WS_DOCUMENT);
        if (r >= 0)
            return r;
    }
    if (definite && b - h0 == 1 && is_org_anaphor(head)) {
        /* "the company", "the newspaper": the most mentioned organisation named so far (a news
         * organisation for "the newspaper", another for "the company") */
        int32_t best = -1;
        size_t best_n = 0;
        bool want_media = is_media_head(head);
        for (size_t i = 0; i < c->ents.len; i++) {
            ent *e = E(c, (int32_t)i);
            if (!e->is_name || (e->kind != WS_ORGANIZATION && e->kind != WS_UNKNOWN) || !e->mentions.len ||
                WS_VEC_AT(&e->mentions, ws_span, 0).start > pos)
                continue;
            if (want_media != is_media_name(e->name))
                continue;
            if (best < 0 || e->mentions.len >= best_n) {
                best = (int32_t)i;
                best_n = e->mentions.len;
            }
        }
        if (best >= 0)
            return best;
    }
    if (hw & (WC_ROLE | WC_TITLE)) {
        int32_t r = resolve_role(c, phrase, head, pos, false);
        if (r < 0 && (definite || !indefinite))
            r = resolve_role(c, phrase, head, pos, true);
        if (r < 0 && indefinite)
            r = resolve_role(c, phrase, head, pos, true);
        if (r >= 0) {
            add_role(E(c, r), head, strlen(head));
            return r;
        }
        /* a role no named person carries yet, in the lead ("A health minister was criticised ..." /
         * "Philip Dunne made the remark"): the first person named as a subject soon after; never
         * for an anonymous source ("a government source said", "an insider said"), whom the
         * article does not name */
        if ((!definite || recent_person(c, a, 0, -1, WS_NONE) < 0) && !is_anonymous_head(head)) {
            uint32_t para = d->tok_para[a];
            for (uint32_t t = b; t < d->ntoks && d->tok_para[t] <= para + 2; t++) {
                int32_t i = c->tok_ent[t];
                if (i >= 0 && c->tok_subj[t] && E(c, i)->kind == WS_PERSON && E(c, i)->is_name) {
                    add_role(E(c, i), head, strlen(head));
                    register_role(c, i);
                    return i;
                }
            }
        }
        /* "the Russian leader", "his counterpart": the latest other person */
        if (definite && (!strcmp(head, "leader") || !strcmp(head, "counterpart")) && b - h0 >= 2) {
            int32_t p = recent_person(c, a, 0, sent_subject, WS_NONE);
            if (p >= 0)
                return p;
        }
    }
    /* a description ending in a name ("Canada’s public broadcaster CBC"): the name */
    if (capw(d, b - 1) && b - h0 >= 2 && !(hw & (WC_TITLE | WC_ROLE | WC_GROUP | WC_ORG | WC_DOCN | WC_TIME))) {
        uint32_t r = b - 1;
        while (r > h0 && capw(d, r - 1))
            r--;
        if (r > h0) {
            h0 = r;
            toks_lower(d, h0, b, phrase, sizeof phrase);
        }
    }
    /* a new entity for the description, registered so that later mentions find it */
    ws_entity_kind kind = kind_of_head(d, h0, b);
    if (capw(d, h0) && kind == WS_UNKNOWN)
        kind = b - h0 >= 2 && first_name_gender(d, h0) ? WS_PERSON : WS_ORGANIZATION;
    int32_t k = find_key(c, phrase, kind);
    if (k >= 0)
        return k;
    k = new_ent(c, d, h0, b, kind, false);
    if (k >= 0) {
        add_role(E(c, k), head, strlen(head));
        register_role(c, k);
        if (wcl(d, b - 1) & WC_FEMALE)
            E(c, k)->gender = 'f';
        else if (wcl(d, b - 1) & WC_MALE)
            E(c, k)->gender = 'm';
    }
    return k;
}

static int cmp_ordered(const void *x, const void *y)
{
    const ordered *a = x, *b = y;
    if (a->anchor != b->anchor)
        return a->anchor < b->anchor ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

static int cmp_cand_pos(const void *x, const void *y)
{
    const ws_cand *a = x, *b = y;
    if (a->c0 != b->c0)
        return a->c0 < b->c0 ? -1 : 1;
    if (a->c1 != b->c1)
        return a->c1 > b->c1 ? -1 : 1;
    return 0;
}

ws_status ws_coref(ws_doc *d, ws_cand *cands, uint32_t n)
{
    cctx c = {0};
    c.d = d;
    ws_vec_init(&c.ents, sizeof(ent));
    ws_vec_init(&c.role_ents, sizeof(int32_t));
    ws_status st = WS_ENOMEM;
    ordered *ord = ws_malloc(sizeof *ord * (n + 1));
    c.tok_ent = ws_malloc(sizeof *c.tok_ent * (d->ntoks + 1));
    c.tok_subj = ws_calloc(d->ntoks + 1, 1);
    c.nslots = 256;
    c.slots = ws_calloc(c.nslots, sizeof *c.slots);
    if (!ord || !c.tok_ent || !c.tok_subj || !c.slots)
        goto done;
    for (uint32_t t = 0; t < d->ntoks; t++)
        c.tok_ent[t] = -1;
    scan_names(&c);

    /* resolve in text order of the cue (or content) */
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (cands[i].conf < 0)
            continue;
        uint32_t anchor = cands[i].cue0 != WS_NONE ? d->toks[cands[i].cue0].start : cands[i].c0;
        uint32_t at = cands[i].cue0 != WS_NONE ? cands[i].cue0 : tok_at(d, cands[i].c0);
        ord[m++] = (ordered){&cands[i], anchor, at};
    }
    if (m > 1)
        qsort(ord, m, sizeof *ord, cmp_ordered);
    int32_t prev = -1;
    uint32_t prev_sent = WS_NONE;
    int32_t sent_subject = -1;
    for (uint32_t i = 0; i < m; i++) {
        ws_cand *k = ord[i].k;
        if (k->sent != prev_sent) {
            sent_subject = -1;
            prev_sent = k->sent;
        }
        int32_t e = -1;
        if (k->inherit >= 0 && (uint32_t)k->inherit < n)
            e = cands[k->inherit].entity;
        else if (k->src0 != WS_NONE)
            e = resolve_source(&c, k->src0, k->src1, prev, sent_subject);
        if (e >= 0 && k->src0 != WS_NONE)
            add_mention(&c, e, k->src0, k->src1);
        k->entity = e;
        c.prev_anchor = ord[i].tok;
        if (e >= 0) {
            prev = e;
            if (sent_subject < 0)
                sent_subject = e;
        }
    }
    /* an allocation refused above (entities, their hash, names, mentions, roles) fails the doc:
     * a missing mention or entity would silently change the output */
    bool oom = c.ents.failed || c.role_ents.failed || d->arena.failed;
    for (size_t i = 0; i < c.ents.len && !oom; i++)
        oom = E(&c, (int32_t)i)->mentions.failed;
    if (oom)
        goto done;

    /* output: entities that have mentions; attributions sorted by content */
    d->ents = ws_arena_alloc(&d->arena, sizeof(ws_entity) * (c.ents.len + 1));
    int32_t *remap = ws_arena_alloc(&d->arena, sizeof(int32_t) * (c.ents.len + 1));
    if (!d->ents || !remap)
        goto done;
    uint32_t ne = 0;
    for (size_t i = 0; i < c.ents.len; i++) {
        ent *e = E(&c, (int32_t)i);
        remap[i] = -1;
        if (!e->mentions.len || e->mentions.failed)
            continue;
        ws_span *ms = ws_arena_alloc(&d->arena, sizeof(ws_span) * e->mentions.len);
        if (!ms)
            goto done;
        memcpy(ms, e->mentions.data, sizeof(ws_span) * e->mentions.len);
        /* sort mentions (insertion: few) and drop duplicates */
        uint32_t nm = 0;
        for (size_t a = 0; a < e->mentions.len; a++) {
            ws_span s = ms[a];
            uint32_t b = nm;
            while (b > 0 && (ms[b - 1].start > s.start || (ms[b - 1].start == s.start && ms[b - 1].end > s.end))) {
                ms[b] = ms[b - 1];
                b--;
            }
            ms[b] = s;
            nm++;
        }
        uint32_t u = 0;
        for (uint32_t a = 0; a < nm; a++)
            if (!u || ms[u - 1].start != ms[a].start || ms[u - 1].end != ms[a].end)
                ms[u++] = ms[a];
        remap[i] = (int32_t)ne;
        d->ents[ne++] = (ws_entity){e->name, e->kind, u, ms};
    }
    d->nents = ne;
    uint32_t na = 0;
    for (uint32_t i = 0; i < n; i++)
        if (cands[i].conf >= 0)
            cands[na++] = cands[i];
    if (na > 1)
        qsort(cands, na, sizeof *cands, cmp_cand_pos);
    d->attrs = ws_arena_alloc(&d->arena, sizeof(ws_attribution) * (na + 1));
    if (!d->attrs)
        goto done;
    for (uint32_t i = 0; i < na; i++) {
        ws_cand *k = &cands[i];
        ws_attribution *a = &d->attrs[i];
        a->kind = k->kind;
        a->cls = k->cls;
        a->content = (ws_span){k->c0, k->c1};
        a->cue = k->cue0 != WS_NONE ? (ws_span){d->toks[k->cue0].start, d->toks[k->cue1 - 1].end}
                                    : (ws_span){WS_NONE, WS_NONE};
        a->source = k->src0 != WS_NONE ? (ws_span){d->toks[k->src0].start, d->toks[k->src1 - 1].end}
                                       : (ws_span){WS_NONE, WS_NONE};
        a->entity = k->entity >= 0 ? remap[k->entity] : -1;
        a->confidence = k->conf;
        /* segments: around an inserted "he said,", or the quotes of the chain */
        if (k->gap1 > k->gap0) {
            ws_span *sg = ws_arena_alloc(&d->arena, sizeof(ws_span) * 2);
            if (!sg)
                goto done;
            sg[0] = (ws_span){k->c0, k->gap0};
            sg[1] = (ws_span){k->gap1, k->c1};
            a->segments = sg;
            a->nsegments = 2;
        } else if (k->qchain >= 0) {
            uint32_t ns = 0;
            for (int32_t q = k->qchain; q >= 0; q = d->quotes[q].next)
                ns++;
            if (ns > 1) {
                ws_span *sg = ws_arena_alloc(&d->arena, sizeof(ws_span) * ns);
                if (!sg)
                    goto done;
                ns = 0;
                for (int32_t q = k->qchain; q >= 0; q = d->quotes[q].next)
                    sg[ns++] = (ws_span){d->quotes[q].start, d->quotes[q].end};
                a->segments = sg;
                a->nsegments = ns;
            }
        }
    }
    /* what each attribution is about: the entities mentioned inside its content */
    for (uint32_t i = 0; i < na; i++) {
        ws_attribution *a = &d->attrs[i];
        uint32_t t0 = tok_at(d, a->content.start), cnt = 0;
        int32_t seen[16];
        for (uint32_t t = t0; t < d->ntoks && d->toks[t].end <= a->content.end && cnt < 16; t++) {
            int32_t e = c.tok_ent[t] >= 0 ? remap[c.tok_ent[t]] : -1;
            if (e < 0 || e == a->entity || (cnt && seen[cnt - 1] == e))
                continue;
            bool dup = false;
            for (uint32_t x = 0; x < cnt && !dup; x++)
                dup = seen[x] == e;
            if (!dup)
                seen[cnt++] = e;
        }
        if (cnt) {
            int32_t *ab = ws_arena_alloc(&d->arena, sizeof(int32_t) * cnt);
            if (!ab)
                goto done;
            memcpy(ab, seen, sizeof(int32_t) * cnt);
            a->about = ab;
            a->nabout = cnt;
        }
    }
    d->nattrs = na;
    st = WS_OK;
done:
    for (size_t i = 0; i < c.ents.len; i++)
        ws_vec_free(&E(&c, (int32_t)i)->mentions);
    ws_vec_free(&c.ents);
    ws_vec_free(&c.role_ents);
    ws_free(ord);
    ws_free(c.tok_ent);
    ws_free(c.tok_subj);
    ws_free(c.slots);
    return st;
}
