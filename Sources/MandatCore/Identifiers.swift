import Foundation

/// An identifier as written in a file, with its scheme when one is given (`{"id", "scheme"}` in JSON).
public struct SchemedID: Hashable, Codable, Sendable {
    public var id: String
    public var scheme: String?
    public init(id: String, scheme: String?) {
        self.id = id
        self.scheme = scheme
    }
}

/// A French company identifier: SIREN (9 digits, the legal unit) or SIRET (14 digits, an establishment).
///
/// Told apart by length, never by scheme id (which varies across files). Spaces, dots and dashes are
/// removed before checking. The check digit is the Luhn key (INSEE; La Poste's SIRETs, SIREN 356000000,
/// use a digit-sum rule instead, accepted here).
public struct CompanyID: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable { case siren, siret }
    /// The digits only.
    public let digits: String
    public let kind: Kind

    /// Creates a SIREN or SIRET from text, or returns nil when it is not 9 or 14 digits after removing
    /// spaces, dots and dashes. The check digit is not required here: see `hasValidKey`.
    public init?(_ text: String) {
        // Already 9 or 14 ASCII digits (the usual case): nothing to remove, same result without the filtering.
        let n = text.utf8.count
        if n == 9 || n == 14, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            kind = n == 9 ? .siren : .siret
            digits = text
            return
        }
        let cleaned = text.filter { !" .-\u{00A0}\u{202F}\t".contains($0) }
        guard cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch cleaned.count {
        case 9: kind = .siren
        case 14: kind = .siret
        default: return nil
        }
        digits = cleaned
    }

    /// Why `text` cannot filter dossiers by buyer (`mandat status --buyer`, the web board's and the API's
    /// `buyer=`), in words for a person (French by default), or nil when it can: a SIRET (14 digits) or a SIREN
    /// (9 digits, every SIRET of the company), spaces, dots and dashes allowed, with a right check digit. One rule
    /// for the command line and the web, so that a mistyped number is refused everywhere instead of listing no
    /// dossier, silently.
    public static func buyerFilterProblem(_ text: String, french: Bool = true) -> String? {
        guard let id = CompanyID(text) else {
            return french
                ? "« \(text) » n'est ni un SIRET (14 chiffres) ni un SIREN (9 chiffres)"
                : "'\(text)' is neither a SIRET (14 digits) nor a SIREN (9 digits)"
        }
        guard id.hasValidKey else {
            return french
                ? "« \(text) » : clé de contrôle fausse (algorithme de Luhn) ; vérifiez le numéro"
                : "'\(text)': wrong check digit (Luhn algorithm); check the number"
        }
        return nil
    }

    /// The SIREN part (first 9 digits).
    public var siren: String { String(digits.prefix(9)) }

    /// Whether the Luhn key is right (INSEE rule for SIREN and SIRET; La Poste SIRETs use a sum-of-digits
    /// multiple of 5).
    public var hasValidKey: Bool {
        if kind == .siret && digits.hasPrefix("356000000") {
            return digits.reduce(0) { $0 + Int(String($1))! } % 5 == 0
        }
        return CompanyID.luhn(digits)
    }

    /// The Luhn check over a string of digits.
    public static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (i, ch) in digits.reversed().enumerated() {
            guard var d = ch.wholeNumberValue else { return false }
            if i % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return sum % 10 == 0
    }

    public var description: String { digits }
}
