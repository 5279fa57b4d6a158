import Foundation

/// A calendar date with no time and no time zone (dates in Mandat are calendar dates in Europe/Paris).
///
/// Arithmetic is in whole calendar days, via the proleptic Gregorian day number.
/// `Sendable`, `Hashable`, `Comparable`, `Codable` as an ISO `YYYY-MM-DD` string.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil when it is not on the calendar (2020-02-30, month 13, …).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (an `xs:date` time-zone suffix such as `+02:00` or `Z` is ignored),
    /// or `YYYYMMDD` (UN/CEFACT format 102). Returns nil for anything else or an impossible date.
    public init?(iso text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let u = Array(t.utf8)
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard i < u.count, u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        if u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") {
            let rest = u.count > 10 ? String(decoding: u[10...], as: UTF8.self) : ""
            guard rest.isEmpty || rest == "Z" || rest.first == "+" || rest.first == "-" else { return nil }
            guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
            self.init(year: y, month: m, day: d)
        } else if u.count == 8, let y = num(0..<4), let m = num(4..<6), let d = num(6..<8) {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    /// Why `text` is not a date `CivilDate(iso:)` accepts, in words for a person (French by default, English
    /// when `french` is false), or nil when it is one. A well-shaped but impossible date names the day that
    /// does not exist (`2026-02-30` → « date impossible : le 30 février 2026 n'existe pas (février 2026 a 28
    /// jours) ») ; anything else names the expected format (AAAA-MM-JJ).
    public static func isoProblem(_ text: String, french: Bool = true) -> String? {
        if CivilDate(iso: text) != nil { return nil }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let u = Array(t.utf8)
        let digits = { (r: Range<Int>) -> Int? in
            guard r.upperBound <= u.count, r.allSatisfy({ u[$0] >= 48 && u[$0] <= 57 }) else { return nil }
            return Int(String(decoding: u[r], as: UTF8.self))
        }
        let format = french ? "format attendu : AAAA-MM-JJ (par exemple 2026-01-31)" : "expected format: YYYY-MM-DD (e.g. 2026-01-31)"
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"), let y = digits(0..<4),
            let m = digits(5..<7), let d = digits(8..<10)
        else { return (french ? "ce n'est pas une date ; " : "not a date; ") + format }
        if y == 0 { return french ? "date impossible : l'année 0000 n'existe pas" : "impossible date: there is no year 0000" }
        guard (1...12).contains(m) else {
            return french
                ? "date impossible : il n'y a pas de mois \(m) (mois de 01 à 12) ; \(format)"
                : "impossible date: there is no month \(m) (months 01 to 12); \(format)"
        }
        let n = daysInMonth(year: y, month: m)
        let fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return french
            ? "date impossible : le \(d) \(fr[m - 1]) \(y) n'existe pas (\(fr[m - 1]) \(y) a \(n) jours)"
            : "impossible date: \(en[m - 1]) \(d), \(y) does not exist (\(en[m - 1]) \(y) has \(n) days)"
    }

    /// Days in a month of the Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day number (days since 1970-01-01); used for calendar-day arithmetic.
    public var dayNumber: Int { CivilDate.dayNumber(year: year, month: month, day: day) }

    /// The day number of a proleptic Gregorian (year, month, day), any year (no validation).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date for a day number (days since 1970-01-01).
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.year = y
        self.month = m
        self.day = d
    }

    /// This date moved by `days` calendar days (negative goes back).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    public func days(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// ISO `YYYY-MM-DD`.
    public var iso: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m + "-" + d
    }

    /// French `JJ/MM/AAAA`.
    public var french: String {
        let m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(d)/\(m)/\(year)"
    }

    public var description: String { iso }

    /// Today in Europe/Paris.
    public static func today(now: Date = Date()) -> CivilDate {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600)!
        let c = cal.dateComponents([.year, .month, .day], from: now)
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// First day of the calendar half-year containing this date (1 January or 1 July).
    ///
    /// Total: also for a date computed past 9999-12-31 (an invoice dated 9999-12-31 has its due date in year
    /// 10000), which the validating initialiser refuses; it used to trap there.
    public var halfYearStart: CivilDate {
        CivilDate(dayNumber: CivilDate.dayNumber(year: year, month: month <= 6 ? 1 : 7, day: 1))
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = CivilDate(iso: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO date: \(s)")
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
