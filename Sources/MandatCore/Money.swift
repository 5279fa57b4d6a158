import Foundation

/// Strict decimal amounts: parsing as `xs:decimal`, printing in the normalised form, rounding to the cent.
///
/// Money in Mandat is always `Decimal` (euros unless a currency says otherwise), never `Double`.
public enum Money {
    /// Parses an `xs:decimal`: optional sign, digits, optional point and digits (`+.5`, `-782179.43`, `1000`).
    /// Exponents, thousands separators, decimal commas and blanks inside are refused (returns nil).
    /// Surrounding white space is ignored.
    public static func parse(_ text: String) -> Decimal? {
        var text = text
        if let d = text.withUTF8({ fastParse($0) }) { return d }
        return slowParse(text)
    }

    /// The POSIX locale, made once (making a `Locale` on every call was a large share of the time).
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The common case without Foundation's parser: no white space, at most 18 digits, not zero. Builds the
    /// same `Decimal` as `Decimal(string:)` (which keeps the value compact: trailing zeros of the mantissa
    /// moved into the exponent), or returns nil and leaves the text to `slowParse`.
    static func fastParse(_ b: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var k = 0
        var negative = false
        if k < b.count, b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") {
            negative = b[k] == UInt8(ascii: "-")
            k += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var seenPoint = false
        while k < b.count {
            let c = b[k]
            if c &- UInt8(ascii: "0") < 10 {
                digits += 1
                if digits > 18 { return nil }
                mantissa = mantissa &* 10 &+ UInt64(c &- UInt8(ascii: "0"))
                if seenPoint { fraction += 1 }
            } else if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            k += 1
        }
        guard mantissa != 0 else { return nil }  // zero, "-0", "0.000", no digit: left to Foundation
        var exponent = -fraction
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
    }

    /// The general case: trims white space, checks the `xs:decimal` shape, then Foundation's parser.
    static func slowParse(_ text: String) -> Decimal? {
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
        return Decimal(string: s, locale: posix)
    }

    /// Plain notation with at least two decimals; trailing zeros past the second decimal removed;
    /// negative zero printed `0.00` (EXPECTED.md normalisation: `1436.5` → `1436.50`, `3245.681450` → `3245.68145`).
    ///
    /// Works on the bytes of `Decimal.description` (plain digits, `-`, `.`), which is what
    /// `NSDecimalNumber.description(withLocale: en_US_POSIX)` printed before, without the bridging and the locale.
    public static func normalized(_ value: Decimal) -> String {
        if value.isZero { return "0.00" }
        let text = value.description
        var result: String?
        var copy = text
        copy.withUTF8 { b in
            var start = 0
            let negative = b.first == UInt8(ascii: "-")
            if negative { start = 1 }
            var dot = b.count
            for k in start..<b.count {
                let c = b[k]
                if c == UInt8(ascii: ".") {
                    dot = k
                    break
                }
                if c &- UInt8(ascii: "0") >= 10 { return }  // "NaN", an exponent…: the general path below
            }
            var intStart = start
            while dot - intStart > 1, b[intStart] == UInt8(ascii: "0") { intStart += 1 }
            var fracEnd = b.count
            let fracStart = min(dot + 1, b.count)
            for k in fracStart..<b.count where b[k] &- UInt8(ascii: "0") >= 10 { return }
            while fracEnd - fracStart > 2, b[fracEnd - 1] == UInt8(ascii: "0") { fracEnd -= 1 }
            var out: [UInt8] = []
            out.reserveCapacity(b.count + 4)
            if negative { out.append(UInt8(ascii: "-")) }
            if dot == intStart {
                out.append(UInt8(ascii: "0"))
            } else {
                out.append(contentsOf: b[intStart..<dot])
            }
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: b[fracStart..<fracEnd])
            for _ in 0..<max(0, 2 - (fracEnd - fracStart)) { out.append(UInt8(ascii: "0")) }
            result = String(decoding: out, as: UTF8.self)
        }
        return result ?? generalNormalized(text)
    }

    /// The normalisation on any text `Decimal.description` may give (kept for what the byte path does not
    /// take, such as `NaN`).
    static func generalNormalized(_ text: String) -> String {
        var s = text
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
