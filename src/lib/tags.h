/* tags.h — the tag sets shared by the taggers (tagger.c) and the rules (attrib.c).
 * POS: Penn Treebank tags as CoreNLP writes them; id 0 = no tag (tagger not run).
 * NER: BILOU over the four CoNLL classes; id 0 = no tag, 1 = O.
 * To add a tag: append to the X-macro list; ids are positions and are stored in model files,
 * so never reorder (bump the model format version instead). */
#ifndef WS_TAGS_H
#define WS_TAGS_H

#define WS_POS_LIST(X) \
    X(NONE, "") X(NN, "NN") X(IN, "IN") X(NNP, "NNP") X(DT, "DT") X(JJ, "JJ") X(NNS, "NNS") \
    X(COMMA, ",") X(PERIOD, ".") X(VBD, "VBD") X(RB, "RB") X(PRP, "PRP") X(VB, "VB") X(CC, "CC") \
    X(VBZ, "VBZ") X(TO, "TO") X(VBG, "VBG") X(VBN, "VBN") X(VBP, "VBP") X(CQUOTE, "''") \
    X(CD, "CD") X(PRPS, "PRP$") X(OQUOTE, "``") X(MD, "MD") X(POS, "POS") X(COLON, ":") \
    X(WP, "WP") X(WDT, "WDT") X(NNPS, "NNPS") X(WRB, "WRB") X(RP, "RP") X(JJR, "JJR") \
    X(JJS, "JJS") X(RBR, "RBR") X(RRB, "-RRB-") X(LRB, "-LRB-") X(EX, "EX") X(DOLLAR, "$") \
    X(RBS, "RBS") X(PDT, "PDT") X(UH, "UH") X(WPS, "WP$") X(FW, "FW") X(LS, "LS") X(SYM, "SYM") \
    X(HASH, "#")

#define WS_POS_ENUM(id, name) WS_POS_##id,
enum { WS_POS_LIST(WS_POS_ENUM) WS_POS_COUNT };
#undef WS_POS_ENUM

/* NER: 0 none, 1 O, then B/I/L/U for each type: id = 2 + type*4 + {B=0,I=1,L=2,U=3}. */
enum { WS_NER_NONE = 0, WS_NER_O = 1 };
enum { WS_NE_PERSON = 0, WS_NE_ORGANIZATION, WS_NE_LOCATION, WS_NE_MISC, WS_NE_TYPES };
enum { WS_NER_COUNT = 2 + 4 * WS_NE_TYPES };
#define WS_NER_TYPE(id) ((id) >= 2 ? ((id) - 2) / 4 : -1)
#define WS_NER_PART(id) ((id) >= 2 ? ((id) - 2) % 4 : -1) /* 0 B, 1 I, 2 L, 3 U */

static inline int ws_pos_is_noun(int p)
{
    return p == WS_POS_NN || p == WS_POS_NNS || p == WS_POS_NNP || p == WS_POS_NNPS;
}
static inline int ws_pos_is_verb(int p)
{
    return p == WS_POS_VB || p == WS_POS_VBD || p == WS_POS_VBZ || p == WS_POS_VBP ||
           p == WS_POS_VBG || p == WS_POS_VBN || p == WS_POS_MD;
}

#endif /* WS_TAGS_H */
