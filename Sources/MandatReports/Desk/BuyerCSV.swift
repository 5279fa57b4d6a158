import Foundation
import MandatCore
import MandatStore

/// The buyer file as CSV: one row per contact (a buyer without contacts has one row with empty contact columns);
/// the buyer's own columns repeat on each of its rows and are read from its first row.
///
/// Columns: `siret,name,category,comptablePost,comptableOffice,segments,notes,contactName,contactRole,contactPhone,
/// contactEmail`. `segments` is a `;`-separated list of `BuyerSegment` raw values. On import, columns are found by
/// name (any order; unknown columns ignored); `siret` and `name` are required.
public enum BuyerCSV {
    /// The header row.
    public static let columns = [
        "siret", "name", "category", "comptablePost", "comptableOffice", "segments", "notes", "contactName",
        "contactRole", "contactPhone", "contactEmail",
    ]

    /// Guards a cell against CSV injection: a value starting with `=`, `+`, `-` or `@` (a spreadsheet would run
    /// it as a formula: OWASP "CSV Injection") is written with a leading `'`, which `import` removes again.
    static func guarded(_ s: String) -> String {
        guard let f = s.first, "=+-@".contains(f) else { return s }
        return "'" + s
    }

    /// Undoes `guarded`.
    static func unguarded(_ s: String) -> String {
        guard s.hasPrefix("'"), let f = s.dropFirst().first, "=+-@".contains(f) else { return s }
        return String(s.dropFirst())
    }

    /// The buyers as CSV text (RFC 4180, CRLF), in the given order; cells guarded against formula injection.
    public static func export(_ buyers: [BuyerRecord]) -> String {
        var rows = [columns]
        for b in buyers {
            let base = [
                b.siret, b.name, b.category?.rawValue ?? "", b.comptablePost ?? "", b.comptableOffice ?? "",
                b.segments.map(\.rawValue).joined(separator: ";"), b.notes ?? "",
            ]
            if b.contacts.isEmpty {
                rows.append(base + ["", "", "", ""])
            } else {
                for c in b.contacts {
                    rows.append(base + [c.name, c.role.rawValue, c.phone ?? "", c.email ?? ""])
                }
            }
        }
        return CSV.write([rows[0]] + rows.dropFirst().map { $0.map(guarded) })
    }

    /// Reads buyers from CSV text.
    /// - Parameter file: the name used in errors.
    /// - Throws: `CSV.ParseError` naming the file and line: bad CSV, a missing column, a wrong SIRET, an unknown
    ///   category, segment or role, a row with too many fields.
    public static func `import`(_ text: String, file: String) throws -> [BuyerRecord] {
        let rows = try CSV.parse(text, file: file)
        guard let header = rows.first else { return [] }
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() { index[h.trimmingCharacters(in: .whitespaces)] = i }
        for required in ["siret", "name"] where index[required] == nil {
            throw CSV.ParseError(file: file, line: 1, message: "missing column « \(required) »")
        }
        // Physical line of each row start, for errors (quoted fields may span lines).
        var lineOf: [Int] = []
        var line = 1
        for r in rows {
            lineOf.append(line)
            line += 1 + r.reduce(0) { $0 + $1.unicodeScalars.filter { $0 == "\n" }.count }
        }
        var order: [String] = []
        var bySiret: [String: BuyerRecord] = [:]
        for (n, row) in rows.enumerated().dropFirst() {
            let ln = lineOf[n]
            if row.count == 1 && row[0].isEmpty { continue }
            guard row.count <= header.count else {
                throw CSV.ParseError(
                    file: file, line: ln, message: "\(row.count) fields for \(header.count) columns")
            }
            func col(_ name: String) -> String? {
                guard let i = index[name], i < row.count else { return nil }
                let v = unguarded(row[i].trimmingCharacters(in: .whitespaces))
                return v.isEmpty ? nil : v
            }
            let siret: String
            do { siret = try BuyerRecord.checkedSiret(col("siret") ?? "") } catch let e as DeskError {
                throw CSV.ParseError(file: file, line: ln, message: e.message)
            }
            if bySiret[siret] == nil {
                guard let name = col("name") else {
                    throw CSV.ParseError(file: file, line: ln, message: "empty name for SIRET \(siret)")
                }
                var category: BuyerCategory?
                if let c = col("category") {
                    guard let cat = BuyerCategory(rawValue: c) else {
                        throw CSV.ParseError(
                            file: file, line: ln,
                            message: "unknown category « \(c) » (state, localAuthority, hospital, publicUndertaking)")
                    }
                    category = cat
                }
                var segments: [BuyerSegment] = []
                for s in (col("segments") ?? "").split(separator: ";") {
                    let t = s.trimmingCharacters(in: .whitespaces)
                    guard let seg = BuyerSegment(rawValue: t) else {
                        throw CSV.ParseError(file: file, line: ln, message: "unknown segment « \(t) »")
                    }
                    segments.append(seg)
                }
                bySiret[siret] = BuyerRecord(
                    siret: siret, name: name, category: category, comptablePost: col("comptablePost"),
                    comptableOffice: col("comptableOffice"), contacts: [], segments: segments, notes: col("notes"))
                order.append(siret)
            }
            if let cname = col("contactName") {
                let r = col("contactRole") ?? ""
                guard let role = ContactRole(rawValue: r) else {
                    throw CSV.ParseError(
                        file: file, line: ln,
                        message:
                            "unknown contact role « \(r) » (serviceGestionnaire, ordonnateurFinance, comptableOffice, contractManager)"
                    )
                }
                bySiret[siret]?.contacts.append(
                    BuyerContact(name: cname, role: role, phone: col("contactPhone"), email: col("contactEmail")))
            }
        }
        return order.compactMap { bySiret[$0] }
    }
}
