#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "CMandatXML.h"
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <stdatomic.h>

static _Atomic(mandat_error_fn) mandat_error_target = NULL;

#if LIBXML_VERSION >= 21200
static void mandat_serror(void *user, const xmlError *error)
#else
static void mandat_serror(void *user, xmlErrorPtr error)
#endif
{
    mandat_error_fn fn = atomic_load(&mandat_error_target);
    if (fn == NULL || error == NULL) return;
    fn(user, error->domain, error->code, (int)error->level, error->line, error->int2,
       error->message != NULL ? error->message : "");
}

void mandat_sax_set_structured_error(xmlSAXHandler *sax, mandat_error_fn fn) {
    atomic_store(&mandat_error_target, fn);
    sax->serror = mandat_serror;
}

void mandat_xml_free(void *ptr) {
    if (ptr != NULL) xmlFree(ptr);
}

static xmlParserInputPtr mandat_refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

void mandat_install_refusing_entity_loader(void) {
    xmlSetExternalEntityLoader(mandat_refuse_entity);
}

int mandat_safe_parse_options(void) {
    return XML_PARSE_NONET | XML_PARSE_NOXINCNODE;
}

long mandat_bytes_consumed(xmlParserCtxtPtr ctxt) {
    return xmlByteConsumed(ctxt);
}

static void mandat_silent(void *ctx, const char *msg, ...) {
    (void)ctx; (void)msg;
}

void mandat_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, mandat_silent);
}

int mandat_parser_halted(xmlParserCtxtPtr ctxt) {
    return ctxt != NULL && ctxt->instate == XML_PARSER_EOF;
}

/* ---- The floor: libxml2's SAX2 push parser with empty callbacks (benchmark only). ---- */

struct mandat_floor_counts { long elements; long textBytes; };

static void mandat_floor_start(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
                               int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                               const xmlChar **attributes) {
    (void)localname; (void)prefix; (void)URI; (void)nb_namespaces; (void)namespaces; (void)nb_attributes;
    (void)nb_defaulted; (void)attributes;
    ((struct mandat_floor_counts *)user)->elements++;
}

static void mandat_floor_end(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI) {
    (void)user; (void)localname; (void)prefix; (void)URI;
}

static void mandat_floor_text(void *user, const xmlChar *ch, int len) {
    (void)ch;
    ((struct mandat_floor_counts *)user)->textBytes += len;
}

long mandat_sax_floor(const char *path, int chunkSize, long *elements) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return -1;
    if (chunkSize < 4096) chunkSize = 4096;
    char *buf = malloc((size_t)chunkSize);
    if (buf == NULL) { fclose(f); return -1; }
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = mandat_floor_start;
    sax.endElementNs = mandat_floor_end;
    sax.characters = mandat_floor_text;
    sax.cdataBlock = mandat_floor_text;
    struct mandat_floor_counts counts = {0, 0};
    size_t n = fread(buf, 1, 4, f);
    long total = (long)n;
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, &counts, buf, (int)n, path);
    if (ctxt == NULL) { free(buf); fclose(f); return -1; }
    xmlCtxtUseOptions(ctxt, mandat_safe_parse_options());
    int failed = 0;
    while ((n = fread(buf, 1, (size_t)chunkSize, f)) > 0) {
        total += (long)n;
        if (xmlParseChunk(ctxt, buf, (int)n, 0) != 0 && ctxt->wellFormed == 0) { failed = 1; break; }
    }
    if (!failed) xmlParseChunk(ctxt, NULL, 0, 1);
    if (ctxt->wellFormed == 0) failed = 1;
    if (ctxt->myDoc != NULL) xmlFreeDoc(ctxt->myDoc);
    xmlFreeParserCtxt(ctxt);
    free(buf);
    fclose(f);
    if (elements != NULL) *elements = counts.elements;
    return failed ? -1 : total;
}
