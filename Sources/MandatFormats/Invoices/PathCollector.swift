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

    /// The same facts as `nodes`, flat, for the per-element lookups (no `Node` copied, nothing retained per
    /// child): the children of node `n` are `kids[kidStart[n]..<kidStart[n + 1]]`.
    private(set) var kids: [Int] = []
    private(set) var kidStart: [Int] = []
    private(set) var locals: [String] = []
    private(set) var namespaces: [String] = []
    /// Per node: `wantedFlag`, `watchedFlag`, `groupedFlag`.
    private(set) var flags: [UInt8] = []
    static let wantedFlag: UInt8 = 1
    static let watchedFlag: UInt8 = 2
    static let groupedFlag: UInt8 = 4

    init(wanted: some Sequence<String>, watched: some Sequence<String> = [String]()) {
        for p in wanted { nodes[insert(p)].wanted = true }
        for p in watched { nodes[insert(p)].watched = true }
        markGrouped(0, false)
        for n in nodes {
            kidStart.append(kids.count)
            kids += n.children
            locals.append(n.local)
            namespaces.append(n.namespace)
            flags.append(
                (n.wanted ? Self.wantedFlag : 0) | (n.watched ? Self.watchedFlag : 0) | (n.grouped ? Self.groupedFlag : 0))
        }
        kidStart.append(kids.count)
    }

    /// The child of `parent` named `local` in `namespace`, or nil when no path goes through it.
    @inline(__always)
    func child(of parent: Int, local: String, namespace: String) -> Int? {
        var k = kidStart[parent]
        let end = kidStart[parent + 1]
        while k < end {
            let c = kids[k]
            if locals[c] == local && namespaces[c] == namespace { return c }
            k += 1
        }
        return nil
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

/// A streaming handler that keeps the values of a fixed set of element paths, and nothing else.
///
/// Paths are those of a `PathTrie`. Per element, the collector compares the element's name with the
/// children of the current trie node (no path `String` is built, nothing is hashed); an element no wanted
/// path goes through is skipped with its whole subtree by counting depth (invoice lines, addresses).
/// Memory is bounded by the paths asked for (at most `maxValuesPerPath` values each, text capped by the
/// XML reader), whatever the file size.
final class PathCollector: XMLFastStreamHandler {
    /// Values kept per path beyond which further occurrences are only counted.
    let maxValuesPerPath: Int
    private(set) var trie: PathTrie
    /// When set, the trie is chosen when the root element starts (`nil` refuses the root: the parse stops
    /// with `RootRefused`).
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
        var ordinal: Int
        var line: Int
        var attributes: [XMLAttribute]
    }

    private var stack: [Open] = []
    private var ordinals: [Int] = []
    /// Depth inside a skipped subtree (0: not skipping).
    private var skipping = 0
    private var ordinal = 0

    init(trie: PathTrie, maxValuesPerPath: Int = 1000) {
        self.trie = trie
        self.maxValuesPerPath = maxValuesPerPath
        values = Array(repeating: [], count: trie.nodes.count)
        counts = Array(repeating: 0, count: trie.nodes.count)
        starts = Array(repeating: [], count: trie.nodes.count)
        stack.reserveCapacity(16)
        ordinals.reserveCapacity(16)
    }

    /// A collector for these paths (a trie built for this collector alone).
    convenience init(wanted: Set<String>, watchedStarts: Set<String> = [], maxValuesPerPath: Int = 1000) {
        self.init(trie: PathTrie(wanted: wanted, watched: watchedStarts), maxValuesPerPath: maxValuesPerPath)
    }

    func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) throws {
        if skipping > 0 {
            skipping += 1
            return
        }
        if depth == 1 {
            rootLine = location.line
            root = name
            if let trieForRoot {
                guard let t = trieForRoot(name) else { throw RootRefused() }
                trie = t
                values = Array(repeating: [], count: t.nodes.count)
                counts = Array(repeating: 0, count: t.nodes.count)
                starts = Array(repeating: [], count: t.nodes.count)
            }
            return
        }
        guard let node = trie.child(of: stack.last?.node ?? 0, local: name.local, namespace: name.namespace) else {
            skipping = 1
            return
        }
        ordinal += 1
        let flags = trie.flags[node]
        if flags & PathTrie.watchedFlag != 0 { starts[node].append(ordinal) }
        let keep = flags & PathTrie.wantedFlag != 0 && attributes.count > 0
        stack.append(Open(node: node, ordinal: ordinal, line: location.line, attributes: keep ? attributes.array : []))
        ordinals.append(ordinal)
    }

    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {
        if skipping > 0 {
            skipping -= 1
            return
        }
        guard depth > 1, let open = stack.popLast() else { return }
        defer { ordinals.removeLast() }
        let flags = trie.flags[open.node]
        guard flags & PathTrie.wantedFlag != 0 else { return }
        counts[open.node] += 1
        guard values[open.node].count < maxValuesPerPath else { return }
        values[open.node].append(
            PathValue(
                text: text.trimmed, attributes: open.attributes, line: open.line, byteCount: text.byteCount,
                ancestors: flags & PathTrie.groupedFlag != 0 ? ordinals : []))
    }

    /// All kept values of a path, in document order (empty when absent).
    func all(_ path: String) -> [PathValue] { trie.id(path).map { values[$0] } ?? [] }

    /// The non-empty texts of a path, in document order.
    func texts(_ path: String) -> [String] { all(path).compactMap(\.text) }

    /// Ordinals of the starts of a watched path, in document order.
    func starts(_ path: String) -> [Int] { trie.id(path).map { starts[$0] } ?? [] }
}
