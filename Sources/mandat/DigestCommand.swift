import ArgumentParser
import Foundation
import Logging
import MandatCore
import MandatReports
import MandatStore

extension DigestFormat: ExpressibleByArgument {}

/// What the digest and the demo share: load the store's facts, build and assess the dossiers, build the digest.
enum DigestRun {
    /// Settings key under which the previous digest's snapshot is remembered (one per person).
    static func snapshotKey(person: String?) -> String {
        "digest.snapshot" + (person.map { "." + $0.lowercased() } ?? "")
    }

    /// Builds the digest from the store as of `asOf`.
    /// - Parameters:
    ///   - remember: read the previous snapshot (the "last point"); false for `demo`.
    ///   - save: save this digest's snapshot as the new last point (the daily job); never done when the last
    ///     point is of a later day than `asOf` (the marker never goes back).
    static func digest(
        store: any MandatStore, law: LawOptions, configuration: MandatConfiguration?, person: String?, asOf: CivilDate,
        since: CivilDate?, lang: Lang, remember: Bool, save: Bool? = nil, staleInputs: Bool,
        desk: (any DeskStore)? = nil
    ) async throws -> Digest {
        // The materialised dossier state when it is current; else every fact linked.
        let built: (dossiers: [Dossier], unlinked: [ChainEvent])
        if let state = store as? any DossierStateStore, let stored = try await state.stateBuild() {
            built = stored
        } else {
            built = DossierLinker.build(try await store.facts())
        }
        let files = try await store.files()
        let assessor = try law.assessor(french: lang == .fr, configuration: configuration)
        var views: [DossierView] = []
        // A dossier first dated after `asOf` did not exist yet on that day: not in the digest (`Board.rows`'s rule).
        for d in built.dossiers where d.existed(on: asOf) {
            let a = assessor.lawAssessment(d, asOf: asOf)
            let name = configuration?.buyer(siret: DossierView.buyerSiret(of: d))?.name
            views.append(DossierView(dossier: d, assessment: a, buyerName: name))
        }
        // Promises that expired unkept reopen their dossier (a `promise-expired` blockage).
        if let desk { views = try await DeskActions.reopen(desk, views: views, asOf: asOf) }
        var who: MandatConfiguration.Person?
        if let person {
            guard let p = configuration?.person(named: person) else {
                throw CommandFailure(
                    lang == .fr
                        ? "--for \(person) : personne inconnue de la configuration (rubrique people)"
                        : "--for \(person): no such person in the configuration (people)")
            }
            who = p
        }
        views = DigestBuilder.filter(views, for: who)
        let key = snapshotKey(person: who?.name)
        var previous: DigestBuilder.Snapshot?
        if remember, let text = try await store.setting(key) {
            previous = try? JSONDecoder().decode(DigestBuilder.Snapshot.self, from: Data(text.utf8))
        }
        var inputs: [DigestBuilder.InputActivity] = []
        if staleInputs {
            var last: [String: CivilDate] = [:]
            for f in files where f.errorCode == nil {
                guard let source = source(ofKind: f.kind), let day = CivilDate(iso: String(f.importedAt.prefix(10)))
                else { continue }
                last[source] = max(last[source] ?? day, day)
            }
            inputs = ["invoices", "chorusPro", "pes", "contracts"].map { .init(source: $0, lastFile: last[$0]) }
                .filter { $0.lastFile != nil }
        }
        let unreadable = files.filter { $0.errorCode != nil }.map {
            Digest.UnreadableFile(file: $0.path, message: $0.errorDescription ?? $0.path)
        }
        let digest = DigestBuilder.build(
            views: views, asOf: asOf, previous: previous, since: since, person: who?.name, lang: lang, inputs: inputs,
            unreadable: unreadable, unlinkedEvents: built.unlinked.count,
            staleInputDays: configuration?.thresholds?.staleInputDays ?? 7)
        if save ?? remember, (previous?.asOf ?? asOf) <= asOf {
            let snap = DigestBuilder.snapshot(of: views, asOf: asOf)
            try await store.setSetting(key, to: String(decoding: try JSONEncoder().encode(snap), as: UTF8.self))
        }
        return digest
    }

    /// The input source a file kind belongs to, for "no file from this source for N days".
    static func source(ofKind kind: String) -> String? {
        switch kind {
        case "invoice", "creditNote", "chorusInvoicePivot": return "invoices"
        case "chorusStatus", "chorusHistoryJSON", "chorusListJSON", "cdar": return "chorusPro"
        case "pesAller", "pesAcquit", "pesRetour", "pesAcquitRetour": return "pes"
        case "decp", "eforms", "ted": return "contracts"
        default: return nil
        }
    }

    /// Writes the rendered digest to `--output`, stdout, and/or mail.
    static func deliver(
        _ digest: Digest, format: DigestFormat, lang: Lang, output: String?, mail: [String], sendmail: String,
        from: String?
    ) throws {
        let rendered = try DigestRenderer.render(digest, format: format, lang: lang)
        if let output {
            do { try rendered.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure("\(output): \(error.localizedDescription)")
            }
        } else if mail.isEmpty {
            // On the terminal, values from the files never carry control characters (JSON escapes its own).
            print(format == .json ? rendered : TerminalText.lines(rendered), terminator: "")
        }
        if !mail.isEmpty {
            do {
                for address in mail + [from].compactMap({ $0 }) { try Mailer.validate(address: address) }
            } catch { throw CommandFailure("\(error)") }
            let text = try DigestRenderer.render(digest, format: .text, lang: lang)
            let html = try DigestRenderer.render(digest, format: .html, lang: lang)
            let subject =
                (lang == .fr ? "Mandat — point du " : "Mandat — digest of ") + Labels.date(digest.asOf, lang)
                + (digest.openBlockages.isEmpty ? "" : " — \(digest.openBlockages.count) " + (lang == .fr ? "blocage(s)" : "blockage(s)"))
            let message = Mailer.message(
                from: from ?? "mandat@localhost", to: mail, subject: subject, text: text, html: html)
            do { try Mailer(commandLine: sendmail).send(message) } catch {
                throw CommandFailure("\(error)")
            }
        }
    }
}

/// `mandat digest`: what changed and what is stuck, for one person or everyone.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Le point du jour : changements, nouveaux blocages, blocages en cours, paiements, intérêts.",
        discussion: """
            Depuis le point précédent (mémorisé dans la base, par personne) ou depuis --since, jamais après la
            date du point. Le point du jour (sans --as-of, ou --as-of aujourd'hui ou plus tard) devient le point
            précédent du suivant ; un point d'une date passée (--as-of) ou --dry-run ne le change pas. Par personne
            (--for) : un chargé de recouvrement voit ses acheteurs, un gestionnaire de marchés ses marchés
            (rubrique people de la configuration). Prévu pour cron :
              mandat import /srv/flux && mandat digest --for Camille --mail camille@example.org
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var law: LawOptions

    @Option(name: .long, help: "Date du point AAAA-MM-JJ (défaut : aujourd'hui, Europe/Paris).")
    var asOf: ISODateArgument?

    @Option(name: .long, help: "Paiements et changements depuis cette date (défaut : le point précédent).")
    var since: ISODateArgument?

    @Option(name: .long, help: "Pour cette personne (rubrique people de la configuration).")
    var `for`: String?

    @Option(name: .long, help: "text (défaut), markdown, html ou json.")
    var format: DigestFormat = .text

    @Option(name: .long, help: "Écrire dans ce fichier au lieu de la sortie standard.")
    var output: String?

    @Option(name: .long, help: "Envoyer par courriel (HTML + texte) à cette adresse ; répétable.")
    var mail: [String] = []

    @Option(name: .long, help: "Commande compatible sendmail (défaut : /usr/sbin/sendmail -t).")
    var sendmail: String = "/usr/sbin/sendmail -t"

    @Flag(name: .long, help: "Ne pas mémoriser ce point (le prochain repartira du précédent).")
    var dryRun = false

    /// `--since` after `--as-of` would report changes from after the day of the point.
    func validate() throws {
        if let since, since.date > (asOf?.date ?? CivilDate.today()) {
            throw ValidationError(
                global.lang == .fr
                    ? "--since \(since.date.iso) est après la date du point (\((asOf?.date ?? CivilDate.today()).iso))"
                    : "--since \(since.date.iso) is after the digest's date (\((asOf?.date ?? CivilDate.today()).iso))")
        }
    }

    func run() async throws {
        let lang: Lang = global.lang == .fr ? .fr : .en
        let configuration = try law.configuration()
        let s = try await store.openExisting()
        var logger = Logger(label: "mandat.desk")
        logger.logLevel = .warning
        let desk = try? await SQLDeskStore.open(store.location, logger: logger)
        let digest: Digest
        do {
            digest = try await DigestRun.digest(
                store: s, law: law, configuration: configuration, person: `for`,
                asOf: asOf?.date ?? CivilDate.today(), since: since?.date, lang: lang, remember: true,
                // Only today's point (or a later one) becomes the last point: a digest of the past reads it, never
                // moves it.
                save: !dryRun && (asOf?.date ?? CivilDate.today()) >= CivilDate.today(),
                staleInputs: true, desk: desk)
        } catch {
            try? await s.close()
            try? await desk?.close()
            throw error
        }
        try await s.close()
        try? await desk?.close()
        try DigestRun.deliver(
            digest, format: format, lang: lang, output: output, mail: mail, sendmail: sendmail,
            from: configuration?.mailFrom)
    }
}
