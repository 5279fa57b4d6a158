#ifndef MANDAT_CLIBXML2_SHIM_H
#define MANDAT_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// libxml2 would pull in ICU headers that clash with Foundation's own ICU; we never use its ICU parts.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#endif
