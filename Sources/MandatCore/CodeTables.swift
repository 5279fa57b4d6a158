import Foundation

/// A language for labels a person reads: French first, English as the alternative.
public enum LabelLanguage: String, Codable, Hashable, Sendable, CaseIterable {
    case fr, en
}

/// One code of a code table: the code as written in files, its French and English labels, and (for status
/// tables) what it means for the chain.
///
/// `Sendable`, `Hashable`.
public struct CodeEntry: Hashable, Sendable {
    /// The code exactly as files write it (leading zeros kept: `"01"`, `"0"`, `"DEPOSEE"`).
    public let code: String
    /// Other spellings of the same code (Chorus Pro: `"01"` is also `"DEPOSEE"`).
    public let aliases: [String]
    /// French label (what a person reads first).
    public let fr: String
    /// English label.
    public let en: String
    /// The chain meaning of a status code; nil for tables that are not statuses (reasons, natures …).
    public let kind: EventKind?

    public init(_ code: String, aliases: [String] = [], fr: String, en: String, kind: EventKind? = nil) {
        self.code = code
        self.aliases = aliases
        self.fr = fr
        self.en = en
        self.kind = kind
    }

    /// The label in `language`.
    public func label(_ language: LabelLanguage) -> String { language == .fr ? fr : en }
}

/// A code table shipped as data: a name, the source it was taken from, and its entries.
///
/// Lookups never guess: a code that is not in the table returns nil, and callers keep it raw and flag it
/// (`ChainEvent.unknownCode`). `Sendable`.
public struct CodeTable: Sendable {
    /// The field the codes come from (`EtatPce`, `CDAR ProcessConditionCode` …).
    public let name: String
    /// Where the codes and labels come from (spec, schema, DOMAIN.md section).
    public let source: String
    /// The entries in the order of the source.
    public let entries: [CodeEntry]
    private let index: [String: Int]

    public init(name: String, source: String, entries: [CodeEntry]) {
        self.name = name
        self.source = source
        self.entries = entries
        var index: [String: Int] = [:]
        for (i, e) in entries.enumerated() {
            if index[e.code] == nil { index[e.code] = i }
            for a in e.aliases where index[a] == nil { index[a] = i }
        }
        self.index = index
    }

    /// The entry for `code` (surrounding white space ignored; exact otherwise), or nil when unknown.
    public func entry(_ code: String) -> CodeEntry? {
        let c = code.trimmingCharacters(in: .whitespacesAndNewlines)
        return index[c].map { entries[$0] }
    }

    /// The label of `code` in `language`, or nil when the code is unknown.
    public func label(_ code: String, _ language: LabelLanguage = .fr) -> String? {
        entry(code)?.label(language)
    }

    /// Whether the table knows `code`.
    public func contains(_ code: String) -> Bool { entry(code) != nil }
}

/// The code tables of the payment chain, as data (DOMAIN.md §1, §4.2–§4.4).
///
/// Every table carries its source. Unknown codes are kept, shown and flagged by the readers, never dropped
/// or guessed.
public enum CodeTables {
    /// Chorus Pro invoice statuses: `IdStatut` 01–12 in CPPStatut (`CPPStatutPivot_V1_19.xsd`) and the API's
    /// `statutCourantCode` names (DOMAIN.md §4.2), plus draft and sub-contracting statuses that are seen but
    /// carry no chain step (`other`).
    public static let chorusStatus = CodeTable(
        name: "Chorus Pro IdStatut / statutCourantCode",
        source: "CPPStatutPivot_V1_19.xsd (IdStatut 01-12); DOMAIN.md §4.2",
        entries: [
            CodeEntry("01", aliases: ["DEPOSEE"], fr: "Déposée", en: "Deposited", kind: .deposited),
            CodeEntry(
                "02", aliases: ["EN_COURS_ACHEMINEMENT"], fr: "En cours d'acheminement vers le destinataire",
                en: "Being routed to the recipient", kind: .inTransit),
            CodeEntry(
                "03", aliases: ["MISE_A_DISPOSITION"], fr: "Mise à disposition du destinataire",
                en: "Made available to the recipient", kind: .madeAvailable),
            CodeEntry(
                "04", aliases: ["A_RECYCLER"], fr: "À recycler (erreur de données d'acheminement)",
                en: "To be recycled (wrong routing data)", kind: .routingReturned),
            CodeEntry(
                "05", aliases: ["REJETEE"], fr: "Rejetée par l'ordonnateur", en: "Rejected by the buyer",
                kind: .rejected),
            CodeEntry("06", aliases: ["SUSPENDUE"], fr: "Suspendue", en: "Suspended", kind: .suspended),
            CodeEntry(
                "07", aliases: ["SERVICE_FAIT"], fr: "Service fait", en: "Service certified", kind: .serviceCertified),
            CodeEntry(
                "08", aliases: ["MANDATEE"], fr: "Mandatée / DP validée", en: "Payment order issued", kind: .mandated),
            CodeEntry(
                "09", aliases: ["MISE_A_DISPOSITION_COMPTABLE"], fr: "Mise à disposition du comptable",
                en: "Made available to the comptable", kind: .receivedByComptable),
            CodeEntry("10", aliases: ["COMPTABILISEE"], fr: "Comptabilisée", en: "Accounted", kind: .accounted),
            CodeEntry("11", aliases: ["MISE_EN_PAIEMENT"], fr: "Mise en paiement", en: "Payment issued", kind: .paid),
            CodeEntry("12", aliases: ["COMPLETEE"], fr: "Complétée", en: "Completed", kind: .completed),
            CodeEntry("BROUILLON", fr: "Brouillon (jamais envoyée)", en: "Draft (never sent)", kind: .other),
            CodeEntry(
                "A_VALIDER_1", fr: "À valider (sous-traitance, 1er valideur)",
                en: "To be validated (sub-contracting, 1st validator)", kind: .other),
            CodeEntry(
                "A_VALIDER_2", fr: "À valider (sous-traitance, 2e valideur)",
                en: "To be validated (sub-contracting, 2nd validator)", kind: .other),
            CodeEntry(
                "VALIDEE_1", fr: "Validée (1er valideur)", en: "Validated (1st validator)", kind: .other),
            CodeEntry(
                "VALIDEE_2", fr: "Validée (2e valideur)", en: "Validated (2nd validator)", kind: .other),
            CodeEntry("REFUSEE_1", fr: "Refusée (1er valideur)", en: "Refused (1st validator)", kind: .other),
            CodeEntry("REFUSEE_2", fr: "Refusée (2e valideur)", en: "Refused (2nd validator)", kind: .other),
        ])

    /// Chorus Pro flow-level statuses (`CPPFluxStatutUnitaire/DonneesStatut/IdStatut` 90–96,
    /// `CPPStatutPivot_V1_19.xsd`). They concern a whole deposit flow, not one invoice.
    public static let chorusFlowStatus = CodeTable(
        name: "Chorus Pro flow IdStatut",
        source: "CPPStatutPivot_V1_19.xsd, CPPFluxStatutUnitaire IdStatut documentation",
        entries: [
            CodeEntry("90", fr: "Reçu", en: "Received", kind: .deposited),
            CodeEntry("91", fr: "En cours de transmission", en: "Being transmitted", kind: .inTransit),
            CodeEntry("92", fr: "Reçu destinataire final", en: "Received by the final recipient", kind: .madeAvailable),
            CodeEntry("93", fr: "Erreur réception", en: "Reception error", kind: .depositRejected),
            CodeEntry(
                "94", fr: "Erreur réception destinataire final", en: "Reception error at the final recipient",
                kind: .depositRejected),
            CodeEntry(
                "95", fr: "Erreur de transmission au destinataire final",
                en: "Transmission error to the final recipient", kind: .depositRejected),
            CodeEntry(
                "96", fr: "Reçu - intégration partielle (vérifier chaque facture)",
                en: "Received - partial integration (check each invoice)", kind: .other),
        ])

    /// Chorus Pro deposit-flow statuses (`consulterCR` `etatCourantFlux`, DOMAIN.md §4.2).
    public static let chorusDepositFlow = CodeTable(
        name: "Chorus Pro etatCourantFlux",
        source: "DOMAIN.md §4.2 (Chorus Pro API consulterCR)",
        entries: [
            CodeEntry("IN_RECU", fr: "Flux reçu", en: "Flow received", kind: .deposited),
            CodeEntry("IN_TRAITE_SE_CPP", fr: "Flux traité", en: "Flow processed", kind: .inTransit),
            CodeEntry(
                "IN_EN_ATTENTE_TRAITEMENT_CPP", fr: "En attente de traitement", en: "Waiting for processing",
                kind: .inTransit),
            CodeEntry(
                "IN_EN_COURS_TRAITEMENT_CPP", fr: "En cours de traitement", en: "Being processed", kind: .inTransit),
            CodeEntry(
                "IN_EN_ATTENTE_RETRAITEMENT_CPP", fr: "En attente de retraitement (bloqué sur la plateforme)",
                en: "Waiting for reprocessing (blocked at the platform)", kind: .other),
            CodeEntry(
                "IN_INCIDENTE", fr: "Flux en incident (redéposer tout le flux)",
                en: "Flow in error (redeposit the whole flow)", kind: .depositRejected),
            CodeEntry("IN_REJETE", fr: "Flux rejeté", en: "Flow rejected", kind: .depositRejected),
            CodeEntry("IN_INTEGRE", fr: "Flux intégré", en: "Flow integrated", kind: .deposited),
            CodeEntry(
                "IN_INTEGRE_PARTIEL", fr: "Flux intégré partiellement (vérifier chaque facture)",
                en: "Flow partly integrated (check each invoice)", kind: .other),
        ])

    /// 2026 lifecycle statuses (CDAR `ProcessConditionCode`, XP Z12-012; DOMAIN.md §4.3). 225–228 are the
    /// factoring / assignment statuses: their exact official labels are not confirmed here, so the labels
    /// say so.
    public static let cdarStatus = CodeTable(
        name: "CDAR ProcessConditionCode",
        source: "XP Z12-012 annex B; fnfempe/France_RFE BR-FR-CDV-Schematron-CDAR.sch V1.4.0; DOMAIN.md §4.3",
        entries: [
            CodeEntry("200", fr: "Déposée", en: "Deposited", kind: .deposited),
            CodeEntry("201", fr: "Émise", en: "Issued", kind: .deposited),
            CodeEntry("202", fr: "Reçue", en: "Received", kind: .inTransit),
            CodeEntry("203", fr: "Mise à disposition", en: "Made available", kind: .madeAvailable),
            CodeEntry("204", fr: "Prise en charge", en: "Taken into processing", kind: .takenIntoProcessing),
            CodeEntry("205", fr: "Approuvée", en: "Approved", kind: .approved),
            CodeEntry("206", fr: "Approuvée partiellement", en: "Partly approved", kind: .approved),
            CodeEntry("207", fr: "En litige", en: "Disputed", kind: .disputed),
            CodeEntry("208", fr: "Suspendue", en: "Suspended", kind: .suspended),
            CodeEntry("209", fr: "Complétée", en: "Completed", kind: .completed),
            CodeEntry("210", fr: "Refusée", en: "Refused", kind: .rejected),
            CodeEntry("211", fr: "Paiement transmis", en: "Payment sent", kind: .paid),
            CodeEntry("212", fr: "Encaissée", en: "Cashed", kind: .cashed),
            CodeEntry("213", fr: "Rejetée", en: "Rejected (platform)", kind: .depositRejected),
            CodeEntry("214", fr: "Visée", en: "Approved for payment (visa)", kind: .other),
            CodeEntry("220", fr: "Annulée", en: "Cancelled", kind: .cancelled),
            CodeEntry("221", fr: "Erreur de routage", en: "Routing error", kind: .routingReturned),
            CodeEntry("224", fr: "Demande de paiement direct", en: "Direct payment request", kind: .other),
            CodeEntry(
                "225", fr: "Affacturage / cession de créance (225)", en: "Factoring / assignment (225)",
                kind: .assignedOrOpposed),
            CodeEntry(
                "226", fr: "Affacturage / cession de créance (226)", en: "Factoring / assignment (226)",
                kind: .assignedOrOpposed),
            CodeEntry(
                "227", fr: "Affacturage / cession de créance (227)", en: "Factoring / assignment (227)",
                kind: .assignedOrOpposed),
            CodeEntry(
                "228", fr: "Affacturage / cession de créance (228)", en: "Factoring / assignment (228)",
                kind: .assignedOrOpposed),
            CodeEntry("501", fr: "Irrecevable", en: "Inadmissible", kind: .depositRejected),
        ])

    /// CDAR status reason codes (`SpecifiedDocumentStatus/ReasonCode`), the list of the French schematron.
    public static let cdarReason = CodeTable(
        name: "CDAR ReasonCode",
        source: "fnfempe/France_RFE BR-FR-CDV-Schematron-CDAR.sch V1.4.0 (BR-FR-CDV-CL-09); DOMAIN.md §4.3",
        entries: [
            CodeEntry("RETRAIT_MAN_SERV", fr: "Retrait du mandat de service", en: "Service mandate withdrawn"),
            CodeEntry("ST_CT_NON_DECLAR", fr: "Sous-traitant non déclaré", en: "Undeclared sub-contractor"),
            CodeEntry(
                "SUPPR_COMP_AVOIR", fr: "Suppression, compensation par avoir", en: "Cancelled, offset by credit note"),
            CodeEntry(
                "TRANSF_PMNT_REGIE", fr: "Paiement transféré à une régie",
                en: "Payment transferred to an imprest account"),
            CodeEntry("CONTACT_ACHTR", fr: "Contacter l'acheteur", en: "Contact the buyer"),
            CodeEntry("NON_TRANSMISE", fr: "Non transmise", en: "Not transmitted"),
            CodeEntry("JUSTIF_ABS", fr: "Justificatif absent", en: "Supporting document missing"),
            CodeEntry("ROUTAGE_ERR", fr: "Erreur de routage", en: "Routing error"),
            CodeEntry("AUTRE", fr: "Autre motif", en: "Other reason"),
            CodeEntry("COORD_BANC_ERR", fr: "Coordonnées bancaires erronées", en: "Wrong bank details"),
            CodeEntry("TX_TVA_ERR", fr: "Taux de TVA erroné", en: "Wrong VAT rate"),
            CodeEntry("MONTANTTOTAL_ERR", fr: "Montant total erroné", en: "Wrong total amount"),
            CodeEntry("CALCUL_ERR", fr: "Erreur de calcul", en: "Calculation error"),
            CodeEntry("NON_CONFORME", fr: "Facture non conforme", en: "Non-compliant invoice"),
            CodeEntry("DOUBLON", fr: "Doublon", en: "Duplicate"),
            CodeEntry("DEST_INC", fr: "Destinataire inconnu", en: "Unknown recipient"),
            CodeEntry("DEST_ERR", fr: "Destinataire erroné", en: "Wrong recipient"),
            CodeEntry("TRANSAC_INC", fr: "Transaction inconnue", en: "Unknown transaction"),
            CodeEntry("EMMET_INC", fr: "Émetteur inconnu", en: "Unknown issuer"),
            CodeEntry("CONTRAT_TERM", fr: "Contrat terminé", en: "Contract ended"),
            CodeEntry("DOUBLE_FACT", fr: "Double facturation", en: "Invoiced twice"),
            CodeEntry("CMD_ERR", fr: "Numéro de commande (engagement) erroné", en: "Wrong order (commitment) number"),
            CodeEntry("ADR_ERR", fr: "Adresse erronée", en: "Wrong address"),
            CodeEntry("SIRET_ERR", fr: "SIRET erroné", en: "Wrong SIRET"),
            CodeEntry("CODE_ROUTAGE_ERR", fr: "Code de routage erroné", en: "Wrong routing code"),
            CodeEntry("REF_CT_ABSENT", fr: "Référence du contrat absente", en: "Contract reference missing"),
            CodeEntry("REF_ERR", fr: "Référence erronée", en: "Wrong reference"),
            CodeEntry("PU_ERR", fr: "Prix unitaire erroné", en: "Wrong unit price"),
            CodeEntry("REM_ERR", fr: "Remise erronée", en: "Wrong discount"),
            CodeEntry("QTE_ERR", fr: "Quantité erronée", en: "Wrong quantity"),
            CodeEntry("ART_ERR", fr: "Article erroné", en: "Wrong item"),
            CodeEntry("MODPAI_ERR", fr: "Mode de paiement erroné", en: "Wrong payment means"),
            CodeEntry("QUALITE_ERR", fr: "Qualité non conforme", en: "Quality not as agreed"),
            CodeEntry("LIVR_INCOMP", fr: "Livraison incomplète", en: "Incomplete delivery"),
            CodeEntry("REJ_SEMAN", fr: "Rejet sémantique", en: "Semantic rejection"),
            CodeEntry("REJ_UNI", fr: "Rejet pour unicité (doublon)", en: "Rejected as not unique (duplicate)"),
            CodeEntry("REJ_COH", fr: "Rejet pour incohérence", en: "Rejected as inconsistent"),
            CodeEntry("REJ_ADR", fr: "Rejet pour adressage", en: "Rejected for addressing"),
            CodeEntry("REJ_CONT_B2G", fr: "Rejet, contrôles B2G", en: "Rejected by B2G checks"),
            CodeEntry("REJ_REF_PJ", fr: "Rejet, référence de pièce jointe", en: "Rejected, attachment reference"),
            CodeEntry("REJ_ASS_PJ", fr: "Rejet, pièce jointe associée", en: "Rejected, associated attachment"),
            CodeEntry("IRR_VIDE_F", fr: "Irrecevable : fichier vide", en: "Inadmissible: empty file"),
            CodeEntry("IRR_TYPE_F", fr: "Irrecevable : type de fichier", en: "Inadmissible: file type"),
            CodeEntry("IRR_SYNTAX", fr: "Irrecevable : syntaxe", en: "Inadmissible: syntax"),
            CodeEntry("IRR_TAILLE_PJ", fr: "Irrecevable : taille de pièce jointe", en: "Inadmissible: attachment size"),
            CodeEntry("IRR_NOM_PJ", fr: "Irrecevable : nom de pièce jointe", en: "Inadmissible: attachment name"),
            CodeEntry("IRR_VID_PJ", fr: "Irrecevable : pièce jointe vide", en: "Inadmissible: empty attachment"),
            CodeEntry("IRR_EXT_DOC", fr: "Irrecevable : extension de document", en: "Inadmissible: document extension"),
            CodeEntry("IRR_TAILLE_F", fr: "Irrecevable : taille de fichier", en: "Inadmissible: file size"),
            CodeEntry("IRR_ANTIVIRUS", fr: "Irrecevable : antivirus", en: "Inadmissible: antivirus"),
            CodeEntry("IRR_NOM_F", fr: "Irrecevable : nom de fichier", en: "Inadmissible: file name"),
        ])

    /// CDAR requested action codes (`RequestedActionCode`, DOMAIN.md §4.3).
    public static let cdarAction = CodeTable(
        name: "CDAR RequestedActionCode",
        source: "XP Z12-012; DOMAIN.md §4.3",
        entries: [
            CodeEntry("NOA", fr: "Aucune action", en: "No action"),
            CodeEntry("PIN", fr: "Fournir une information", en: "Provide information"),
            CodeEntry("NIN", fr: "Émettre une facture rectificative", en: "Issue a corrective invoice"),
            CodeEntry("CNF", fr: "Émettre un avoir total", en: "Issue a full credit note"),
            CodeEntry("CNP", fr: "Émettre un avoir partiel", en: "Issue a partial credit note"),
            CodeEntry("CNA", fr: "Rembourser", en: "Refund"),
            CodeEntry("OTH", fr: "Autre action", en: "Other action"),
        ])

    /// PES_Retour `EtatPce`: the comptable's decision on a mandat (`CommunDepense_Retour.xsd` TEtatPce).
    public static let etatPce = CodeTable(
        name: "PES_Retour EtatPce",
        source: "PES V2 RETOUR/NS_Depense/r0/CommunDepense_Retour.xsd (TEtatPce); DOMAIN.md §4.4",
        entries: [
            CodeEntry("01", fr: "En instance", en: "On hold", kind: .mandatOnHold),
            CodeEntry("02", fr: "Prise en charge", en: "Taken in charge", kind: .mandatTakenInCharge),
            CodeEntry("04", fr: "Rejeté", en: "Rejected", kind: .mandatRejected),
            CodeEntry("05", fr: "Soldé", en: "Settled", kind: .mandatSettled),
        ])

    /// PES_Retour `EtatLigPce`: the state of one line of a mandat (`CommunDepense_Retour.xsd` TEtatLigPce).
    public static let etatLigPce = CodeTable(
        name: "PES_Retour EtatLigPce",
        source: "PES V2 CommunDepense_Retour.xsd (TEtatLigPce); DOMAIN.md §4.4",
        entries: [
            CodeEntry("01", fr: "Pris en charge", en: "Taken in charge"),
            CodeEntry("02", fr: "Rejeté", en: "Rejected"),
            CodeEntry("03", fr: "Pré-visé PEC sans anomalie", en: "Pre-checked, to be taken in charge, no anomaly"),
            CodeEntry("04", fr: "Pré-visé PEC avec anomalie", en: "Pre-checked, to be taken in charge, with anomaly"),
            CodeEntry("05", fr: "Pré-visé PEC forçable", en: "Pre-checked, may be forced"),
            CodeEntry("06", fr: "Pré-visé rejet non forçable", en: "Pre-checked, rejection that cannot be forced"),
            CodeEntry("07", fr: "PEC avec anomalies", en: "Taken in charge with anomalies"),
            CodeEntry("08", fr: "PEC sans anomalie", en: "Taken in charge without anomaly"),
            CodeEntry("09", fr: "Rejet", en: "Rejection"),
            CodeEntry("10", fr: "Rejet non forçable", en: "Rejection that cannot be forced"),
            CodeEntry("15", fr: "Pris en charge avec forçage", en: "Taken in charge, forced"),
            CodeEntry("16", fr: "Mis en instance", en: "Put on hold"),
        ])

    /// PES_Retour `ObsEtat`: the reason of a rejection or a hold (`CommunDepense_Retour.xsd` TObsEtat).
    public static let obsEtat = CodeTable(
        name: "PES_Retour ObsEtat",
        source: "PES V2 CommunDepense_Retour.xsd (TObsEtat); DOMAIN.md §4.4",
        entries: [
            CodeEntry(
                "01", fr: "Absence totale ou invalidité des pièces justificatives",
                en: "Supporting documents missing or invalid"),
            CodeEntry("02", fr: "Insuffisance des pièces justificatives", en: "Supporting documents insufficient"),
            CodeEntry("03", fr: "Insuffisance de crédits budgétaires", en: "Insufficient budget credits"),
            CodeEntry("04", fr: "Liquidation erronée", en: "Wrong liquidation"),
            CodeEntry(
                "05", fr: "Absence de certification du service fait et du caractère exécutoire",
                en: "No certification of service rendered"),
            CodeEntry("06", fr: "Autre motif", en: "Other reason"),
            CodeEntry("07", fr: "Double paiement", en: "Double payment"),
            CodeEntry("09", fr: "Domiciliation bancaire absente ou erronée", en: "Bank details missing or wrong"),
            CodeEntry("10", fr: "Récupération d'avance non effectuée", en: "Advance not recovered"),
            CodeEntry("11", fr: "Incompétence du donneur d'ordre", en: "Signatory not competent"),
            CodeEntry("13", fr: "Prescription et déchéance", en: "Time-barred debt"),
            CodeEntry(
                "16", fr: "Mandat non établi au nom du véritable créancier",
                en: "Not in the real creditor's name"),
            CodeEntry(
                "23", fr: "Erreur d'imputation comptable et budgétaire", en: "Wrong accounting or budget imputation"),
            CodeEntry("24", fr: "Rejet technique", en: "Technical rejection"),
        ])

    /// PES_Retour `OrgEma`: what a line was settled against; only 01 is money paid to the creditor
    /// (`CommunDepense_Retour.xsd` TOrgEma).
    public static let orgEma = CodeTable(
        name: "PES_Retour OrgEma",
        source: "PES V2 CommunDepense_Retour.xsd (TOrgEma); DOMAIN.md §4.4",
        entries: [
            CodeEntry("01", fr: "Paiement réel", en: "Actual payment", kind: .paid),
            CodeEntry(
                "02", fr: "Ordre de paiement pénalités de retard", en: "Late-delivery penalties order",
                kind: .paymentOffset),
            CodeEntry(
                "03", fr: "Ordre de paiement retenue de garantie", en: "Retention (guarantee) order",
                kind: .paymentOffset),
            CodeEntry(
                "04", fr: "Paiement à un tiers opposant (COP)", en: "Payment to an opposing third party",
                kind: .paymentOffset),
            CodeEntry(
                "05", fr: "Ordre de paiement comptable", en: "Comptable's payment order", kind: .paymentOffset),
            CodeEntry("06", fr: "Ordre de reversement", en: "Repayment order", kind: .paymentOffset),
            CodeEntry("07", fr: "Mandat correctif", en: "Corrective mandat", kind: .paymentOffset),
            CodeEntry("08", fr: "Mandat", en: "Other mandat", kind: .paymentOffset),
            CodeEntry("09", fr: "Titre correctif", en: "Corrective revenue order", kind: .paymentOffset),
            CodeEntry("10", fr: "Titre", en: "Revenue order", kind: .paymentOffset),
            CodeEntry("11", fr: "Liste de non-valeurs", en: "Write-off list", kind: .paymentOffset),
            CodeEntry("12", fr: "Encaissement", en: "Receipt", kind: .paymentOffset),
            CodeEntry(
                "13", fr: "Avance sur marché d'investissement", en: "Advance on an investment contract",
                kind: .paymentOffset),
            CodeEntry(
                "14", fr: "Avance sur marché de fonctionnement", en: "Advance on an operating contract",
                kind: .paymentOffset),
            CodeEntry("15", fr: "Divers", en: "Miscellaneous", kind: .paymentOffset),
        ])

    /// PES_ACQUIT `DomaineAck`: what an acknowledged element is (`CommunAck.xsd` TDomaineAck).
    public static let domaineAck = CodeTable(
        name: "PES_ACQUIT DomaineAck",
        source: "PES V2 CommunAck.xsd (TDomaineAck); DOMAIN.md §4.4",
        entries: [
            CodeEntry("0", fr: "Technique (fichier entier)", en: "Technical (whole file)"),
            CodeEntry("1", fr: "Signature technique", en: "Technical signature"),
            CodeEntry("2", fr: "Signature globale", en: "Global signature"),
            CodeEntry("3", fr: "Signature bordereau", en: "Bordereau signature"),
            CodeEntry("4", fr: "Pièce jointe", en: "Attachment"),
            CodeEntry("5", fr: "Dépense", en: "Expense"),
            CodeEntry("6", fr: "Recette", en: "Revenue"),
            CodeEntry("7", fr: "Rôle", en: "Tax roll"),
            CodeEntry("8", fr: "Budget", en: "Budget"),
            CodeEntry("9", fr: "État de l'actif", en: "Assets statement"),
            CodeEntry("10", fr: "État du passif", en: "Liabilities statement"),
            CodeEntry("11", fr: "Marché", en: "Contract"),
            CodeEntry("12", fr: "Domaine 12 (sans libellé dans le schéma)", en: "Domain 12 (no label in the schema)"),
            CodeEntry("99", fr: "Paramétrage", en: "Settings"),
        ])

    /// PES `NatPce` (nature of a mandat, `CommunDepense_Retour.xsd` TNatPce). 19 = réquisition.
    public static let natPce = CodeTable(
        name: "PES NatPce",
        source: "PES V2 CommunDepense_Retour.xsd (TNatPce); DOMAIN.md §4.4",
        entries: [
            CodeEntry("01", fr: "Fonctionnement", en: "Operating"),
            CodeEntry("02", fr: "Investissement", en: "Investment"),
            CodeEntry("03", fr: "Inventaire", en: "Inventory"),
            CodeEntry("04", fr: "Emprunt", en: "Loan"),
            CodeEntry("05", fr: "Régie", en: "Imprest"),
            CodeEntry("06", fr: "Annulation-réduction", en: "Cancellation or reduction"),
            CodeEntry("07", fr: "Complémentaire", en: "Supplementary"),
            CodeEntry("08", fr: "Réémis", en: "Re-issued"),
            CodeEntry("09", fr: "Annulant un titre", en: "Cancelling a revenue order"),
            CodeEntry("10", fr: "Annulation du mandat de rattachement", en: "Cancellation of an accrual mandat"),
            CodeEntry("11", fr: "Paie", en: "Payroll"),
            CodeEntry("12", fr: "Retenue de garantie", en: "Retention"),
            CodeEntry("13", fr: "Dernier acompte sur marché", en: "Last instalment on a contract"),
            CodeEntry("14", fr: "Avance forfaitaire", en: "Flat-rate advance"),
            CodeEntry("15", fr: "Autres", en: "Others"),
            CodeEntry("18", fr: "Opération d'ordre liée aux cessions", en: "Internal operation for disposals"),
            CodeEntry("19", fr: "Réquisition ordonnateur", en: "Authorising officer's requisition"),
            CodeEntry("20", fr: "Autre opération avec émargement", en: "Other operation with settlement"),
            CodeEntry("21", fr: "Constatation de frais financiers", en: "Financial charges"),
            CodeEntry("22", fr: "Débits d'office", en: "Automatic debits"),
            CodeEntry("23", fr: "Dépenses domiciliées", en: "Direct-debit expenses"),
            CodeEntry("24", fr: "Remboursement de retenue de garantie", en: "Retention refund"),
            CodeEntry("25", fr: "Remboursement de retenue de garantie manuel", en: "Manual retention refund"),
            CodeEntry("26", fr: "Remboursement d'échéance d'emprunt", en: "Loan instalment repayment"),
            CodeEntry("27", fr: "Secours d'urgence", en: "Emergency aid"),
            CodeEntry("28", fr: "Vacation police", en: "Police fees"),
            CodeEntry("29", fr: "Divers", en: "Miscellaneous"),
            CodeEntry("30", fr: "Pénalités de retard", en: "Late-delivery penalties"),
        ])

    /// PES `TypPce` (type of a mandat, `CommunDepense_Retour.xsd` TTypPce).
    public static let typPce = CodeTable(
        name: "PES TypPce",
        source: "PES V2 CommunDepense_Retour.xsd (TTypPce); DOMAIN.md §4.4",
        entries: [
            CodeEntry("01", fr: "Mandat ordinaire", en: "Ordinary mandat"),
            CodeEntry("02", fr: "Mandat correctif", en: "Corrective mandat"),
            CodeEntry("03", fr: "Mandat d'ordre budgétaire", en: "Budgetary internal mandat"),
            CodeEntry("04", fr: "Mandat d'ordre mixte", en: "Mixed internal mandat"),
            CodeEntry("05", fr: "Mandat émis après paiement", en: "Mandat issued after payment"),
            CodeEntry("06", fr: "Mandat global", en: "Global mandat"),
            CodeEntry("07", fr: "Mandat d'admission en non-valeurs", en: "Write-off mandat"),
            CodeEntry("08", fr: "Mandat collectif", en: "Collective mandat"),
            CodeEntry("09", fr: "Mandat sur marché", en: "Mandat on a public contract"),
            CodeEntry("10", fr: "Mandat de rattachement", en: "Accrual mandat"),
            CodeEntry("11", fr: "Ordre de paiement", en: "Payment order"),
            CodeEntry("12", fr: "Demande d'émission de mandat", en: "Request to issue a mandat"),
            CodeEntry("13", fr: "Charges constatées d'avance", en: "Prepaid expenses"),
            CodeEntry("14", fr: "Demande d'émission de titre", en: "Request to issue a revenue order"),
            CodeEntry("15", fr: "Ordre de paiement de retenue de garantie", en: "Retention payment order"),
        ])

    /// PES `CodIntMor`: which late-payment interest rate applies (DGP block; DOMAIN.md §2).
    public static let codIntMor = CodeTable(
        name: "PES CodIntMor",
        source: "PES V2 CommunDepense.xsd (DGP block); DOMAIN.md §2",
        entries: [
            CodeEntry("01", fr: "Taux légal", en: "Legal rate"),
            CodeEntry("02", fr: "Taux BCE", en: "ECB rate"),
            CodeEntry("03", fr: "Autre taux", en: "Other rate"),
        ])

    /// PES_Retour `CessOpp`: assignment or opposition on a line (`CommunDepense_Retour.xsd` TCessOpp).
    public static let cessOpp = CodeTable(
        name: "PES_Retour CessOpp",
        source: "PES V2 CommunDepense_Retour.xsd (TCessOpp); DOMAIN.md §4.4",
        entries: [
            CodeEntry("01", fr: "Pas de cession-opposition", en: "No assignment or opposition"),
            CodeEntry(
                "02", fr: "Cession-opposition partielle", en: "Partial assignment or opposition",
                kind: .assignedOrOpposed),
            CodeEntry(
                "03", fr: "Cession-opposition totale", en: "Total assignment or opposition", kind: .assignedOrOpposed),
        ])

    /// PES `TypBord`: the kind of a bordereau (`CommunDepense_Retour.xsd` TTypBord). 02 cancels or reduces
    /// earlier mandats: it is not a new payment order.
    public static let typBord = CodeTable(
        name: "PES TypBord",
        source: "PES V2 CommunDepense_Retour.xsd (TTypBord); DOMAIN.md §4.4",
        entries: [
            CodeEntry("01", fr: "Bordereau ordinaire", en: "Ordinary bordereau", kind: .mandated),
            CodeEntry("02", fr: "Bordereau d'annulation / réduction", en: "Cancellation or reduction", kind: .other),
            CodeEntry("03", fr: "Bordereau d'ordres de paiement", en: "Payment orders", kind: .mandated),
            CodeEntry("04", fr: "Bordereau de régularisation", en: "Regularisation requests", kind: .other),
        ])

    /// Every table, for listings and tests.
    public static let all: [CodeTable] = [
        chorusStatus, chorusFlowStatus, chorusDepositFlow, cdarStatus, cdarReason, cdarAction, etatPce, etatLigPce,
        obsEtat, orgEma, domaineAck, natPce, typPce, codIntMor, cessOpp, typBord,
    ]
}
