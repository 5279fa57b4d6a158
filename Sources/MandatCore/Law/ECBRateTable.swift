import Foundation

/// One change of the ECB main refinancing operations (MRO) rate, dated from the day it is **in force**
/// (the ECB decides a change some days before it applies it; the table holds the application date).
public struct ECBRateChange: Codable, Hashable, Sendable {
    /// First day the rate applies (calendar date).
    public var inForceFrom: CivilDate
    /// The MRO rate, percent (2.15 means 2.15 %).
    public var rate: Decimal
    public init(inForceFrom: CivilDate, rate: Decimal) {
        self.inForceFrom = inForceFrom
        self.rate = rate
    }
}

/// The rate used for late-payment interest and whether it is confirmed.
public struct ReferenceRate: Codable, Hashable, Sendable {
    /// First day of the calendar half-year whose rate applies (CCP R.2192-31).
    public var halfYearStart: CivilDate
    /// MRO rate in force on `halfYearStart`, percent.
    public var mroRate: Decimal
    /// MRO rate + margin, percent (the rate of intérêts moratoires).
    public var interestRate: Decimal
    /// True when the half-year is past the table's confirmed range: the last known rate was used.
    public var provisional: Bool
}

/// Lookup of the ECB MRO rate in force on a date, from a list of changes (data, never logic).
///
/// `Sendable`. The built-in data lives in `ECBRateTable+Data.swift`; users extend it through
/// `LawConfiguration.ecbRates` and `LawConfiguration.ecbRatesConfirmedThrough`.
public struct ECBRateTable: Codable, Hashable, Sendable {
    /// Changes, in any order (sorted on use).
    public var changes: [ECBRateChange]
    /// Last date for which the table is known to be complete: a half-year starting after it is provisional.
    public var confirmedThrough: CivilDate

    public init(changes: [ECBRateChange], confirmedThrough: CivilDate) {
        self.changes = changes
        self.confirmedThrough = confirmedThrough
    }

    /// The MRO rate in force on `date` (percent), or nil when the date is before the first change.
    public func mroRate(on date: CivilDate) -> Decimal? {
        changes.filter { $0.inForceFrom <= date }.max { $0.inForceFrom < $1.inForceFrom }?.rate
    }

    /// The interest rate for interest that started to run on `interestStart` (the day after the due date):
    /// the MRO rate in force on the first day of that calendar half-year + `marginPoints` (CCP R.2192-31).
    ///
    /// A half-year past `confirmedThrough` (or before the first change) uses the nearest known rate and is
    /// marked provisional. Returns nil only for an empty table.
    public func interestRate(startingOn interestStart: CivilDate, marginPoints: Decimal) -> ReferenceRate? {
        let h = interestStart.halfYearStart
        let sorted = changes.sorted { $0.inForceFrom < $1.inForceFrom }
        guard let first = sorted.first else { return nil }
        var provisional = h > confirmedThrough
        let mro: Decimal
        if let r = mroRate(on: h) {
            mro = r
        } else {
            mro = first.rate
            provisional = true
        }
        return ReferenceRate(halfYearStart: h, mroRate: mro, interestRate: mro + marginPoints, provisional: provisional)
    }
}
