import Foundation

/// Strict decimal amounts: parsing as `xs:decimal`, printing in the normalised form, rounding to the cent.
///
/// Money in Mandat is always `Decimal` (euros unless a currency says otherwise), never `Double`.
public enum Money {
    /// Parses an `xs:decimal`: optional sign, digits, optional point and digits (`+.5`, `-782179.43`, `1000`).
    /// Exponents, thousands separators, decimal commas and blanks inside are refused (returns nil).
    /// Surrounding white space is ignored.
    public static func parse(_ text: String) -> Decimal? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var digits = 0
        var seenPoint = false
        for (i, ch) in t.utf8.enumerated() {
            switch ch {
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                if i != 0 { return nil }
            case UInt8(ascii: "."):
                if seenPoint { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
            default:
                return nil
            }
        }
        guard digits > 0, digits <= 34 else { return nil }
        var s = t
        if s.hasPrefix("+") { s.removeFirst() }
        if s.hasPrefix(".") { s = "0" + s }
        if s.hasPrefix("-.") { s = "-0" + s.dropFirst() }
        return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Plain notation with at least two decimals; trailing zeros past the second decimal removed;
    /// negative zero printed `0.00` (EXPECTED.md normalisation: `1436.5` → `1436.50`, `3245.681450` → `3245.68145`).
    public static func normalized(_ value: Decimal) -> String {
        if value.isZero { return "0.00" }
        var s = NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if s.contains("e") || s.contains("E") {
            s = String(describing: value)
        }
        var negative = false
        if s.hasPrefix("-") {
            negative = true
            s.removeFirst()
        }
        var intPart = s
        var frac = ""
        if let dot = s.firstIndex(of: ".") {
            intPart = String(s[..<dot])
            frac = String(s[s.index(after: dot)...])
        }
        while intPart.count > 1 && intPart.hasPrefix("0") { intPart.removeFirst() }
        if intPart.isEmpty { intPart = "0" }
        while frac.count > 2 && frac.hasSuffix("0") { frac.removeLast() }
        while frac.count < 2 { frac += "0" }
        return (negative ? "-" : "") + intPart + "." + frac
    }

    /// Rounds to `scale` decimals, half away from zero ("arrondi commercial": 0.005 → 0.01).
    public static func rounded(_ value: Decimal, scale: Int = 2) -> Decimal {
        var v = value
        var r = Decimal()
        NSDecimalRound(&r, &v, scale, .plain)
        return r
    }

    /// French display: `12 000,00 €` (narrow no-break space U+202F as thousands separator, comma decimal).
    public static func french(_ value: Decimal, currency: String? = "EUR") -> String {
        let n = normalized(rounded(value, scale: 2))
        var negative = false
        var s = Substring(n)
        if s.hasPrefix("-") {
            negative = true
            s = s.dropFirst()
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let intDigits = Array(parts[0])
        var grouped = ""
        for (i, c) in intDigits.enumerated() {
            if i > 0 && (intDigits.count - i) % 3 == 0 { grouped += "\u{202F}" }
            grouped.append(c)
        }
        let frac = parts.count > 1 ? String(parts[1].prefix(2)) : "00"
        let number = (negative ? "-" : "") + grouped + "," + frac
        switch currency {
        case nil: return number
        case "EUR"?: return number + "\u{00A0}€"
        case let c?: return number + "\u{00A0}" + c
        }
    }

    /// English display: `12,000.00 EUR`.
    public static func english(_ value: Decimal, currency: String? = "EUR") -> String {
        let n = normalized(rounded(value, scale: 2))
        var negative = false
        var s = Substring(n)
        if s.hasPrefix("-") {
            negative = true
            s = s.dropFirst()
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let intDigits = Array(parts[0])
        var grouped = ""
        for (i, c) in intDigits.enumerated() {
            if i > 0 && (intDigits.count - i) % 3 == 0 { grouped += "," }
            grouped.append(c)
        }
        let number = (negative ? "-" : "") + grouped + "." + String(parts[1].prefix(2))
        return currency.map { number + " " + $0 } ?? number
    }
}
