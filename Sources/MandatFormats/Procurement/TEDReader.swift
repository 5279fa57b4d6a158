import Foundation
import MandatCore
import MandatXML

/// Reads TED XML R2.0.9 contract award notices (`TED_EXPORT`, forms F03_2014 and F06_2014 and any other
/// form with `AWARD_CONTRACT`) into the `ted` fields of EXPECTED.json and one `Contract` per awarded
/// contract.
///
/// The form with `CATEGORY="ORIGINAL"` is read (translations are skipped; when none is marked original,
/// the first form is read, with a note). Every `AWARD_CONTRACT` is listed; one with `NO_AWARDED_CONTRACT`
/// (or no `AWARDED_CONTRACT`) has `awarded: false` and gives no domain contract (EXPECTED.md "TED";
/// DOMAIN.md §4.5). Notice number: `CODED_DATA_SECTION/NOTICE_DATA/NO_DOC_OJS`.
enum TEDReader {
    static func read(path: String, into doc: inout ReadDocument) throws {
        var root: XNode?
        let collector = SubtreeCollector(depth: 1, file: doc.path, accept: { _ in true }) { root = $0 }
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: collector)
        guard let root else { return }
        var values = ProcurementValues(file: doc.path)
        let noticeNumber = root.text("CODED_DATA_SECTION/NOTICE_DATA/NO_DOC_OJS")
        let forms = root.child("FORM_SECTION")?.children ?? []
        var form = forms.first { $0.attribute("CATEGORY") == "ORIGINAL" }
        if form == nil, let first = forms.first {
            form = first
            values.notes.append("no form has CATEGORY=\"ORIGINAL\": the first form <\(first.local)> is read")
        }
        let language = form?.attribute("LG") ?? root.text("CODED_DATA_SECTION/NOTICE_DATA/LG_ORIG")
        let body = form?.first("CONTRACTING_BODY/ADDRESS_CONTRACTING_BODY")
        let buyerName = body?.text("OFFICIALNAME")
        let buyerId = body?.text("NATIONALID")
        doc.fields.append(("noticeNumber", .str(noticeNumber)))
        doc.fields.append(("form", .str(form?.local)))
        doc.fields.append(("language", .str(language)))
        doc.fields.append(("buyer", .object([("name", .str(buyerName)), ("nationalId", .str(buyerId))])))

        let objectTitle = form?.text("OBJECT_CONTRACT/TITLE/P")
        let cpv = form?.first("OBJECT_CONTRACT/CPV_MAIN/CPV_CODE")?.attribute("CODE")
        var rows: [JSONValue] = []
        for ac in form?.children("AWARD_CONTRACT") ?? [] {
            let item = ac.attribute("ITEM")
            let contractNo = ac.text("CONTRACT_NO")
            let lotNo = ac.text("LOT_NO")
            let awardedNode = ac.child("AWARDED_CONTRACT")
            let awarded = awardedNode != nil && ac.child("NO_AWARDED_CONTRACT") == nil
            let conclusion = awarded ? values.date(awardedNode?.child("DATE_CONCLUSION_CONTRACT")) : nil
            let winners: [ContractHolder] =
                awarded
                ? (awardedNode?.all("CONTRACTORS/CONTRACTOR/ADDRESS_CONTRACTOR") ?? []).map {
                    ContractHolder(idType: nil, id: $0.text("NATIONALID"), name: $0.text("OFFICIALNAME"))
                } : []
            let valueNode = awarded ? awardedNode?.first("VALUES/VAL_TOTAL") : nil
            let value = values.amount(valueNode)
            let currency = valueNode?.attribute("CURRENCY")
            rows.append(
                .object([
                    ("item", .str(item)), ("contractNo", .str(contractNo)), ("lotNo", .str(lotNo)),
                    ("awarded", .bool(awarded)), ("conclusionDate", .date(conclusion)),
                    (
                        "winners",
                        .array(winners.map { .object([("name", .str($0.name)), ("nationalId", .str($0.id))]) })
                    ),
                    ("value", .amount(value)), ("currency", .str(currency)),
                ]))
            guard awarded else { continue }
            guard let id = contractNo else {
                values.notes.append(
                    "\(doc.path):\(ac.line): awarded contract (item \(item ?? "?")) has no CONTRACT_NO: no contract made"
                )
                continue
            }
            var c = Contract(type: "ted", id: id, source: SourceRef(file: doc.path, line: ac.line))
            c.format = .ted
            c.noticeId = noticeNumber
            c.buyerId = buyerId
            c.buyerName = buyerName
            c.object = ac.text("TITLE/P") ?? objectTitle
            c.cpv = cpv
            c.signatureDate = conclusion
            c.amount = value
            c.currency = currency
            c.holders = winners
            c.lots = lotNo.map { [$0] } ?? []
            doc.contracts.append(c)
        }
        doc.fields.append(("contracts", .array(rows)))
        doc.notes.append(contentsOf: values.notes)
    }
}
