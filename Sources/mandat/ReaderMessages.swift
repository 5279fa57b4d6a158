import Foundation
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
        location + " : " + fr.text + (fr.detail && !message.isEmpty ? " (détail : \(message))" : "") + " [\(code)]"
    }

    /// Notes (`file: note`, or a note alone) in French when their pattern is known, else as is.
    static func frenchNotes(_ lines: [String]) -> [String] {
        let compiled = notes.map { (try! Regex($0.0), $0.1) }
        return lines.map { frenchNote($0, compiled) }
    }

    private static func frenchNote(_ line: String, _ compiled: [(Regex<AnyRegexOutput>, String)]) -> String {
        for (pattern, french) in compiled {
            if let m = try? pattern.firstMatch(in: line) {
                // One pass over the template: a group's text is copied as is, so a `$2` inside a file's value
                // is never taken for a group.
                var out = ""
                var rest = Substring(french)
                while let dollar = rest.firstIndex(of: "$") {
                    out += rest[..<dollar]
                    // `$L4`: group 4, a list of values whose `(line N)` become `(ligne N)`.
                    var after = rest[rest.index(after: dollar)...]
                    let lines = after.first == "L"
                    if lines { after = after.dropFirst() }
                    let digits = after.prefix { $0.isASCII && $0.isNumber }
                    if let i = Int(digits), i >= 1, i < m.count {
                        let group = m[i].substring.map(String.init) ?? ""
                        out += lines ? group.replacingOccurrences(of: "' (line ", with: "' (ligne ") : group
                        rest = rest[digits.endIndex...]
                    } else {
                        out += "$"
                        rest = rest[rest.index(after: dollar)...]
                    }
                }
                return out + rest
            }
        }
        return line
    }

    /// The known notes: an English pattern and its French text (`$1`… are the pattern's groups, in order;
    /// `$L4`: group 4 with each `' (line N)` as `' (ligne N)`).
    static let notes: [(String, String)] = [
        (#"^(.*: )?(.+?): '(.*)' at line (\d+) is not an xs:decimal amount; left empty$"#,
            "$1$2 : « $3 » (ligne $4) n'est pas un montant xs:decimal ; laissé vide"),
        (#"^(.*: )?(.+?): '(.*)' at line (\d+) is not an xs:decimal amount; the value '(.*)' \(line (\d+)\) is used$"#,
            "$1$2 : « $3 » (ligne $4) n'est pas un montant xs:decimal ; la valeur « $5 » (ligne $6) est retenue"),
        (#"^(.*: )?(.+?): '(.*)'(.*) at line (\d+) is not a valid (?:xs:)?date; left empty$"#,
            "$1$2 : « $3 »$4 (ligne $5) n'est pas une date valide ; laissé vide"),
        (#"^(.*: )?(.+?): '(.*)'(.*) at line (\d+) is not a valid (?:xs:)?date; the value '(.*)' \(line (\d+)\) is used$"#,
            "$1$2 : « $3 »$4 (ligne $5) n'est pas une date valide ; la valeur « $6 » (ligne $7) est retenue"),
        (#"^(.*: )?(.+?): (\d+) values \[(.*)\] at (.+); the value '(.*)' \(line (\d+)\) is used$"#,
            "$1$2 : $3 valeurs [$L4] à $5 ; la valeur « $6 » (ligne $7) est retenue"),
        (#"^(.*: )?(.+?): (\d+) values \[(.*)\] at (.+); none reads: left empty$"#,
            "$1$2 : $3 valeurs [$L4] à $5 ; aucune n'est lisible : laissé vide"),
        (#"^(.*: )?(.+?): no PartyLegalEntity/RegistrationName; other seller names \[(.*)\] \(PartyName/Name or PartyTaxScheme/RegistrationName\) not used$"#,
            "$1$2 : pas de PartyLegalEntity/RegistrationName ; les autres noms du vendeur [$3] (PartyName/Name ou PartyTaxScheme/RegistrationName) ne sont pas repris"),
        (#"^(.*: )?(.+?): no PartyLegalEntity/RegistrationName; other buyer names \[(.*)\] \(PartyName/Name or PartyTaxScheme/RegistrationName\) not used$"#,
            "$1$2 : pas de PartyLegalEntity/RegistrationName ; les autres noms de l'acheteur [$3] (PartyName/Name ou PartyTaxScheme/RegistrationName) ne sont pas repris"),
        (#"^(.*: )?(.+?): no cbc:DueDate; cac:PaymentMeans/cbc:PaymentDueDate \[(.*)\] present but is not BT-9 for a UBL Invoice \(not used\)$"#,
            "$1$2 : pas de cbc:DueDate ; cac:PaymentMeans/cbc:PaymentDueDate [$3] présent, mais ce n'est pas BT-9 pour une facture UBL (non repris)"),
        (#"^(.*: )?duplicate contract key \(buyerId, id\) = \((.*)\) occurs (\d+) times$"#,
            "$1clé de marché en double (buyerId, id) = ($2) : $3 occurrences"),
        (#"^(.*: )?Chorus Pro E2 deposit flow (.+): not a CPPFacturePivot, not supported$"#,
            "$1flux de dépôt Chorus Pro E2 $2 : pas un CPPFacturePivot, non pris en charge"),
        (#"^(.*: )?neither XML nor JSON$"#, "$1ni XML ni JSON"),
        (#"^(.*: )?root element (.+) is not a format Mandat reads$"#, "$1l'élément racine $2 n'est pas un format que Mandat lit"),
        (#"^(.*: )?JSON object not recognised; top-level keys: (.*), … \(\+(\d+) more\)$"#,
            "$1objet JSON non reconnu ; clés de premier niveau : $2, … (+$3 autres)"),
        (#"^(.*: )?JSON object not recognised; top-level keys: (.*)$"#, "$1objet JSON non reconnu ; clés de premier niveau : $2"),
        (#"^(.*: )?JSON value is not an object$"#, "$1la valeur JSON n'est pas un objet"),
        (#"^(.*: )?UTF-8 byte-order mark accepted$"#, "$1marque d'ordre des octets UTF-8 acceptée"),
        (#"^(.*: )?duplicate key (.+): the last value is kept$"#, "$1clé $2 en double : la dernière valeur est retenue"),
        (#"^(.*: )?format not recognised$"#, "$1format non reconnu"),
    ]
}
