import Foundation

/// Writes bytes to a file through a 1 MiB buffer (bounded memory whatever the file size).
final class BufferedWriter {
    private let fh: FileHandle
    private var buffer: [UInt8] = []
    private(set) var written = 0

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let fh = FileHandle(forWritingAtPath: path)
        else { throw BenchError("cannot create \(path)") }
        self.fh = fh
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends `s` as UTF-8.
    func utf8(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        written += s.utf8.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends `s` as ISO-8859-1 (every scalar must be below U+0100; others become '?').
    func latin1(_ s: String) throws {
        for u in s.unicodeScalars { buffer.append(u.value < 256 ? UInt8(u.value) : UInt8(ascii: "?")) }
        written += s.unicodeScalars.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        try fh.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try fh.close()
    }
}

/// What a generated file holds, to check the streamed result against.
struct GeneratedFacts {
    var bytes: Int
    var records: Int
    /// Sum of the amounts, in cents (integers: exact).
    var sumCents: Int
    var attachmentBytes: Int
}

/// Synthetic files shaped like the real formats (no real people or bodies; SIRETs have valid Luhn keys).
enum Generators {
    /// A deterministic amount in cents for record `n`: 0,01 € to 9 999,99 €.
    static func cents(_ n: Int) -> Int { (n &* 7919 &+ 13) % 999_999 + 1 }

    static func euros(_ c: Int) -> String {
        let frac = c % 100
        return "\(c / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// A 14-digit SIRET with a valid Luhn key, from a seed.
    static func siret(_ seed: Int) -> String {
        var v = (seed &* 104_729) % 10_000_000_000_000
        var digits = [Int](repeating: 0, count: 13)
        for k in stride(from: 12, through: 0, by: -1) {
            digits[k] = v % 10
            v /= 10
        }
        var sum = 0
        // Luhn over 14 digits: double every second digit from the right; the key is the last digit.
        for (i, d) in digits.reversed().enumerated() {
            let v = i % 2 == 0 ? d * 2 : d
            sum += v > 9 ? v - 9 : v
        }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
    }

    static let objets = [
        "Réparation de la toiture de l'école élémentaire", "Fournitures de bureau — trimestre été",
        "Entretien des espaces verts du cimetière", "Prestation de nettoyage des locaux de la mairie",
        "Achat de matériel électrique pour la salle des fêtes", "Maîtrise d'œuvre : réhabilitation du gymnase",
    ]
    static let tiers = [
        "Société Générale de Bâtiment Rhône-Alpes", "Établissements Dupré &amp; Fils", "Boulangerie Lefèvre",
        "Électricité Générale du Dauphiné", "Espaces Verts Ménard", "Bureau d'Études Thermiques Gérard",
    ]

    /// A PES_Aller (ISO-8859-1, values in `V` attributes) of about `targetBytes`, with `mandats` pieces and
    /// base64 attachments (`PES_PJ/PJ/Contenu/Fichier`) making up the rest.
    static func pesAller(path: String, mandats: Int, targetBytes: Int) throws -> GeneratedFacts {
        let w = try BufferedWriter(path: path)
        var sum = 0
        try w.latin1(
            """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller" \
            xmlns:xad="http://uri.etsi.org/01903/v1.1.1#">
            <Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/><NomFic V="PES_BENCH_SYNTH.xml"/></Parametres>\
            <Emetteur><Sigle V="BENCH"/></Emetteur></Enveloppe>
            <EnTetePES><DteStr V="2026-03-02"/><IdPost V="038000"/><IdColl V="\(siret(1))"/><CodCol V="123"/>\
            <CodBud V="01"/><LibelleColBud V="Commune synthétique de Saint-Étienne-des-Prés"/></EnTetePES>
            <PES_DepenseAller>
            <EnTeteDepense><IdVer V="2"/><InfoDematerialisee V="1"/></EnTeteDepense>

            """)
        let perBordereau = 100
        for n in 1...max(1, mandats) {
            if (n - 1) % perBordereau == 0 {
                if n > 1 { try w.latin1("</Bordereau>\n") }
                try w.latin1(
                    "<Bordereau><BlocBordereau><Exer V=\"2026\"/><IdBord V=\"\((n - 1) / perBordereau + 1)\"/>"
                        + "<DteBordEm V=\"2026-03-02\"/><TypBord V=\"01\"/><NbrPce V=\"\(perBordereau)\"/>"
                        + "<MtCumulAnnuel V=\"0.00\"/><MtBordHT V=\"0.00\"/></BlocBordereau>\n")
            }
            let c = cents(n)
            sum += c
            let objet = objets[n % objets.count]
            let nom = tiers[n % tiers.count]
            try w.latin1(
                "<Piece><BlocPiece><InfoPce><IdPce V=\"\(n)\"/><TypPce V=\"01\"/><NatPce V=\"01\"/>"
                    + "<Obj V=\"\(objet) n° \(n)\"/></InfoPce></BlocPiece>\n"
                    + "<LigneDePiece><BlocLignePiece><InfoLignePce><IdLigne V=\"1\"/><Objet V=\"\(objet)\"/>"
                    + "<Nature V=\"6156\"/><Fonction V=\"020\"/><CodTVA V=\"20\"/><MtHT V=\"\(euros(c))\"/>"
                    + "<MtTVA V=\"\(euros(c / 5))\"/></InfoLignePce>\n"
                    + "<Tiers><InfoTiers><IdTiers V=\"\(siret(n + 7))\"/><TypTiers V=\"01\"/><NatJur V=\"03\"/>"
                    + "<Nom V=\"\(nom)\"/><ComplNom V=\"Service comptabilité fournisseurs\"/></InfoTiers>"
                    + "<Adresse><TypAdr V=\"1\"/><Adr2 V=\"\(n % 200 + 1) rue de l'Église\"/><CP V=\"38000\"/>"
                    + "<Ville V=\"Grenoble\"/><CodRes V=\"0\"/></Adresse>"
                    + "<CpteBancaire><BIC V=\"AGRIFRPP881\"/><IBAN V=\"FR7630006000011234567890189\"/>"
                    + "<LibBanc V=\"Crédit Agricole Sud Rhône Alpes\"/><TitCpte V=\"\(nom)\"/></CpteBancaire></Tiers>"
                    + "</BlocLignePiece></LigneDePiece></Piece>\n")
        }
        try w.latin1("</Bordereau>\n</PES_DepenseAller>\n<PES_PJ>\n")
        // Attachments: base64 lines of 76 characters, in 4 PJ sharing what is left of the target size.
        let left = max(0, targetBytes - w.written - 200)
        let perPJ = left / 4
        var attachment = 0
        let line = Array(
            String(repeating: "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZU", count: 2)
                .prefix(76))
        for k in 1...4 {
            try w.latin1("<PJ><Contenu><Fichier MIMEType=\"application/pdf\">")
            var done = 0
            while done + 77 <= perPJ {
                try w.latin1(String(line) + "\n")
                done += 77
            }
            attachment += done
            try w.latin1("</Fichier></Contenu><IdUnique V=\"PJ\(k)\"/><NomPJ V=\"facture-\(k).pdf\"/></PJ>\n")
        }
        try w.latin1("</PES_PJ>\n</n:PES_Aller>\n")
        try w.close()
        return GeneratedFacts(bytes: w.written, records: mandats, sumCents: sum, attachmentBytes: attachment)
    }

    /// A UBL Invoice (UTF-8) of about `targetBytes`, as many invoice lines as it takes.
    static func ublInvoice(path: String, targetBytes: Int) throws -> GeneratedFacts {
        let w = try BufferedWriter(path: path)
        try w.utf8(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
              <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
              <cbc:ID>F-BENCH-0001</cbc:ID>
              <cbc:IssueDate>2026-03-02</cbc:IssueDate>
              <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
              <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
              <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Espaces Verts Ménard</cbc:Name>\
            </cac:PartyName><cac:PartyLegalEntity><cbc:CompanyID schemeID="0002">\(siret(3).prefix(9))\
            </cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>

            """)
        var n = 0
        var sum = 0
        while w.written < targetBytes - 100 {
            n += 1
            let c = cents(n)
            sum += c
            try w.utf8(
                """
                  <cac:InvoiceLine>
                    <cbc:ID>\(n)</cbc:ID>
                    <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
                    <cbc:LineExtensionAmount currencyID="EUR">\(euros(c))</cbc:LineExtensionAmount>
                    <cac:Item><cbc:Description>Prestation d’entretien des espaces verts — lot \(n), été</cbc:Description>\
                <cbc:Name>Entretien été</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20.00\
                </cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
                    <cac:Price><cbc:PriceAmount currencyID="EUR">\(euros(c))</cbc:PriceAmount></cac:Price>
                  </cac:InvoiceLine>

                """)
        }
        try w.utf8("</Invoice>\n")
        try w.close()
        return GeneratedFacts(bytes: w.written, records: n, sumCents: sum, attachmentBytes: 0)
    }
}
