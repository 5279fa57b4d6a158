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
        if let d = text.withUTF8({ parsePlain(utf8: $0) }) { return d }
        return slowParse(text)
    }

    /// `parse(_:)` on UTF-8 bytes (an XML attribute or text seen in place): no `String` is made in the common
    /// case (a plain amount of at most 18 digits); the same result as `parse(String(decoding: bytes, as: UTF8.self))`.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        parsePlain(utf8: bytes) ?? slowParse(String(decoding: bytes, as: UTF8.self))
    }

    /// The POSIX locale, made once (making a `Locale` on every call was a large share of the time).
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The common case without Foundation's parser: no white space, at most 18 digits, not zero. Builds the
    /// same `Decimal` as `Decimal(string:)` (which keeps the value compact: trailing zeros of the mantissa
    /// moved into the exponent), or returns nil and leaves the text to `slowParse`.
    public static func parsePlain(utf8 b: UnsafeBufferPointer<UInt8>) -> Decimal? {
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

    /// The most digits `parse` reads in one amount, integer and fraction digits together (leading and trailing
    /// zeros count): 34, the precision of an IEEE 754 decimal128. Every amount read is then below 10^34 in
    /// magnitude and is kept exactly by `Decimal` (a 38-digit mantissa), with room left for sums and interest; no
    /// real amount comes near (the French State's yearly budget, in cents, has 14 digits). A longer `xs:decimal`
    /// is valid XML but refused: `digitsBeyondRange` tells the readers so, for their note.
    public static let maxDigits = 34

    /// The number of digits of `text` (white space around ignored) when it is a valid `xs:decimal` that `parse`
    /// refuses only for having more than `maxDigits` digits; nil when it is not an `xs:decimal` at all, or when it
    /// has at most `maxDigits` digits. (`123456789012345678901234567890.12345`: 35.)
    public static func digitsBeyondRange(_ text: String) -> Int? {
        guard let digits = xsDecimalDigits(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return digits > maxDigits ? digits : nil
    }

    /// The number of digits of `t` (already trimmed) when it has the `xs:decimal` shape (an optional sign first,
    /// digits, at most one point), nil otherwise; 0 for a sign or point alone.
    private static func xsDecimalDigits(_ t: String) -> Int? {
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
        return digits
    }

    /// The words of a reader's note for an amount of `digits` digits, more than `maxDigits`: `out of range (35
    /// digits, Mandat reads at most 34)`.
    public static func outOfRange(digits: Int) -> String {
        "out of range (\(digits) digits, Mandat reads at most \(maxDigits))"
    }

    /// The general case: trims white space, checks the `xs:decimal` shape, then Foundation's parser.
    static func slowParse(_ text: String) -> Decimal? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let digits = xsDecimalDigits(t), digits > 0, digits <= maxDigits else { return nil }
        var s = t
        if s.hasPrefix("+") { s.removeFirst() }
        if s.hasPrefix(".") { s = "0" + s }
        if s.hasPrefix("-.") { s = "-0" + s.dropFirst() }
        return Decimal(string: s, locale: posix)
    }

    /// Plain notation with at least two decimals; trailing zeros past the second decimal removed;
    /// negative zero printed `0.00` (EXPECTED.md normalisation: `1436.5` → `1436.50`, `3245.681450` → `3245.68145`).
    ///
    /// Made from the `Decimal`'s own mantissa and exponent when its memory layout is the one checked at start
    /// (`DecimalParts`), else from the bytes of `Decimal.description` (plain digits, `-`, `.`), which is what
    /// `NSDecimalNumber.description(withLocale: en_US_POSIX)` printed before, without the bridging and the locale.
    /// A rate or other plain number for a French reader: `normalized` with a decimal comma (`10.15` → `10,15`);
    /// no grouping, no currency.
    public static func frenchDecimal(_ value: Decimal) -> String {
        String(normalized(value).map { $0 == "." ? "," : $0 })
    }

    public static func normalized(_ value: Decimal) -> String {
        if value.isZero { return "0.00" }
        if let parts = DecimalParts(value) { return parts.normalized }
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

    /// Money as the JSON outputs write it (web API, `digest --format json`): rounded half-up to the cent, then
    /// exactly two decimals, no grouping, no currency (`3245.68145` → `3245.68`, `80964` → `80964.00`, `-0.004` →
    /// `0.00`).
    public static func cents(_ value: Decimal) -> String { normalized(rounded(value, scale: 2)) }

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

/// A finite `Decimal` read as sign, 128-bit mantissa and power of ten, for printing without Foundation's
/// formatting (`Money.normalized`).
///
/// Foundation does not make these public, so they are read from the value's memory: byte 0 is the exponent
/// (`Int8`), byte 1 holds the length in 16-bit words (high four bits), the sign (0x08) and the compact flag
/// (0x04), bytes 4–19 the mantissa as eight little-endian 16-bit words. That layout is checked once on known
/// values (`layoutHolds`); when it does not hold, or for NaN, `init` returns nil and the caller prints from
/// `Decimal.description` instead.
struct DecimalParts {
    var negative: Bool
    /// The mantissa's 16-bit words, least significant first (at most eight).
    var words: [UInt16]
    var exponent: Int

    /// Whether the layout described above is the one of this Foundation (checked on -123.45 and 7 × 10²⁰).
    static let layoutHolds: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let a = Decimal(sign: .minus, exponent: -2, significand: Decimal(12345))
        let b = Decimal(sign: .plus, exponent: 20, significand: Decimal(7))
        guard let pa = DecimalParts(unchecked: a), let pb = DecimalParts(unchecked: b) else { return false }
        return pa.negative && pa.digits == "12345" && pa.exponent == -2 && !pb.negative && pb.digits == "7"
            && pb.exponent == 20 && a.description == "-123.45"
    }()

    init?(_ value: Decimal) {
        guard Self.layoutHolds else { return nil }
        self.init(unchecked: value)
    }

    private init?(unchecked value: Decimal) {
        guard !value.isNaN else { return nil }
        var parts: (negative: Bool, words: [UInt16], exponent: Int)?
        withUnsafeBytes(of: value) { raw in
            guard raw.count == 20 else { return }
            let flags = raw[1]
            let length = Int(flags >> 4)
            guard length <= 8 else { return }
            var words: [UInt16] = []
            for w in 0..<length {
                let low = UInt16(raw[4 + 2 * w])
                let high = UInt16(raw[5 + 2 * w])
                words.append(low | high << 8)
            }
            parts = (flags & 0x08 != 0, words, Int(Int8(bitPattern: raw[0])))
        }
        guard let parts else { return nil }
        negative = parts.negative
        words = parts.words
        exponent = parts.exponent
    }

    /// The mantissa in decimal digits ("0" for zero): one `UInt64` when it fits, else repeated division of
    /// the words by 10 000.
    var digits: String {
        if words.count <= 4 {
            return String(words.reversed().reduce(UInt64(0)) { $0 << 16 | UInt64($1) })
        }
        var rest = words.map(UInt32.init)
        var groups: [UInt32] = []  // base 10 000, least significant first
        while rest.contains(where: { $0 != 0 }) {
            var remainder: UInt32 = 0
            for k in stride(from: rest.count - 1, through: 0, by: -1) {
                let current = remainder << 16 | rest[k]
                rest[k] = current / 10_000
                remainder = current % 10_000
            }
            groups.append(remainder)
        }
        guard let top = groups.last else { return "0" }
        var text = String(top)
        for g in groups.dropLast().reversed() {
            let part = String(g)
            text += String(repeating: "0", count: 4 - part.count) + part
        }
        return text
    }

    /// The `Money.normalized` form: plain notation, at least two decimals, no trailing zero past the second.
    var normalized: String {
        var digits = Array(self.digits.utf8)
        if digits == [UInt8(ascii: "0")] { return "0.00" }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + max(0, exponent) + 4)
        if negative { out.append(UInt8(ascii: "-")) }
        if exponent >= 0 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
            out.append(contentsOf: Array(".00".utf8))
        } else {
            let fractionCount = -exponent
            if digits.count <= fractionCount {
                digits.insert(
                    contentsOf: repeatElement(UInt8(ascii: "0"), count: fractionCount - digits.count + 1), at: 0)
            }
            let point = digits.count - fractionCount
            var end = digits.count
            while end - point > 2, digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
            out.append(contentsOf: digits[..<point])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[point..<end])
            for _ in 0..<max(0, 2 - (end - point)) { out.append(UInt8(ascii: "0")) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
