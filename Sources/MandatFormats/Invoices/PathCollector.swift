import Foundation
import MandatXML

/// One element value kept by a `PathCollector`: its trimmed text, attributes, line and ancestry.
///
/// `ancestors` holds the document-order ordinal of every element on the path (root excluded, the element
/// itself last), so values can be grouped by the occurrence of any ancestor (one attachment, one party).
/// Ordinals count the elements the collector walks (those on a wanted path), not every element of the file;
/// they are kept only for values at or below a watched path (empty otherwise).
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

/// The element paths a `PathCollector` keeps, as a trie: one node per path prefix, children matched by
/// namespace URI and local name. Built once per syntax and shared by every file (immutable, `Sendable`).
///
/// A path is written from the child of the root down, each step `abbr:local` where `abbr` is a fixed
/// abbreviation of the **namespace URI** (`cbc`, `cac`, `rsm`, `ram`, `udt`, `qdt`), never the prefix used in
/// the file: `cac:LegalMonetaryTotal/cbc:PayableAmount`. A step in another namespace is written
/// `{uri}local`, a step without namespace is its local name.
struct PathTrie: Sendable {
    /// Namespace URI → the abbreviation used in paths (DOMAIN.md §4.1 names).
    static let abbreviations: [String: String] = [
        "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
        "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
        "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "rsm",
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": "ram",
        "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
        "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
    ]

    struct Node: Sendable {
        var namespace: String
        var local: String
        /// Child node ids.
        var children: [Int] = []
        /// Whether values of this path are kept.
        var wanted = false
        /// Whether starts of this path are recorded (ordinals, for grouping).
        var watched = false
        /// Whether this node or one above it is watched: only then do values keep their ancestry.
        var grouped = false
    }

    /// Node 0 stands for the root element; every path hangs below it.
    private(set) var nodes: [Node] = [Node(namespace: "", local: "")]
    /// Path → node id, for the paths given (and their prefixes).
    private(set) var ids: [String: Int] = [:]

    /// Per node: `wantedFlag`, `watchedFlag`, `groupedFlag`.
    private(set) var flags: [UInt8] = []
    /// The distinct names of the nodes below the root, each once: a parse maps each of its element names to
    /// one of these (or to none) once, then compares small integers.
    private(set) var symbols: [XMLName: Int] = [:]
    /// Per symbol: whether some node of that name keeps its values (its text is then wanted).
    private(set) var symbolWanted: [Bool] = []
    /// The child of node `n` whose name is symbol `s`, or -1: `childTable[n * symbols.count + s]`.
    private(set) var childTable: [Int32] = []
    static let wantedFlag: UInt8 = 1
    static let watchedFlag: UInt8 = 2
    static let groupedFlag: UInt8 = 4

    init(wanted: some Sequence<String>, watched: some Sequence<String> = [String]()) {
        for p in wanted { nodes[insert(p)].wanted = true }
        for p in watched { nodes[insert(p)].watched = true }
        markGrouped(0, false)
        for n in nodes {
            flags.append(
                (n.wanted ? Self.wantedFlag : 0) | (n.watched ? Self.watchedFlag : 0) | (n.grouped ? Self.groupedFlag : 0))
        }
        var symbolOfNode = [Int](repeating: -1, count: nodes.count)
        for (k, n) in nodes.enumerated() where k > 0 {
            let name = XMLName(namespace: n.namespace, local: n.local)
            let s: Int
            if let known = symbols[name] {
                s = known
            } else {
                s = symbols.count
                symbols[name] = s
                symbolWanted.append(false)
            }
            symbolOfNode[k] = s
            if n.wanted { symbolWanted[s] = true }
        }
        childTable = [Int32](repeating: -1, count: nodes.count * symbols.count)
        for (k, n) in nodes.enumerated() {
            for c in n.children { childTable[k * symbols.count + symbolOfNode[c]] = Int32(c) }
        }
    }

    /// The child of `parent` whose name is `symbol` (an index of `symbols`), or nil when no path goes through it.
    @inline(__always)
    func child(of parent: Int, symbol: Int) -> Int? {
        let c = childTable[parent &* symbols.count &+ symbol]
        return c < 0 ? nil : Int(c)
    }

    private mutating func markGrouped(_ node: Int, _ above: Bool) {
        nodes[node].grouped = above || nodes[node].watched
        for c in nodes[node].children { markGrouped(c, nodes[node].grouped) }
    }

    /// A trie without paths (the root node only).
    static let empty = PathTrie(wanted: [String]())

    /// The node of `path` (nil when the trie does not hold it).
    func id(_ path: String) -> Int? { ids[path] }

    /// The child of `parent` named `name`, or nil when no path goes through it.
    @inline(__always)
    func child(of parent: Int, _ name: XMLName) -> Int? {
        for c in nodes[parent].children {
            let n = nodes[c]
            if n.local == name.local && n.namespace == name.namespace { return c }
        }
        return nil
    }

    /// Splits one step (`abbr:local`, `{uri}local`, `local`) into namespace URI and local name.
    static func name(ofStep step: Substring) -> XMLName {
        if step.first == "{", let close = step.firstIndex(of: "}") {
            return XMLName(namespace: String(step[step.index(after: step.startIndex)..<close]),
                local: String(step[step.index(after: close)...]))
        }
        if let colon = step.firstIndex(of: ":") {
            let abbr = String(step[..<colon])
            if let uri = abbreviations.first(where: { $0.value == abbr })?.key {
                return XMLName(namespace: uri, local: String(step[step.index(after: colon)...]))
            }
        }
        return XMLName(local: String(step))
    }

    private mutating func insert(_ path: String) -> Int {
        var node = 0
        var prefix = ""
        // Steps are split on "/" outside braces (a `{uri}` may hold slashes).
        var steps: [Substring] = []
        var start = path.startIndex
        var inBraces = false
        var i = path.startIndex
        while i < path.endIndex {
            let c = path[i]
            if c == "{" { inBraces = true } else if c == "}" { inBraces = false } else if c == "/" && !inBraces {
                steps.append(path[start..<i])
                start = path.index(after: i)
            }
            i = path.index(after: i)
        }
        steps.append(path[start...])
        for step in steps {
            prefix = prefix.isEmpty ? String(step) : prefix + "/" + step
            let name = Self.name(ofStep: step)
            if let c = child(of: node, name) {
                node = c
            } else {
                nodes.append(Node(namespace: name.namespace, local: name.local))
                nodes[node].children.append(nodes.count - 1)
                node = nodes.count - 1
            }
            ids[prefix] = node
        }
        return node
    }
}

/// A streaming handler (`XMLElementHandler`) that keeps the values of a fixed set of element paths, and
/// nothing else.
///
/// Paths are those of a `PathTrie`. When the reader first meets an element name, the collector maps it to
/// the trie's symbol of that name (or to none) and asks for its start and end, and for its text only when
/// some wanted path ends in that name; names the trie does not hold at all get their start only. Per
/// element, the collector then compares small integers (the child of the current trie node for that
/// symbol): no `String` is made and nothing is hashed. An element no wanted path goes through is skipped
/// with `XMLAttributeView.skipDescendants()`: the reader reports nothing inside it (invoice lines,
/// addresses, tax subtotals), though it still parses and checks all of it. A `String` is made only for
/// the values kept. Memory is bounded by the paths asked for (at most `maxValuesPerPath` values each, text
/// capped by the XML reader), whatever the file size.
final class PathCollector: XMLElementHandler {
    /// Values kept per path beyond which further occurrences are only counted.
    let maxValuesPerPath: Int
    private(set) var trie: PathTrie
    /// When set, the trie is chosen from the root element's name (`nil` refuses the root: the parse stops
    /// with `RootRefused` when the root starts).
    var trieForRoot: ((XMLName) -> PathTrie?)?
    /// The root element's name, once seen.
    private(set) var root: XMLName?

    /// Thrown by the collector when `trieForRoot` refuses the root element.
    struct RootRefused: Error {}

    /// Kept values by node id.
    private(set) var values: [[PathValue]]
    /// Occurrences seen per node (including those not kept).
    private(set) var counts: [Int]
    /// Ordinals of the starts of watched nodes, in document order, by node id.
    private(set) var starts: [[Int]]
    private(set) var rootLine: Int = 1

    private struct Open {
        var node: Int
        var line: Int
        var attributes: [XMLAttribute]
    }

    /// The open elements on a path (the root excluded): the top is at depth `stack.count + 1`.
    private var stack: [Open] = []
    /// The ordinal of every open element on the stack, in the same order.
    private var ordinals: [Int] = []
    private var ordinal = 0
    /// Per `XMLNameID` of this parse: the trie symbol of that name, or -1 when the trie has none.
    private var symbolOfName: [Int] = []
    /// Set when `trieForRoot` refused the root's name (thrown when the root starts).
    private var refused = false

    init(trie: PathTrie, maxValuesPerPath: Int = 1000) {
        self.trie = trie
        self.maxValuesPerPath = maxValuesPerPath
        values = Array(repeating: [], count: trie.nodes.count)
        counts = Array(repeating: 0, count: trie.nodes.count)
        starts = Array(repeating: [], count: trie.nodes.count)
        stack.reserveCapacity(16)
        ordinals.reserveCapacity(16)
        symbolOfName.reserveCapacity(64)
    }

    /// A collector for these paths (a trie built for this collector alone).
    convenience init(wanted: Set<String>, watchedStarts: Set<String> = [], maxValuesPerPath: Int = 1000) {
        self.init(trie: PathTrie(wanted: wanted, watched: watchedStarts), maxValuesPerPath: maxValuesPerPath)
    }

    func interest(in name: XMLName, id: XMLNameID) -> XMLElementInterest {
        // The root's name is the first one met (id 0): the trie is chosen before any other name is mapped.
        if id.rawValue == 0, root == nil {
            root = name
            if let trieForRoot {
                if let t = trieForRoot(name) {
                    trie = t
                    values = Array(repeating: [], count: t.nodes.count)
                    counts = Array(repeating: 0, count: t.nodes.count)
                    starts = Array(repeating: [], count: t.nodes.count)
                } else {
                    refused = true
                }
            }
        }
        let symbol = trie.symbols[name] ?? -1
        // Ids come in order of first sight; anything else would be a reader bug: map by index regardless.
        while symbolOfName.count <= id.rawValue { symbolOfName.append(-1) }
        symbolOfName[id.rawValue] = symbol
        // A name no path holds: its start only, to skip what is inside it.
        guard symbol >= 0 else { return .start }
        return trie.symbolWanted[symbol] ? .all : [.start, .end]
    }

    func startElement(_ id: XMLNameID, attributes: XMLAttributeView, depth: Int) throws {
        if depth == 1 {
            if refused { throw RootRefused() }
            rootLine = attributes.location.line
            return
        }
        // Only children of the top of the stack get here (everything else is inside a skipped element).
        let symbol = symbolOfName[id.rawValue]
        guard depth == stack.count + 2, symbol >= 0, let node = trie.child(of: stack.last?.node ?? 0, symbol: symbol)
        else {
            attributes.skipDescendants()
            return
        }
        ordinal += 1
        let flags = trie.flags[node]
        if flags & PathTrie.watchedFlag != 0 { starts[node].append(ordinal) }
        let keep = flags & PathTrie.wantedFlag != 0 && attributes.count > 0
        let line = flags & PathTrie.wantedFlag != 0 ? attributes.location.line : 0
        stack.append(Open(node: node, line: line, attributes: keep ? attributes.array : []))
        ordinals.append(ordinal)
    }

    func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) throws {
        // The root, or an element of a path's name met off every path (skipped): not on the stack.
        guard depth >= 2, depth == stack.count + 1, let open = stack.popLast() else { return }
        defer { ordinals.removeLast() }
        let flags = trie.flags[open.node]
        guard flags & PathTrie.wantedFlag != 0 else { return }
        counts[open.node] += 1
        guard values[open.node].count < maxValuesPerPath else { return }
        values[open.node].append(
            PathValue(
                text: Self.trimmed(text), attributes: open.attributes, line: open.line, byteCount: text.byteCount,
                ancestors: flags & PathTrie.groupedFlag != 0 ? ordinals : []))
    }

    /// The text without surrounding ASCII white space (`String.trimmingWhitespace()`'s set), nil when empty:
    /// the one `String` made per kept value.
    static func trimmed(_ text: XMLTextView) -> String? {
        text.withBytes { b -> String? in
            func ws(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C }
            var start = 0
            var end = b.count
            while start < end, ws(b[start]) { start += 1 }
            while end > start, ws(b[end - 1]) { end -= 1 }
            return start == end ? nil : String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
    }

    /// All kept values of a path, in document order (empty when absent).
    func all(_ path: String) -> [PathValue] { trie.id(path).map { values[$0] } ?? [] }

    /// The non-empty texts of a path, in document order.
    func texts(_ path: String) -> [String] { all(path).compactMap(\.text) }

    /// Ordinals of the starts of a watched path, in document order.
    func starts(_ path: String) -> [Int] { trie.id(path).map { starts[$0] } ?? [] }
}
