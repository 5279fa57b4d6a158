import Foundation
import MandatCore
import MandatXML

/// Reads DECP files (*données essentielles de la commande publique*), v1.5 and v2, into `Contract`s and the
/// `decp` fields of EXPECTED.json.
///
/// Roots: `marches` holding `marche` and `contrat-concession` elements, or a single `marche` /
/// `contrat-concession` (v1.5). Each contract element is streamed as its own small tree, so a national
/// file of any size is read in bounded memory (DOMAIN.md §4.5; schemas `schema_decp_v2.0.2.xsd` and
/// 1.5.0 `marches.xsd`, 139bercy/format-commande-publique).
///
/// Version: a contract is v1.5 when the root is a single contract, or it carries `uid`, or its buyer has a
/// `nom` (required in v1.5, absent from v2), or a modification has `objetModification`; otherwise v2.
///
/// Mapping decisions (EXPECTED.md "DECP"): `holders` are the top-level `titulaires` (concession:
/// `concessionnaires`); a concession's `amount` and `notificationDate` are null and it has `signatureDate`,
/// `startDate` and `value`. A duplicate (buyer id, id) key gets a note; the fields list every element as
/// written, while `doc.contracts` keeps the first occurrence only.
enum DECPReader {
    static let contractElements: Set<String> = ["marche", "contrat-concession"]

    static func read(path: String, into doc: inout ReadDocument) throws {
        let rootLocal = doc.root ?? ""
        let single = contractElements.contains(rootLocal)
        var values = ProcurementValues(file: doc.path)
        var rows: [JSONValue] = []
        var contracts: [Contract] = []
        var counts: [ContractKey: Int] = [:]
        var order: [ContractKey] = []
        var firstIndex: [ContractKey: Int] = [:]
        let file = doc.path
        let collector = SubtreeCollector(
            depth: single ? 1 : 2, file: file, accept: { $0.namespace.isEmpty && contractElements.contains($0.local) }
        ) { node in
            let c = contract(from: node, singleRoot: single, file: file, values: &values)
            rows.append(fields(of: c, node: node))
            let k = c.key
            if counts[k] == nil {
                order.append(k)
                firstIndex[k] = contracts.count
                contracts.append(c)
            } else if let i = firstIndex[k], case let first = contracts[i],
                first.withoutSource != c.withoutSource
            {
                values.notes.append(
                    "\(file):\(node.line): contract (\(k.buyerId), \(k.id)) repeats an earlier one with different "
                        + "data; the first is kept")
            }
            counts[k, default: 0] += 1
        }
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: collector)
        for (name, n) in collector.skipped.sorted(by: { $0.key < $1.key }) {
            values.notes.append("\(n) <\(name)> element(s) under <\(rootLocal)> are not contracts: not read")
        }
        for k in order where (counts[k] ?? 0) > 1 {
            values.notes.append(
                "duplicate contract key (buyerId, id) = ('\(k.buyerId)', '\(k.id)') occurs \(counts[k] ?? 0) times")
        }
        doc.fields.append(("contracts", .array(rows)))
        doc.contracts.append(contentsOf: contracts)
        doc.notes.append(contentsOf: values.notes)
    }

    /// Builds the domain contract from one `marche` / `contrat-concession` element.
    static func contract(from n: XNode, singleRoot: Bool, file: String, values: inout ProcurementValues) -> Contract {
        let concession = n.local == "contrat-concession"
        let id = n.text("id")
        if id == nil { values.notes.append("\(file):\(n.line): <\(n.local)> has no id") }
        var c = Contract(type: n.local, id: id ?? "", source: SourceRef(file: file, line: n.line))
        let buyer = n.child(concession ? "autoriteConcedante" : "acheteur")
        let v1 =
            singleRoot || n.child("uid") != nil || buyer?.child("nom") != nil
            || !n.all("modifications/modification/objetModification").isEmpty
        c.format = v1 ? .decpV1 : .decpV2
        c.uid = n.text("uid")
        c.buyerId = buyer?.text("id")
        c.buyerName = buyer?.text("nom")
        c.nature = n.text("nature")
        c.object = n.text("objet")
        c.cpv = n.text("codeCPV")
        c.procedure = n.text("procedure")
        c.durationMonths = values.int(n.child("dureeMois"))
        c.priceForm = n.text("formePrix")
        c.frameworkAgreementId = n.text("idAccordCadre")
        if concession {
            c.signatureDate = values.date(n.child("dateSignature"))
            c.startDate = values.date(n.child("dateDebutExecution"))
            c.value = values.amount(n.child("valeurGlobale"))
        } else {
            c.notificationDate = values.date(n.child("dateNotification"))
            c.amount = values.amount(n.child("montant"))
        }
        c.holders = holders(n.first(concession ? "concessionnaires" : "titulaires"), values: &values)
        for m in n.all("modifications/modification") {
            c.modifications.append(
                ContractModification(
                    id: m.text("id"),
                    notificationDate: values.date(
                        m.child("dateNotificationModification") ?? m.child("dateSignatureModification")),
                    amount: values.amount(m.child("montant") ?? m.child("valeurGlobale")),
                    durationMonths: values.int(m.child("dureeMois")),
                    publicationDate: values.date(m.child("datePublicationDonneesModification")),
                    holders: holders(m.child("titulaires"), values: &values),
                    object: m.text("objetModification"),
                    line: m.line))
        }
        for a in n.all("actesSousTraitance/acteSousTraitance") {
            let st = a.child("sousTraitant").map {
                ContractHolder(
                    idType: $0.text("typeIdentifiant"), id: $0.text("id"), name: $0.text("denominationSociale"))
            }
            c.subcontracting.append(
                SubcontractingAct(
                    id: a.text("id"), subcontractor: st, durationMonths: values.int(a.child("dureeMois")),
                    notificationDate: values.date(a.child("dateNotification")),
                    amount: values.amount(a.child("montant")),
                    priceVariation: a.text("variationPrix")))
        }
        return c
    }

    /// Holders of a `titulaires` / `concessionnaires` element, in document order.
    ///
    /// Real files (139bercy `exemples/xml/Marche-modification.xml`) sometimes put `id` and
    /// `typeIdentifiant` directly under a modification's `titulaires`, without the `titulaire` wrapper the
    /// schema requires: that is read as one holder, with a note when `values` is given.
    static func holders(_ list: XNode?, values: inout ProcurementValues) -> [ContractHolder] {
        guard let list else { return [] }
        if list.child("id") != nil || list.child("typeIdentifiant") != nil {
            values.notes.append(
                "\(values.file):\(list.line): <\(list.local)> holds id/typeIdentifiant without a wrapper element: "
                    + "read as one holder")
            return [
                ContractHolder(
                    idType: list.text("typeIdentifiant"), id: list.text("id"), name: list.text("denominationSociale"))
            ]
        }
        return list.children.filter { !$0.children.isEmpty }.map {
            ContractHolder(idType: $0.text("typeIdentifiant"), id: $0.text("id"), name: $0.text("denominationSociale"))
        }
    }

    /// The EXPECTED.json `decp` contract row (key order as in EXPECTED.md).
    static func fields(of c: Contract, node: XNode) -> JSONValue {
        var o: [(String, JSONValue)] = [
            ("type", .string(c.type)), ("id", .str(node.text("id"))), ("uid", .str(c.uid)),
            ("buyerId", .str(c.buyerId)), ("nature", .str(c.nature)), ("object", .str(c.object)),
            ("notificationDate", .date(c.notificationDate)),
        ]
        if c.isConcession {
            o.append(("signatureDate", .date(c.signatureDate)))
            o.append(("startDate", .date(c.startDate)))
            o.append(("amount", .amount(c.amount)))
            o.append(("value", .amount(c.value)))
        } else {
            o.append(("amount", .amount(c.amount)))
        }
        o.append(("durationMonths", .int(c.durationMonths)))
        o.append(
            ("holders", .array(c.holders.map { .object([("idType", .str($0.idType)), ("id", .str($0.id))]) })))
        o.append(("modifications", .int(c.modifications.count)))
        return .object(o)
    }
}

extension Contract {
    /// The contract with its source line cleared, to compare two occurrences of one contract.
    var withoutSource: Contract {
        var c = self
        c.source = SourceRef(file: source.file)
        c.modifications = c.modifications.map {
            var m = $0
            m.line = nil
            return m
        }
        return c
    }
}
