/* cue.c — reporting cues and word classes. To add a cue: one row in cue_rows with every form
 * (base, 3rd person, past, participle, -ing; space-separated), its class and frames. To add a
 * word class member: append it to the list of its class. Both tables are indexed once, at first
 * use, into sorted arrays (pthread_once) and looked up with bsearch. */
#include <pthread.h>
#include <stdlib.h>

#include "cue.h"
#include "internal.h"

typedef struct {
    const char *forms;
    cue_info info;
} cue_row;

#define S WS_SPEECH
#define B WS_BELIEF
#define O WS_OTHER
static const cue_row cue_rows[] = {
    {"say says said saying", {"say", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"tell tells told telling", {"tell", S, CF_OBJ | CF_THAT | CF_BARE | CF_INF | CF_QUOTE, NULL}},
    {"add adds added adding", {"add", S, CF_THAT | CF_QUOTE, NULL}},
    {"state states stated stating", {"state", S, CF_THAT | CF_QUOTE, NULL}},
    {"claim claims claimed claiming", {"claim", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"note notes noted noting", {"note", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"warn warns warned warning", {"warn", S, CF_THAT | CF_OBJ | CF_INF | CF_QUOTE, NULL}},
    {"explain explains explained explaining", {"explain", S, CF_THAT | CF_QUOTE, NULL}},
    {"insist insists insisted insisting", {"insist", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"argue argues argued arguing", {"argue", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"acknowledge acknowledges acknowledged acknowledging", {"acknowledge", S, CF_THAT | CF_QUOTE, NULL}},
    {"admit admits admitted admitting", {"admit", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"announce announces announced announcing", {"announce", S, CF_THAT | CF_QUOTE, NULL}},
    {"suggest suggests suggested suggesting", {"suggest", S, CF_THAT | CF_BARE, NULL}},
    {"deny denies denied denying", {"deny", S, CF_THAT, NULL}},
    {"concede concedes conceded conceding", {"concede", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"confirm confirms confirmed confirming", {"confirm", S, CF_THAT | CF_BARE, NULL}},
    {"report reports reported reporting", {"report", S, CF_THAT | CF_BARE, NULL}},
    {"reply replies replied replying", {"reply", S, CF_THAT | CF_QUOTE, NULL}},
    {"respond responds responded responding", {"respond", S, CF_THAT | CF_QUOTE, NULL}},
    {"write writes wrote written writing", {"write", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"urge urges urged urging", {"urge", S, CF_OBJ | CF_INF | CF_THAT, NULL}},
    /* "pleaded for boat owners to double their moorings", "appealed for witnesses to come forward" (the
     * particle keeps out "pleaded guilty" and "appealed the ruling") */
    {"plead pleads pleaded pleading", {"plead for", S, CF_OBJ | CF_INF | CF_PARTICLE, "for"}},
    {"appeal appeals appealed appealing", {"appeal for", S, CF_OBJ | CF_INF | CF_PARTICLE, "for"}},
    {"call calls called calling", {"call on", S, CF_OBJ | CF_INF | CF_PARTICLE, "on"}},
    {"assert asserts asserted asserting", {"assert", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"declare declares declared declaring", {"declare", S, CF_THAT | CF_QUOTE, NULL}},
    {"stress stresses stressed stressing", {"stress", S, CF_THAT | CF_QUOTE, NULL}},
    {"emphasise emphasises emphasised emphasising", {"emphasise", S, CF_THAT, NULL}},
    {"emphasize emphasizes emphasized emphasizing", {"emphasize", S, CF_THAT, NULL}},
    {"reveal reveals revealed revealing", {"reveal", S, CF_THAT, NULL}},
    {"indicate indicates indicated indicating", {"indicate", S, CF_THAT, NULL}},
    {"allege alleges alleged alleging", {"allege", S, CF_THAT, NULL}},
    {"promise promises promised promising", {"promise", S, CF_THAT | CF_INF, NULL}},
    {"pledge pledges pledged pledging", {"pledge", S, CF_THAT | CF_INF, NULL}},
    {"vow vows vowed vowing", {"vow", S, CF_THAT | CF_INF | CF_QUOTE, NULL}},
    {"complain complains complained complaining", {"complain", S, CF_THAT | CF_QUOTE, NULL}},
    {"recall recalls recalled recalling", {"recall", S, CF_THAT | CF_QUOTE, NULL}},
    {"testify testifies testified testifying", {"testify", S, CF_THAT, NULL}},
    {"observe observes observed observing", {"observe", S, CF_THAT | CF_QUOTE, NULL}},
    {"conclude concludes concluded concluding", {"conclude", S, CF_THAT, NULL}},
    {"reiterate reiterates reiterated reiterating", {"reiterate", S, CF_THAT, NULL}},
    {"predict predicts predicted predicting", {"predict", S, CF_THAT | CF_BARE, NULL}},
    {"caution cautions cautioned cautioning", {"caution", S, CF_THAT | CF_OBJ | CF_INF, NULL}},
    {"advise advises advised advising", {"advise", S, CF_THAT | CF_OBJ | CF_INF, NULL}},
    {"demand demands demanded demanding", {"demand", S, CF_THAT, NULL}},
    {"contend contends contended contending", {"contend", S, CF_THAT | CF_BARE, NULL}},
    {"maintain maintains maintained maintaining", {"maintain", S, CF_THAT, NULL}},
    {"assure assures assured assuring", {"assure", S, CF_OBJ | CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"reassure reassures reassured reassuring", {"reassure", S, CF_OBJ | CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"inform informs informed informing", {"inform", S, CF_OBJ | CF_THAT, NULL}},
    {"remind reminds reminded reminding", {"remind", S, CF_OBJ | CF_THAT, NULL}},
    {"tweet tweets tweeted tweeting", {"tweet", S, CF_THAT | CF_BARE | CF_QUOTE, NULL}},
    {"boast boasts boasted boasting", {"boast", S, CF_THAT | CF_QUOTE, NULL}},
    {"counter counters countered countering", {"counter", S, CF_THAT | CF_QUOTE, NULL}},
    {"retort retorts retorted retorting", {"retort", S, CF_THAT | CF_QUOTE, NULL}},
    {"quip quips quipped quipping", {"quip", S, CF_THAT | CF_QUOTE, NULL}},
    {"comment comments commented commenting", {"comment", S, CF_THAT, NULL}},
    {"remark remarks remarked remarking", {"remark", S, CF_THAT | CF_QUOTE, NULL}},
    {"mention mentions mentioned mentioning", {"mention", S, CF_THAT, NULL}},
    {"estimate estimates estimated estimating", {"estimate", S, CF_THAT, NULL}},
    {"signal signals signalled signaled signalling signaling", {"signal", S, CF_THAT, NULL}},
    {"hint hints hinted hinting", {"hint", S, CF_THAT, NULL}},
    {"point points pointed pointing", {"point out", S, CF_THAT | CF_PARTICLE, "out"}},
    {"accept accepts accepted accepting", {"accept", S, CF_THAT, NULL}},
    {"agree agrees agreed agreeing", {"agree", S, CF_THAT, NULL}},
    {"disclose discloses disclosed disclosing", {"disclose", S, CF_THAT, NULL}},
    {"propose proposes proposed proposing", {"propose", S, CF_THAT, NULL}},
    {"recommend recommends recommended recommending", {"recommend", S, CF_THAT, NULL}},
    {"joke jokes joked joking", {"joke", S, CF_THAT | CF_QUOTE, NULL}},
    {"exclaim exclaims exclaimed exclaiming", {"exclaim", S, CF_THAT | CF_QUOTE, NULL}},
    {"challenge challenges challenged challenging", {"challenge", S, CF_OBJ | CF_INF, NULL}},
    {"highlight highlights highlighted highlighting", {"highlight", S, CF_THAT, NULL}},
    {"continue continues continued continuing", {"continue", S, CF_QUOTE | CF_QUOTEONLY, NULL}},
    /* "“...,” the letter read": a document's words (attrib.c keeps it for document subjects only) */
    {"read reads", {"read", S, CF_QUOTE | CF_QUOTEONLY, NULL}},
    {"ask asks asked asking", {"ask", S, CF_OBJ | CF_INF, NULL}},
    {"encourage encourages encouraged encouraging", {"encourage", S, CF_OBJ | CF_INF, NULL}},
    {"threaten threatens threatened threatening", {"threaten", S, CF_THAT | CF_INF, NULL}},
    {"show shows showed shown showing", {"show", O, CF_THAT | CF_BARE, NULL}},
    {"find finds found finding", {"find", O, CF_THAT, NULL}},
    {"describe describes described describing", {"describe", S, CF_NP, NULL}},
    {"accuse accuses accused accusing", {"accuse", S, CF_NP, NULL}},
    {"criticise criticises criticised criticising", {"criticise", S, CF_NP, NULL}},
    {"criticize criticizes criticized criticizing", {"criticize", S, CF_NP, NULL}},
    {"praise praises praised praising", {"praise", S, CF_NP, NULL}},
    {"blame blames blamed blaming", {"blame", S, CF_NP, NULL}},
    {"dismiss dismisses dismissed dismissing", {"dismiss", S, CF_NP, NULL}},
    {"reject rejects rejected rejecting", {"reject", S, CF_NP | CF_THAT, NULL}},
    {"question questions questioned questioning", {"question", S, CF_NP | CF_THAT, NULL}},
    {"endorse endorses endorsed endorsing", {"endorse", S, CF_NP, NULL}},
    {"cite cites cited citing", {"cite", S, CF_NP, NULL}},
    {"decline declines declined declining", {"decline", S, CF_INF, NULL}},
    {"believe believes believed believing", {"believe", B, CF_THAT | CF_BARE, NULL}},
    {"think thinks thought thinking", {"think", B, CF_THAT | CF_BARE, NULL}},
    {"fear fears feared fearing", {"fear", B, CF_THAT | CF_BARE, NULL}},
    {"hope hopes hoped hoping", {"hope", B, CF_THAT, NULL}},
    {"expect expects expected expecting", {"expect", B, CF_THAT, NULL}},
    {"feel feels felt feeling", {"feel", B, CF_THAT, NULL}},
    {"worry worries worried worrying", {"worry", B, CF_THAT, NULL}},
    {"suspect suspects suspected suspecting", {"suspect", B, CF_THAT, NULL}},
    {"doubt doubts doubted doubting", {"doubt", B, CF_THAT, NULL}},
    {"assess assesses assessed assessing", {"assess", B, CF_THAT, NULL}},
};
#undef S
#undef B
#undef O

typedef struct {
    char form[24];
    uint16_t row;
    bool ing;
} cue_form;

typedef struct {
    const char *word;
    uint32_t cls;
} word_entry;

static const char *const w_pronoun[] = {"he", "she", "they", "it", "we", "i", "you", NULL};
static const char *const w_det[] = {"the", "a", "an", "this", "these", "those", "his", "her", "their", "its",
                                    "our", "my", "your", "another", "two", "three", "several", "some", "many", NULL};
static const char *const w_stop[] = {
    "and", "but", "or", "nor", "so", "yet", "if", "because", "as", "when", "while", "after", "before",
    "although", "though", "since", "until", "unless", "that", "which", "who", "whom", "whose", "what",
    "where", "why", "how", "than", "then", "there", "here", "not", "no", "to", "is", "are", "was",
    "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "can",
    "could", "should", "may", "might", "must", "also", "said", "says", "told", "just", "only", "even",
    "however", "meanwhile", "yes", "well", "very", "too", "more", "most", "all", "both", "each",
    "every", "any", "such", "other", "same", "own", "him", "them", "us", "me", "her", "it", "he", "she",
    "they", "we", "i", "you", "himself", "herself", "themselves", "itself", "where", "whether", "ago",
    "now", "again", "once", "already", "still", "later", "earlier", "recently", "previously", "instead",
    "perhaps", "really", "despite", "because", NULL};
static const char *const w_title[] = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev",
    "sen", "senator", "gov", "governor", "rep", "representative", "gen", "general", "col", "colonel",
    "capt", "captain", "lt", "sgt", "president", "vice", "prime", "minister", "secretary",
    "chancellor", "premier", "mayor", "judge", "justice", "chief", "commissioner", "ambassador", "king",
    "queen", "prince", "princess", "pope", "councillor", "councilor", "congressman", "congresswoman",
    "speaker", "leader", "attorney", "inspector", "superintendent", "detective", "officer", "director",
    "chairman", "chairwoman", "mp", "mep", "senior", "deputy", "former", "acting", "executive",
    "sheriff", "cardinal", "archbishop", "bishop", "father", "sister", "brother", "commander", "admiral",
    "sergeant", "constable", "marshal", "treasurer", "auditor", NULL};
static const char *const w_role[] = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "president", "official",
    "officer", "doctor", "councillor", "councilor", "commissioner", "director", "chairman",
    "chairwoman", "chair", "executive", "boss", "leader", "mayor", "premier", "senator", "governor",
    "lawyer", "attorney", "adviser", "advisor", "aide", "analyst", "economist", "expert", "professor",
    "scientist", "researcher", "manager", "founder", "owner", "chief", "head", "source", "resident",
    "witness", "voter", "candidate", "nominee", "member", "mp", "lawmaker", "legislator", "diplomat",
    "ambassador", "judge", "prosecutor", "detective", "inspector", "superintendent", "sergeant",
    "captain", "general", "colonel", "commander", "counterpart", "teacher", "nurse", "worker", "student",
    "mother", "father", "wife", "husband", "son", "daughter", "friend", "neighbour", "neighbor",
    "campaigner", "activist", "representative", "congressman", "congresswoman", "chancellor", "gp",
    "surgeon", "paramedic", "firefighter", "farmer", "owner", "author", "editor", "journalist",
    "reporter", "columnist", "historian", "strategist", "pollster", "consultant", "operator",
    "organiser", "organizer", "coach", "player", "partner", "victim", "survivor", "customer",
    "user", "employee", "staffer", "insider", "negotiator", "envoy", "treasurer", "deputy", "man",
    "woman", "person", "sheriff", "officer", "ceo", "cfo", "chief", "veteran", "academic", "pastor",
    "priest", "spokesperson", "physician", "psychologist", "specialist", "engineer", NULL};
static const char *const w_group[] = {
    "officials", "analysts", "experts", "residents", "critics", "police", "sources", "voters",
    "lawmakers", "democrats", "republicans", "officers", "investigators", "scientists", "researchers",
    "economists", "authorities", "prosecutors", "protesters", "protestors", "campaigners", "activists",
    "supporters", "opponents", "doctors", "nurses", "teachers", "parents", "students", "workers",
    "witnesses", "members", "leaders", "ministers", "people", "observers", "diplomats", "aides",
    "advisers", "advisors", "organisers", "organizers", "farmers", "locals", "environmentalists",
    "conservatives", "liberals", "senators", "representatives", "executives", "firefighters",
    "polls", "pollsters", "strategists", "commentators", "insiders", "staff", "lawyers", "attorneys",
    "families", "victims", "others", "many", "some", "both", NULL};
static const char *const w_org[] = {
    "government", "ministry", "department", "agency", "agencies", "company", "firm", "party",
    "council", "committee", "court", "service", "commission", "office", "bank", "group",
    "university", "hospital", "board", "authority", "network", "newspaper", "union", "organisation",
    "organization", "association", "campaign", "administration", "kremlin", "pentagon", "police",
    "force", "army", "military", "navy", "regime", "coalition", "cabinet", "parliament", "congress",
    "senate", "opposition", "corporation", "institute", "foundation", "centre", "center", "trust",
    "charity", "watchdog", "regulator", "club", "team", "league", "federation", "alliance", "embassy",
    "consulate", "house", "newsroom", "station", "broadcaster", "channel", "paper", "magazine",
    "intelligence", "fbi", "cia", "nhs", "un", "nato", "eu", "imf", "opec", NULL};
static const char *const w_docn[] = {
    "statement", "report", "letter", "study", "survey", "poll", "memo", "document", "transcript",
    "website", "update", "release", "filing", "ruling", "complaint", "lawsuit", "email", "tweet",
    "post", "book", "article", "editorial", "analysis", "review", "documents", "records", "data",
    "figures", "research", "guidance", "notice", "assessment", "indictment", "affidavit", "verdict",
    "judgment", "judgement", "decision", "order", "bulletin", "announcement", "paper", "blog", NULL};
static const char *const w_skip[] = {
    "also", "has", "have", "had", "was", "is", "were", "are", "would", "will", "could", "did", "does",
    "do", "later", "earlier", "previously", "then", "repeatedly", "recently", "again", "once", "just",
    "already", "still", "further", "now", "quickly", "flatly", "publicly", "privately", "often",
    "frequently", "reportedly", "separately", "initially", "subsequently", "had", "may", "might",
    "should", "can", "has", "always", "never", "simply", "only", "even", "openly", "firmly", "angrily",
    "bluntly", "candidly", "calmly", "confidently", "emphatically", "explicitly", "famously",
    "frankly", "happily", "loudly", "proudly", "quietly", "sharply", "strongly", "tersely",
    "wrongly", "falsely", "correctly", "rightly", "clearly", "directly", "immediately", "first",
    "finally", "ultimately", "usually", "sometimes", "apparently", "allegedly", "supposedly",
    "routinely", "consistently", "herself", "himself", "themselves", "itself", "personally", NULL};
static const char *const w_time[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
    "today", "tonight", "earlier", "later", "this", "last", "week", "month", "year", "morning",
    "afternoon", "evening", "night", "weekend", "on", "in", "at", "during", NULL};
static const char *const w_prep[] = {
    "in", "on", "at", "by", "for", "from", "with", "of", "about", "into", "over", "under", "between",
    "through", "during", "against", "among", "without", "within", "like", "after", "near", "across",
    "despite", "per", "via", "to", "toward", "towards", "upon", "amid", "around", "behind", "beyond",
    "before", "since", "inside", "outside", "onto", "throughout", "unlike", NULL};
static const char *const w_female[] = {"she", "her", "mrs", "ms", "miss", "dame", "lady", "queen",
                                       "princess", "spokeswoman", "chairwoman", "congresswoman",
                                       "woman", "mother", "wife", "daughter", "sister", NULL};
static const char *const w_male[] = {"he", "him", "mr", "sir", "lord", "king", "prince", "spokesman",
                                     "chairman", "congressman", "man", "father", "husband", "son",
                                     "brother", NULL};
static const char *const w_plural[] = {"they", "them", "we", NULL};
static const char *const w_conj[] = {"and", "but", "or", "nor", NULL};
static const char *const w_wh[] = {"who", "which", "whose", "whom", NULL};

static cue_form *g_forms;
static size_t g_nforms;
static word_entry *g_words;
static size_t g_nwords;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

/* One hash table over both lexicons (word classes and cue forms): lookups on the hot path cost a
 * hash and usually one comparison, instead of two binary searches of strcmp. */
typedef struct {
    const char *word; /* NULL: empty slot */
    uint32_t len;
    uint32_t cls;
    int16_t row;      /* cue_rows index, -1 if not a cue form */
    bool ing;
    uint32_t hash;    /* lex_hash of the word: most probes compare this only */
} lex_slot;
enum { LEX_SLOTS = 8192 };
static lex_slot g_hash[LEX_SLOTS];

/* The hash of a word, eight bytes at a time (the last eight zero-padded): ws_lex_lookup_text
 * hashes the words it lowers in place the same way. */
static uint32_t lex_hash_words(const uint64_t *w, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15u;
    for (size_t j = 0; j < n; j += 8) {
        h = (h ^ w[j / 8]) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    return (uint32_t)h;
}

static uint32_t lex_hash(const char *s, size_t n)
{
    uint64_t w[4] = {0};
    if (n > sizeof w)
        n = sizeof w; /* longer words are never in the table (n < 32) */
    memcpy(w, s, n);
    return lex_hash_words(w, n);
}

static lex_slot *lex_slot_hashed(const char *s, size_t n, uint32_t h)
{
    for (uint32_t i = h & (LEX_SLOTS - 1);; i = (i + 1) & (LEX_SLOTS - 1)) {
        lex_slot *sl = &g_hash[i];
        if (!sl->word || (sl->hash == h && sl->len == n && !memcmp(sl->word, s, n)))
            return sl;
    }
}

static lex_slot *lex_slot_for(const char *s, size_t n) { return lex_slot_hashed(s, n, lex_hash(s, n)); }

/* Each slot's word, zero-padded to four words, for ws_lex_lookup_text's word compares. */
static uint64_t g_keys[LEX_SLOTS][4];

static void set_key(const lex_slot *sl)
{
    memcpy(g_keys[sl - g_hash], sl->word, sl->len < 32 ? sl->len : 32);
}

static int cmp_form(const void *a, const void *b)
{
    return strcmp(((const cue_form *)a)->form, ((const cue_form *)b)->form);
}
static int cmp_word(const void *a, const void *b)
{
    return strcmp(((const word_entry *)a)->word, ((const word_entry *)b)->word);
}

static void build_tables(void)
{
    static cue_form forms[sizeof cue_rows / sizeof cue_rows[0] * 6];
    size_t nf = 0;
    for (size_t r = 0; r < sizeof cue_rows / sizeof cue_rows[0]; r++) {
        const char *p = cue_rows[r].forms;
        while (*p) {
            const char *q = p;
            while (*q && *q != ' ')
                q++;
            size_t n = (size_t)(q - p);
            if (n < sizeof forms[0].form && nf < sizeof forms / sizeof forms[0]) {
                memcpy(forms[nf].form, p, n);
                forms[nf].form[n] = 0;
                forms[nf].row = (uint16_t)r;
                forms[nf].ing = n > 3 && !memcmp(q - 3, "ing", 3);
                nf++;
            }
            p = *q ? q + 1 : q;
        }
    }
    qsort(forms, nf, sizeof forms[0], cmp_form);
    g_forms = forms;
    g_nforms = nf;

    static const struct {
        const char *const *list;
        uint32_t cls;
    } lists[] = {
        {w_pronoun, WC_PRONOUN}, {w_det, WC_DET},       {w_stop, WC_STOP},     {w_title, WC_TITLE},
        {w_role, WC_ROLE},       {w_group, WC_GROUP},   {w_org, WC_ORG},       {w_docn, WC_DOCN},
        {w_skip, WC_SKIP},       {w_time, WC_TIME},     {w_prep, WC_PREP},     {w_female, WC_FEMALE},
        {w_male, WC_MALE},       {w_plural, WC_PLURAL}, {w_conj, WC_CONJ},     {w_wh, WC_WH},
    };
    static word_entry words[2048];
    size_t nw = 0;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (const char *const *w = lists[l].list; *w; w++)
            if (nw < sizeof words / sizeof words[0])
                words[nw++] = (word_entry){*w, lists[l].cls};
    qsort(words, nw, sizeof words[0], cmp_word);
    /* merge duplicates, OR-ing their classes */
    size_t out = 0;
    for (size_t i = 0; i < nw; i++) {
        if (out && !strcmp(words[out - 1].word, words[i].word))
            words[out - 1].cls |= words[i].cls;
        else
            words[out++] = words[i];
    }
    g_words = words;
    g_nwords = out;
    _Static_assert(sizeof words / sizeof words[0] + sizeof forms / sizeof forms[0] < LEX_SLOTS / 2,
                   "lexicon hash too small");
    for (size_t i = 0; i < out; i++) {
        size_t n = strlen(words[i].word);
        lex_slot *sl = lex_slot_for(words[i].word, n);
        *sl = (lex_slot){words[i].word, (uint32_t)n, words[i].cls, -1, false, lex_hash(words[i].word, n)};
        set_key(sl);
    }
    for (size_t i = 0; i < nf; i++) {
        size_t n = strlen(forms[i].form);
        lex_slot *sl = lex_slot_for(forms[i].form, n);
        if (!sl->word) {
            *sl = (lex_slot){forms[i].form, (uint32_t)n, 0, -1, false, lex_hash(forms[i].form, n)};
            set_key(sl);
        }
        sl->row = (int16_t)forms[i].row;
        sl->ing = forms[i].ing;
    }
}

bool ws_lex_lookup(const char *lower, size_t n, uint32_t *cls, const cue_info **cue, bool *ing)
{
    pthread_once(&g_once, build_tables);
    if (n > 1 && lower[n - 1] == '.' && !memchr(lower, '.', n - 1))
        n--; /* "dr." "gov." */
    *cls = 0;
    *cue = NULL;
    *ing = false;
    if (n == 0 || n >= 32)
        return false;
    const lex_slot *sl = lex_slot_for(lower, n);
    if (!sl->word)
        return false;
    *cls = sl->cls;
    *cue = sl->row >= 0 ? &cue_rows[sl->row].info : NULL;
    *ing = sl->ing;
    return true;
}

bool ws_lex_lookup_text(const char *s, size_t n, uint32_t *cls, const cue_info **cue, bool *ing)
{
    pthread_once(&g_once, build_tables);
    *cls = 0;
    *cue = NULL;
    *ing = false;
    if (n == 0 || n >= 32)
        return false;
    /* ws_tok_lower's form (ASCII letters lowered, a leading ’ as '), zero-padded, lowered and
     * hashed eight bytes at a time */
    uint64_t w[4] = {0};
    char *b = (char *)w;
    size_t k = n;
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x99) {
        b[0] = '\'';
        memcpy(b + 1, s + 3, n - 3);
        k = n - 2;
    } else {
        memcpy(b, s, n);
    }
    for (size_t j = 0; j < k; j += 8)
        w[j / 8] = ws_lower8(w[j / 8]);
    if (k > 1 && b[k - 1] == '.' && !memchr(b, '.', k - 1)) { /* "dr." "gov." */
        k--;
        b[k] = 0;
    }
    uint32_t h = lex_hash_words(w, k);
    const lex_slot *sl;
    for (uint32_t i = h & (LEX_SLOTS - 1);; i = (i + 1) & (LEX_SLOTS - 1)) {
        sl = &g_hash[i];
        if (!sl->word)
            return false;
        if (sl->hash == h && sl->len == k) {
            const uint64_t *key = g_keys[i];
            size_t j = 0;
            while (j < k && key[j / 8] == w[j / 8])
                j += 8;
            if (j >= k)
                break;
        }
    }
    *cls = sl->cls;
    *cue = sl->row >= 0 ? &cue_rows[sl->row].info : NULL;
    *ing = sl->ing;
    return true;
}

const cue_info *ws_cue_lookup(const char *lower, size_t n, bool *form_ing)
{
    uint32_t cls;
    const cue_info *ci;
    bool ing;
    ws_lex_lookup(lower, n, &cls, &ci, &ing);
    if (ci && form_ing)
        *form_ing = ing;
    return ci;
}

uint32_t ws_word_class(const char *lower, size_t n)
{
    uint32_t cls;
    const cue_info *ci;
    bool ing;
    ws_lex_lookup(lower, n, &cls, &ci, &ing);
    return cls;
}
