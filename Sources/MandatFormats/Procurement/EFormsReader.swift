import Foundation
import MandatCore
import MandatXML

/// Reads eForms notices (OP-TED eForms SDK, UBL 2.3): contract award notices and their modifications, into
/// the `eforms` fields of EXPECTED.json and one `Contract` per awarded contract (`efac:SettledContract`).
///
/// A contract is followed from `SettledContract` (OPT-316, BT-150 contract number, BT-145 conclusion date,
/// BT-1451 award date) to its `LotTender`(s) (OPT-321; value BT-720 `PayableAmount`), then
/// `TenderingParty` (OPT-210), `Tenderer` (OPT-300) and `Organization` (OPT-200; name BT-500, legal id
/// BT-501). `value` is filled only when the contract references exactly one tender (EXPECTED.md "eForms").
/// Legal ids are kept as written (`"123 456 789"`). Notices are small, so the whole notice is held as one
/// tree (capped by `SubtreeCollector`).
enum EFormsReader {
    struct Org {
        var name: String?
        var legalId: String?
    }

    static func read(path: String, into doc: inout ReadDocument) throws {
        var root: XNode?
        let collector = SubtreeCollector(depth: 1, file: doc.path, accept: { _ in true }) { root = $0 }
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: collector)
        guard let root else { return }
        var values = ProcurementValues(file: doc.path)
        let ext = root.first("UBLExtensions/UBLExtension/ExtensionContent/EformsExtension")
        var orgs: [String: Org] = [:]
        for org in ext?.all("Organizations/Organization") ?? [] {
            guard let company = org.child("Company"), let ref = company.text("PartyIdentification/ID") else { continue }
            if orgs[ref] == nil {
                orgs[ref] = Org(
                    name: company.text("PartyName/Name"), legalId: company.text("PartyLegalEntity/CompanyID"))
            }
        }
        func party(_ ref: String) -> JSONValue {
            .object([("orgRef", .string(ref)), ("name", .str(orgs[ref]?.name)), ("legalId", .str(orgs[ref]?.legalId))])
        }

        let noticeId = root.text("ID")
        doc.fields.append(("noticeId", .str(noticeId)))
        doc.fields.append(("noticeSubType", .str(ext?.text("NoticeSubType/SubTypeCode"))))
        doc.fields.append(("procedureId", .str(root.text("ContractFolderID"))))
        doc.fields.append(("issueDate", .date(values.date(root.child("IssueDate")))))

        var buyerRefs: [String] = []
        for p in root.all("ContractingParty/Party/PartyIdentification/ID") {
            if let ref = p.value, !buyerRefs.contains(ref) { buyerRefs.append(ref) }
        }
        doc.fields.append(("buyers", .array(buyerRefs.map(party))))

        let result = ext?.child("NoticeResult")
        let lotTenders = result?.children("LotTender") ?? []
        let lotResults = result?.children("LotResult") ?? []
        let parties = result?.children("TenderingParty") ?? []
        let procedureTitle = root.text("ProcurementProject/Name")
        let cpv = root.text("ProcurementProject/MainCommodityClassification/ItemClassificationCode")
        let procedure = root.text("TenderingProcess/ProcedureCode")
        var rows: [JSONValue] = []
        for sc in result?.children("SettledContract") ?? [] {
            let technicalId = sc.text("ID")
            let contractId = sc.text("ContractReference/ID")
            var tenderIds: [String] = []
            for t in sc.all("LotTender/ID") {
                if let v = t.value, !tenderIds.contains(v) { tenderIds.append(v) }
            }
            var lots: [String] = []
            func addLot(_ v: String?) { if let v, !lots.contains(v) { lots.append(v) } }
            if let technicalId {
                for lr in lotResults where lr.all("SettledContract/ID").contains(where: { $0.value == technicalId }) {
                    addLot(lr.text("TenderLot/ID"))
                }
            }
            var tenderRows: [JSONValue] = []
            var tenderAmounts: [(Decimal?, String?)] = []
            var winnerRefs: [String] = []
            for tid in tenderIds {
                guard let lt = lotTenders.first(where: { $0.text("ID") == tid }) else {
                    values.notes.append("\(doc.path):\(sc.line): contract tender \(tid) is not in NoticeResult")
                    continue
                }
                addLot(lt.text("TenderLot/ID"))
                let payable = lt.first("LegalMonetaryTotal/PayableAmount")
                let amount = values.amount(payable)
                let currency = payable?.attribute("currencyID")
                tenderAmounts.append((amount, currency))
                tenderRows.append(
                    .object([("tenderId", .string(tid)), ("amount", .amount(amount)), ("currency", .str(currency))]))
                for tpRef in lt.all("TenderingParty/ID").compactMap(\.value) {
                    guard let tp = parties.first(where: { $0.text("ID") == tpRef }) else {
                        values.notes.append("\(doc.path):\(lt.line): tendering party \(tpRef) is not in NoticeResult")
                        continue
                    }
                    for o in tp.all("Tenderer/ID").compactMap(\.value) where !winnerRefs.contains(o) {
                        winnerRefs.append(o)
                    }
                }
            }
            let single = tenderAmounts.count == 1 ? tenderAmounts[0] : (nil, nil)
            if tenderAmounts.count > 1 {
                values.notes.append(
                    "\(doc.path):\(sc.line): contract \(contractId ?? technicalId ?? "?") has \(tenderAmounts.count) "
                        + "tenders: value left empty, see tenderValues")
            }
            let conclusion = values.date(sc.child("IssueDate"))
            let award = values.date(sc.child("AwardDate"))
            let title = sc.text("Title")
            rows.append(
                .object([
                    ("technicalId", .str(technicalId)), ("contractId", .str(contractId)), ("title", .str(title)),
                    ("conclusionDate", .date(conclusion)), ("awardDate", .date(award)),
                    ("tenderIds", .strings(tenderIds)), ("lots", .strings(lots)), ("value", .amount(single.0)),
                    ("currency", .str(single.1)), ("tenderValues", .array(tenderRows)),
                    ("winners", .array(winnerRefs.map(party))),
                ]))

            // The domain contract: only one that has a number to link invoices to.
            guard let id = contractId ?? technicalId else {
                values.notes.append("\(doc.path):\(sc.line): SettledContract without any id: no contract made")
                continue
            }
            var c = Contract(type: "eforms", id: id, source: SourceRef(file: doc.path, line: sc.line))
            c.format = .eforms
            c.noticeId = noticeId
            let signatory = sc.text("SignatoryParty/PartyIdentification/ID")
            let buyerRef = signatory.flatMap { orgs[$0] != nil ? $0 : nil } ?? buyerRefs.first
            c.buyerId = buyerRef.flatMap { orgs[$0]?.legalId }
            c.buyerName = buyerRef.flatMap { orgs[$0]?.name }
            c.object = title ?? procedureTitle
            c.cpv = cpv
            c.procedure = procedure
            c.signatureDate = conclusion
            c.amount = single.0
            c.currency = single.1
            c.lots = lots
            c.holders = winnerRefs.map { ContractHolder(idType: nil, id: orgs[$0]?.legalId, name: orgs[$0]?.name) }
            doc.contracts.append(c)
        }
        doc.fields.append(("contracts", .array(rows)))

        var mods: [JSONValue] = []
        for m in ext?.children("ContractModification") ?? [] {
            mods.append(
                .object([
                    ("previousNotice", .str(m.text("ChangedNoticeIdentifier"))),
                    ("modifiedContract", .str(m.text("ModifiedContractIdentifier"))),
                    ("reasonCode", .str(m.text("ChangeReason/ReasonCode"))),
                    ("description", .str(m.text("Change/ChangeDescription"))),
                ]))
        }
        doc.fields.append(("modifications", .array(mods)))
        doc.notes.append(contentsOf: values.notes)
    }
}
