/* attrib.c — attributions (stub). */
#include "internal.h"

ws_status ws_attribute(ws_doc *d)
{
    (void)d;
    return WS_OK;
}
