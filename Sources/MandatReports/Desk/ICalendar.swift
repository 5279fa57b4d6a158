import Foundation
import MandatCore
import MandatStore

/// Writes iCalendar (RFC 5545) files of all-day events: CRLF line ends, lines folded at 75 octets without
/// splitting a UTF-8 sequence, TEXT values escaped (`\\`, `\;`, `\,`, `\n`), `UID`, `DTSTAMP` in UTC,
/// `DTSTART;VALUE=DATE` and `DTEND;VALUE=DATE` (the next day: RFC 5545 §3.6.1, DTEND is exclusive).
public enum ICalendar {
    /// One all-day event. `Sendable` value.
    public struct Event: Sendable, Hashable {
        public var uid: String
        public var date: CivilDate
        public var summary: String
        public var description: String?
        public var categories: [String]
        public init(
            uid: String, date: CivilDate, summary: String, description: String? = nil, categories: [String] = []
        ) {
            self.uid = uid
            self.date = date
            self.summary = summary
            self.description = description
            self.categories = categories
        }
    }

    /// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as `\n`.
    public static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Folds a content line (RFC 5545 §3.1): at most 75 octets per physical line, continuation lines start with
    /// one space (counted in their 75), never splitting a UTF-8 sequence; each physical line ends with CRLF.
    public static func fold(_ line: String) -> String {
        var out = ""
        var current = 0
        for u in line.unicodeScalars {
            let n = String(u).utf8.count
            if current + n > 75 {
                out += "\r\n "
                current = 1
            }
            out.unicodeScalars.append(u)
            current += n
        }
        return out + "\r\n"
    }

    /// `YYYYMMDD`.
    static func basic(_ d: CivilDate) -> String { d.iso.replacingOccurrences(of: "-", with: "") }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    static func utc(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func p(_ v: Int?, _ w: Int) -> String {
            let s = String(v ?? 0)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return p(c.year, 4) + p(c.month, 2) + p(c.day, 2) + "T" + p(c.hour, 2) + p(c.minute, 2) + p(c.second, 2) + "Z"
    }

    /// The calendar.
    /// - Parameters:
    ///   - stamp: the `DTSTAMP` of every event (when the file was made).
    ///   - name: the calendar's `X-WR-CALNAME`, shown by most clients.
    public static func render(_ events: [Event], stamp: Date, name: String) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Mandat//Desk agenda//FR", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name),
        ]
        for e in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + escape(e.uid))
            lines.append("DTSTAMP:" + utc(stamp))
            lines.append("DTSTART;VALUE=DATE:" + basic(e.date))
            lines.append("DTEND;VALUE=DATE:" + basic(e.date.adding(days: 1)))
            lines.append("SUMMARY:" + escape(e.summary))
            if let d = e.description { lines.append("DESCRIPTION:" + escape(d)) }
            if !e.categories.isEmpty { lines.append("CATEGORIES:" + e.categories.map(escape).joined(separator: ",")) }
            lines.append("TRANSP:TRANSPARENT")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }
}
