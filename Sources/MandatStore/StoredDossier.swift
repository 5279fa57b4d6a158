import Foundation
import MandatCore

/// The stored form of a dossier in `dossier_state.json`: a compact, lossless text codec, written and read by
/// hand because `status --blocked` decodes thousands of dossiers per call (Foundation's `JSONDecoder` was half
/// of its CPU at 15 000 listed dossiers).
///
/// Every field of `Dossier`, `Invoice`, `ChainEvent`, `Mandat` and their parts is kept (a decoded dossier is `==`
/// to the encoded one): the board, the law and any later reader (web board, `show`) get the whole dossier. The
/// contract, rare and large, is kept as its JSON inside the text. The text is valid UTF-8 without NUL (a
/// PostgreSQL `TEXT` holds it), deterministic (details sorted by key), and starts with `D1:`; a text that starts
/// with `{` is read as the JSON of older stores.
///
/// Grammar: a string is `<UTF-8 byte count>:<bytes>` (`<count>!<bytes>` with NUL escaped, when it holds one: the
/// text stays NUL-free); an integer `<decimal>;`; a date `YYYYMMDD`; an amount the
/// string of its decimal text; a Boolean `T` or `F`; an absent optional `~`; a list its count then its items.
/// When a field is added to one of these types, add it here in both directions (the round-trip tests compare
/// whole dossiers with every field set).
///
/// The facts of the fact tables (`invoices.json`, `events.json`, `mandats.json`) use the same field lists, each
/// behind its own prefix: `I1:` an invoice, `E1:` an event, `M1:` a mandat (`StoredFact`).
///
/// A namespace (no state, nothing to share).
package enum StoredDossier {
    /// The first bytes of every encoded dossier.
    static let magic: [UInt8] = Array("D1:".utf8)
    /// The first bytes of a stored invoice, event, mandat (a fact row's text).
    static let invoiceMagic: [UInt8] = Array("I1:".utf8)
    static let eventMagic: [UInt8] = Array("E1:".utf8)
    static let mandatMagic: [UInt8] = Array("M1:".utf8)

    /// A stored text is not a dossier in this form (or in JSON).
    package struct FormatError: Error, CustomStringConvertible {
        /// What was wrong, and the byte offset where it was found.
        package var message: String
        package var description: String { message }
    }

    // MARK: encoding

    /// The stored text of `d`.
    package static func encode(_ d: Dossier) throws -> String {
        var w = Writer()
        w.bytes.reserveCapacity(2048)
        w.bytes += magic
        w.str(d.id)
        if let i = d.invoice {
            w.bytes.append(UInt8(ascii: "I"))
            w.invoice(i)
        } else {
            w.none()
        }
        w.optStr(d.invoiceNumber)
        w.int(d.events.count)
        for e in d.events { w.event(e) }
        w.int(d.mandats.count)
        for m in d.mandats { w.mandat(m) }
        if let c = d.contract {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            w.str(String(decoding: try enc.encode(c), as: UTF8.self))
        } else {
            w.none()
        }
        w.optStr(d.correctedInvoiceId)
        w.strs(d.creditNoteIds)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The stored text of an invoice row (`I1:` then the invoice's fields as in a dossier).
    package static func encode(_ i: Invoice) -> String { fact(invoiceMagic, 1024) { $0.invoice(i) } }

    /// The stored text of an event row (`E1:` then the event's fields as in a dossier).
    package static func encode(_ e: ChainEvent) -> String { fact(eventMagic, 384) { $0.event(e) } }

    /// The stored text of a mandat row (`M1:` then the mandat's fields as in a dossier).
    package static func encode(_ m: Mandat) -> String { fact(mandatMagic, 512) { $0.mandat(m) } }

    private static func fact(_ prefix: [UInt8], _ capacity: Int, _ write: (inout Writer) -> Void) -> String {
        var w = Writer()
        w.bytes.reserveCapacity(capacity)
        w.bytes += prefix
        write(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func none() { bytes.append(UInt8(ascii: "~")) }

        mutating func int(_ v: Int) {
            decimal(v, width: 1)
            bytes.append(UInt8(ascii: ";"))
        }

        /// `v` in decimal, left-padded with zeros to `width` digits (`String(v)` when `width` is 1).
        mutating func decimal(_ v: Int, width: Int) {
            if v < 0 { bytes.append(UInt8(ascii: "-")) }
            var n = v.magnitude
            let start = bytes.count
            repeat {
                bytes.append(UInt8(48 + n % 10))
                n /= 10
            } while n > 0
            while bytes.count - start < width { bytes.append(UInt8(ascii: "0")) }
            bytes[start...].reverse()
        }

        mutating func optInt(_ v: Int?) {
            if let v { int(v) } else { none() }
        }

        mutating func bool(_ v: Bool) { bytes.append(UInt8(ascii: v ? "T" : "F")) }

        mutating func str(_ s: String) {
            var s = s
            s.withUTF8 { u in
                if u.contains(0) { return escaped(u) }
                decimal(u.count, width: 1)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: u)
            }
        }

        /// A string holding NUL (which a PostgreSQL `TEXT` refuses; a JSON document may carry `\u0000`):
        /// `<count>!` then its bytes with NUL written as 0x01 `0` and 0x01 as 0x01 0x01 (count of the written bytes).
        mutating func escaped(_ u: UnsafeBufferPointer<UInt8>) {
            var e: [UInt8] = []
            e.reserveCapacity(u.count + 8)
            for b in u {
                switch b {
                case 0: e += [1, UInt8(ascii: "0")]
                case 1: e += [1, 1]
                default: e.append(b)
                }
            }
            decimal(e.count, width: 1)
            bytes.append(UInt8(ascii: "!"))
            bytes += e
        }

        mutating func optStr(_ s: String?) {
            if let s { str(s) } else { none() }
        }

        mutating func strs(_ a: [String]) {
            int(a.count)
            for s in a { str(s) }
        }

        mutating func date(_ d: CivilDate?) {
            guard let d else { return none() }
            decimal(d.year, width: 4)
            decimal(d.month, width: 2)
            decimal(d.day, width: 2)
        }

        mutating func amount(_ d: Decimal?) {
            if let d { str(d.description) } else { none() }
        }

        mutating func source(_ s: SourceRef) {
            str(s.file)
            optInt(s.line)
        }

        mutating func schemed(_ s: SchemedID?) {
            guard let s else { return none() }
            str(s.id)
            optStr(s.scheme)
        }

        mutating func invoice(_ i: Invoice) {
            str(i.syntax)
            bool(i.isCreditNoteDocument)
            optStr(i.invoiceNumber)
            date(i.issueDate)
            optStr(i.typeCode)
            optStr(i.currency)
            date(i.dueDate)
            optStr(i.buyerReference)
            optStr(i.contractReference)
            optStr(i.orderReference)
            optStr(i.paymentTerms)
            optStr(i.businessProcess)
            strs(i.precedingInvoices)
            optStr(i.sellerName)
            schemed(i.sellerId)
            schemed(i.sellerLegalId)
            optStr(i.buyerName)
            schemed(i.buyerId)
            schemed(i.buyerLegalId)
            optStr(i.payeeName)
            optStr(i.iban)
            date(i.deliveryDate)
            date(i.invoicingPeriodEnd)
            amount(i.totalWithoutVAT)
            amount(i.totalVAT)
            amount(i.totalWithVAT)
            amount(i.prepaid)
            amount(i.roundingAmount)
            amount(i.amountDue)
            int(i.attachments.count)
            for a in i.attachments {
                optStr(a.id)
                optStr(a.fileName)
                optStr(a.mimeCode)
                int(a.encodedBytes)
            }
            int(i.findings.count)
            for f in i.findings {
                str(f.code)
                str(f.message)
                optStr(f.element)
            }
            optStr(i.chorusId)
            date(i.receptionDate)
            source(i.source)
        }

        mutating func mandatKey(_ k: MandatKey?) {
            guard let k else { return none() }
            str(k.idColl)
            optStr(k.codCol)
            optStr(k.codBud)
            str(k.exer)
            str(k.idBord)
            optStr(k.idPce)
        }

        mutating func event(_ e: ChainEvent) {
            str(e.kind.rawValue)
            str(e.source.rawValue)
            str(e.code)
            optStr(e.label)
            date(e.date)
            optStr(e.timestamp)
            if let r = e.invoice {
                bytes.append(UInt8(ascii: "R"))
                optStr(r.number)
                date(r.issueDate)
                optStr(r.sellerId)
                optStr(r.buyerId)
                optStr(r.chorusId)
                bool(r.inferred)
            } else {
                none()
            }
            mandatKey(e.mandat)
            amount(e.amount)
            int(e.reasons.count)
            for r in e.reasons {
                optStr(r.code)
                optStr(r.text)
                optStr(r.action)
            }
            int(e.details.count)
            for k in e.details.keys.sorted() {
                str(k)
                str(e.details[k]!)
            }
            source(e.sourceRef)
            bool(e.unknownCode)
        }

        mutating func mandat(_ m: Mandat) {
            mandatKey(m.key)
            date(m.bordereauDate)
            optStr(m.typBord)
            optStr(m.typPce)
            optStr(m.natPce)
            optStr(m.object)
            int(m.lineCount)
            amount(m.amountHT)
            amount(m.amountTVA)
            amount(m.amountTTC)
            strs(m.invoiceNumbers)
            strs(m.inferredInvoiceNumbers)
            strs(m.contractIds)
            optStr(m.creditorId)
            optStr(m.creditorIdType)
            optStr(m.creditorName)
            if let g = m.dgp {
                bytes.append(UInt8(ascii: "G"))
                optStr(g.dgp)
                date(g.start)
                date(g.end)
                optInt(g.days)
                amount(g.rate)
                optStr(g.rateCode)
            } else {
                none()
            }
            strs(m.pjRefs)
            source(m.source)
        }
    }

    // MARK: decoding

    /// The dossier of a stored text (this form, or the JSON of older stores).
    ///
    /// - Throws: `FormatError` naming the byte offset, for a truncated or malformed text; never traps, and never
    ///   allocates more than the text's length in items.
    package static func decode(_ text: String, json: JSONDecoder) throws -> Dossier {
        var text = text
        return try text.withUTF8 { u in
            if u.first == UInt8(ascii: "{") { return try json.decode(Dossier.self, from: Data(u)) }
            var r = Reader(u: u)
            try r.expect(magic)
            return try r.dossier()
        }
    }

    /// The invoice of a stored invoice row (`I1:`, or the JSON of older stores).
    ///
    /// - Throws: `FormatError` naming the byte offset (or the JSON decoder's error); never traps.
    package static func decodeInvoice(_ text: String, json: JSONDecoder) throws -> Invoice {
        try decodeFact(text, invoiceMagic, "invoice", json) { try $0.invoice() }
    }

    /// The event of a stored event row (`E1:`, or the JSON of older stores).
    ///
    /// - Throws: `FormatError` naming the byte offset (or the JSON decoder's error); never traps.
    package static func decodeEvent(_ text: String, json: JSONDecoder) throws -> ChainEvent {
        try decodeFact(text, eventMagic, "event", json) { try $0.event() }
    }

    /// The mandat of a stored mandat row (`M1:`, or the JSON of older stores).
    ///
    /// - Throws: `FormatError` naming the byte offset (or the JSON decoder's error); never traps.
    package static func decodeMandat(_ text: String, json: JSONDecoder) throws -> Mandat {
        try decodeFact(text, mandatMagic, "mandat", json) { try $0.mandat() }
    }

    /// A fact's text: JSON when it starts with `{`, else `prefix` then the fields `read` takes, and nothing after.
    private static func decodeFact<T: Decodable>(
        _ text: String, _ prefix: [UInt8], _ name: String, _ json: JSONDecoder, _ read: (inout Reader) throws -> T
    ) throws -> T {
        var text = text
        return try text.withUTF8 { u in
            if u.first == UInt8(ascii: "{") { return try json.decode(T.self, from: Data(u)) }
            var r = Reader(u: u, name: name)
            try r.expect(prefix)
            let value = try read(&r)
            guard r.k == u.count else { throw r.fail("trailing bytes") }
            return value
        }
    }

    struct Reader {
        let u: UnsafeBufferPointer<UInt8>
        var k = 0
        /// What the text holds, for the messages: `dossier`, `invoice`, `event`, `mandat`.
        let name: String

        init(u: UnsafeBufferPointer<UInt8>, name: String = "dossier") {
            self.u = u
            self.name = name
        }

        func fail(_ what: String) -> FormatError {
            FormatError(message: "stored \(name): \(what) at byte \(k) of \(u.count)")
        }

        mutating func expect(_ prefix: [UInt8]) throws {
            for b in prefix {
                guard k < u.count, u[k] == b else {
                    throw fail("not a stored \(name) (no \(String(decoding: prefix, as: UTF8.self)) prefix)")
                }
                k += 1
            }
        }

        /// Consumes `~` and returns true when the optional is absent.
        mutating func isNone() throws -> Bool {
            guard k < u.count else { throw fail("truncated text") }
            if u[k] == UInt8(ascii: "~") {
                k += 1
                return true
            }
            return false
        }

        /// Consumes a one-byte tag that announces a present value.
        mutating func tag(_ c: Unicode.Scalar) throws {
            guard k < u.count, u[k] == UInt8(ascii: c) else { throw fail("expected '\(c)'") }
            k += 1
        }

        /// Digits up to `end`, as a non-negative or negative integer.
        mutating func number(until end: UInt8) throws -> Int {
            var negative = false
            if k < u.count, u[k] == UInt8(ascii: "-") {
                negative = true
                k += 1
            }
            var v = 0
            var digits = 0
            while k < u.count, u[k] != end {
                let c = u[k]
                guard c >= 48, c <= 57, digits < 18 else { throw fail("bad number") }
                v = v * 10 + Int(c - 48)
                digits += 1
                k += 1
            }
            guard digits > 0, k < u.count else { throw fail("truncated number") }
            k += 1
            return negative ? -v : v
        }

        mutating func int() throws -> Int { try number(until: UInt8(ascii: ";")) }

        mutating func optInt() throws -> Int? { try isNone() ? nil : try int() }

        /// A list's count: at most the bytes left (each item takes one byte at least).
        mutating func count() throws -> Int {
            let n = try int()
            guard n >= 0, n <= u.count - k else { throw fail("bad count \(n)") }
            return n
        }

        mutating func bool() throws -> Bool {
            guard k < u.count else { throw fail("truncated text") }
            defer { k += 1 }
            switch u[k] {
            case UInt8(ascii: "T"): return true
            case UInt8(ascii: "F"): return false
            default: throw fail("bad Boolean")
            }
        }

        mutating func bytes() throws -> UnsafeBufferPointer<UInt8> {
            let n = try number(until: UInt8(ascii: ":"))
            guard n >= 0, n <= u.count - k else { throw fail("bad string length \(n)") }
            defer { k += n }
            return UnsafeBufferPointer(rebasing: u[k..<(k + n)])
        }

        /// A string: `<count>:` and its bytes, or `<count>!` and its bytes with NUL escaped (`Writer.escaped`).
        mutating func str() throws -> String {
            var n = 0
            var digits = 0
            while k < u.count, u[k] &- 48 < 10 {
                guard digits < 18 else { throw fail("bad number") }
                n = n * 10 + Int(u[k] - 48)
                digits += 1
                k += 1
            }
            guard k < u.count else { throw fail("truncated text") }
            let mark = u[k]
            guard digits > 0, mark == UInt8(ascii: ":") || mark == UInt8(ascii: "!") else { throw fail("bad number") }
            k += 1
            guard n <= u.count - k else { throw fail("bad string length \(n)") }
            let b = UnsafeBufferPointer(rebasing: u[k..<(k + n)])
            k += n
            if mark == UInt8(ascii: ":") { return String(decoding: b, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(n)
            var i = 0
            while i < n {
                if b[i] == 1 {
                    guard i + 1 < n, b[i + 1] == 1 || b[i + 1] == UInt8(ascii: "0") else {
                        throw fail("bad escape in string")
                    }
                    out.append(b[i + 1] == 1 ? 1 : 0)
                    i += 2
                } else {
                    out.append(b[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func optStr() throws -> String? { try isNone() ? nil : try str() }

        mutating func strs() throws -> [String] {
            let n = try count()
            var a: [String] = []
            a.reserveCapacity(n)
            for _ in 0..<n { a.append(try str()) }
            return a
        }

        mutating func date() throws -> CivilDate? {
            if try isNone() { return nil }
            guard u.count - k >= 8 else { throw fail("truncated date") }
            let year = try digits(4), month = try digits(2), day = try digits(2)
            guard let d = CivilDate(year: year, month: month, day: day) else { throw fail("impossible date") }
            return d
        }

        /// `width` decimal digits (the caller checked they are there).
        mutating func digits(_ width: Int) throws -> Int {
            var v = 0
            for _ in 0..<width {
                let c = u[k]
                guard c >= 48, c <= 57 else { throw fail("bad date") }
                v = v * 10 + Int(c - 48)
                k += 1
            }
            return v
        }

        mutating func amount() throws -> Decimal? {
            if try isNone() { return nil }
            let b = try bytes()
            if let d = Money.parse(utf8: b) { return d }
            // `Money.parse` stops at 34 digits (what a document may hold); a computed amount's description can
            // have up to 38: read it with Foundation's parser, in the same plain notation only.
            let plain = b.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 &- 48 < 10 }
            guard plain, !b.isEmpty, b.count <= 48,
                let d = Decimal(string: String(decoding: b, as: UTF8.self), locale: Self.posix)
            else { throw fail("bad amount") }
            return d
        }

        /// The locale of Foundation's decimal parser (made once).
        static let posix = Locale(identifier: "en_US_POSIX")

        mutating func source() throws -> SourceRef { SourceRef(file: try str(), line: try optInt()) }

        mutating func schemed() throws -> SchemedID? {
            if try isNone() { return nil }
            return SchemedID(id: try str(), scheme: try optStr())
        }

        mutating func dossier() throws -> Dossier {
            let id = try str()
            var invoice: Invoice?
            if !(try isNone()) {
                try tag("I")
                invoice = try self.invoice()
            }
            let number = try optStr()
            var events: [ChainEvent] = []
            let ne = try count()
            events.reserveCapacity(ne)
            for _ in 0..<ne { events.append(try event()) }
            var mandats: [Mandat] = []
            let nm = try count()
            mandats.reserveCapacity(nm)
            for _ in 0..<nm { mandats.append(try mandat()) }
            var contract: Contract?
            if !(try isNone()) {
                let b = try bytes()
                do { contract = try JSONDecoder().decode(Contract.self, from: Data(b)) } catch {
                    throw fail("bad contract JSON (\(error))")
                }
            }
            let corrected = try optStr()
            let credits = try strs()
            guard k == u.count else { throw fail("trailing bytes") }
            return Dossier(
                id: id, invoice: invoice, invoiceNumber: number, events: events, mandats: mandats, contract: contract,
                correctedInvoiceId: corrected, creditNoteIds: credits)
        }

        mutating func invoice() throws -> Invoice {
            let syntax = try str()
            let isCreditNoteDocument = try bool()
            let invoiceNumber = try optStr()
            let issueDate = try date()
            let typeCode = try optStr()
            let currency = try optStr()
            let dueDate = try date()
            let buyerReference = try optStr()
            let contractReference = try optStr()
            let orderReference = try optStr()
            let paymentTerms = try optStr()
            let businessProcess = try optStr()
            let precedingInvoices = try strs()
            let sellerName = try optStr()
            let sellerId = try schemed()
            let sellerLegalId = try schemed()
            let buyerName = try optStr()
            let buyerId = try schemed()
            let buyerLegalId = try schemed()
            let payeeName = try optStr()
            let iban = try optStr()
            let deliveryDate = try date()
            let invoicingPeriodEnd = try date()
            let totalWithoutVAT = try amount()
            let totalVAT = try amount()
            let totalWithVAT = try amount()
            let prepaid = try amount()
            let roundingAmount = try amount()
            let amountDue = try amount()
            var attachments: [AttachmentInfo] = []
            for _ in 0..<(try count()) {
                attachments.append(
                    AttachmentInfo(
                        id: try optStr(), fileName: try optStr(), mimeCode: try optStr(), encodedBytes: try int()))
            }
            var findings: [DocumentFinding] = []
            for _ in 0..<(try count()) {
                findings.append(DocumentFinding(code: try str(), message: try str(), element: try optStr()))
            }
            let chorusId = try optStr()
            let receptionDate = try date()
            var i = Invoice(syntax: syntax, source: try source())
            i.isCreditNoteDocument = isCreditNoteDocument
            i.invoiceNumber = invoiceNumber
            i.issueDate = issueDate
            i.typeCode = typeCode
            i.currency = currency
            i.dueDate = dueDate
            i.buyerReference = buyerReference
            i.contractReference = contractReference
            i.orderReference = orderReference
            i.paymentTerms = paymentTerms
            i.businessProcess = businessProcess
            i.precedingInvoices = precedingInvoices
            i.sellerName = sellerName
            i.sellerId = sellerId
            i.sellerLegalId = sellerLegalId
            i.buyerName = buyerName
            i.buyerId = buyerId
            i.buyerLegalId = buyerLegalId
            i.payeeName = payeeName
            i.iban = iban
            i.deliveryDate = deliveryDate
            i.invoicingPeriodEnd = invoicingPeriodEnd
            i.totalWithoutVAT = totalWithoutVAT
            i.totalVAT = totalVAT
            i.totalWithVAT = totalWithVAT
            i.prepaid = prepaid
            i.roundingAmount = roundingAmount
            i.amountDue = amountDue
            i.attachments = attachments
            i.findings = findings
            i.chorusId = chorusId
            i.receptionDate = receptionDate
            return i
        }

        mutating func mandatKey() throws -> MandatKey? {
            if try isNone() { return nil }
            return MandatKey(
                idColl: try str(), codCol: try optStr(), codBud: try optStr(), exer: try str(), idBord: try str(),
                idPce: try optStr())
        }

        mutating func event() throws -> ChainEvent {
            let kindText = try str()
            guard let kind = EventKind(rawValue: kindText) else { throw fail("unknown event kind \(kindText)") }
            let sourceText = try str()
            guard let origin = EventSource(rawValue: sourceText) else { throw fail("unknown source \(sourceText)") }
            let code = try str()
            let label = try optStr()
            let day = try date()
            let timestamp = try optStr()
            var ref: InvoiceRef?
            if !(try isNone()) {
                try tag("R")
                ref = InvoiceRef(
                    number: try optStr(), issueDate: try date(), sellerId: try optStr(), buyerId: try optStr(),
                    chorusId: try optStr(), inferred: try bool())
            }
            let mandat = try mandatKey()
            let money = try amount()
            var reasons: [EventReason] = []
            for _ in 0..<(try count()) {
                reasons.append(EventReason(code: try optStr(), text: try optStr(), action: try optStr()))
            }
            let nd = try count()
            var details: [String: String] = [:]
            details.reserveCapacity(nd)
            for _ in 0..<nd {
                let key = try str()
                details[key] = try str()
            }
            return ChainEvent(
                kind: kind, source: origin, code: code, label: label, date: day, timestamp: timestamp, invoice: ref,
                mandat: mandat, amount: money, reasons: reasons, details: details, sourceRef: try source(),
                unknownCode: try bool())
        }

        mutating func mandat() throws -> Mandat {
            guard let key = try mandatKey() else { throw fail("mandat without key") }
            let bordereauDate = try date()
            let typBord = try optStr()
            let typPce = try optStr()
            let natPce = try optStr()
            let object = try optStr()
            let lineCount = try int()
            let amountHT = try amount()
            let amountTVA = try amount()
            let amountTTC = try amount()
            let invoiceNumbers = try strs()
            let inferred = try strs()
            let contractIds = try strs()
            let creditorId = try optStr()
            let creditorIdType = try optStr()
            let creditorName = try optStr()
            var dgp: MandatDGP?
            if !(try isNone()) {
                try tag("G")
                dgp = MandatDGP(
                    dgp: try optStr(), start: try date(), end: try date(), days: try optInt(), rate: try amount(),
                    rateCode: try optStr())
            }
            let pjRefs = try strs()
            var m = Mandat(key: key, source: try source())
            m.bordereauDate = bordereauDate
            m.typBord = typBord
            m.typPce = typPce
            m.natPce = natPce
            m.object = object
            m.lineCount = lineCount
            m.amountHT = amountHT
            m.amountTVA = amountTVA
            m.amountTTC = amountTTC
            m.invoiceNumbers = invoiceNumbers
            m.inferredInvoiceNumbers = inferred
            m.contractIds = contractIds
            m.creditorId = creditorId
            m.creditorIdType = creditorIdType
            m.creditorName = creditorName
            m.dgp = dgp
            m.pjRefs = pjRefs
            return m
        }
    }
}
