import MandatCore
import MandatXML

/// What a file is, by its root element's local name and namespace URI (never its prefix), or by its JSON
/// shape (EXPECTED.md "Classification").
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case invoice, creditNote, pesAller, pesAcquit, pesRetour, pesAcquitRetour
    case chorusStatus, chorusInvoicePivot, chorusHistoryJSON, chorusListJSON
    case cdar, decp, eforms, ted, schema, unknown, notWellFormed
}

/// Namespace URIs of the formats Mandat reads.
public enum Namespaces {
    public static let ublInvoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    public static let ublCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    public static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    public static let cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    public static let cii = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    public static let ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    public static let udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
    public static let cdar = "urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100"
    public static let zugferd1 = "urn:ferd:CrossIndustryDocument:invoice:1p0"
    public static let pesAller = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"
    public static let pesRetour = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour"
    public static let pesRetourV2 = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2"
    public static let pesAllerAck = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller/ack"
    public static let pesV1 = "http://www.minefi.gouv.fr/cp/helios/pes"
    public static let ted = "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"
    public static let xsd = "http://www.w3.org/2001/XMLSchema"
    public static let iso_schematron = "http://purl.oclc.org/dsdl/schematron"
    public static let old_schematron = "http://www.ascc.net/xml/schematron"
    public static let svrl = "http://purl.oclc.org/dsdl/svrl"
    public static let eformsCAN = "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2"
    public static let eformsCN = "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
    public static let eformsPIN = "urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2"
    public static let vefa = "http://difi.no/xsd/vefa/validator/1.0"
}

/// Classifies an XML root. Returns the kind and, for `unknown`, a note naming what was recognised.
public func classify(root: XMLName) -> (kind: DocumentKind, note: String?) {
    switch (root.namespace, root.local) {
    case (Namespaces.ublInvoice, "Invoice"): return (.invoice, nil)
    case (Namespaces.ublCreditNote, "CreditNote"): return (.creditNote, nil)
    case (Namespaces.cii, "CrossIndustryInvoice"): return (.invoice, nil)
    case (Namespaces.pesAller, "PES_Aller"): return (.pesAller, nil)
    case (Namespaces.pesRetourV2, "PES_ACQUIT"), (Namespaces.pesRetour, "PES_ACQUIT"): return (.pesAcquit, nil)
    case (Namespaces.pesRetour, "PES_Retour"): return (.pesRetour, nil)
    case (Namespaces.pesAllerAck, "PES_ACQUIT_RETOUR"): return (.pesAcquitRetour, nil)
    case ("", "CPPStatut"): return (.chorusStatus, nil)
    case ("", "CPPFacturePivot"): return (.chorusInvoicePivot, nil)
    case (Namespaces.cdar, "CrossDomainAcknowledgementAndResponse"): return (.cdar, nil)
    case ("", "marches"), ("", "marche"), ("", "contrat-concession"): return (.decp, nil)
    case (Namespaces.eformsCAN, "ContractAwardNotice"), (Namespaces.eformsCN, "ContractNotice"),
        (Namespaces.eformsPIN, "PriorInformationNotice"):
        return (.eforms, nil)
    case (Namespaces.ted, "TED_EXPORT"): return (.ted, nil)
    case (Namespaces.xsd, "schema"), (Namespaces.iso_schematron, "schema"), (Namespaces.old_schematron, "schema"):
        return (.schema, nil)
    case (Namespaces.zugferd1, "CrossIndustryDocument"):
        return (.unknown, "legacy ZUGFeRD 1.0 CrossIndustryDocument (not EN 16931 CII): not supported")
    case (Namespaces.pesV1, "PES_Acquit"), (Namespaces.pesV1, "PES_NonAcquit"):
        return (.unknown, "legacy PES v1 \(root.local) (namespace …/helios/pes): not a PES_ACQUIT V2, not supported")
    case ("", "CPPFactureMixte"):
        return (.unknown, "Chorus Pro E2 deposit flow CPPFactureMixte: not a CPPFacturePivot, not supported")
    case (Namespaces.svrl, _): return (.unknown, "SVRL validation report: not a document Mandat reads")
    case (Namespaces.vefa, "testSet"):
        return (.unknown, "VEFA validator test set (wraps test documents): not itself a document")
    default:
        return (.unknown, "root element \(root) is not a format Mandat reads")
    }
}
