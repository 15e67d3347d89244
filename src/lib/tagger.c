/* tagger.c — POS and NER tagging (stub until the perceptron tagger lands: tokens keep tag 0). */
#include "internal.h"

ws_status ws_tag(ws_doc *d)
{
    (void)d;
    return WS_OK;
}

void ws_tagger_model_free(ws_tagger_model *m);
void ws_tagger_model_free(ws_tagger_model *m) { (void)m; }
