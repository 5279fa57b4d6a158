import Foundation
import MandatCore
import MandatFormats
import MandatStore

/// French texts for what the readers say (errors, skip reasons, notes), for the French import summary and
/// `import --errors`. The readers write English, with a stable code on each error (`[xml.not-well-formed]`);
/// English output and JSON keep their text as is.
///
/// An error line `file:line:column: message [code]` becomes `file:line:column : <French text for the code>`,
/// followed by the reader's own detail when the code alone does not say everything (libxml2's words: `détail :
/// Opening and ending tag mismatch…`). Notes have no code: the known note patterns are translated, with their
/// values, and any other note is kept as is.
enum ReaderMessages {
    /// A file kind (`DocumentKind`'s raw value, as the import summary counts them) in French: « facture »,
    /// « statut Chorus », « PES Aller », « illisible »…; an unknown kind is kept as is. English keeps the codes.
    static func kind(_ raw: String, fr: Bool) -> String {
        guard fr else { return raw }
        let t: [String: String] = [
            "invoice": "facture", "creditNote": "avoir", "pesAller": "PES Aller", "pesAcquit": "PES Acquit",
            "pesRetour": "PES Retour", "pesAcquitRetour": "PES Acquit (retour)", "chorusStatus": "statut Chorus",
            "chorusInvoicePivot": "facture Chorus (pivot)", "chorusHistoryJSON": "historique Chorus (JSON)",
            "chorusListJSON": "liste Chorus (JSON)", "cdar": "message CDAR", "decp": "marchés DECP",
            "eforms": "avis eForms", "ted": "avis TED", "schema": "schéma", "unknown": "format inconnu",
            "notWellFormed": "illisible",
        ]
        return t[raw] ?? raw
    }

    /// The readers' limit on a JSON array (`ChorusJSONReader.maxArrayItems`) as French writes it: « 10 000 », a
    /// narrow no-break space (U+202F) between thousands, as `Money.french` groups them.
    static let arrayLimit = frenchInteger(ChorusJSONReader.maxArrayItems)

    /// `n` with its thousands grouped by a narrow no-break space (U+202F): 10000 → « 10 000 ».
    static func frenchInteger(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = n < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{202F}" }
            out.append(c)
        }
        return out
    }

    /// The French text of each error code; `detail` tells whether the reader's English message adds something.
    static let errors: [String: (text: String, detail: Bool)] = [
        "xml.not-well-formed": ("XML mal formé", true),
        "xml.doctype-refused": ("DOCTYPE refusé : les formats lus n'en ont jamais (attaque par entités)", false),
        "xml.encoding": ("octets non conformes à l'encodage déclaré ou détecté", true),
        "xml.too-deep": ("imbrication des éléments trop profonde", true),
        "xml.too-large": (
            "une valeur (attribut, nom, commentaire, section CDATA ou instruction) dépasse 10 Mo, la limite du "
                + "lecteur XML pour une valeur : fichier refusé", false
        ),
        "xml.empty": ("fichier vide", false),
        "json.empty": ("fichier vide", false),
        "io.read": ("lecture impossible", true),
        "io.not-found": ("fichier ou dossier introuvable (ou lien cassé)", false),
        "io.not-regular": ("pas un fichier ordinaire (périphérique, tube ou socket) : non lu", false),
        "io.name-encoding": (
            "trop de noms de fichiers qui ne sont pas en UTF-8 dans un même import : importez le reste dans un "
                + "second import, ou renommez-les (convmv -f latin1 -t utf8)", false
        ),
        "json.not-well-formed": ("JSON mal formé", true),
        "json.array-too-long": ("tableau JSON de plus de \(arrayLimit) éléments : fichier refusé", true),
        "chorus.history-too-long": (
            "historique de statuts Chorus Pro de plus de \(arrayLimit) entrées pour une seule facture (un historique "
                + "réel en a quelques dizaines) : fichier refusé", true
        ),
        "chorus.list-too-long": (
            "liste de factures Chorus Pro de plus de \(arrayLimit) factures : découpez l'export en pages plus petites ; "
                + "fichier refusé", true
        ),
        "format.content": ("contenu refusé par le lecteur du format", true),
        "format.unsupported": ("format connu que Mandat ne lit pas", true),
    ]

    /// `file[:line[:column]]: message [code]` in French, or the line as is when it has no known code.
    static func frenchError(_ line: String) -> String {
        guard let m = line.firstMatch(of: /^(.*?)((?::\d+){0,2}): (.*) \[([a-z0-9.-]+)\]$/),
            let fr = errors[String(m.output.4)]
        else { return line }
        return frenchError(
            location: String(m.output.1) + String(m.output.2), code: String(m.output.4), message: String(m.output.3),
            text: fr)
    }

    /// A recorded error (`import --errors`) in French.
    static func frenchError(_ f: FileRecord) -> String {
        guard let code = f.errorCode, let fr = errors[code] else { return f.errorDescription ?? f.path }
        var location = f.path
        if let l = f.errorLine { location += ":\(l)" }
        if let c = f.errorColumn { location += ":\(c)" }
        return frenchError(location: location, code: code, message: f.errorMessage ?? "", text: fr)
    }

    private static func frenchError(
        location: String, code: String, message: String, text fr: (text: String, detail: Bool)
    ) -> String {
        if code == "xml.too-large", let text = frenchTextTooLong(message) {
            return location + " : " + text + " [\(code)]"
        }
        return location + " : " + fr.text + (fr.detail && !message.isEmpty ? " (détail : \(message))" : "")
            + " [\(code)]"
    }

    /// The XML reader's refusal of a text value longer than it keeps (`xml.too-large` for a text, not an
    /// attribute), in French with its element, line and sizes; nil for another message.
    static func frenchTextTooLong(_ message: String) -> String? {
        guard
            let m = message.wholeMatch(
                of:
                    /text of element <(.+)> \(line (\d+)\) is (\d+) bytes, longer than (\d+) bytes, the XML reader's limit for one text value: the file is refused/
            ), let size = Int(m.output.3), let limit = Int(m.output.4)
        else { return nil }
        return "texte de l'élément <\(m.output.1)> (ligne \(m.output.2)) de \(frenchInteger(size)) octets, plus que "
            + "les \(frenchInteger(limit)) octets que le lecteur XML garde pour une valeur : fichier refusé"
    }

    /// Notes (`file: note`, or a note alone) in French when their pattern is known, else as is.
    ///
    /// A skipped file's reason is its notes joined by `; ` (`Importer`): when the whole line is no known note, each
    /// run of `; `-separated pieces that is one is put in French, and the pieces are joined by ` ; `.
    static func frenchNotes(_ lines: [String]) -> [String] {
        let compiled = compiledNotes()
        return lines.map { frenchNote($0, compiled) }
    }

    /// One note in French, or nil when no known pattern matches it (tests use it to find an untranslated note).
    static func french(note line: String) -> String? {
        translate(line, compiledNotes())
    }

    private static func compiledNotes() -> [(Regex<AnyRegexOutput>, String)] {
        notes.map { (try! Regex($0.0), $0.1) }
    }

    private static func frenchNote(_ line: String, _ compiled: [(Regex<AnyRegexOutput>, String)]) -> String {
        if let whole = translate(line, compiled) { return whole }
        let pieces = line.components(separatedBy: "; ")
        guard pieces.count > 1 else { return line }
        var out: [String] = []
        var translated = false
        var i = 0
        while i < pieces.count {
            // The longest run from `i` that is a known note (a note may itself hold `; `).
            var next = i + 1
            var text = pieces[i]
            for j in stride(from: pieces.count, to: i, by: -1) {
                if let t = translate(pieces[i..<j].joined(separator: "; "), compiled) {
                    text = t
                    next = j
                    translated = true
                    break
                }
            }
            out.append(text)
            i = next
        }
        return translated ? out.joined(separator: " ; ") : line
    }

    private static func translate(_ line: String, _ compiled: [(Regex<AnyRegexOutput>, String)]) -> String? {
        for (pattern, french) in compiled {
            if let m = try? pattern.wholeMatch(in: line) {
                // One pass over the template: a group's text is copied as is, so a `$2` inside a file's value
                // is never taken for a group.
                var out = ""
                var rest = Substring(french)
                while let dollar = rest.firstIndex(of: "$") {
                    out += rest[..<dollar]
                    // `$L4`: group 4, a list of values (`'A' (line 8), 'B' USD, 'C' (no currency)`) in French
                    // (`« A » (ligne 8), « B » USD, « C » (aucune devise)`, `frenchList`); `$F2`: group 2, a
                    // field the reader named with its line (`Piece 7 (line 12)`), each `line N` as `ligne N`;
                    // `$D2`: group 2, an ISO date, as `DD/MM/YYYY`; `$N3`: group 3, an integer, thousands grouped
                    // (`2522` → « 2 522 »).
                    var after = rest[rest.index(after: dollar)...]
                    let modifier = after.first.flatMap { "LFDN".contains($0) ? $0 : nil }
                    if modifier != nil { after = after.dropFirst() }
                    let digits = after.prefix { $0.isASCII && $0.isNumber }
                    if let i = Int(digits), i >= 1, i < m.count {
                        let group = m[i].substring.map(String.init) ?? ""
                        switch modifier {
                        case "L": out += frenchList(group)
                        case "F": out += group.replacing(/\bline (\d+)/) { "ligne " + $0.1 }
                        case "D": out += CivilDate(iso: group)?.french ?? group
                        case "N": out += Int(group).map(frenchInteger) ?? group
                        default: out += group
                        }
                        rest = rest[digits.endIndex...]
                    } else {
                        out += "$"
                        rest = rest[rest.index(after: dollar)...]
                    }
                }
                return out + rest
            }
        }
        return nil
    }

    /// A list of values as the readers write it, `'A' (line 8), 'B' USD, 'C' (no currency)`, in French:
    /// `« A » (ligne 8), « B » USD, « C » (aucune devise)`. A value's closing quote is the one followed by its
    /// suffix (a line, a currency) and then `, '` or the end, so a value with an apostrophe (`L'Atelier`) stays
    /// whole; `(no currency)` alone (a document without a currency) becomes `(aucune devise)`.
    static func frenchList(_ list: String) -> String {
        if list == "(no currency)" { return "(aucune devise)" }
        return list.replacing(/'(.*?)'( \(line (\d+)\)| \(no currency\)| [^ ,']+)?(?=, '|$)/) { m in
            let suffix: String
            if let line = m.3 {
                suffix = " (ligne \(line))"
            } else if m.2 == " (no currency)" {
                suffix = " (aucune devise)"
            } else {
                suffix = m.2.map(String.init) ?? ""
            }
            return "« \(m.1) »" + suffix
        }
    }

    /// The known notes: an English pattern and its French text (`$1`… are the pattern's groups, in order;
    /// `$L4`: group 4, a list of values, in French by `frenchList`).
    static let notes: [(String, String)] = [
        (
            #"^(.*: )?(.+?): '(.*)' at line (\d+) is not an xs:decimal amount; left empty$"#,
            "$1$2 : « $3 » (ligne $4) n'est pas un montant xs:decimal ; laissé vide"
        ),
        (
            #"^(.*: )?(.+?): '(.*)' at line (\d+) is not an xs:decimal amount; the value '(.*)' \(line (\d+)\) is used$"#,
            "$1$2 : « $3 » (ligne $4) n'est pas un montant xs:decimal ; la valeur « $5 » (ligne $6) est retenue"
        ),
        (
            #"^(.*: )?(.+?): '(.*)'(.*) at line (\d+) is not a valid (?:xs:)?date; left empty$"#,
            "$1$2 : « $3 »$4 (ligne $5) n'est pas une date valide ; laissé vide"
        ),
        (
            #"^(.*: )?(.+?): '(.*)'(.*) at line (\d+) is not a valid (?:xs:)?date; the value '(.*)' \(line (\d+)\) is used$"#,
            "$1$2 : « $3 »$4 (ligne $5) n'est pas une date valide ; la valeur « $6 » (ligne $7) est retenue"
        ),
        (
            #"^(.*: )?(.+?): (\d+) values ('.*) at (\S+); the value '(.*)' \(line (\d+)\) is used$"#,
            "$1$2 : $3 valeurs $L4 à $5 ; la valeur « $6 » (ligne $7) est retenue"
        ),
        (
            #"^(.*: )?(.+?): (\d+) values ('.*) at (\S+); none reads: left empty$"#,
            "$1$2 : $3 valeurs $L4 à $5 ; aucune n'est lisible : laissé vide"
        ),
        (
            #"^(.*: )?(.+?): no PartyLegalEntity/RegistrationName; other seller names ('.*) \(PartyName/Name or PartyTaxScheme/RegistrationName\) not used$"#,
            "$1$2 : pas de PartyLegalEntity/RegistrationName ; les autres noms du vendeur $L3 (PartyName/Name ou PartyTaxScheme/RegistrationName) ne sont pas repris"
        ),
        (
            #"^(.*: )?(.+?): no PartyLegalEntity/RegistrationName; other buyer names ('.*) \(PartyName/Name or PartyTaxScheme/RegistrationName\) not used$"#,
            "$1$2 : pas de PartyLegalEntity/RegistrationName ; les autres noms de l'acheteur $L3 (PartyName/Name ou PartyTaxScheme/RegistrationName) ne sont pas repris"
        ),
        (
            #"^(.*: )?(.+?): no cbc:DueDate; cac:PaymentMeans/cbc:PaymentDueDate ('.*) present but is not BT-9 for a UBL Invoice \(not used\)$"#,
            "$1$2 : pas de cbc:DueDate ; cac:PaymentMeans/cbc:PaymentDueDate $L3 présent, mais ce n'est pas BT-9 pour une facture UBL (non repris)"
        ),
        (
            #"^(.*: )?duplicate contract key \(buyerId, id\) = \((.*)\) occurs (\d+) times$"#,
            "$1clé de marché en double (buyerId, id) = ($2) : $3 occurrences"
        ),
        (
            #"^(.*: )?Chorus Pro E2 deposit flow (.+): not a CPPFacturePivot, not supported$"#,
            "$1flux de dépôt Chorus Pro E2 $2 : pas un CPPFacturePivot, non pris en charge"
        ),
        (#"^(.*: )?neither XML nor JSON$"#, "$1ni XML ni JSON"),
        (
            #"^(.*: )?root element (.+) is not a format Mandat reads$"#,
            "$1l'élément racine $2 n'est pas un format que Mandat lit"
        ),
        (
            #"^(.*: )?JSON object not recognised; top-level keys: (.*), … \(\+(\d+) more\)$"#,
            "$1objet JSON non reconnu ; clés de premier niveau : $2, … (+$3 autres)"
        ),
        (
            #"^(.*: )?JSON object not recognised; top-level keys: (.*)$"#,
            "$1objet JSON non reconnu ; clés de premier niveau : $2"
        ),
        (#"^(.*: )?JSON value is not an object$"#, "$1la valeur JSON n'est pas un objet"),
        (#"^(.*: )?UTF-8 byte-order mark accepted$"#, "$1marque d'ordre des octets UTF-8 acceptée"),
        (
            #"^(.*: )?duplicate key (.+): the last value is kept$"#,
            "$1clé $2 en double : la dernière valeur est retenue"
        ),
        (#"^(.*: )?format not recognised$"#, "$1format non reconnu"),
        // An amount that is a valid decimal but longer than Mandat reads (`Money.maxDigits`), in each reader's words.
        (
            #"^(.*: )?(.+?): '(.*)' at line (\d+) is a valid xs:decimal but out of range \((\d+) digits, Mandat reads at most (\d+)\); left empty$"#,
            "$1$2 : « $3 » (ligne $4) est un xs:decimal valide, mais trop long ($5 chiffres ; Mandat en lit au plus $6) ; laissé vide"
        ),
        (
            #"^(.*: )?(.+?): '(.*)' at line (\d+) is a valid xs:decimal but out of range \((\d+) digits, Mandat reads at most (\d+)\); the value '(.*)' \(line (\d+)\) is used$"#,
            "$1$2 : « $3 » (ligne $4) est un xs:decimal valide, mais trop long ($5 chiffres ; Mandat en lit au plus $6) ; la valeur « $7 » (ligne $8) est retenue"
        ),
        (
            #"^(.*: )?(.+?): '(.*)' at line (\d+) is a valid xs:decimal but out of range \((\d+) digits, Mandat reads at most (\d+)\)$"#,
            "$1$2 : « $3 » (ligne $4) est un xs:decimal valide, mais trop long ($5 chiffres ; Mandat en lit au plus $6)"
        ),
        (
            #"^(.*: )?(.+?): a valid decimal but out of range \((\d+) digits, Mandat reads at most (\d+)\): '(.*)'$"#,
            "$1$F2 : montant décimal valide, mais trop long ($3 chiffres ; Mandat en lit au plus $4) : « $5 »"
        ),
        (
            #"^(.*: )?(.+?): <([^>]+)> '(.*)' is a valid decimal but out of range \((\d+) digits, Mandat reads at most (\d+)\)$"#,
            "$1$2 : <$3> « $4 » est un montant décimal valide, mais trop long ($5 chiffres ; Mandat en lit au plus $6)"
        ),
        // A due date (BT-9) before the issue date or more than a year after it (`InvoiceReader.dueDateNote`).
        (
            #"^(.*: )?BT-9: due date (\d{4}-\d\d-\d\d) is before the issue date (\d{4}-\d\d-\d\d) \(BT-2\); kept as written, but the legal clock does not use it: Mandat's due date is the end of the DGP \(délai global de paiement, 30 to 60 days from reception\)$"#,
            "$1BT-9 : l'échéance du $D2 est antérieure à la date d'émission du $D3 (BT-2) ; gardée telle qu'écrite, mais le délai légal ne s'en sert pas : l'échéance retenue par Mandat est la fin du DGP (délai global de paiement, 30 à 60 jours depuis la réception)"
        ),
        (
            #"^(.*: )?BT-9: due date (\d{4}-\d\d-\d\d) is (\d+) days after the issue date (\d{4}-\d\d-\d\d) \(BT-2\), more than a year \(the limit is (\d+) days\); kept as written, but the legal clock does not use it: Mandat's due date is the end of the DGP \(délai global de paiement, 30 to 60 days from reception\)$"#,
            "$1BT-9 : l'échéance du $D2 est $N3 jours après la date d'émission du $D4 (BT-2), à plus d'un an (limite : $N5 jours) ; gardée telle qu'écrite, mais le délai légal ne s'en sert pas : l'échéance retenue par Mandat est la fin du DGP (délai global de paiement, 30 à 60 jours depuis la réception)"
        ),
        // Invoices (UBL, CII): a value refused outside a choice among several (no outcome), dates and totals.
        (
            #"^(.*: )?(.+?): '(.*)' at line (\d+) is not an xs:decimal amount$"#,
            "$1$2 : « $3 » (ligne $4) n'est pas un montant xs:decimal"
        ),
        (
            #"^(.*: )?(.+?): '(.*)'(.*) at line (\d+) is not a valid (?:xs:)?date$"#,
            "$1$2 : « $3 »$4 (ligne $5) n'est pas une date valide"
        ),
        (
            #"^(.*: )?(.+?): format (.+) value '(.*)' where a date is expected: the date part is used$"#,
            "$1$2 : valeur « $4 » au format $3 là où une date est attendue : la partie date est retenue"
        ),
        (
            #"^(.*: )?(.+?): DateTimeString '(.*)' has no @format; read as 102 \(YYYYMMDD\)$"#,
            "$1$2 : DateTimeString « $3 » sans @format ; lu au format 102 (AAAAMMJJ)"
        ),
        (
            #"^(.*: )?BT-110: (\S+) present: ('.*), but none in the document currency (.+)$"#,
            "$1BT-110 : $2 présent : $L3, mais aucun dans la devise du document $L4"
        ),
        // Format detection: roots recognised but not read.
        (
            #"^(.*: )?legacy ZUGFeRD 1\.0 CrossIndustryDocument \(not EN 16931 CII\): not supported$"#,
            "$1ancien ZUGFeRD 1.0 CrossIndustryDocument (pas une CII EN 16931) : non pris en charge"
        ),
        (
            #"^(.*: )?legacy PES v1 (.+) \(namespace …/helios/pes\): not a PES_ACQUIT V2, not supported$"#,
            "$1ancien PES v1 $2 (espace de noms …/helios/pes) : pas un PES_ACQUIT V2, non pris en charge"
        ),
        (
            #"^(.*: )?SVRL validation report: not a document Mandat reads$"#,
            "$1rapport de validation SVRL : pas un document que Mandat lit"
        ),
        (
            #"^(.*: )?VEFA validator test set \(wraps test documents\): not itself a document$"#,
            "$1jeu de tests du validateur VEFA (il enveloppe des documents de test) : pas lui-même un document"
        ),
        // PES (Aller, Retour, Acquit, Acquit retour) and the values every chain reader parses.
        (#"^(.*: )?(.+?): not a decimal amount: '(.*)'$"#, "$1$F2 : pas un montant décimal : « $3 »"),
        (#"^(.*: )?(.+?): not an ISO date: '(.*)'$"#, "$1$F2 : pas une date ISO : « $3 »"),
        (
            #"^(.*: )?EnTetePES/IdColl missing: mandat keys have an empty IdColl$"#,
            "$1EnTetePES/IdColl absent : les clés des mandats ont un IdColl vide"
        ),
        (
            #"^(.*: )?(\d+) PJ element\(s\) directly under PES_Aller \(outside PES_PJ\), not counted$"#,
            "$1$2 élément(s) PJ directement sous PES_Aller (hors de PES_PJ), non comptés"
        ),
        (#"^(.*: )?no PES_DepenseAller block: no mandats$"#, "$1pas de bloc PES_DepenseAller : aucun mandat"),
        (
            #"^(.*: )?no PES_DepenseRetour block \(present: none\); no mandats$"#,
            "$1pas de bloc PES_DepenseRetour (présents : aucun) ; aucun mandat"
        ),
        (
            #"^(.*: )?no PES_DepenseRetour block \(present: (.*)\); no mandats$"#,
            "$1pas de bloc PES_DepenseRetour (présents : $2) ; aucun mandat"
        ),
        (
            #"^(.*: )?(.+?): other lines carry a different Tiers; the first one is kept$"#,
            "$1$F2 : d'autres lignes portent un autre Tiers ; le premier est retenu"
        ),
        (
            #"^(.*: )?(.+?) DGP/DureeDgp: not a whole number of days: '(.*)'$"#,
            "$1$F2 DGP/DureeDgp : pas un nombre entier de jours : « $3 »"
        ),
        (#"^(.*: )?(.+?): IdPce missing$"#, "$1$F2 : IdPce absent"),
        (
            #"^(.*: )?ElementACQUIT \(line (\d+)\) EtatAck: not 1/true/0/false: '(.*)'$"#,
            "$1ElementACQUIT (ligne $2) EtatAck : ni 1/true ni 0/false : « $3 »"
        ),
        (
            #"^(.*: )?ElementACQUIT \(line (\d+)\) DomaineAck '(.*)' is not a known domain: kept as written$"#,
            "$1ElementACQUIT (ligne $2) DomaineAck « $3 » n'est pas un domaine connu : gardé tel qu'écrit"
        ),
        // Chorus Pro (pivot, statuses, JSON).
        (
            #"^(.*: )?no CPPFactures/CPPFacturePivotUnitaire: no invoice$"#,
            "$1pas de CPPFactures/CPPFacturePivotUnitaire : aucune facture"
        ),
        (
            #"^(.*: )?DateStatut '(.*)' at line (\d+) is not a date$"#,
            "$1DateStatut « $2 » (ligne $3) n'est pas une date"
        ),
        (
            #"^(.*: )?ValidationUnitaire at line (\d+) has no CodeStatut: no event$"#,
            "$1ValidationUnitaire (ligne $2) sans CodeStatut : aucun événement"
        ),
        (
            #"^(.*: )?Horodatage \(line (\d+)\): not an xs:dateTime, kept as given: '(.*)'$"#,
            "$1Horodatage (ligne $2) : pas un xs:dateTime, gardé tel quel : « $3 »"
        ),
        (
            #"^(.*: )?historiquesDesStatuts is neither an object nor a list: no history read$"#,
            "$1historiquesDesStatuts n'est ni un objet ni une liste : aucun historique lu"
        ),
        (
            #"^(.*: )?history\[(\d+)\] histoStatutDatePassage: not 'YYYY-MM-DD HH:MM': '(.*)'$"#,
            "$1historique[$2] histoStatutDatePassage : pas au format « AAAA-MM-JJ HH:MM » : « $3 »"
        ),
        (
            #"^(.*: )?the history does not name its invoice \(no idFacture / numeroFacture\): link it on import$"#,
            "$1l'historique ne nomme pas sa facture (ni idFacture ni numeroFacture) : à rattacher à l'import"
        ),
        (#"^(.*: )?(.+?): not a date: '(.*)'$"#, "$1$2 : pas une date : « $3 »"),
        (
            #"^(.*: )?page (.+) of (\d+): this list is one page of several; the invoices of the other pages were not read$"#,
            "$1page $2 sur $3 : cette liste est une page parmi plusieurs ; les factures des autres pages n'ont pas été lues"
        ),
        (
            #"^(.*: )?the list announces (\d+) invoices but holds (\d+): other pages were not read$"#,
            "$1la liste annonce $2 factures mais n'en contient que $3 : les autres pages n'ont pas été lues"
        ),
        // CDAR.
        (
            #"^(.*: )?(\d+) referenced documents: fields show the first; one event each$"#,
            "$1$2 documents référencés : les champs montrent le premier ; un événement pour chacun"
        ),
        (
            #"^(.*: )?no ReferenceReferencedDocument: the message names no invoice$"#,
            "$1pas de ReferenceReferencedDocument : le message ne nomme aucune facture"
        ),
        (#"^(.*: )?(.+?): format 102 date only, midnight used$"#, "$1$2 : format 102, date seule : minuit retenu"),
        (
            #"^(.*: )?(.+?): not a valid date-time \(format none\): '(.*)'$"#,
            "$1$2 : pas une date-heure valide (sans format) : « $3 »"
        ),
        (
            #"^(.*: )?(.+?): not a valid date-time \(format (.*)\): '(.*)'$"#,
            "$1$2 : pas une date-heure valide (format $3) : « $4 »"
        ),
        (
            #"^(.*: )?(.+?): format (.*) date-time, date part used$"#,
            "$1$2 : date-heure au format $3, partie date retenue"
        ),
        (
            #"^(.*: )?(.+?): DateTimeString without @format accepted as YYYYMMDD$"#,
            "$1$2 : DateTimeString sans @format, lu comme AAAAMMJJ"
        ),
        (
            #"^(.*: )?(.+?): not a valid date \(format none\): '(.*)'$"#,
            "$1$2 : pas une date valide (sans format) : « $3 »"
        ),
        (
            #"^(.*: )?(.+?): not a valid date \(format (.*)\): '(.*)'$"#,
            "$1$2 : pas une date valide (format $3) : « $4 »"
        ),
        // Contracts (DECP, eForms, TED): the reader puts `file:line` in the note itself.
        (#"^(.*: )?(.+?): <([^>]+)> '(.*)' is not a valid date$"#, "$1$2 : <$3> « $4 » n'est pas une date valide"),
        (
            #"^(.*: )?(.+?): <([^>]+)> '(.*)' is not a decimal amount$"#,
            "$1$2 : <$3> « $4 » n'est pas un montant décimal"
        ),
        (#"^(.*: )?(.+?): <([^>]+)> '(.*)' is not a whole number$"#, "$1$2 : <$3> « $4 » n'est pas un nombre entier"),
        (#"^(.*: )?(.+?): <([^>]+)> has no id$"#, "$1$2 : <$3> n'a pas d'id"),
        (
            #"^(.*: )?(.+?): <([^>]+)> holds id/typeIdentifiant without a wrapper element: read as one holder$"#,
            "$1$2 : <$3> contient id/typeIdentifiant sans élément englobant : lu comme un seul titulaire"
        ),
        (
            #"^(.*: )?(.+?): contract \((.*)\) repeats an earlier one with different data; the first is kept$"#,
            "$1$2 : le marché ($3) répète un marché précédent avec des données différentes ; le premier est retenu"
        ),
        (
            #"^(.*: )?(\d+) <([^>]+)> element\(s\) under <([^>]+)> are not contracts: not read$"#,
            "$1$2 élément(s) <$3> sous <$4> ne sont pas des marchés : non lus"
        ),
        (
            #"^(.*: )?(.+?): contract tender (.+) is not in NoticeResult$"#,
            "$1$2 : l'offre $3 d'un marché n'est pas dans NoticeResult"
        ),
        (
            #"^(.*: )?(.+?): tendering party (.+) is not in NoticeResult$"#,
            "$1$2 : le soumissionnaire $3 n'est pas dans NoticeResult"
        ),
        (
            #"^(.*: )?(.+?): contract (.+) has (\d+) tenders: value left empty, see tenderValues$"#,
            "$1$2 : le marché $3 a $4 offres : montant laissé vide, voir tenderValues"
        ),
        (
            #"^(.*: )?(.+?): SettledContract without any id: no contract made$"#,
            "$1$2 : SettledContract sans aucun id : aucun marché créé"
        ),
        (
            #"^(.*: )?no form has CATEGORY="ORIGINAL": the first form <([^>]+)> is read$"#,
            "$1aucun formulaire n'a CATEGORY=\"ORIGINAL\" : le premier formulaire <$2> est lu"
        ),
        (
            #"^(.*: )?(.+?): awarded contract \(item (.*)\) has no CONTRACT_NO: no contract made$"#,
            "$1$2 : marché attribué (lot $3) sans CONTRACT_NO : aucun marché créé"
        ),
    ]
}
