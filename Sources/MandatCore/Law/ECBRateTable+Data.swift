import Foundation

// The ECB main refinancing operations rate, as data.
// Source: ECB key interest rates (ecb.europa.eu, "Key ECB interest rates"; banque-france.fr "policy rates"),
// as listed in DOMAIN.md §3; the 2012-2014 changes from the Banque de France "Key European Central Bank
// interest rates" table (date of effect), so that PES files of 2013-2016 can be checked. Dates are the dates the rate is *in force* (not the announcement).
// To add a newer rate, do not edit logic: pass it in `LawConfiguration.ecbRates` and move
// `LawConfiguration.ecbRatesConfirmedThrough` forward (see docs/law.md).

extension ECBRateTable {
    /// The rates shipped with Mandat: changes from 11 July 2012 to 11 June 2025, unchanged through
    /// December 2025; confirmed for the half-year starting 1 January 2026 (2026 S1: 2.15 %).
    public static let builtIn = ECBRateTable(
        changes: [
            ("2012-07-11", "0.75"),
            ("2013-05-08", "0.50"),
            ("2013-11-13", "0.25"),
            ("2014-06-11", "0.15"),
            ("2014-09-10", "0.05"),
            ("2016-03-16", "0.00"),
            ("2022-07-27", "0.50"),
            ("2022-09-14", "1.25"),
            ("2022-11-02", "2.00"),
            ("2022-12-21", "2.50"),
            ("2023-02-08", "3.00"),
            ("2023-03-22", "3.50"),
            ("2023-05-10", "3.75"),
            ("2023-06-21", "4.00"),
            ("2023-08-02", "4.25"),
            ("2023-09-20", "4.50"),
            ("2024-06-12", "4.25"),
            ("2024-09-18", "3.65"),
            ("2024-10-23", "3.40"),
            ("2024-12-18", "3.15"),
            ("2025-02-05", "2.90"),
            ("2025-03-12", "2.65"),
            ("2025-04-23", "2.40"),
            ("2025-06-11", "2.15"),
        ].compactMap { d, r in
            guard let date = CivilDate(iso: d), let rate = Money.parse(r) else { return nil }
            return ECBRateChange(inForceFrom: date, rate: rate)
        },
        confirmedThrough: CivilDate(year: 2026, month: 1, day: 1) ?? CivilDate(dayNumber: 20454))
}
