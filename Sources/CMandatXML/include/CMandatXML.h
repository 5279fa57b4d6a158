#ifndef MANDAT_CMANDATXML_H
#define MANDAT_CMANDATXML_H
// Small C forwarders for what Swift cannot call directly on libxml2:
// xmlFree (a global function pointer), the structured error callback (whose
// signature changed in libxml2 2.12) and option constants combined as raw ints.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>

/// Receives one libxml2 error: domain, code, level (1 warning, 2 error, 3 fatal), line, column, message.
typedef void (*mandat_error_fn)(void *user, int domain, int code, int level, int line, int column, const char *message);

/// Installs the forwarding structured-error callback on a SAX handler. `fn` must be the same for every call.
void mandat_sax_set_structured_error(xmlSAXHandler *sax, mandat_error_fn fn);
/// Frees memory allocated by libxml2.
void mandat_xml_free(void *ptr);
/// Installs, once for the process, an external entity loader that refuses everything.
void mandat_install_refusing_entity_loader(void);
/// Options we parse with: no network, no entity substitution, no DTD loading, no XInclude.
int mandat_safe_parse_options(void);
/// Bytes consumed so far by the parser (for error offsets).
long mandat_bytes_consumed(xmlParserCtxtPtr ctxt);
/// Silences libxml2's generic (thread-local) error output on the calling thread. Errors we act on come
/// through the structured callback; a few (failed transcoding) only reach the generic one, as stderr noise.
void mandat_silence_generic_errors(void);
/// Whether the parser has stopped for good (`XML_PARSER_EOF`): after a halt it ignores further chunks.
int mandat_parser_halted(xmlParserCtxtPtr ctxt);
/// Inside a start-element callback: the line of the tag's '<' (the parser's own line is at its end). When
/// that line equals `lastLine`, the parser's line at an earlier point before the tag, no line feed can lie in
/// between and nothing is scanned; otherwise the tag is walked back to its '<' (a raw '<' cannot occur
/// inside a tag), counting line feeds. Inline: called for every element.
static inline int mandat_tag_start_line(xmlParserCtxtPtr ctxt, int lastLine) {
    if (ctxt->input == NULL) return 0;
    int line = ctxt->input->line;
    if (line == lastLine) return line;
    const xmlChar *cur = ctxt->input->cur;
    const xmlChar *base = ctxt->input->base;
    if (cur == NULL || base == NULL || cur <= base) return line;
    int start = line;
    for (const xmlChar *p = cur; p > base;) {
        --p;
        if (*p == '<') return start;
        if (*p == '\n') start--;
    }
    return line;
}
/// Switches libxml2's text callbacks (characters and CDATA) on, with `fn`, or off (NULL): text inside an
/// element whose handler wants none is then not reported at all.
static inline void mandat_set_text_callbacks(xmlParserCtxtPtr ctxt, charactersSAXFunc fn) {
    if (ctxt->sax == NULL) return;
    ctxt->sax->characters = fn;
    ctxt->sax->cdataBlock = fn;
}
/// The parser's current line (in a callback: the line at the end of what was just parsed).
static inline int mandat_current_line(xmlParserCtxtPtr ctxt) {
    return ctxt->input != NULL ? ctxt->input->line : 0;
}
/// Benchmark floor: parses the file at `path` with libxml2's SAX2 push parser, `chunkSize` bytes per push,
/// with empty callbacks (elements counted). Returns the bytes read, or -1 on a read or XML error.
long mandat_sax_floor(const char *path, int chunkSize, long *elements);
#endif
