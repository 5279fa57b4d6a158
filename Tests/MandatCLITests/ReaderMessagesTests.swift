import Foundation
import MandatFormats
import Testing

@testable import mandat

/// The readers' English notes and skip reasons in French (`ReaderMessages`): one example of every note a reader
/// can write, as its code formats it, and every note the readers write on the project's own fixtures.
@Suite("Reader notes in French")
struct ReaderMessagesTests {
    /// One note per pattern, as each reader words it (English as written by the reader → French).
    static let examples: [(String, String)] = [
        // Invoices (FieldPicker, InvoiceReader).
        (
            "BT-110: '1x' at line 40 is not an xs:decimal amount",
            "BT-110 : « 1x » (ligne 40) n'est pas un montant xs:decimal"
        ),
        (
            "BT-9: '2026-02-30' at line 11 is not a valid xs:date",
            "BT-9 : « 2026-02-30 » (ligne 11) n'est pas une date valide"
        ),
        (
            "BT-2: format 203 value '202601151200' where a date is expected: the date part is used",
            "BT-2 : valeur « 202601151200 » au format 203 là où une date est attendue : la partie date est retenue"
        ),
        (
            "BT-2: DateTimeString '20260115' has no @format; read as 102 (YYYYMMDD)",
            "BT-2 : DateTimeString « 20260115 » sans @format ; lu au format 102 (AAAAMMJJ)"
        ),
        (
            "BT-110: TaxTotal/TaxAmount present: '12.00' USD, but none in the document currency EUR",
            "BT-110 : TaxTotal/TaxAmount présent : « 12.00 » USD, mais aucun dans la devise du document EUR"
        ),
        // No document currency (BT-5), and an amount without @currencyID.
        (
            "BT-110: TaxTotal/TaxAmount present: '12.00' USD, '3.00' (no currency), but none in the document "
                + "currency (no currency)",
            "BT-110 : TaxTotal/TaxAmount présent : « 12.00 » USD, « 3.00 » (aucune devise), mais aucun dans la devise "
                + "du document (aucune devise)"
        ),
        // A repeated single field: the values listed without brackets, a value with an apostrophe kept whole.
        (
            "BT-1: 2 values 'DUP-1' (line 8), 'L'AUTRE' (line 9) at cbc:ID; the value 'DUP-1' (line 8) is used",
            "BT-1 : 2 valeurs « DUP-1 » (ligne 8), « L'AUTRE » (ligne 9) à cbc:ID ; la valeur « DUP-1 » (ligne 8) est "
                + "retenue"
        ),
        (
            "BT-2: 2 values '2025-02-30' (line 9), '03/03/2025' (line 10) at cbc:IssueDate; none reads: left empty",
            "BT-2 : 2 valeurs « 2025-02-30 » (ligne 9), « 03/03/2025 » (ligne 10) à cbc:IssueDate ; aucune n'est "
                + "lisible : laissé vide"
        ),
        (
            "BT-27: no PartyLegalEntity/RegistrationName; other seller names 'Atelier A', 'B SARL' (PartyName/Name or "
                + "PartyTaxScheme/RegistrationName) not used",
            "BT-27 : pas de PartyLegalEntity/RegistrationName ; les autres noms du vendeur « Atelier A », « B SARL » "
                + "(PartyName/Name ou PartyTaxScheme/RegistrationName) ne sont pas repris"
        ),
        (
            "BT-9: no cbc:DueDate; cac:PaymentMeans/cbc:PaymentDueDate '2026-04-01' present but is not BT-9 for a UBL "
                + "Invoice (not used)",
            "BT-9 : pas de cbc:DueDate ; cac:PaymentMeans/cbc:PaymentDueDate « 2026-04-01 » présent, mais ce n'est pas "
                + "BT-9 pour une facture UBL (non repris)"
        ),
        // An amount longer than Mandat reads (35 digits > `Money.maxDigits`).
        (
            "BT-115: '123456789012345678901234567890.12345' at line 94 is a valid xs:decimal but out of range (35 "
                + "digits, Mandat reads at most 34); left empty",
            "BT-115 : « 123456789012345678901234567890.12345 » (ligne 94) est un xs:decimal valide, mais trop long (35 "
                + "chiffres ; Mandat en lit au plus 34) ; laissé vide"
        ),
        (
            "BT-115: '123456789012345678901234567890.12345' at line 94 is a valid xs:decimal but out of range (35 "
                + "digits, Mandat reads at most 34); the value '10.00' (line 95) is used",
            "BT-115 : « 123456789012345678901234567890.12345 » (ligne 94) est un xs:decimal valide, mais trop long (35 "
                + "chiffres ; Mandat en lit au plus 34) ; la valeur « 10.00 » (ligne 95) est retenue"
        ),
        (
            "BT-110: '123456789012345678901234567890.12345' at line 40 is a valid xs:decimal but out of range (35 "
                + "digits, Mandat reads at most 34)",
            "BT-110 : « 123456789012345678901234567890.12345 » (ligne 40) est un xs:decimal valide, mais trop long (35 "
                + "chiffres ; Mandat en lit au plus 34)"
        ),
        (
            "Piece 7 (line 12) MtHT: a valid decimal but out of range (35 digits, Mandat reads at most 34): '"
                + String(repeating: "1", count: 35) + "'",
            "Piece 7 (ligne 12) MtHT : montant décimal valide, mais trop long (35 chiffres ; Mandat en lit au plus 34) : « "
                + String(repeating: "1", count: 35) + " »"
        ),
        (
            "d.xml:12: <montant> '" + String(repeating: "1", count: 35)
                + "' is a valid decimal but out of range (35 digits, Mandat reads at most 34)",
            "d.xml:12 : <montant> « " + String(repeating: "1", count: 35)
                + " » est un montant décimal valide, mais trop long (35 chiffres ; Mandat en lit au plus 34)"
        ),
        // A due date far from the issue date.
        (
            // 2016-04-04 → 2023-03-01 = 2 522 days (DueDateNoteTests.gap shows the arithmetic).
            "BT-9: due date 2023-03-01 is 2522 days after the issue date 2016-04-04 (BT-2), more than a year (the limit "
                + "is 366 days); kept as written, but the legal clock does not use it: Mandat's due date is the end of "
                + "the DGP (délai global de paiement, 30 to 60 days from reception)",
            "BT-9 : l'échéance du 01/03/2023 est 2\u{202F}522 jours après la date d'émission du 04/04/2016 (BT-2), à plus "
                + "d'un an (limite : 366 jours) ; gardée telle qu'écrite, mais le délai légal ne s'en sert pas : "
                + "l'échéance retenue par Mandat est la fin du DGP (délai global de paiement, 30 à 60 jours depuis la "
                + "réception)"
        ),
        (
            "BT-9: due date 2026-03-01 is before the issue date 2026-03-02 (BT-2); kept as written, but the legal clock "
                + "does not use it: Mandat's due date is the end of the DGP (délai global de paiement, 30 to 60 days from "
                + "reception)",
            "BT-9 : l'échéance du 01/03/2026 est antérieure à la date d'émission du 02/03/2026 (BT-2) ; gardée telle "
                + "qu'écrite, mais le délai légal ne s'en sert pas : l'échéance retenue par Mandat est la fin du DGP (délai "
                + "global de paiement, 30 à 60 jours depuis la réception)"
        ),
        // Detection.
        (
            "legacy ZUGFeRD 1.0 CrossIndustryDocument (not EN 16931 CII): not supported",
            "ancien ZUGFeRD 1.0 CrossIndustryDocument (pas une CII EN 16931) : non pris en charge"
        ),
        (
            "legacy PES v1 PES_Acquit (namespace …/helios/pes): not a PES_ACQUIT V2, not supported",
            "ancien PES v1 PES_Acquit (espace de noms …/helios/pes) : pas un PES_ACQUIT V2, non pris en charge"
        ),
        (
            "SVRL validation report: not a document Mandat reads",
            "rapport de validation SVRL : pas un document que Mandat lit"
        ),
        (
            "VEFA validator test set (wraps test documents): not itself a document",
            "jeu de tests du validateur VEFA (il enveloppe des documents de test) : pas lui-même un document"
        ),
        // PES.
        (
            "Piece 12 (line 40): not a decimal amount: '1,5'",
            "Piece 12 (ligne 40) : pas un montant décimal : « 1,5 »"
        ),
        (
            "Piece line 7 DtePay: not an ISO date: '2026-13-01'",
            "Piece ligne 7 DtePay : pas une date ISO : « 2026-13-01 »"
        ),
        (
            "EnTetePES/IdColl missing: mandat keys have an empty IdColl",
            "EnTetePES/IdColl absent : les clés des mandats ont un IdColl vide"
        ),
        (
            "2 PJ element(s) directly under PES_Aller (outside PES_PJ), not counted",
            "2 élément(s) PJ directement sous PES_Aller (hors de PES_PJ), non comptés"
        ),
        ("no PES_DepenseAller block: no mandats", "pas de bloc PES_DepenseAller : aucun mandat"),
        (
            "no PES_DepenseRetour block (present: none); no mandats",
            "pas de bloc PES_DepenseRetour (présents : aucun) ; aucun mandat"
        ),
        (
            "no PES_DepenseRetour block (present: PES_RecetteRetour); no mandats",
            "pas de bloc PES_DepenseRetour (présents : PES_RecetteRetour) ; aucun mandat"
        ),
        (
            "Piece 3 (line 20): other lines carry a different Tiers; the first one is kept",
            "Piece 3 (ligne 20) : d'autres lignes portent un autre Tiers ; le premier est retenu"
        ),
        (
            "Piece 3 (line 20) DGP/DureeDgp: not a whole number of days: '30j'",
            "Piece 3 (ligne 20) DGP/DureeDgp : pas un nombre entier de jours : « 30j »"
        ),
        ("Piece ? (line 20): IdPce missing", "Piece ? (ligne 20) : IdPce absent"),
        (
            "ElementACQUIT (line 9) EtatAck: not 1/true/0/false: 'oui'",
            "ElementACQUIT (ligne 9) EtatAck : ni 1/true ni 0/false : « oui »"
        ),
        (
            "ElementACQUIT (line 9) DomaineAck 'ZZ' is not a known domain: kept as written",
            "ElementACQUIT (ligne 9) DomaineAck « ZZ » n'est pas un domaine connu : gardé tel qu'écrit"
        ),
        // Chorus Pro.
        (
            "no CPPFactures/CPPFacturePivotUnitaire: no invoice",
            "pas de CPPFactures/CPPFacturePivotUnitaire : aucune facture"
        ),
        ("DateStatut '2026-02-30' at line 14 is not a date", "DateStatut « 2026-02-30 » (ligne 14) n'est pas une date"),
        (
            "ValidationUnitaire at line 14 has no CodeStatut: no event",
            "ValidationUnitaire (ligne 14) sans CodeStatut : aucun événement"
        ),
        (
            "Horodatage (line 8): not an xs:dateTime, kept as given: 'hier'",
            "Horodatage (ligne 8) : pas un xs:dateTime, gardé tel quel : « hier »"
        ),
        (
            "DateFacture (line 8): not an ISO date: '15/01/2026'",
            "DateFacture (ligne 8) : pas une date ISO : « 15/01/2026 »"
        ),
        (
            "historiquesDesStatuts is neither an object nor a list: no history read",
            "historiquesDesStatuts n'est ni un objet ni une liste : aucun historique lu"
        ),
        (
            "history[2] histoStatutDatePassage: not 'YYYY-MM-DD HH:MM': '2026-01-15'",
            "historique[2] histoStatutDatePassage : pas au format « AAAA-MM-JJ HH:MM » : « 2026-01-15 »"
        ),
        (
            "the history does not name its invoice (no idFacture / numeroFacture): link it on import",
            "l'historique ne nomme pas sa facture (ni idFacture ni numeroFacture) : à rattacher à l'import"
        ),
        (
            "listeFactures[0].montantAPayer: not a decimal amount: 'cent'",
            "listeFactures[0].montantAPayer : pas un montant décimal : « cent »"
        ),
        ("listeFactures[0].dateDepot: not a date: 'hier'", "listeFactures[0].dateDepot : pas une date : « hier »"),
        (
            "page 1 of 3: this list is one page of several; the invoices of the other pages were not read",
            "page 1 sur 3 : cette liste est une page parmi plusieurs ; les factures des autres pages n'ont pas été lues"
        ),
        (
            "the list announces 40 invoices but holds 10: other pages were not read",
            "la liste annonce 40 factures mais n'en contient que 10 : les autres pages n'ont pas été lues"
        ),
        // CDAR.
        (
            "2 referenced documents: fields show the first; one event each",
            "2 documents référencés : les champs montrent le premier ; un événement pour chacun"
        ),
        (
            "no ReferenceReferencedDocument: the message names no invoice",
            "pas de ReferenceReferencedDocument : le message ne nomme aucune facture"
        ),
        ("ValueAmount (line 30): not a decimal amount: 'x'", "ValueAmount (ligne 30) : pas un montant décimal : « x »"),
        (
            "IssueDateTime: format 102 date only, midnight used",
            "IssueDateTime : format 102, date seule : minuit retenu"
        ),
        (
            "IssueDateTime: not a valid date-time (format none): 'x'",
            "IssueDateTime : pas une date-heure valide (sans format) : « x »"
        ),
        (
            "IssueDateTime: not a valid date-time (format 204): 'x'",
            "IssueDateTime : pas une date-heure valide (format 204) : « x »"
        ),
        (
            "OccurrenceDateTime: format 204 date-time, date part used",
            "OccurrenceDateTime : date-heure au format 204, partie date retenue"
        ),
        (
            "OccurrenceDateTime: DateTimeString without @format accepted as YYYYMMDD",
            "OccurrenceDateTime : DateTimeString sans @format, lu comme AAAAMMJJ"
        ),
        (
            "OccurrenceDateTime: not a valid date (format none): 'x'",
            "OccurrenceDateTime : pas une date valide (sans format) : « x »"
        ),
        (
            "OccurrenceDateTime: not a valid date (format 102): 'x'",
            "OccurrenceDateTime : pas une date valide (format 102) : « x »"
        ),
        // Contracts.
        (
            "d.xml:12: <dateNotification> '2026-02-30' is not a valid date",
            "d.xml:12 : <dateNotification> « 2026-02-30 » n'est pas une date valide"
        ),
        (
            "d.xml:12: <montant> 'cent' is not a decimal amount",
            "d.xml:12 : <montant> « cent » n'est pas un montant décimal"
        ),
        (
            "d.xml:12: <dureeMois> '1.5' is not a whole number",
            "d.xml:12 : <dureeMois> « 1.5 » n'est pas un nombre entier"
        ),
        ("d.xml:12: <marche> has no id", "d.xml:12 : <marche> n'a pas d'id"),
        (
            "d.xml:12: <titulaires> holds id/typeIdentifiant without a wrapper element: read as one holder",
            "d.xml:12 : <titulaires> contient id/typeIdentifiant sans élément englobant : lu comme un seul titulaire"
        ),
        (
            "d.xml:12: contract (B1, 2026-001) repeats an earlier one with different data; the first is kept",
            "d.xml:12 : le marché (B1, 2026-001) répète un marché précédent avec des données différentes ; le premier est retenu"
        ),
        (
            "3 <avis> element(s) under <marches> are not contracts: not read",
            "3 élément(s) <avis> sous <marches> ne sont pas des marchés : non lus"
        ),
        (
            "e.xml:40: contract tender TEN-0001 is not in NoticeResult",
            "e.xml:40 : l'offre TEN-0001 d'un marché n'est pas dans NoticeResult"
        ),
        (
            "e.xml:40: tendering party TPA-0001 is not in NoticeResult",
            "e.xml:40 : le soumissionnaire TPA-0001 n'est pas dans NoticeResult"
        ),
        (
            "e.xml:40: contract CON-0001 has 2 tenders: value left empty, see tenderValues",
            "e.xml:40 : le marché CON-0001 a 2 offres : montant laissé vide, voir tenderValues"
        ),
        (
            "e.xml:40: SettledContract without any id: no contract made",
            "e.xml:40 : SettledContract sans aucun id : aucun marché créé"
        ),
        (
            "no form has CATEGORY=\"ORIGINAL\": the first form <F03_2014> is read",
            "aucun formulaire n'a CATEGORY=\"ORIGINAL\" : le premier formulaire <F03_2014> est lu"
        ),
        (
            "t.xml:30: awarded contract (item 2) has no CONTRACT_NO: no contract made",
            "t.xml:30 : marché attribué (lot 2) sans CONTRACT_NO : aucun marché créé"
        ),
    ]

    @Test(
        "every note a reader writes has its French text, alone (inspect) and after its file (import)",
        arguments: examples)
    func note(english: String, french: String) {
        #expect(ReaderMessages.french(note: english) == french)
        #expect(ReaderMessages.frenchNotes(["dir/f.xml: " + english]) == ["dir/f.xml: " + french])
    }

    @Test("a text value longer than the XML reader keeps: xml.too-large in French with its element, line and sizes")
    func textTooLong() {
        let line =
            "big.xml:9: text of element <ID> (line 9) is 20000012 bytes, longer than 65536 bytes, the XML reader's "
            + "limit for one text value: the file is refused [xml.too-large]"
        #expect(
            ReaderMessages.frenchError(line)
                == "big.xml:9 : texte de l'élément <ID> (ligne 9) de 20\u{202F}000\u{202F}012 octets, plus que les "
                + "65\u{202F}536 octets que le lecteur XML garde pour une valeur : fichier refusé [xml.too-large]")
        // libxml2's own limit (an attribute of more than 10 MB) keeps its text.
        #expect(
            ReaderMessages.frenchError("a.xml:3:5: a value (attribute, …) is longer than 10 MB [xml.too-large]")
                .hasPrefix("a.xml:3:5 : une valeur (attribut, nom, commentaire"))
    }

    @Test("a skipped file's reason (its notes joined by '; ') is put in French note by note")
    func skipReason() {
        let reason = "dir/x.json: UTF-8 byte-order mark accepted; JSON object not recognised; top-level keys: a, b"
        #expect(
            ReaderMessages.frenchNotes([reason])
                == [
                    "dir/x.json: marque d'ordre des octets UTF-8 acceptée ; objet JSON non reconnu ; clés de premier "
                        + "niveau : a, b"
                ])
        // Nothing known: kept as is.
        #expect(ReaderMessages.frenchNotes(["f: something new; other"]) == ["f: something new; other"])
    }

    @Test("every note the readers write on the project's fixtures has a French text")
    func fixtureNotes() throws {
        let fixtures = cliRoot.appendingPathComponent("fixtures")
        let files = try #require(FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        var notes = 0
        for file in files {
            let doc = DocumentReader.read(path: file.path)
            for n in doc.notes {
                notes += 1
                #expect(ReaderMessages.french(note: n) != nil, "no French text for \(file.lastPathComponent): \(n)")
            }
        }
        // The fixtures hold notes of many readers: the sweep is not empty.
        #expect(notes > 10)
    }
}

@Suite("Invoice checks in French in mandat show")
struct ShowInvoiceFindingsFrenchTests {
    @Test(
        "show: the invoice reader's finding is in French by default, in English with --lang en",
        .enabled(if: mandatBinary != nil, "mandat binary not built"))
    func showFinding() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-rm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        let invoice = cliRoot.appendingPathComponent("fixtures/demo/invoices/FV-2026-0006.cii.xml").path
        #expect(try runMandatCLI(["import", "--db", db, invoice]).status == 0)
        // BT-115 14040.00 against 14400.00 − 0.00 + 0.00 = 14400.00 (the demo's swapped digits).
        let fr = try runMandatCLI(["show", "--db", db, "FV-2026-0006"])
        #expect(
            fr.out.contains(
                "[invoice.amount-due-mismatch] montant à payer (BT-115) 14\u{202F}040,00 différent du total TTC "
                    + "14\u{202F}400,00 − acomptes 0,00 + arrondi 0,00 = 14\u{202F}400,00"))
        #expect(!fr.out.contains("differs from"))
        let en = try runMandatCLI(["show", "--db", db, "--lang", "en", "FV-2026-0006"])
        #expect(
            en.out.contains(
                "[invoice.amount-due-mismatch] amount due (BT-115) 14040.00 differs from total with VAT 14400.00"))
    }
}
