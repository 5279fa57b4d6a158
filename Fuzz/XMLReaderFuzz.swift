// libFuzzer target over MandatXML's streaming reader (not part of the SwiftPM build: scripts/fuzz.sh
// compiles it together with Sources/MandatXML/*.swift under -sanitize=fuzzer,address).
//
// Each input is parsed three ways, so that chunk boundaries fall in different places: in one push, in
// 7-byte pushes, and with a small `maxTextBytes` plus a fast (attribute view) handler. Any thrown
// XMLReadError is fine; a crash, a sanitizer report, a leak or a hang is a finding.
import Foundation

final class CountingHandler: XMLStreamHandler {
    var elements = 0
    var textBytes = 0
    var open = 0
    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) {
        elements += 1
        open += 1
        precondition(depth == open, "depth out of step with starts and ends")
        for a in attributes { textBytes += a.value.utf8.count + a.name.local.utf8.count }
    }
    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
        precondition(depth == open, "depth out of step with starts and ends")
        open -= 1
        textBytes += text.value.utf8.count
        precondition(text.byteCount >= text.value.utf8.count || text.truncated, "byteCount below kept text")
    }
}

final class ViewHandler: XMLFastStreamHandler {
    var seen = 0
    func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) {
        for i in 0..<attributes.count {
            seen += attributes.withValueBytes(at: i) { $0.count } ?? 0
            _ = attributes.name(at: i)
        }
        _ = attributes.value(local: "V")
        _ = attributes.index(local: "")
    }
    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
        precondition(text.value.utf8.count <= 16, "kept more than maxTextBytes")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    // A parse that succeeds must have closed every element it opened (no partial read called success).
    let whole = CountingHandler()
    if (try? XMLStreamReader().parse(data: bytes, displayName: "fuzz.xml", handler: whole)) != nil {
        precondition(whole.open == 0 && whole.elements > 0, "success with elements still open")
    }

    var small = XMLStreamReader()
    small.chunkSize = 7
    let pieces = CountingHandler()
    if (try? small.parse(data: bytes, displayName: "fuzz.xml", handler: pieces)) != nil {
        precondition(pieces.open == 0 && pieces.elements > 0, "success with elements still open (7-byte pushes)")
        precondition(pieces.elements == whole.elements, "chunking changed the element count")
    }

    var view = XMLStreamReader()
    view.maxTextBytes = 16
    view.chunkSize = 64
    view.maxDepth = 32
    _ = try? view.parse(data: bytes, displayName: "fuzz.xml", handler: ViewHandler())

    var sniff = XMLStreamReader()
    sniff.stopAfterRoot = true
    _ = try? sniff.parse(data: bytes, displayName: "fuzz.xml", handler: CountingHandler())
    return 0
}
