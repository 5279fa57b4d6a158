import ArgumentParser
import Foundation
import Logging
import MandatCore
import MandatReports
import MandatStore

/// Where the desk keeps its data: the store's database (`--db`), or a JSON file (`--desk`, `$MANDAT_DESK`).
struct DeskStoreOptions: ParsableArguments {
    @OptionGroup var database: StoreOptions

    @Option(
        name: .long,
        help:
            "Bureau dans un fichier JSON plutôt que dans la base (défaut : $MANDAT_DESK s'il est défini, sinon la base --db)."
    )
    var desk: String?

    /// Runs `body` with the desk store: the JSON file of `--desk` / `$MANDAT_DESK`, else the desk's tables in
    /// the store's database (closed afterwards).
    func withStore<R>(_ body: (any DeskStore) async throws -> R) async throws -> R {
        if let path = desk ?? ProcessInfo.processInfo.environment["MANDAT_DESK"], !path.isEmpty {
            return try await body(FileDeskStore(path: path))
        }
        var logger = Logger(label: "mandat.desk")
        logger.logLevel = .warning
        let store = try await SQLDeskStore.open(database.location, logger: logger)
        do {
            let r = try await body(store)
            try await store.close()
            return r
        } catch {
            try? await store.close()
            throw error
        }
    }
}

/// Options the desk's commands share: where the desk's data is, the dossiers, the configuration, the date.
struct DeskOptions: ParsableArguments {
    @OptionGroup var location: DeskStoreOptions

    @Option(
        name: .long,
        help:
            "Dossiers évalués (JSON : tableau de DossierView) au lieu de ceux de la base, évalués par la loi à --as-of."
    )
    var views: String?

    @OptionGroup var law: LawOptions

    @Option(name: .customLong("as-of"), help: "Date de référence AAAA-MM-JJ (défaut : aujourd'hui, Europe/Paris).")
    var asOf: String?

    /// Runs `body` with the desk store (see `DeskStoreOptions`).
    func withStore<R>(_ body: (any DeskStore) async throws -> R) async throws -> R {
        try await location.withStore(body)
    }

    /// The reference date.
    func date() throws -> CivilDate {
        guard let s = asOf else { return CivilDate.today() }
        return try civilDate(s, option: "--as-of")
    }

    /// The dossiers: from `--views`, else the store's facts linked into dossiers and assessed by the law as of
    /// `--as-of` (buyer categories and names from the configuration; unknown buyers count as local authorities).
    func dossiers() async throws -> [MandatReports.DossierView] {
        if let path = views {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw DeskError(code: "cannot-read", message: "\(path): cannot read: \(error.localizedDescription)")
            }
            do { return try JSONDecoder().decode([MandatReports.DossierView].self, from: data) } catch {
                throw DeskError(code: "bad-views", message: "\(path): not a JSON array of dossiers: \(error)")
            }
        }
        let s = try await location.database.open()
        let dossiers: [Dossier]
        do {
            // The materialised dossier state when it is current; else every fact linked.
            if let stored = try await s.stateDossiers() {
                dossiers = stored
            } else {
                dossiers = DossierLinker.link(try await s.facts())
            }
        } catch {
            try? await s.close()
            throw error
        }
        try await s.close()
        let config = try configuration()
        let lawConfig = try LawOptions.lawConfiguration(config)
        let asOf = try date()
        return dossiers.map { d in
            let siret = MandatReports.DossierView.buyerSiret(of: d)
            let b = config.buyer(siret: siret)
            let profile = BuyerProfile(
                siret: siret, name: b?.name, category: b?.category ?? law.category,
                contractualDelayDays: b?.contractualDelayDays, comptableShareDays: b?.comptableShareDays)
            return MandatReports.DossierView(
                dossier: d, assessment: DossierAssessor.assess(d, buyer: profile, asOf: asOf, config: lawConfig),
                buyerName: b?.name)
        }
    }

    /// The dossier named by id or invoice number.
    func dossier(_ ref: String) async throws -> MandatReports.DossierView {
        try DeskActions.resolve(ref, in: try await dossiers())
    }

    /// The buyer file completed by the configuration's buyers (`DeskActions.buyers`).
    func buyers(_ store: any DeskStore) async throws -> [BuyerRecord] {
        DeskActions.buyers(try await store.buyers(), configuration: try configuration())
    }

    /// The configuration file: `--config`, else `$XDG_CONFIG_HOME/mandat/config.yaml` when it exists (as `status`).
    func configuration() throws -> MandatConfiguration { try law.configuration() ?? MandatConfiguration() }

    /// The desk's settings, from the `desk:` key of the same configuration file.
    func settings() throws -> DeskSettings {
        if let c = law.config { return try DeskSettings.load(path: c) }
        let env = ProcessInfo.processInfo.environment
        let base =
            env["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.config")
        let path = base + "/mandat/config.yaml"
        return FileManager.default.fileExists(atPath: path) ? try DeskSettings.load(path: path) : DeskSettings()
    }
}

extension Language {
    /// The reports' language.
    var reports: Lang { self == .en ? .en : .fr }
}

/// Refuses an empty dossier id (`mandat show ""`, an unset variable in a script): a usage error, exit 64.
func requireDossierID(_ id: String) throws {
    if id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError(
            englishRequested
                ? "the dossier id is empty: give an invoice number, a Chorus id, a mandat or a fragment"
                : "l'identifiant du dossier est vide : indiquez un numéro de facture, un identifiant Chorus, un mandat ou un fragment")
    }
}

/// Parses a date option (`YYYY-MM-DD`).
/// - Throws: `ValidationError` naming the option, the value and why it is not a date, in French
///   (`--by : « 2026-02-30 » : date impossible …`) or, with `--lang en`, in English (`--by: '2026-02-30': …`).
func civilDate(_ s: String, option: String) throws -> CivilDate {
    guard let d = CivilDate(iso: s) else {
        let english = englishRequested
        let why = CivilDate.isoProblem(s, french: !english) ?? ""
        throw ValidationError(english ? "\(option): '\(s)': \(why)" : "\(option) : « \(s) » : \(why)")
    }
    return d
}

/// `mandat buyers …`: the qualified buyer file.
struct BuyersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buyers",
        abstract: "Fichier acheteurs qualifié : contacts, comptable, catégorie, segments.",
        subcommands: [List.self, Add.self, Set.self, Import.self, Export.self],
        defaultSubcommand: List.self
    )

    /// Options that describe a buyer (for `add` and `set`).
    struct BuyerFields: ParsableArguments {
        @Option(name: .long, help: "Nom de l'acheteur.") var name: String?
        @Option(name: .long, help: "Catégorie : state, localAuthority, hospital, publicUndertaking.") var category:
            String?
        @Option(name: .customLong("comptable-post"), help: "Poste comptable (IdPost).") var comptablePost: String?
        @Option(name: .customLong("comptable-office"), help: "Service de gestion comptable / trésorerie.")
        var comptableOffice: String?
        @Option(
            name: .long,
            help:
                "Segment posé à la main (répétable) : atRisk, oftenDisputing, new, largeAccountLongCircuit, largeReceivable."
        )
        var segment: [String] = []
        @Option(
            name: .long,
            help:
                "Contact « rôle;nom;téléphone;courriel » (répétable). Rôles : serviceGestionnaire, ordonnateurFinance, comptableOffice, contractManager."
        )
        var contact: [String] = []
        @Option(name: .long, help: "Notes libres.") var notes: String?

        func apply(to b: inout BuyerRecord) throws {
            if let n = name { b.name = n }
            if let c = category {
                guard let cat = BuyerCategory(rawValue: c) else {
                    throw ValidationError(
                        "--category : « \(c) » inconnue (state, localAuthority, hospital, publicUndertaking)")
                }
                b.category = cat
            }
            if let p = comptablePost { b.comptablePost = p }
            if let o = comptableOffice { b.comptableOffice = o }
            if let n = notes { b.notes = n }
            for s in segment {
                guard let seg = BuyerSegment(rawValue: s) else { throw ValidationError("--segment : « \(s) » inconnu") }
                if !b.segments.contains(seg) { b.segments.append(seg) }
            }
            b.segments.sort()
            for c in contact {
                let parts = c.split(separator: ";", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard parts.count >= 2, let role = ContactRole(rawValue: parts[0]), !parts[1].isEmpty else {
                    throw ValidationError("--contact : « \(c) » : attendu « rôle;nom;téléphone;courriel »")
                }
                let phone = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
                let email = parts.count > 3 && !parts[3].isEmpty ? parts[3] : nil
                b.contacts.append(BuyerContact(name: parts[1], role: role, phone: phone, email: email))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les acheteurs, avec leurs segments.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let lang = global.lang.reports
            try await desk.withStore { store in
                let views = try await desk.dossiers()
                let log = try await store.log(dossierId: nil)
                let settings = try desk.settings()
                for b in try await desk.buyers(store) {
                    let mine = views.filter { $0.buyerSiret?.filter(\.isNumber) == b.siret }
                    let ids = Swift.Set(mine.map(\.id))
                    let segs = BuyerSegments.segments(
                        of: b, views: mine, log: log.filter { ids.contains($0.dossierId) }, settings: settings)
                    var line = "\(b.siret)  \(b.name) — \(DeskLabels.category(b.category, lang))"
                    if !segs.isEmpty {
                        line += " — " + segs.map { DeskLabels.segment($0, lang) }.joined(separator: ", ")
                    }
                    print(line)
                    if b.comptableOffice != nil || b.comptablePost != nil {
                        print(
                            "    comptable : "
                                + [b.comptableOffice, b.comptablePost].compactMap { $0 }.joined(separator: ", "))
                    }
                    for c in b.contacts {
                        print(
                            "    \(DeskLabels.role(c.role, lang)) : "
                                + [c.name, c.phone, c.email].compactMap { $0 }.joined(separator: ", "))
                    }
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ajoute un acheteur (SIRET avec clé de Luhn valide).")
        @OptionGroup var desk: DeskStoreOptions
        @Argument(help: "SIRET de l'acheteur.") var siret: String
        @OptionGroup var fields: BuyerFields

        func run() async throws {
            try await desk.withStore { store in
                let s = try BuyerRecord.checkedSiret(siret)
                if try await store.buyer(siret: s) != nil {
                    throw ValidationError("l'acheteur \(s) existe déjà : utilisez « mandat buyers set »")
                }
                guard let name = fields.name else {
                    throw ValidationError("--name est obligatoire pour un nouvel acheteur")
                }
                var b = BuyerRecord(siret: s, name: name)
                try fields.apply(to: &b)
                try await store.saveBuyer(b)
                print("acheteur \(s) ajouté")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Modifie un acheteur (les contacts donnés s'ajoutent).")
        @OptionGroup var desk: DeskStoreOptions
        @Argument(help: "SIRET de l'acheteur.") var siret: String
        @OptionGroup var fields: BuyerFields
        @Flag(name: .customLong("clear-contacts"), help: "Efface les contacts avant d'ajouter ceux donnés.")
        var clearContacts = false
        @Flag(
            name: .customLong("clear-segments"),
            help: "Efface les segments posés à la main avant d'ajouter ceux donnés.") var clearSegments = false

        func run() async throws {
            try await desk.withStore { store in
                let s = try BuyerRecord.checkedSiret(siret)
                guard var b = try await store.buyer(siret: s) else {
                    throw ValidationError("acheteur \(s) inconnu : utilisez « mandat buyers add »")
                }
                if clearContacts { b.contacts = [] }
                if clearSegments { b.segments = [] }
                try fields.apply(to: &b)
                try await store.saveBuyer(b)
                print("acheteur \(s) modifié")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Importe un CSV (RFC 4180) ; remplace les acheteurs de mêmes SIRET.",
            discussion: "Colonnes : " + BuyerCSV.columns.joined(separator: ",") + " (une ligne par contact).")
        @OptionGroup var desk: DeskStoreOptions
        @Argument(help: "Fichier CSV.") var file: String

        func run() async throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw DeskError(code: "cannot-read", message: "\(file): cannot read: \(error.localizedDescription)")
            }
            let buyers = try BuyerCSV.import(text, file: file)
            try await desk.withStore { store in
                for b in buyers { try await store.saveBuyer(b) }
                print("\(buyers.count) acheteur(s) importé(s)")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Exporte le fichier acheteurs en CSV (RFC 4180).")
        @OptionGroup var desk: DeskStoreOptions
        @Argument(help: "Fichier CSV à écrire (défaut : sortie standard).") var file: String?

        func run() async throws {
            let text = try await desk.withStore { BuyerCSV.export(try await $0.buyers()) }
            if let f = file {
                do { try text.write(toFile: f, atomically: true, encoding: .utf8) } catch {
                    throw DeskError(code: "cannot-write", message: "\(f): cannot write: \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
