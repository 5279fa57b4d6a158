import Foundation
import MandatXML

/// The package root, from this file's path (Tests/MandatXMLTests/TestSupport.swift → up 3 levels).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A committed fixture under `fixtures/`.
func fixture(_ relative: String) -> String {
    packageRoot.appendingPathComponent("fixtures").appendingPathComponent(relative).path
}

/// One SAX event as the tests compare it.
struct Event: Equatable, CustomStringConvertible {
    enum Kind: Equatable { case start, end }
    var kind: Kind
    var name: String
    var depth: Int
    var line: Int
    var attributes: [String: String] = [:]
    var text: String = ""
    var byteCount = 0
    var truncated = false
    var description: String { "\(kind) \(name) d\(depth) l\(line) \(attributes) \(text.debugDescription)" }
}

/// Records every callback (names in `{ns}local` form).
final class Recorder: XMLStreamHandler {
    var events: [Event] = []
    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) {
        var a: [String: String] = [:]
        for x in attributes { a[x.name.description] = x.value }
        events.append(Event(kind: .start, name: name.description, depth: depth, line: location.line, attributes: a))
    }
    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
        events.append(
            Event(
                kind: .end, name: name.description, depth: depth, line: location.line, text: text.value,
                byteCount: text.byteCount, truncated: text.truncated))
    }
    func starts() -> [Event] { events.filter { $0.kind == .start } }
    func end(_ name: String) -> Event? { events.first { $0.kind == .end && $0.name == name } }
    func start(_ name: String) -> Event? { events.first { $0.kind == .start && $0.name == name } }
}

/// Parses a string (UTF-8) with the default reader and returns the recorder.
@discardableResult
func record(_ xml: String, reader: XMLStreamReader = XMLStreamReader()) throws -> Recorder {
    let r = Recorder()
    try reader.parse(data: Data(xml.utf8), displayName: "test.xml", handler: r)
    return r
}

/// The error a parse throws, as `XMLReadError`, or nil when it succeeds or throws something else.
func readError(_ body: () throws -> Void) -> XMLReadError? {
    do {
        try body()
        return nil
    } catch let e as XMLReadError {
        return e
    } catch {
        return nil
    }
}

/// A fresh temporary directory for generated inputs (big hostile files are never committed).
func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-xml-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `count` repetitions of `unit` between `head` and `tail`, 1 MiB at a time (bounded memory).
func writeRepeated(to url: URL, head: String, unit: String, count: Int, tail: String) throws {
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let fh = try FileHandle(forWritingTo: url)
    defer { try? fh.close() }
    try fh.write(contentsOf: Data(head.utf8))
    let unitData = Data(unit.utf8)
    let perBlock = max(1, (1 << 20) / max(1, unitData.count))
    var block = Data()
    for _ in 0..<perBlock { block.append(unitData) }
    var left = count
    while left >= perBlock {
        try fh.write(contentsOf: block)
        left -= perBlock
    }
    if left > 0 { try fh.write(contentsOf: block.prefix(left * unitData.count)) }
    try fh.write(contentsOf: Data(tail.utf8))
}
