import Foundation
import MandatXML

/// One element value kept by a `PathCollector`: its trimmed text, attributes, line and ancestry.
///
/// `ancestors` holds the document-order ordinal of every element on the path (root excluded, the element
/// itself last), so values can be grouped by the occurrence of any ancestor (one attachment, one party).
struct PathValue {
    /// The text with surrounding white space removed (Python `str.strip()`), nil when empty.
    var text: String?
    var attributes: [XMLAttribute]
    var line: Int
    /// Full size of the element's direct text in UTF-8 bytes (counted even when not kept: base64).
    var byteCount: Int
    var ancestors: [Int]

    /// The value of a no-namespace attribute, trimmed, nil when absent or empty.
    func attribute(_ local: String) -> String? {
        guard let a = attributes.first(where: { $0.name.local == local && $0.name.namespace.isEmpty }) else {
            return nil
        }
        let t = a.value.trimmingWhitespace()
        return t.isEmpty ? nil : t
    }
}

/// A streaming handler that keeps the values of a fixed set of element paths, and nothing else.
///
/// A path is written from the child of the root down, each step `abbr:local` where `abbr` is a fixed
/// abbreviation of the **namespace URI** (`cbc`, `cac`, `rsm`, `ram`, `udt`, `qdt`), never the prefix used in
/// the file: `cac:LegalMonetaryTotal/cbc:PayableAmount`. A step in another namespace is written
/// `{uri}local`, a step without namespace is its local name. Memory is bounded by the paths asked for
/// (at most `maxValuesPerPath` values each, text capped by the XML reader), whatever the file size.
final class PathCollector: XMLStreamHandler {
    /// Namespace URI → the abbreviation used in paths (DOMAIN.md §4.1 names).
    static let abbreviations: [String: String] = [
        "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
        "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
        "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "rsm",
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": "ram",
        "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
        "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
    ]

    /// Values kept per path beyond which further occurrences are only counted.
    let maxValuesPerPath: Int
    /// The paths whose values are kept.
    let wanted: Set<String>
    /// Paths whose start is recorded (ordinal and line), for grouping and counting.
    let watchedStarts: Set<String>

    private(set) var values: [String: [PathValue]] = [:]
    /// Occurrences seen per wanted path (including those not kept).
    private(set) var counts: [String: Int] = [:]
    /// Ordinals of the starts of watched paths, in document order.
    private(set) var starts: [String: [Int]] = [:]
    private(set) var rootLine: Int = 1

    private var pathStack: [String] = []
    private var ordinalStack: [Int] = []
    private var attributeStack: [[XMLAttribute]] = []
    private var lineStack: [Int] = []
    private var ordinal = 0

    init(wanted: Set<String>, watchedStarts: Set<String> = [], maxValuesPerPath: Int = 1000) {
        self.wanted = wanted
        self.watchedStarts = watchedStarts
        self.maxValuesPerPath = maxValuesPerPath
    }

    /// The path step for a name: `abbr:local`, `{uri}local` or `local`.
    static func step(_ name: XMLName) -> String {
        if name.namespace.isEmpty { return name.local }
        if let a = abbreviations[name.namespace] { return a + ":" + name.local }
        return "{" + name.namespace + "}" + name.local
    }

    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {
        if depth == 1 {
            rootLine = location.line
            return
        }
        let step = PathCollector.step(name)
        let path = pathStack.last.map { $0 + "/" + step } ?? step
        ordinal += 1
        pathStack.append(path)
        ordinalStack.append(ordinal)
        lineStack.append(location.line)
        attributeStack.append(wanted.contains(path) ? attributes : [])
        if watchedStarts.contains(path) { starts[path, default: []].append(ordinal) }
    }

    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {
        if depth == 1 { return }
        guard let path = pathStack.popLast() else { return }
        let attributes = attributeStack.popLast() ?? []
        let line = lineStack.popLast() ?? location.line
        defer { ordinalStack.removeLast() }
        guard wanted.contains(path) else { return }
        counts[path, default: 0] += 1
        guard values[path, default: []].count < maxValuesPerPath else { return }
        values[path, default: []].append(
            PathValue(
                text: text.trimmed, attributes: attributes, line: line, byteCount: text.byteCount,
                ancestors: ordinalStack))
    }

    /// All kept values of a path, in document order (empty when absent).
    func all(_ path: String) -> [PathValue] { values[path] ?? [] }

    /// The non-empty texts of a path, in document order.
    func texts(_ path: String) -> [String] { all(path).compactMap(\.text) }
}
