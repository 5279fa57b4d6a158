import Foundation
import MandatCore

/// Sums kept apart per currency: amounts in SEK are never added to euros (an invoice's BT-5 may be any ISO
/// 4217 code; the 40 € indemnity is always euros, CCP D.2192-35). `Sendable` value.
///
/// Rendered as the digest does (`1 000,00 € + 4 820,15 SEK`, euros first, then by code) and in JSON as an
/// object keyed by currency code (`{"EUR": "1000.00", "SEK": "4820.15"}`).
public struct CurrencyTotals: Codable, Sendable, Hashable {
    /// Amount per ISO 4217 code.
    public private(set) var byCurrency: [String: Decimal] = [:]

    /// No amount yet.
    public init() {}

    /// One amount in one currency (euros by default).
    public init(_ amount: Decimal, _ currency: String = "EUR") { add(amount, currency) }

    /// Adds `amount` in `currency` (a zero amount still names the currency).
    public mutating func add(_ amount: Decimal, _ currency: String) { byCurrency[currency, default: 0] += amount }

    /// Adds `amount` rounded to the cent (half-up) in `currency`: a total of dossiers is the sum of each
    /// dossier's amount in cents, never an amount with more decimals (`3245.68145` counts `3245.68`).
    public mutating func addCents(_ amount: Decimal, _ currency: String) { add(Money.rounded(amount), currency) }

    /// Money at stake over a set of dossiers, the one definition `status`, the digest, the web board and the
    /// API all use (docs/law.md, "Money at stake"): per currency (the invoice's, BT-5), the sum of each
    /// dossier's money at stake (unpaid part of the amount due + interest not yet paid), each rounded to the
    /// cent before the sum. The 40 € indemnity is never in it: it is euros whatever the invoice's currency
    /// (CCP D.2192-35) and shown apart, per dossier. Every currency of the set is named in the JSON, at 0 when
    /// nothing is at stake in it; the text (`text(_:)`) leaves out a non-euro currency at zero.
    /// - Parameter dossiers: each dossier's money at stake and currency.
    public static func atStake<S: Sequence>(_ dossiers: S) -> CurrencyTotals
    where S.Element == (amount: Decimal, currency: String) {
        var out = CurrencyTotals()
        for d in dossiers { out.addCents(d.amount, d.currency) }
        return out
    }

    /// `atStake(_:)` over report views.
    public static func atStake<S: Sequence>(views: S) -> CurrencyTotals where S.Element == DossierView {
        atStake(views.lazy.map { (amount: $0.moneyAtStake, currency: $0.amountCurrency) })
    }

    /// Adds every amount of `other`, currency by currency.
    public mutating func add(_ other: CurrencyTotals) {
        for (c, a) in other.byCurrency { add(a, c) }
    }

    /// `self − other`, currency by currency.
    public func subtracting(_ other: CurrencyTotals) -> CurrencyTotals {
        var out = self
        for (c, a) in other.byCurrency { out.add(-a, c) }
        return out
    }

    /// Each amount rounded to the cent.
    public var rounded: CurrencyTotals {
        var out = CurrencyTotals()
        for (c, a) in byCurrency { out.add(Money.rounded(a), c) }
        return out
    }

    /// The amounts, euros first, then by currency code.
    public var sorted: [(currency: String, amount: Decimal)] {
        byCurrency.sorted { ($0.key == "EUR" ? 0 : 1, $0.key) < ($1.key == "EUR" ? 0 : 1, $1.key) }
            .map { ($0.key, $0.value) }
    }

    /// The amount in `currency` (0 when none).
    public subscript(currency: String) -> Decimal { byCurrency[currency] ?? 0 }

    /// The amounts a person reads: euros always, another currency only when its total (to the cent) is not zero
    /// (`0,00 DKK` says nothing; the JSON still names it).
    public var shown: [(currency: String, amount: Decimal)] {
        sorted.filter { $0.currency == "EUR" || !Money.rounded($0.amount).isZero }
    }

    /// `1 000,00 € + 4 820,15 SEK` (`0,00 €` when empty): the `shown` amounts, so a non-euro currency at zero is
    /// left out.
    public func text(_ lang: Lang) -> String { Labels.totals(shown, lang) }

    /// `{"EUR": "1000.00", "SEK": "4820.15"}`: decimal strings with exactly two decimals (each amount rounded
    /// half-up to the cent; a total built with `addCents` is already in cents) keyed by currency code, euros first.
    public var json: JSONValue { .object(sorted.map { ($0.currency, .money($0.amount)) }) }
}

extension CurrencyTotals {
    private enum CodingKeys: String, CodingKey { case byCurrency }

    /// `{"byCurrency": {"EUR": "1000.00"}}`: each amount as the web API writes money, a string with exactly two
    /// decimals rounded half-up to the cent (`Money.cents`), never a JSON number (`digest --format json`).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(byCurrency.mapValues(Money.cents), forKey: .byCurrency)
    }

    /// Reads what `encode(to:)` writes.
    ///
    /// - Throws: `DecodingError` when `byCurrency` is missing or an amount is not an `xs:decimal` string.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for (code, text) in try c.decode([String: String].self, forKey: .byCurrency) {
            guard let amount = Money.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .byCurrency, in: c, debugDescription: "\(code): '\(text)' is not a decimal amount")
            }
            add(amount, code)
        }
    }
}
