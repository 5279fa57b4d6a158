import Foundation
import Testing

@testable import MandatCore

/// `Money.parse` and `Money.normalized` pinned on tricky values: the fast paths (no Foundation parser, no
/// `NSDecimalNumber`) must give what the Foundation-based code gave.
@Suite("Money parsing and normalisation")
struct MoneyTests {
    static let posix = Locale(identifier: "en_US_POSIX")

    /// Text → normalised form, worked out by hand.
    static let normalisedCases: [(String, String)] = [
        ("0", "0.00"),
        ("-0", "0.00"),  // negative zero prints 0.00
        ("-0.00", "0.00"),
        ("0.000", "0.00"),
        ("-0.50", "-0.50"),
        ("+.5", "0.50"),
        ("5.", "5.00"),
        ("1.50", "1.50"),
        ("1000", "1000.00"),
        ("100.00", "100.00"),
        ("00012.3400", "12.34"),  // leading zeros go, trailing zeros past the second decimal go
        ("3245.681450", "3245.68145"),
        ("-782179.43", "-782179.43"),
        ("0.001", "0.001"),
        (" 12.5\n", "12.50"),  // surrounding white space is ignored
        ("123456789012345678", "123456789012345678.00"),  // 18 digits: the fast path's largest
        ("1234567890123456789", "1234567890123456789.00"),  // 19 digits: Foundation's parser
        ("123456789012345678901234567890.1234", "123456789012345678901234567890.1234"),  // 34 digits
        ("-99999999999999999.999", "-99999999999999999.999"),
    ]

    @Test(arguments: normalisedCases)
    func parsesAndNormalises(_ text: String, _ want: String) throws {
        let d = try #require(Money.parse(text))
        #expect(Money.normalized(d) == want)
    }

    @Test(arguments: ["1e3", "1,5", "1 000", "", ".", "-", "+-1", "1.2.3", "12345678901234567890123456789012345", "١٢"])
    func refusesWhatIsNotAnXSDecimal(_ text: String) {
        #expect(Money.parse(text) == nil)
    }

    /// The fast parser builds the same `Decimal` as Foundation's: same value and same description, so the
    /// same compact form (`1.50` is kept as 15 × 10⁻¹ and prints `1.5`).
    @Test(arguments: ["1.50", "1000", "100.00", "00012.3400", "-782179.43", "0.1", "10", "+7.250", "-.5", "999999999999999999"])
    func buildsTheDecimalFoundationBuilds(_ text: String) throws {
        let ours = try #require(Money.parse(text))
        var foundationText = text
        if foundationText.hasPrefix("+") { foundationText.removeFirst() }
        if foundationText.hasPrefix("-.") { foundationText = "-0" + foundationText.dropFirst() }
        let theirs = try #require(Decimal(string: foundationText, locale: Self.posix))
        #expect(ours == theirs)
        #expect(ours.description == theirs.description)
        #expect(ours.exponent == theirs.exponent)
    }

    @Test func compactFormIsKept() throws {
        // 1.50 → 15 × 10⁻¹ (Foundation's compact form): description "1.5", exponent -1.
        let d = try #require(Money.parse("1.50"))
        #expect(d.description == "1.5")
        #expect(d.exponent == -1)
    }

    @Test func normalisesComputedValues() throws {
        let a = try #require(Money.parse("0.1"))
        let b = try #require(Money.parse("0.2"))
        // 0.1 + 0.2 = 0.3 exactly in decimal.
        #expect(Money.normalized(a + b) == "0.30")
        // -1234.5 × 1000 = -1234500.
        #expect(Money.normalized(try #require(Money.parse("-1234.5")) * 1000) == "-1234500.00")
        // -5 × 10⁻³ = -0.005.
        #expect(Money.normalized(Decimal(sign: .minus, exponent: -3, significand: 5)) == "-0.005")
        // 7 × 10²⁰ = 700000000000000000000.
        #expect(Money.normalized(Decimal(sign: .plus, exponent: 20, significand: 7)) == "700000000000000000000.00")
    }

    @Test func displaysUseTheNormalisedForm() throws {
        // 12000 → "12 000,00 €" with U+202F between thousands; -1234.567 rounds half away to -1234.57.
        #expect(Money.french(12000) == "12\u{202F}000,00\u{00A0}€")
        #expect(Money.english(try #require(Money.parse("-1234.567"))) == "-1,234.57 EUR")
    }

    @Test func theDecimalLayoutIsTheOneChecked() {
        // On this Foundation, normalized reads mantissa and exponent from memory (else it prints from description).
        #expect(DecimalParts.layoutHolds)
    }

    /// Long mantissas (divisions give 38 digits, over four 16-bit words) print as the description-based path does.
    @Test func longMantissasPrintAsFromTheDescription() throws {
        let one = Decimal(1)
        let values = [one / 3, -(Decimal(2) / 3), one / 7 * Decimal(sign: .plus, exponent: 20, significand: 1), one / 9999]
        for v in values {
            #expect(Money.normalized(v) == Money.generalNormalized(v.description))
        }
        // 1/3 has 38 significant digits in a Decimal: "0." then 38 threes.
        #expect(Money.normalized(one / 3) == "0." + String(repeating: "3", count: 38))
    }

    /// The byte entry point gives what the `String` one gives; the plain fast path leaves zero, blanks and
    /// anything unusual to Foundation (nil), and reads "000123.4500" as 123.45 (123.45 = 12345 × 10^-2).
    @Test func bytesAsStrings() {
        for text in ["1234.56", "-0.5", "+.5", "12.", "0", "-0.00", " 7 ", "1e3", "000123.4500", "999999999999999999"] {
            var t = text
            #expect(t.withUTF8 { Money.parse(utf8: $0) } == Money.parse(text), "\(text)")
        }
        var plain = "000123.4500"
        #expect(plain.withUTF8 { Money.parsePlain(utf8: $0) } == Decimal(sign: .plus, exponent: -2, significand: 12345))
        for text in ["0", "-0.00", " 7", "1,5", "1234567890123456789"] {
            var t = text
            #expect(t.withUTF8 { Money.parsePlain(utf8: $0) } == nil, "\(text)")
        }
    }
}
