import MandatCore
import MandatStore

/// French and English labels for the desk's vocabularies (kinds, outcomes, roles, segments, promises).
public enum DeskLabels {
    static func pick(_ t: [String: (String, String)], _ key: String, _ lang: Lang) -> String {
        t[key].map { lang == .fr ? $0.0 : $0.1 } ?? key
    }

    /// Label of a log kind.
    public static func kind(_ k: LogKind, _ lang: Lang) -> String {
        pick(
            [
                "call": ("appel", "call"), "email": ("courriel", "e-mail"), "letter": ("courrier", "letter"),
                "meeting": ("rendez-vous", "meeting"), "note": ("note", "note"),
            ], k.rawValue, lang)
    }

    /// Label of a log outcome.
    public static func outcome(_ o: LogOutcome, _ lang: Lang) -> String {
        pick(
            [
                "reached": ("interlocuteur joint", "reached"),
                "voicemail": ("messagerie", "voicemail"),
                "wrongPerson": ("mauvais interlocuteur", "wrong person"),
                "invoiceNotReceived": ("facture non reçue", "invoice not received"),
                "awaitingServiceFait": ("en attente du service fait", "awaiting service fait"),
                "awaitingMandat": ("en attente du mandatement", "awaiting the mandat"),
                "mandatSentToComptable": ("mandat transmis au comptable", "mandat sent to the comptable"),
                "paymentAnnounced": ("paiement annoncé", "payment announced"),
                "dispute": ("litige", "dispute"),
                "interestReceived": ("intérêts reçus", "interest received"),
                "other": ("autre", "other"),
            ], o.rawValue, lang)
    }

    /// Label of a contact role.
    public static func role(_ r: ContactRole, _ lang: Lang) -> String {
        r == .contractManager
            ? (lang == .fr ? "responsable du marché (chez nous)" : "our contract manager")
            : Labels.contact(r.rawValue, lang)
    }

    /// Label of a segment.
    public static func segment(_ s: BuyerSegment, _ lang: Lang) -> String {
        pick(
            [
                "atRisk": ("acheteur à risque", "at-risk buyer"),
                "oftenDisputing": ("litiges fréquents", "often disputing"),
                "new": ("nouvel acheteur", "new buyer"),
                "largeAccountLongCircuit": ("grand compte à circuit long", "large account, long circuit"),
                "largeReceivable": ("encours important", "large receivable"),
            ], s.rawValue, lang)
    }

    /// Label of what was promised.
    public static func what(_ w: PromiseWhat, _ lang: Lang) -> String {
        pick(
            [
                "serviceFait": ("constater le service fait", "certify the service fait"),
                "mandat": ("émettre le mandat", "issue the mandat"),
                "payment": ("mettre en paiement", "pay"),
            ], w.rawValue, lang)
    }

    /// Label of a promise's side.
    public static func side(_ s: PromiseSide, _ lang: Lang) -> String {
        s == .ordonnateur ? "ordonnateur" : (lang == .fr ? "comptable public" : Labels.comptableGlossEN)
    }

    /// Label of a category.
    public static func category(_ c: BuyerCategory?, _ lang: Lang) -> String {
        guard let c else { return "—" }
        return pick(
            [
                "state": ("État", "State"), "localAuthority": ("collectivité territoriale", "local authority"),
                "hospital": ("établissement public de santé", "public hospital"),
                "publicUndertaking": ("entreprise publique", "public undertaking"),
            ], c.rawValue, lang)
    }
}
