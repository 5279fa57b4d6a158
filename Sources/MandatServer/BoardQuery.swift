import Foundation
import MandatCore
import MandatReports

/// The board's filters, sort and page, parsed from a query string the way `mandat status` takes its options.
///
/// Keys: `blocked` (`1`/`true`/`on`), `buyer` (a SIRET, or a SIREN for all its SIRETs, with a right check
/// digit: `CompanyID.buyerFilterProblem`), `contract` (compared after
/// `ContractKeyNormaliser`), `holder` (`supplier`, `platform`, `ordonnateur`, `comptable`, `nobody`), `as_of`
/// (ISO date, default today in Europe/Paris), `sort` (`stake` default, `late`, `due`, `buyer`, `invoice`),
/// `page` (from 1) and `per_page` (1–500, default 50). Throws `WebError` 400 on a malformed value: never
/// silently ignores one.
struct BoardQuery: Sendable, Equatable {
    enum Sort: String, CaseIterable, Sendable { case stake, late, due, buyer, invoice }

    var blocked = false
    var buyer: String?
    var contract: String?
    var holder: Holder?
    var asOf: CivilDate
    var sort: Sort = .stake
    var page = Page(number: 1, size: 50)

    init(asOf: CivilDate) { self.asOf = asOf }

    init(query: [String: String], today: CivilDate) throws {
        self.asOf = try Self.date(query["as_of"] ?? query["asOf"], default: today)
        if let b = query["blocked"], !b.isEmpty {
            switch b.lowercased() {
            case "1", "true", "on", "yes": blocked = true
            case "0", "false", "off", "no": blocked = false
            default: throw WebError.badRequest("bad-filter", "blocked must be true or false", fr: "blocked vaut true ou false")
            }
        }
        if let b = query["buyer"]?.trimmingCharacters(in: .whitespaces), !b.isEmpty {
            // The rule of `mandat status --buyer` (MandatCore): a SIRET, or a SIREN for all its SIRETs, with a
            // right check digit.
            if let why = CompanyID.buyerFilterProblem(b, french: false) {
                throw WebError.badRequest(
                    "bad-filter", "buyer: \(why)", fr: "acheteur : \(CompanyID.buyerFilterProblem(b) ?? why)")
            }
            buyer = CompanyID(b)?.digits ?? b
        }
        if let c = query["contract"]?.trimmingCharacters(in: .whitespaces), !c.isEmpty {
            guard c.count <= 100 else { throw WebError.badRequest("bad-filter", "contract id too long", fr: "numéro de marché trop long") }
            contract = c
        }
        if let h = query["holder"], !h.isEmpty {
            guard let holder = Holder(rawValue: h) else {
                throw WebError.badRequest(
                    "bad-filter", "holder must be one of " + Holder.allCases.map(\.rawValue).joined(separator: ", "),
                    fr: "le détenteur est l'un de " + Holder.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.holder = holder
        }
        if let s = query["sort"], !s.isEmpty {
            guard let sort = Sort(rawValue: s) else {
                throw WebError.badRequest(
                    "bad-filter", "sort must be one of " + Sort.allCases.map(\.rawValue).joined(separator: ", "),
                    fr: "le tri est l'un de " + Sort.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.sort = sort
        }
        page = try Page(query: query)
    }

    /// Parses an ISO date, or returns `default` when absent. Throws 400 `bad-date`.
    static func date(_ text: String?, default d: CivilDate) throws -> CivilDate {
        guard let text, !text.isEmpty else { return d }
        guard text.count == 10, let date = CivilDate(iso: text) else {
            throw WebError.badRequest(
                "bad-date", "dates are written YYYY-MM-DD: \(CivilDate.isoProblem(text, french: false) ?? text)",
                fr: "les dates s'écrivent AAAA-MM-JJ : « \(text) » : \(CivilDate.isoProblem(text) ?? "date invalide")")
        }
        return date
    }

    /// The dossiers that pass the filters, sorted.
    func apply(_ views: [DossierView]) -> [DossierView] { order(views).map { views[$0] } }

    /// The positions in `views` of the dossiers that pass the filters, in board order (ties broken by invoice
    /// number, so the order is total and stable across recomputations).
    func order(_ views: [DossierView]) -> [Int] {
        let wantedContract = contract.map(ContractKeyNormaliser.normalise)
        let filtered = views.indices.filter { i in
            let v = views[i]
            if blocked && !v.isBlocked { return false }
            if let buyer, !(v.buyerSiret ?? "").hasPrefix(buyer) { return false }
            if let wantedContract, ContractKeyNormaliser.normalise(v.contractId ?? "") != wantedContract {
                return false
            }
            if let holder, v.holder != holder.rawValue { return false }
            return true
        }
        switch sort {
        case .stake:
            return filtered.sorted {
                let a = views[$0]
                let b = views[$1]
                if a.moneyAtStake != b.moneyAtStake { return a.moneyAtStake > b.moneyAtStake }
                return b.invoiceNumber > a.invoiceNumber
            }
        case .late:
            return filtered.sorted {
                let a = views[$0]
                let b = views[$1]
                return (a.daysLate ?? Int.min, b.invoiceNumber) > (b.daysLate ?? Int.min, a.invoiceNumber)
            }
        case .due:
            return filtered.sorted {
                let a = views[$0]
                let b = views[$1]
                return (a.dueDate?.dayNumber ?? Int.max, a.invoiceNumber) < (
                    b.dueDate?.dayNumber ?? Int.max, b.invoiceNumber
                )
            }
        case .buyer:
            return filtered.sorted {
                let a = views[$0]
                let b = views[$1]
                return (a.buyerName, a.invoiceNumber) < (b.buyerName, b.invoiceNumber)
            }
        case .invoice: return filtered.sorted { views[$0].invoiceNumber < views[$1].invoiceNumber }
        }
    }

    /// The query string that reproduces these filters (for links), without the page.
    func queryString(lang: String?, sort override: Sort? = nil) -> String {
        var items: [(String, String)] = []
        if blocked { items.append(("blocked", "1")) }
        if let buyer { items.append(("buyer", buyer)) }
        if let contract { items.append(("contract", contract)) }
        if let holder { items.append(("holder", holder.rawValue)) }
        items.append(("as_of", asOf.iso))
        items.append(("sort", (override ?? sort).rawValue))
        if let lang, lang != "fr" { items.append(("lang", lang)) }
        return items.map { "\($0.0)=\(FormCoding.percentEncode($0.1))" }.joined(separator: "&")
    }
}

/// A page of a list: number from 1, size 1–500.
struct Page: Sendable, Equatable {
    var number: Int
    var size: Int

    init(number: Int, size: Int) {
        self.number = number
        self.size = size
    }

    /// Reads `page` and `per_page`. Throws 400 `bad-page` when not whole numbers in range.
    init(query: [String: String], defaultSize: Int = 50) throws {
        number = 1
        size = defaultSize
        if let p = query["page"], !p.isEmpty {
            guard let n = Int(p), n >= 1, n <= 1_000_000 else {
                throw WebError.badRequest("bad-page", "page must be a whole number from 1", fr: "page est un nombre entier à partir de 1")
            }
            number = n
        }
        if let p = query["per_page"], !p.isEmpty {
            guard let n = Int(p), (1...500).contains(n) else {
                throw WebError.badRequest("bad-page", "per_page must be a whole number from 1 to 500", fr: "per_page est un nombre entier de 1 à 500")
            }
            size = n
        }
    }

    /// The slice of `items` on this page (empty past the end).
    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = min(items.count, (number - 1) * size)
        let end = min(items.count, start + size)
        return items[start..<end]
    }

    /// Number of pages for `total` items (at least 1).
    func pageCount(total: Int) -> Int { max(1, (total + size - 1) / size) }
}

/// `application/x-www-form-urlencoded` and query strings, decoded by hand (bounded, no surprises).
enum FormCoding {
    /// Decodes `a=1&b=x+y` into a dictionary (last value wins). Malformed percent escapes are kept as text.
    static func decode(_ s: Substring) -> [String: String] {
        var out: [String: String] = [:]
        for pair in s.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = unescape(parts[0])
            let value = parts.count > 1 ? unescape(parts[1]) : ""
            out[key] = value
        }
        return out
    }

    static func unescape(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }

    /// Unreserved characters (RFC 3986 §2.3): letters, digits, `-._~`; built once.
    static let unreserved: CharacterSet = {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return allowed
    }()

    static func percentEncode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
