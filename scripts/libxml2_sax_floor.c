/* The libxml2 floor for `mandat-bench invoices` (docs/performance.md): every file named on the command line
 * read whole into memory and pushed through libxml2's SAX2 push parser (as MandatXML does) with callbacks
 * that do nothing but count elements. REUSE=1 resets one parser context between files instead of creating
 * one per file. Not part of the product: a measuring tool.
 *
 *   gcc -O2 scripts/libxml2_sax_floor.c -o /tmp/sax-floor $(pkg-config --cflags --libs libxml-2.0)
 *   cd DIR && /usr/bin/time -f '%e s wall, %U s user, %S s sys' /tmp/sax-floor *.xml
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static long n;
static void se(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns, int na, int nd, const xmlChar **a) { n++; }
static void ee(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void ch(void *c, const xmlChar *s, int len) {}
int main(int argc, char **argv) {
  xmlInitParser();
  xmlSAXHandler sax; memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC; sax.startElementNs = se; sax.endElementNs = ee; sax.characters = ch;
  static char buf[1 << 22];
  int reuse = getenv("REUSE") != NULL;
  xmlParserCtxtPtr keep = NULL;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", argv[i]); return 1; }
    size_t len = fread(buf, 1, sizeof buf, f); fclose(f);
    if (len < 5) { fprintf(stderr, "too short: %s\n", argv[i]); continue; }
    xmlParserCtxtPtr ctxt;
    if (reuse && keep) { ctxt = keep; xmlCtxtResetPush(ctxt, buf, 4, NULL, NULL); }
    else { ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf, 4, argv[i]); xmlCtxtUseOptions(ctxt, XML_PARSE_NONET); }
    xmlParseChunk(ctxt, buf + 4, (int)len - 4, 1);
    if (!ctxt->wellFormed) fprintf(stderr, "bad %s\n", argv[i]);
    if (reuse) keep = ctxt; else xmlFreeParserCtxt(ctxt);
  }
  printf("elements=%ld\n", n);
  return 0;
}
