import Foundation
import Yams

/// Checks a YAML configuration file against the keys Mandat knows, before it is decoded, and turns decoding
/// errors into a message naming the key path and the line.
///
/// A misspelt key (`contractualDelay` for `contractualDelayDays`) would otherwise be ignored silently and change
/// the law's results (a buyer's delay); an unknown key is therefore an error naming the file, the line and the
/// column, with the keys allowed at that place. Keys are those of `MandatConfiguration` and the `desk:` key of
/// `DeskSettings` (docs/configuration.md, docs/desk.md).
public enum ConfigurationCheck {
    /// The allowed keys at one level: a key with a nested schema is a mapping (or a list of mappings).
    public indirect enum Schema: Sendable {
        /// A scalar or a list of scalars: no keys below.
        case leaf
        /// A mapping with these keys.
        case mapping([String: Schema])
        /// A list whose items are mappings with these keys.
        case list([String: Schema])

        var keys: [String: Schema]? {
            switch self {
            case .leaf: return nil
            case .mapping(let k), .list(let k): return k
            }
        }
    }

    static func leaves(_ names: [String]) -> [String: Schema] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, Schema.leaf) })
    }

    /// Keys of `MandatConfiguration.Buyer`.
    public static let buyerKeys = [
        "siret", "name", "category", "contractualDelayDays", "comptableShareDays", "comptablePost", "comptableOffice",
    ]
    /// Keys of `MandatConfiguration.Person`.
    public static let personKeys = ["name", "role", "email", "buyers", "contracts"]
    /// Keys of `MandatConfiguration.Thresholds`.
    public static let thresholdKeys = ["mandatedNotReceivedDays", "staleDays", "staleInputDays"]
    /// Keys of `MandatConfiguration.Rate`.
    public static let rateKeys = ["from", "rate", "source"]
    /// Keys of `DeskSettings` (under `desk:`).
    public static let deskKeys = [
        "atRiskDaysLate", "oftenDisputingCount", "newBuyerPaidDossiers", "largeAccountAmount", "longCircuitDays",
        "largeReceivableAmount", "reminderDaysBefore", "ladderDays", "horizonDays",
    ]
    /// Top-level keys.
    public static let topKeys = [
        "buyers", "people", "thresholds", "ecbRates", "financingRatePercent", "mailFrom", "desk",
    ]

    /// The whole file's schema.
    public static let schema: Schema = .mapping([
        "buyers": .list(leaves(buyerKeys)),
        "people": .list(leaves(personKeys)),
        "thresholds": .mapping(leaves(thresholdKeys)),
        "ecbRates": .list(leaves(rateKeys)),
        "financingRatePercent": .leaf,
        "mailFrom": .leaf,
        "desk": .mapping(leaves(deskKeys)),
    ])

    /// A problem found in the file: 1-based line and column (0 when unknown), and what is wrong (French).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { line > 0 ? "ligne \(line), colonne \(column) : \(message)" : message }
    }

    /// The first unknown key in the YAML text, or nil when every key is known (or the text is not YAML: the
    /// decoder then reports the syntax error with its line).
    public static func unknownKey(in text: String) -> Problem? {
        guard let node = try? Yams.compose(yaml: text) else { return nil }
        return check(node, schema, path: "")
    }

    static func check(_ node: Node, _ schema: Schema, path: String) -> Problem? {
        guard let keys = schema.keys else { return nil }
        switch (schema, node) {
        case (.mapping, .mapping(let m)):
            return checkMapping(m, keys, path: path)
        case (.list, .sequence(let s)):
            for (i, item) in s.enumerated() {
                if case .mapping(let m) = item, let p = checkMapping(m, keys, path: "\(path)[\(i)]") { return p }
            }
            return nil
        default:
            // A wrong shape (a list where a mapping is expected…) is reported by the decoder.
            return nil
        }
    }

    static func checkMapping(_ m: Node.Mapping, _ keys: [String: Schema], path: String) -> Problem? {
        for (k, v) in m {
            let name = k.string ?? "\(k)"
            guard let sub = keys[name] else {
                let place = path.isEmpty ? "au premier niveau" : "dans \(path)"
                return Problem(
                    line: k.mark?.line ?? 0, column: k.mark?.column ?? 0,
                    message: "clé inconnue « \(name) » \(place) (clés connues : \(keys.keys.sorted().joined(separator: ", ")))")
            }
            if let p = check(v, sub, path: path.isEmpty ? name : "\(path).\(name)") { return p }
        }
        return nil
    }

    /// A decoding error as a French sentence naming the key path (`buyers[1].category`) and, when it can be
    /// found in `text`, the line and column of the value.
    public static func describe(_ error: any Error, text: String) -> Problem {
        guard let d = error as? DecodingError else {
            // Yams' own errors (bad YAML) already carry the line and column in their description.
            return Problem(line: 0, column: 0, message: "YAML invalide : \(error)")
        }
        let context: DecodingError.Context
        let what: String
        switch d {
        case .typeMismatch(let type, let c):
            context = c
            what = "valeur du mauvais type (attendu : \(typeName(type)))"
        case .valueNotFound(let type, let c):
            context = c
            what = "valeur manquante (attendu : \(typeName(type)))"
        case .keyNotFound(let key, let c):
            context = c
            what = "clé obligatoire « \(key.stringValue) » absente"
        case .dataCorrupted(let c):
            context = c
            what = "valeur invalide (\(c.debugDescription))"
        @unknown default:
            return Problem(line: 0, column: 0, message: "\(error)")
        }
        let path = pathString(context.codingPath)
        let mark = (try? Yams.compose(yaml: text)).flatMap { $0.flatMap { locate($0, context.codingPath) } }
        return Problem(
            line: mark?.line ?? 0, column: mark?.column ?? 0,
            message: path.isEmpty ? what : "\(path) : \(what)")
    }

    static func typeName(_ t: Any.Type) -> String {
        switch t {
        case is String.Type: return "texte"
        case is Int.Type: return "nombre entier"
        case is [String].Type: return "liste de textes"
        case is [Int].Type: return "liste de nombres entiers"
        default: return "\(t)"
        }
    }

    static func pathString(_ path: [any CodingKey]) -> String {
        var s = ""
        for k in path {
            if let i = k.intValue { s += "[\(i)]" } else { s += s.isEmpty ? k.stringValue : "." + k.stringValue }
        }
        return s
    }

    static func locate(_ node: Node, _ path: [any CodingKey]) -> Mark? {
        var current = node
        for k in path {
            if let i = k.intValue, case .sequence(let s) = current, i < s.count {
                current = s[s.index(s.startIndex, offsetBy: i)]
            } else if case .mapping(let m) = current, let v = m[k.stringValue] {
                current = v
            } else {
                break
            }
        }
        return current.mark
    }
}
