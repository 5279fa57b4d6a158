import Foundation
import MandatCore
import MandatFormats
import MandatXML
import Testing

@testable import MandatStore

/// The PostgreSQL URL for the store suite, from `MANDAT_TEST_POSTGRES_URL` (unset: PostgreSQL runs skip).
let postgresURL: String? = {
    let v = ProcessInfo.processInfo.environment["MANDAT_TEST_POSTGRES_URL"]
    return (v?.isEmpty ?? true) ? nil : v
}()

/// The backends the suite runs on: SQLite always, PostgreSQL when configured.
let backendsUnderTest: [StoreBackend] = {
    if postgresURL == nil {
        print("note: MANDAT_TEST_POSTGRES_URL is not set: the store suite runs on SQLite only (PostgreSQL skipped)")
        return [.sqlite]
    }
    return [.sqlite, .postgres]
}()

/// A fresh, empty store for one test: a SQLite file in a new temp folder, or a PostgreSQL schema of its own
/// (tests run in parallel). `location` opens further connections to the same data.
struct TestDB {
    let location: StoreLocation
    let folder: URL?

    init(_ backend: StoreBackend) throws {
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            folder = dir
            location = .sqlite(path: dir.appendingPathComponent("mandat.sqlite").path)
        case .postgres:
            folder = nil
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            location = .postgres(url: postgresURL ?? "", schema: String(schema))
        }
    }

    func open() async throws -> SQLMandatStore { try await location.open() }

    /// Removes the temp folder or drops the schema (through a connection that runs no migration).
    func destroy() async {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        if case .postgres(let url, let schema?) = location,
            let s = try? await StoreLocation.openPostgres(
                url: url, schema: nil, logger: .init(label: "test"), display: "test")
        {
            try? await s.dropSchemaForTests(schema)
            try? await s.close()
        }
    }
}

extension SQLMandatStore {
    func dropSchemaForTests(_ schema: String) async throws {
        try await db.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
}

/// Synthetic facts (no real people or companies; SIRETs made up with valid Luhn keys).
enum Synthetic {
    /// Seller SIREN 900000019 (Luhn ok), SIRET 90000001900019; buyer SIRET 90000002700012.
    static let sellerSIRET = "90000001900019"
    static let buyerSIRET = "90000002700012"
    static let otherBuyerSIRET = "90000003500015"

    static func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    static func invoice(
        _ number: String, issued: String = "2025-03-01", due: Decimal = Decimal(string: "12000.00")!,
        buyer: String = buyerSIRET, contract: String? = "2025-M-001", dueDate: String? = "2025-04-02",
        file: String = "fixtures/store/inv.xml"
    ) -> Invoice {
        var i = Invoice(syntax: "UBL", source: SourceRef(file: file, line: 2))
        i.invoiceNumber = number
        i.issueDate = date(issued)
        i.typeCode = "380"
        i.currency = "EUR"
        i.sellerName = "Atelier Synthétique SARL"
        i.sellerLegalId = SchemedID(id: sellerSIRET, scheme: "0002")
        i.buyerName = "Commune de Synthèse"
        i.buyerLegalId = SchemedID(id: buyer, scheme: "0009")
        i.contractReference = contract
        i.dueDate = dueDate.map(date)
        i.totalWithoutVAT = due / Decimal(string: "1.2")!
        i.totalVAT = due - due / Decimal(string: "1.2")!
        i.totalWithVAT = due
        i.amountDue = due
        return i
    }

    static func event(
        _ kind: EventKind, _ code: String, on day: String, number: String, source: EventSource = .chorusPro,
        file: String = "fixtures/store/status.xml", line: Int = 5, reason: String? = nil
    ) -> ChainEvent {
        ChainEvent(
            kind: kind, source: source, code: code, label: code.lowercased(), date: date(day),
            invoice: InvoiceRef(number: number, issueDate: date("2025-03-01"), sellerId: sellerSIRET),
            reasons: reason.map { [EventReason(code: "R1", text: $0)] } ?? [],
            sourceRef: SourceRef(file: file, line: line))
    }

    static func mandatKey(_ pce: String?) -> MandatKey {
        MandatKey(idColl: "90000002700012", codCol: "001", codBud: "01", exer: "2025", idBord: "17", idPce: pce)
    }

    static func mandat(_ pce: String, invoice number: String, ttc: String) -> Mandat {
        var m = Mandat(key: mandatKey(pce), source: SourceRef(file: "fixtures/store/pes_aller.xml", line: 40))
        m.bordereauDate = date("2025-03-20")
        m.invoiceNumbers = [number]
        m.amountTTC = Decimal(string: ttc)
        m.creditorName = "Atelier Synthétique SARL"
        return m
    }

    static func contract(_ id: String, buyer: String = buyerSIRET) -> Contract {
        var c = Contract(type: "marche", id: id, source: SourceRef(file: "fixtures/store/decp.xml", line: 3))
        c.buyerId = buyer
        c.object = "Entretien des espaces verts (synthétique)"
        c.amount = Decimal(string: "150000.00")
        c.notificationDate = date("2025-01-15")
        return c
    }

    /// A read document with the given facts.
    static func document(
        _ path: String, kind: DocumentKind = .invoice, invoices: [Invoice] = [], events: [ChainEvent] = [],
        mandats: [Mandat] = [], contracts: [Contract] = []
    ) -> ReadDocument {
        var d = ReadDocument(path: path, kind: kind, size: 100)
        d.invoices = invoices
        d.events = events
        d.mandats = mandats
        d.contracts = contracts
        return d
    }

    /// A fingerprint that stands for a file's content in store-level tests.
    static func fingerprint(_ label: String) -> FileFingerprint {
        var h = ContentHash()
        h.update(Array(label.utf8))
        return FileFingerprint(sha256: h.finalize(), size: label.utf8.count)
    }
}

/// The package root, from this file: Tests/MandatStoreTests/<file>.swift → up 3 levels.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
