import Foundation
import MandatCore
import MandatFormats

/// The rows one file adds to the store's fact tables, with every bound value computed: keys, normalised
/// columns and the fact's stored text (`StoredFact`: the compact form of `StoredDossier`, JSON for a contract).
///
/// `Sendable`. Pure work on the document, so `mandat import` computes it in its reading tasks, on every core,
/// and the single writer only runs SQL. The column order is `SQLMandatStore`'s (`invoiceColumns` …).
struct EncodedRows: Sendable {
    /// The row's key (invoice key, event id, mandat key, `buyer/id` for a contract) and its bound values.
    typealias Row = (key: String, row: [any Encodable & Sendable])

    var invoices: [Row] = []
    var events: [Row] = []
    var mandats: [Row] = []
    var contracts: [Row] = []
    /// The link keys of every fact above (`DossierState.FactKeys`), by fact id: written with the rows.
    var keys: [String: DossierState.FactKeys] = [:]

    /// - Throws: what `JSONEncoder` throws for a contract it cannot encode (contracts stay JSON; the encoder is
    ///   made only for a document that has some, not once per file).
    init(_ document: ReadDocument, sha256 sha: String) throws {
        var encoder: JSONEncoder?
        func contractEncoder() -> JSONEncoder {
            if let encoder { return encoder }
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys]
            encoder = e
            return e
        }
        for inv in document.invoices {
            let key = inv.key.description
            keys[DossierState.Fact.invoice(key)] = DossierState.FactKeys(
                fact: DossierState.Fact.invoice(key), keys: DossierState.keys(inv))
            invoices.append(
                (
                    key,
                    [
                        key, inv.invoiceNumber, inv.invoiceNumber.map(InvoiceNumbers.normalize), inv.key.sellerSIREN,
                        inv.buyerCompany?.digits, inv.issueDate?.iso, inv.typeCode, inv.contractReference,
                        inv.amountDue.map(Money.normalized), inv.chorusId, sha, inv.storedText(json: contractEncoder),
                    ]
                ))
        }
        for ev in document.events {
            let id = ev.id  // computed (a hash of the event's identity): once
            keys[DossierState.Fact.event(id)] = .of(ev, id: id)
            events.append(
                (
                    id,
                    [
                        id, ev.kind.rawValue, ev.source.rawValue, ev.code, ev.date?.iso,
                        ev.invoice?.number.map(InvoiceNumbers.normalize), ev.invoice?.sellerId, ev.invoice?.chorusId,
                        ev.mandat.map(StoreKeys.mandat), sha, ev.sourceRef.file, ev.sourceRef.line,
                        ev.storedText(json: contractEncoder),
                    ]
                ))
        }
        for m in document.mandats {
            let key = StoreKeys.mandat(m.key)
            keys[DossierState.Fact.mandat(key)] = DossierState.FactKeys(
                fact: DossierState.Fact.mandat(key), keys: DossierState.keys(m))
            let numbers = m.invoiceNumbers.map(InvoiceNumbers.normalize).joined(separator: " ")
            mandats.append(
                (
                    key,
                    [
                        key, m.key.idColl, m.key.exer, m.key.idBord, m.key.idPce, m.bordereauDate?.iso,
                        m.amountTTC.map(Money.normalized), m.creditorId, numbers, sha, m.storedText(json: contractEncoder),
                    ]
                ))
        }
        for c in document.contracts {
            let buyer = StoreKeys.buyerDigits(c.buyerId) ?? ""
            keys[DossierState.Fact.contract(buyer, c.id)] = DossierState.FactKeys(
                fact: DossierState.Fact.contract(buyer, c.id), keys: DossierState.keys(c))
            contracts.append(
                (
                    buyer + "/" + c.id,
                    [
                        buyer, c.id, c.type, c.notificationDate?.iso, c.amount.map(Money.normalized), sha,
                        try c.storedText(json: contractEncoder),
                    ]
                ))
        }
    }
}

extension ImportItem {
    /// Computes the rows now (in the caller's task) so that the store's writer does not; on an encoding error
    /// they are left to the writer, which reports it.
    mutating func encodeRows() {
        rows = try? EncodedRows(document, sha256: fingerprint.sha256)
    }
}
