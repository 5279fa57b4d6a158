import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `--holder`: the English names (as in the JSON and CSV) or the French words the French board shows
/// (« fournisseur », « plateforme », « personne »; « ordonnateur » and « comptable » are the same in both), in
/// any case.
extension Holder: ExpressibleByArgument {
    /// French words for a holder, accepted as aliases of the English names (in the order `--help` lists them).
    static let frenchNames: [(word: String, holder: Holder)] = [
        ("fournisseur", .supplier), ("plateforme", .platform), ("personne", .nobody),
    ]

    public init?(argument: String) {
        let word = argument.lowercased()
        guard let holder = Holder(rawValue: word) ?? Self.frenchNames.first(where: { $0.word == word })?.holder
        else { return nil }
        self = holder
    }

    /// Every accepted spelling, English then French (shown by `--help` and in the error for another value).
    public static var allValueStrings: [String] { allCases.map(\.rawValue) + frenchNames.map(\.word) }
}

/// `--as-of`, an ISO date.
struct ISODateArgument: ExpressibleByArgument {
    let date: CivilDate
    init?(argument: String) {
        guard let d = CivilDate(iso: argument) else { return nil }
        date = d
    }
}

/// `mandat status`: the board, one line per dossier, sorted by money at stake.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Tableau des dossiers : acheteur, facture, montant dû, étape, détenteur, échéance, intérêts.",
        discussion: """
            Trié par montant en jeu (le plus gros d'abord). Tableau aux formats français (12 000,00 €, 02/04/2025) ;
            JSON et CSV aux formats ISO (dates AAAA-MM-JJ, montants 12000.00). L'échéance suit le délai global
            de paiement (CCP R.2192-10 et suivants) ; les intérêts moratoires courent au taux BCE + 8 points
            (R.2192-31). Un astérisque après les intérêts (12,50 €*) : montant provisoire (taux BCE du semestre
            pas encore connu, date de départ estimée, ou montant dû estimé). Un astérisque après le montant dû
            (10 740,00 €*) : BT-115 absent ou illisible, estimé à TTC (BT-112) − acomptes (BT-113) + arrondi (BT-114).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Seulement les dossiers bloqués.")
    var blocked = false

    @Option(name: .long, help: "SIRET (ou SIREN) de l'acheteur.")
    var buyer: String?

    @Option(name: .long, help: "Numéro de marché (BT-12, id DECP).")
    var contract: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Détenteur : fournisseur (ou supplier), plateforme (platform), ordonnateur, comptable, personne "
                + "(nobody)."))
    var holder: Holder?

    @Option(name: .long, help: "Date de référence AAAA-MM-JJ (défaut : aujourd'hui, Europe/Paris).")
    var asOf: ISODateArgument?

    @OptionGroup var law: LawOptions

    @Option(name: .long, help: "table (défaut), json ou csv.")
    var format: BoardFormat = .table

    enum BoardFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    /// `--buyer` must be a SIRET (14 digits) or a SIREN (9 digits) with a right Luhn key (INSEE rule; spaces,
    /// dots and dashes allowed): a mistyped number would otherwise list no dossier, silently.
    func validate() throws {
        guard let b = buyer, let why = CompanyID.buyerFilterProblem(b, french: global.lang == .fr) else { return }
        throw ValidationError(ArgumentMessages.optionProblem("--buyer", why, english: global.lang == .en))
    }

    func run() async throws {
        let s = try await store.openExisting()
        let day = asOf?.date ?? CivilDate.today()
        let filter = BoardFilter(blockedOnly: blocked, buyer: buyer, contract: contract, holder: holder)
        let rows: [BoardRow]
        let unlinked: [ChainEvent]
        do {
            // Status prints finding codes only: the assessor skips the clock lines and the findings' texts.
            var assessor = try law.assessor(french: global.lang == .fr)
            assessor.texts = false
            // The materialised state (kept by `import`): only the dossiers that may be blocked that day are read,
            // each decoded and assessed in a chunk; without it (a store not yet refreshed), every fact is read and
            // linked here.
            if let state = try await s.dossierStateBoard(asOf: day, filter: filter, law: assessor) {
                rows = state.rows
                unlinked = state.unlinked
            } else {
                let built = DossierLinker.build(try await s.facts())
                rows = Board.rows(built.dossiers, asOf: day, filter: filter, assessor: assessor)
                unlinked = built.unlinked
            }
        } catch {
            try? await s.close()
            throw error
        }
        try await s.close()
        switch format {
        case .json:
            // Events that tie to no dossier, or to several ambiguously: never guessed, listed for a person.
            let unlinkedJSON = unlinked.map { e in
                JSONValue.object([
                    ("id", .string(e.id)), ("kind", .string(e.kind.rawValue)), ("code", .string(e.code)),
                    ("date", .date(e.date)), ("file", .string(e.sourceRef.file)), ("line", .int(e.sourceRef.line)),
                ])
            }
            print(
                JSONValue.object([
                    ("asOf", .date(day)), ("dossiers", .array(rows.map(\.json))), ("unlinked", .array(unlinkedJSON)),
                ])
                .serialized(pretty: true))
        case .csv:
            print(BoardCSV.render(rows), terminator: "")
        case .table:
            print(BoardTable.render(rows, fr: global.lang == .fr, asOf: day))
            if !unlinked.isEmpty {
                let fr = global.lang == .fr
                print(
                    fr
                        ? "\(unlinked.count) événement(s) non rattaché(s) à un dossier (ou ambigus) : voir --format json."
                        : "\(unlinked.count) event(s) linked to no dossier (or ambiguously): see --format json.")
            }
        }
    }
}

/// How the law is applied: the buyers' categories (they set the délai and the split).
struct LawOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            Catégorie des acheteurs absents de la configuration : localAuthority (défaut, 30 j, partage 20/10), \
            state (30 j), hospital (50 j), publicUndertaking (60 j).
            """)
    var category: BuyerCategory = .localAuthority

    @Option(
        name: .long,
        help: "Configuration YAML (acheteurs et catégories ; défaut : $XDG_CONFIG_HOME/mandat/config.yaml s'il existe)."
    )
    var config: String?

    /// The configuration file: `--config`, else the default path when that file exists.
    func configuration() throws -> MandatConfiguration? {
        if let config { return try load(config) }
        let env = ProcessInfo.processInfo.environment
        let base =
            env["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.config")
        let path = base + "/mandat/config.yaml"
        return FileManager.default.fileExists(atPath: path) ? try load(path) : nil
    }

    private func load(_ path: String) throws -> MandatConfiguration {
        do { return try MandatConfiguration.load(path: path) } catch {
            throw CommandFailure("\(error)")
        }
    }

    func assessor(french: Bool) throws -> LawAssessor {
        try assessor(french: french, configuration: try configuration())
    }

    /// The law's assessor for an already loaded configuration file (nil: none).
    func assessor(french: Bool, configuration file: MandatConfiguration?) throws -> LawAssessor {
        var known: [String: BuyerProfile] = [:]
        for b in file?.buyers ?? [] {
            let digits = b.siret.filter(\.isNumber)
            known[digits] = BuyerProfile(
                siret: digits, name: b.name, category: b.category ?? category,
                contractualDelayDays: b.contractualDelayDays, comptableShareDays: b.comptableShareDays)
        }
        return LawAssessor(category: category, buyers: known, config: try Self.lawConfiguration(file), french: french)
    }

    /// The law's settings with the configuration file's thresholds and extra ECB rates (docs/configuration.md).
    /// A rate added in force from a date also confirms the table through that date (docs/law.md).
    static func lawConfiguration(_ file: MandatConfiguration?) throws -> LawConfiguration {
        var law = LawConfiguration.default
        guard let file else { return law }
        if let d = file.thresholds?.staleDays { law.staleDays = d }
        if let d = file.thresholds?.mandatedNotReceivedDays { law.mandatedNotReceivedDays = d }
        for r in file.ecbRates ?? [] {
            guard let day = CivilDate(iso: r.from), let rate = Money.parse(r.rate) else {
                throw CommandFailure(
                    "configuration: ecbRates entry {from: \(r.from), rate: \(r.rate)} needs an ISO date and a decimal rate"
                )
            }
            law.ecbRates.removeAll { $0.inForceFrom == day }
            law.ecbRates.append(ECBRateChange(inForceFrom: day, rate: rate))
            law.ecbRatesConfirmedThrough = max(law.ecbRatesConfirmedThrough, day)
        }
        law.ecbRates.sort { $0.inForceFrom < $1.inForceFrom }
        return law
    }
}

extension BuyerCategory: ExpressibleByArgument {}

/// Words a person reads on the board and in `show`, French or English.
enum StoreLabels {
    static func holder(_ h: Holder, fr: Bool) -> String {
        switch h {
        case .supplier: return fr ? "fournisseur" : "supplier"
        case .platform: return fr ? "plateforme" : "platform"
        case .ordonnateur: return "ordonnateur"
        case .comptable: return fr ? "comptable" : Labels.comptableEN
        case .nobody: return "—"
        }
    }

    static func lane(_ l: Lane, fr: Bool) -> String {
        switch l {
        case .supplier: return fr ? "Fournisseur" : "Supplier"
        case .platform: return fr ? "Plateforme" : "Platform"
        case .ordonnateur: return "Ordonnateur"
        case .comptable:
            return fr ? "Comptable" : Labels.comptableEN.prefix(1).uppercased() + Labels.comptableEN.dropFirst()
        }
    }

    static func stage(_ code: String, fr: Bool) -> String {
        // In a table cell: lower case at the start only (proper nouns such as Hélios keep their capital).
        func lowerFirst(_ t: String) -> String { t.prefix(1).lowercased() + t.dropFirst() }
        guard fr else { return Stage(rawValue: code).map { lowerFirst($0.labelEN) } ?? code }
        if let s = Stage(rawValue: code) { return lowerFirst(s.labelFR) }
        let labels: [String: String] = [
            "unknown": "inconnue", "received": "émise", "deposited": "déposée", "inTransit": "en acheminement",
            "depositRejected": "dépôt rejeté", "madeAvailable": "mise à disposition", "routingReturned": "à recycler",
            "rejected": "rejetée", "suspended": "suspendue", "completed": "complétée",
            "takenIntoProcessing": "prise en charge", "approved": "approuvée", "disputed": "en litige",
            "serviceCertified": "service fait", "mandated": "mandatée", "receivedByComptable": "reçue comptable",
            "integrationRejected": "rejet Hélios", "accounted": "comptabilisée", "mandatOnHold": "mandat en instance",
            "mandatTakenInCharge": "mandat pris en charge", "mandatRejected": "mandat rejeté",
            "mandatSettled": "mandat soldé", "paid": "mise en paiement", "cashed": "encaissée",
            "cancelled": "annulée",
        ]
        return labels[code] ?? code
    }

    static func money(_ d: Decimal?, fr: Bool, currency: String? = "EUR") -> String {
        guard let d else { return "—" }
        return fr ? Money.french(d, currency: currency) : Money.english(d, currency: currency)
    }

    static func date(_ d: CivilDate?, fr: Bool) -> String { d.map { fr ? $0.french : $0.iso } ?? "—" }
}

/// The board as an aligned text table.
enum BoardTable {
    static func render(_ rows: [BoardRow], fr: Bool, asOf: CivilDate) -> String {
        if rows.isEmpty { return fr ? "Aucun dossier." : "No dossier." }
        let header =
            fr
            ? [
                "Acheteur", "Facture", "Montant dû", "Étape", "Détenteur", "Jours", "Échéance", "Reste", "Intérêts",
                "Constats",
            ]
            : ["Buyer", "Invoice", "Amount due", "Stage", "Holder", "Days", "Due", "Left", "Interest", "Findings"]
        var table = [header]
        for r in rows {
            let a = r.assessment
            let left: String
            if r.paid {
                left = fr ? "payée" : "paid"
            } else if let d = r.daysLeft {
                left = d >= 0 ? (fr ? "J-\(d)" : "\(d) d left") : (fr ? "retard \(-d) j" : "\(-d) d late")
            } else {
                left = "—"
            }
            table.append([
                r.buyerName ?? r.buyerId ?? "—",
                r.invoiceNumber ?? r.dossierId,
                StoreLabels.money(r.amountDue, fr: fr, currency: r.currency) + (r.amountDueEstimated ? "*" : ""),
                StoreLabels.stage(a.stage, fr: fr) + (a.blocked ? " ⚠" : ""),
                StoreLabels.holder(a.holder, fr: fr),
                r.daysAtHolder.map(String.init) ?? "—",
                StoreLabels.date(a.dueDate, fr: fr),
                left,
                // Interest is in the invoice's currency; the 40 € indemnity (euros) is never added to it nor to money at stake.
                StoreLabels.money(a.interest, fr: fr, currency: r.currency) + (a.provisional ? "*" : ""),
                // Short French labels (codes in English, CSV and JSON).
                fr
                    ? a.findings.map { Labels.findingShort($0.code, .fr) }.joined(separator: ", ")
                    : a.findings.map(\.code).joined(separator: " "),
            ])
        }
        // Values from the files are shown, never obeyed: no control character reaches the terminal.
        table = table.map { $0.map(TerminalText.cell) }
        let widths = (0..<header.count).map { c in table.map { $0[c].count }.max() ?? 0 }
        let numeric: Set<Int> = [2, 5, 8]
        let lines = table.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        // One total per currency (amounts in SEK or NOK are never added to euros), as the digest and the web
        // board total them: CurrencyTotals.atStake.
        let total = CurrencyTotals.atStake(rows.map { (amount: $0.moneyAtStake, currency: $0.currency ?? "EUR") })
            .text(fr ? .fr : .en)
        let foot =
            fr
            ? "\(rows.count) dossier(s) au \(asOf.french) · en jeu : \(total)"
            : "\(rows.count) dossier(s) as of \(asOf.iso) · at stake: \(total)"
        let key = legend(
            estimated: rows.contains { $0.amountDueEstimated },
            provisional: rows.contains { $0.assessment.provisional },
            fr: fr)
        return (lines + [foot] + (key.map { [$0] } ?? [])).joined(separator: "\n")
    }

    /// One line that says what each `*` of the table means, for the marks that appear (nil when none does): on the
    /// amount due an estimate (BT-115 unreadable: BT-112 − BT-113 + BT-114), on the interest a provisional figure
    /// (`BoardRow.assessment.provisional`: rate not confirmed, clock start or amount due estimated).
    static func legend(estimated: Bool, provisional: Bool, fr: Bool) -> String? {
        var parts: [String] = []
        if estimated {
            parts.append(
                fr
                    ? "* après le montant dû : montant estimé (BT-115 absent ou illisible : BT-112 − BT-113 + BT-114)"
                    : "* after the amount due: estimated amount (BT-115 missing or unreadable: BT-112 − BT-113 + BT-114)"
            )
        }
        if provisional {
            parts.append(
                fr
                    ? "* après les intérêts : provisoires (taux BCE non confirmé, ou départ du délai ou montant estimé)"
                    : "* after the interest: provisional (ECB rate not confirmed, or clock start or amount estimated)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
