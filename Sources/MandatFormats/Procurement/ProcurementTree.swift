import Foundation
import MandatCore
import MandatXML

/// A small element tree of one XML subtree (a DECP `marche`, or a whole notice), built from the streaming
/// reader so that readers can look fields up by path. Value type; names compared by local name only (the
/// document's kind was already decided from the root's namespace).
struct XNode: Sendable {
    var name: XMLName
    var attributes: [XMLAttribute]
    var children: [XNode]
    /// Direct text (text and CDATA children, comments excluded), untrimmed.
    var text: String
    var line: Int

    var local: String { name.local }

    /// The direct text with surrounding white space removed, or nil when that leaves nothing (EXPECTED.md
    /// text rule). For leaf elements this is the descendant text.
    var value: String? {
        let t = text.trimmingWhitespace()
        return t.isEmpty ? nil : t
    }

    /// The attribute `local` (no namespace), or nil.
    func attribute(_ local: String) -> String? {
        attributes.first { $0.name.local == local && $0.name.namespace.isEmpty }?.value
    }

    /// Direct children named `local`.
    func children(_ local: String) -> [XNode] { children.filter { $0.local == local } }

    /// First direct child named `local`.
    func child(_ local: String) -> XNode? { children.first { $0.local == local } }

    /// Every node reached by the slash-separated path of local names from this node (children first, in
    /// document order).
    func all(_ path: String) -> [XNode] {
        var level = [self]
        for step in path.split(separator: "/") {
            level = level.flatMap { $0.children(String(step)) }
            if level.isEmpty { break }
        }
        return level
    }

    /// First node at `path`.
    func first(_ path: String) -> XNode? { all(path).first }

    /// Trimmed text of the first node at `path` that has some, or nil.
    func text(_ path: String) -> String? { all(path).lazy.compactMap(\.value).first }

    /// Every descendant (depth first, document order) named `local`.
    func descendants(_ local: String) -> [XNode] {
        var out: [XNode] = []
        func walk(_ n: XNode) {
            for c in n.children {
                if c.local == local { out.append(c) }
                walk(c)
            }
        }
        walk(self)
        return out
    }
}

/// Collects subtrees while streaming: every element at `depth` whose local name passes `accept` is built
/// as an `XNode` and handed to `onSubtree` at its end, then dropped, so memory is bounded by one subtree
/// (itself capped at `maxNodes` elements).
final class SubtreeCollector: XMLStreamHandler {
    let depth: Int
    let accept: (XMLName) -> Bool
    let onSubtree: (XNode) throws -> Void
    let maxNodes: Int
    let file: String
    private var stack: [XNode] = []
    private var nodes = 0
    /// Local names of the elements outside the collected subtrees, seen at `depth` (for notes).
    private(set) var skipped: [String: Int] = [:]

    init(
        depth: Int, file: String, maxNodes: Int = 200_000, accept: @escaping (XMLName) -> Bool,
        onSubtree: @escaping (XNode) throws -> Void
    ) {
        self.depth = depth
        self.file = file
        self.maxNodes = maxNodes
        self.accept = accept
        self.onSubtree = onSubtree
    }

    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth d: Int, location: XMLLocation) throws {
        if stack.isEmpty {
            guard d == depth else { return }
            guard accept(name) else {
                skipped[name.local, default: 0] += 1
                return
            }
            nodes = 0
        }
        nodes += 1
        if nodes > maxNodes {
            throw XMLReadError(
                code: .content, message: "element <\(name.local)> has more than \(maxNodes) descendants: refused",
                file: file, line: location.line, column: location.column)
        }
        stack.append(XNode(name: name, attributes: attributes, children: [], text: "", line: location.line))
    }

    func endElement(_ name: XMLName, text: XMLText, depth d: Int, location: XMLLocation) throws {
        guard !stack.isEmpty, d >= depth else { return }
        var node = stack.removeLast()
        node.text = text.value
        if stack.isEmpty {
            try onSubtree(node)
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }
}

/// Value parsing shared by the procurement readers: each bad value gives nil plus a note naming the file,
/// line and element (EXPECTED.md: unreadable → null with the reason in `notes`).
struct ProcurementValues {
    let file: String
    var notes: [String] = []

    mutating func date(_ node: XNode?) -> CivilDate? {
        guard let node, let t = node.value else { return nil }
        if let d = CivilDate(iso: t) { return d }
        notes.append("\(file):\(node.line): <\(node.local)> '\(t)' is not a valid date")
        return nil
    }

    mutating func amount(_ node: XNode?) -> Decimal? {
        guard let node, let t = node.value else { return nil }
        if let d = Money.parse(t) { return d }
        notes.append(
            "\(file):\(node.line): <\(node.local)> '\(t)' "
                + (Money.digitsBeyondRange(t).map { "is a valid decimal but " + Money.outOfRange(digits: $0) }
                    ?? "is not a decimal amount"))
        return nil
    }

    mutating func int(_ node: XNode?) -> Int? {
        guard let node, let t = node.value else { return nil }
        if !t.isEmpty, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), t.utf8.count <= 9, let i = Int(t) { return i }
        notes.append("\(file):\(node.line): <\(node.local)> '\(t)' is not a whole number")
        return nil
    }
}
