import Foundation

/// The numbers the law and Mandat's blockage rules use, with documented defaults.
///
/// `Codable`: a user file may give any subset of keys; a missing key keeps its default. `Sendable`.
/// Units: days are calendar days; amounts are euros; rates and margins are percentage points.
public struct LawConfiguration: Codable, Hashable, Sendable {
    /// ECB MRO rate changes (default: `ECBRateTable.builtIn.changes`). Users add newer half-years here.
    public var ecbRates: [ECBRateChange]
    /// Last date the rate list is known complete; interest starting in a half-year that begins after it
    /// uses the last known rate and is marked provisional (default 2026-01-01: 2026 S1 confirmed).
    public var ecbRatesConfirmedThrough: CivilDate
    /// Points added to the MRO rate: 8 (CCP R.2192-31).
    public var interestMarginPoints: Decimal
    /// Days in the interest year: 365 (formula used in practice, MPPME).
    public var interestDayBase: Int
    /// Flat recovery-cost indemnity per late invoice: 40 € (CCP D.2192-35).
    public var recoveryIndemnity: Decimal
    /// Days after the payment of the principal within which interest and indemnity are due: 45 (CCP R.2192-36).
    public var interestPaymentDays: Int
    /// With no receipt date, the clock starts this many days after the invoice date: 2 (CCP R.2192-14).
    public var receiptEstimateDays: Int
    /// With no evidence of the comptable's receipt, it is the bordereau date + this many days: 2
    /// (décret 2013-269 art. 13).
    public var comptableReceiptEstimateDays: Int
    /// New delay after an interruption, unless the balance left is longer: 30 (CCP R.2192-29).
    public var newDelayAfterInterruptionDays: Int
    /// `mandated-not-received` fires when a mandat has no evidence of receipt by the comptable this many
    /// days after it was issued: 5 (Mandat's threshold, not law).
    public var mandatedNotReceivedDays: Int
    /// `stale` fires when an unfinished dossier has no new event for this many days: 30 (Mandat's threshold).
    public var staleDays: Int
    /// `mandat-amount-mismatch` fires when the mandat TTC and the invoice amount due differ by more than
    /// this, euros: 0.01 (Mandat's threshold).
    public var amountTolerance: Decimal

    /// The defaults listed on each property.
    public init() {
        ecbRates = ECBRateTable.builtIn.changes
        ecbRatesConfirmedThrough = ECBRateTable.builtIn.confirmedThrough
        interestMarginPoints = 8
        interestDayBase = 365
        recoveryIndemnity = 40
        interestPaymentDays = 45
        receiptEstimateDays = 2
        comptableReceiptEstimateDays = 2
        newDelayAfterInterruptionDays = 30
        mandatedNotReceivedDays = 5
        staleDays = 30
        amountTolerance = Decimal(string: "0.01") ?? 0
    }

    /// The defaults.
    public static let `default` = LawConfiguration()

    /// The rate table built from `ecbRates` and `ecbRatesConfirmedThrough`.
    public var rateTable: ECBRateTable { ECBRateTable(changes: ecbRates, confirmedThrough: ecbRatesConfirmedThrough) }

    /// A copy with extra rate changes (a change on a date already listed replaces it) and a new confirmed date.
    public func adding(rates: [ECBRateChange], confirmedThrough: CivilDate?) -> LawConfiguration {
        var c = self
        let dates = Set(rates.map(\.inForceFrom))
        c.ecbRates = ecbRates.filter { !dates.contains($0.inForceFrom) } + rates
        c.ecbRates.sort { $0.inForceFrom < $1.inForceFrom }
        if let d = confirmedThrough { c.ecbRatesConfirmedThrough = d }
        return c
    }

    private enum CodingKeys: String, CodingKey {
        case ecbRates, ecbRatesConfirmedThrough, interestMarginPoints, interestDayBase, recoveryIndemnity
        case interestPaymentDays, receiptEstimateDays, comptableReceiptEstimateDays, newDelayAfterInterruptionDays
        case mandatedNotReceivedDays, staleDays, amountTolerance
    }

    /// Decodes any subset of keys; missing keys keep their defaults. Throws `DecodingError` on a wrong type.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ecbRates = try c.decodeIfPresent([ECBRateChange].self, forKey: .ecbRates) ?? ecbRates
        ecbRatesConfirmedThrough =
            try c.decodeIfPresent(CivilDate.self, forKey: .ecbRatesConfirmedThrough) ?? ecbRatesConfirmedThrough
        interestMarginPoints =
            try c.decodeIfPresent(Decimal.self, forKey: .interestMarginPoints) ?? interestMarginPoints
        interestDayBase = try c.decodeIfPresent(Int.self, forKey: .interestDayBase) ?? interestDayBase
        recoveryIndemnity = try c.decodeIfPresent(Decimal.self, forKey: .recoveryIndemnity) ?? recoveryIndemnity
        interestPaymentDays = try c.decodeIfPresent(Int.self, forKey: .interestPaymentDays) ?? interestPaymentDays
        receiptEstimateDays = try c.decodeIfPresent(Int.self, forKey: .receiptEstimateDays) ?? receiptEstimateDays
        comptableReceiptEstimateDays =
            try c.decodeIfPresent(Int.self, forKey: .comptableReceiptEstimateDays) ?? comptableReceiptEstimateDays
        newDelayAfterInterruptionDays =
            try c.decodeIfPresent(Int.self, forKey: .newDelayAfterInterruptionDays) ?? newDelayAfterInterruptionDays
        mandatedNotReceivedDays =
            try c.decodeIfPresent(Int.self, forKey: .mandatedNotReceivedDays) ?? mandatedNotReceivedDays
        staleDays = try c.decodeIfPresent(Int.self, forKey: .staleDays) ?? staleDays
        amountTolerance = try c.decodeIfPresent(Decimal.self, forKey: .amountTolerance) ?? amountTolerance
        if interestDayBase <= 0 {
            throw DecodingError.dataCorruptedError(
                forKey: .interestDayBase, in: c, debugDescription: "interestDayBase must be positive")
        }
    }
}
