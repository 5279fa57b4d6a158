import ArgumentParser
import Foundation
import MandatCore
import MandatFormats

/// `invoices`: generates many small EN 16931 invoices (half UBL, half CII, about 20 KB each: invented
/// French suppliers and public buyers, invoice lines to reach the size), reads them all with
/// `DocumentReader.read(path:)` in a child process, then extracts the same business terms with Python lxml
/// (`scripts/invoice_lxml_bench.py DIR`) in another child, and prints invoices/s for each, the ratio and
/// each side's Σ BT-115 (amount due, euros) against the generator's.
///
/// Target (issue 3): Mandat ≥ 5 × lxml in invoices per second.
struct InvoiceBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices", abstract: "DocumentReader.read vs Python lxml on 10 000 generated UBL/CII invoices.")

    @Option(help: "Number of invoice files (half UBL, half CII).") var count = 10_000
    @Option(help: "Approximate size of each file, in kB (10^3 bytes).") var kb = 20
    @Option(help: "Runs of each measurement (fastest wall time kept, highest memory).") var runs = 1
    @Option(help: "Directory for the generated files (default: a new temporary one, removed at the end).")
    var dir: String?
    @Option(help: "Python interpreter (run through /usr/bin/env) with lxml installed.") var python = "python3"
    @Option(help: "The lxml extraction script.") var script = "scripts/invoice_lxml_bench.py"
    /// Internal: when set, this process is the measured child: it reads every file in the folder.
    @Option(help: .hidden) var readDir: String?

    func run() throws {
        if let readDir { return try readAll(readDir) }
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("\(script) not found: run from the package root or pass --script")
        }
        let work =
            dir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mandat-invoices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(at: work) } }

        let t = ChildProcess.now()
        var bytes = 0
        var dueCents = 0
        for n in 1...max(1, count) {
            let g = InvoiceGenerator.invoice(n, targetBytes: kb * 1000)
            let name = String(format: "inv-%05d.%@.xml", n, g.syntax)
            let data = Data(g.text.utf8)
            try data.write(to: work.appendingPathComponent(name))
            bytes += data.count
            dueCents += g.dueCents
        }
        let expected = Decimal(dueCents) / 100
        print(
            "generated \(count) invoices (\(count - count / 2) UBL, \(count / 2) CII) in \(work.path): "
                + String(format: "%.1f MB, %.1f kB each on average, in %.1f s", Double(bytes) / 1e6,
                    Double(bytes) / 1e3 / Double(max(1, count)), ChildProcess.now() - t))
        print("Σ BT-115 as generated: \(Money.normalized(expected)) €")
        print("")

        var best = (ours: Double.infinity, theirs: Double.infinity, oursCPU: Double.infinity, theirsCPU: Double.infinity)
        var peak = (ours: 0, theirs: 0)
        var last: (ours: ChildRun?, theirs: ChildRun?) = (nil, nil)
        for _ in 0..<max(1, runs) {
            let o = try ChildProcess.run(ChildProcess.selfPath, ["invoices", "--read-dir", work.path])
            let p = try ChildProcess.run("/usr/bin/env", [python, script, work.path])
            best = (min(best.ours, o.seconds), min(best.theirs, p.seconds), min(best.oursCPU, o.cpuSeconds),
                min(best.theirsCPU, p.cpuSeconds))
            peak = (max(peak.ours, o.peakRSS), max(peak.theirs, p.peakRSS))
            last = (o, p)
        }
        guard let o = last.ours, let p = last.theirs else { throw BenchError("no run") }
        let oursLine = o.output.split(separator: "\n").first.map(String.init) ?? ""
        let theirsLine = p.output.split(separator: "\n").first.map(String.init) ?? ""
        let n = Double(count)
        print("tool                          best s   cpu s  invoices/s  inv/cpu-s  peak RSS  result")
        func row(_ tool: String, _ s: Double, _ cpu: Double, _ peak: Int, _ result: String) -> String {
            tool.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%7.2f %7.2f %11.0f %10.0f %7.1f MB  ", s, cpu, n / s, n / cpu, Double(peak) / 1e6)
                + result
        }
        print(row("Mandat DocumentReader.read", best.ours, best.oursCPU, peak.ours, oursLine))
        print(row("Python lxml (\(python))", best.theirs, best.theirsCPU, peak.theirs, theirsLine))
        print(
            String(
                format: "ratio Mandat / lxml: %.2f× by wall time, %.2f× by CPU time (target ≥ 5×)",
                best.theirs / best.ours, best.theirsCPU / best.oursCPU))

        var failures: [String] = []
        let oursSum = Self.value("sum", in: oursLine).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
        let theirsSum = Self.value("sum", in: theirsLine).flatMap {
            Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX"))
        }
        print(
            "Σ BT-115: generated \(Money.normalized(expected)), Mandat \(oursSum.map(Money.normalized) ?? "?"), "
                + "lxml \(theirsSum.map(Money.normalized) ?? "?")")
        if o.status != 0 { failures.append("Mandat child exit \(o.status): \(o.errorOutput.prefix(500))") }
        if p.status != 0 { failures.append("lxml child exit \(p.status): \(p.errorOutput.prefix(500))") }
        if oursSum != expected { failures.append("Mandat Σ BT-115 differs from the generator's") }
        if theirsSum != expected { failures.append("lxml Σ BT-115 differs from the generator's") }
        if Self.value("invoices", in: oursLine) != "\(count)" { failures.append("Mandat did not read \(count) invoices") }
        if Self.value("invoices", in: theirsLine) != "\(count)" { failures.append("lxml did not read \(count) invoices") }
        for f in failures { print("FAILED \(f)") }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    /// `key=value` from a result line.
    static func value(_ key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// The measured child: every `.xml` in `dir` through `DocumentReader.read`; prints
    /// `invoices=N sum=ΣBT-115 checksum=… errors=E findings=F` and its own VmHWM.
    private func readAll(_ dir: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".xml") }.sorted()
        var invoices = 0
        var errors = 0
        var findings = 0
        var sum = Decimal(0)
        // A cheap checksum over the other extracted terms, so that none is optimised away and a missing one
        // shows: the number of terms present among BT-1/2/3/5/9/10/12/13, seller and buyer ids, BT-109/110/112.
        var present = 0
        for name in names {
            let doc = DocumentReader.read(path: dir + "/" + name, displayName: name)
            if doc.error != nil { errors += 1 }
            for i in doc.invoices {
                invoices += 1
                findings += i.findings.count
                if let d = i.amountDue { sum += d }
                let terms: [Bool] = [
                    i.invoiceNumber != nil, i.issueDate != nil, i.typeCode != nil, i.currency != nil, i.dueDate != nil,
                    i.buyerReference != nil, i.contractReference != nil, i.orderReference != nil,
                    (i.sellerLegalId ?? i.sellerId) != nil, (i.buyerLegalId ?? i.buyerId) != nil,
                    i.totalWithoutVAT != nil, i.totalVAT != nil, i.totalWithVAT != nil,
                ]
                present += terms.filter { $0 }.count
            }
        }
        print("invoices=\(invoices) sum=\(Money.normalized(sum)) terms=\(present) errors=\(errors) findings=\(findings)")
        print("vmhwm=\(ChildProcess.ownVmHWMkB())")
    }
}

/// Synthetic EN 16931 invoices (invented companies and public bodies; SIRETs with valid Luhn keys).
enum InvoiceGenerator {
    struct Generated {
        var syntax: String
        var text: String
        /// BT-115 in cents.
        var dueCents: Int
    }

    static let suppliers = [
        ("Espaces Verts Ménard", "Lyon", "12 chemin des Saules", "69003"),
        ("Électricité Générale du Dauphiné", "Grenoble", "4 rue Très-Cloîtres", "38000"),
        ("Boulangerie Lefèvre & Fils", "Tours", "8 place Plumereau", "37000"),
        ("Bureau d'Études Thermiques Gérard", "Nantes", "21 quai de la Fosse", "44000"),
        ("Société Nouvelle de Voirie Côte-d'Or", "Dijon", "3 allée des Tilleuls", "21000"),
    ]
    static let buyers = [
        "Commune de Saint-Étienne-des-Prés", "Département synthétique de l'Isère-Sud",
        "Centre hospitalier de Belleval", "Syndicat intercommunal des eaux du Vercors",
    ]
    static let items = [
        "Tonte et débroussaillage des accotements", "Fourniture de câbles électriques 3G2,5 mm²",
        "Pain et viennoiseries — cantine scolaire", "Étude thermique du gymnase municipal",
        "Réfection d'enrobé, rue de l'Église", "Entretien des luminaires d'éclairage public",
    ]

    /// Invoice `n`: UBL when `n` is odd, CII when even. Lines: amount `Generators.cents(n·100+k) % 50 000` +
    /// 100 cents (1,00 € to 500,99 €), quantity 1; BT-109 = Σ lines; BT-110 = 20 % of BT-109 rounded half up to
    /// the cent; BT-112 = BT-109 + BT-110; BT-113 = 100,00 € on every seventh invoice (0 otherwise);
    /// BT-115 = BT-112 − BT-113.
    static func invoice(_ n: Int, targetBytes: Int) -> Generated {
        let ubl = n % 2 == 1
        let (sellerName, city, street, postcode) = suppliers[n % suppliers.count]
        let buyerName = buyers[n % buyers.count]
        let sellerSIRET = Generators.siret(n % 997 + 11)
        let buyerSIRET = Generators.siret(n % 89 + 5_000)
        let day = n % 28 + 1
        let dd = day < 10 ? "0\(day)" : "\(day)"
        let number = String(format: "F-2026-%06d", n)
        let order = String(format: "EJ%010d", n &* 37 % 10_000_000_000)
        let contract = "MARCHE-2025-\(n % 40 + 1)"
        let service = "SERV-\(["FIN", "TECH", "RH", "ACHATS"][n % 4])"
        var lines: [String] = []
        var total = 0
        var size = 3_700  // the header and totals, about
        var k = 0
        while size < targetBytes {
            k += 1
            let c = Generators.cents(n * 100 + k) % 50_000 + 100
            total += c
            let item = items[(n + k) % items.count]
            let line = ubl ? ublLine(k, c, item) : ciiLine(k, c, item)
            size += line.utf8.count
            lines.append(line)
        }
        let vat = (total * 20 + 50) / 100
        let ttc = total + vat
        let prepaid = n % 7 == 0 ? 10_000 : 0
        let due = ttc - prepaid
        let e = Generators.euros
        let text: String
        if ubl {
            text = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
                xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
                  <cbc:ProfileID>A1</cbc:ProfileID>
                  <cbc:ID>\(number)</cbc:ID>
                  <cbc:IssueDate>2026-03-\(dd)</cbc:IssueDate>
                  <cbc:DueDate>2026-04-\(dd)</cbc:DueDate>
                  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
                  <cbc:Note>Facture synthétique générée pour le banc d'essai — aucune personne réelle.</cbc:Note>
                  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
                  <cbc:BuyerReference>\(service)</cbc:BuyerReference>
                  <cac:OrderReference><cbc:ID>\(order)</cbc:ID></cac:OrderReference>
                  <cac:ContractDocumentReference><cbc:ID>\(contract)</cbc:ID></cac:ContractDocumentReference>
                  <cac:AccountingSupplierParty><cac:Party>
                    <cac:PartyIdentification><cbc:ID schemeID="0009">\(sellerSIRET)</cbc:ID></cac:PartyIdentification>
                    <cac:PartyName><cbc:Name>\(xml(sellerName))</cbc:Name></cac:PartyName>
                    <cac:PostalAddress><cbc:StreetName>\(xml(street))</cbc:StreetName><cbc:CityName>\(city)</cbc:CityName>\
                <cbc:PostalZone>\(postcode)</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode>\
                </cac:Country></cac:PostalAddress>
                    <cac:PartyTaxScheme><cbc:CompanyID>FR32\(sellerSIRET.prefix(9))</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT\
                </cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
                    <cac:PartyLegalEntity><cbc:RegistrationName>\(xml(sellerName))</cbc:RegistrationName>\
                <cbc:CompanyID schemeID="0002">\(sellerSIRET.prefix(9))</cbc:CompanyID></cac:PartyLegalEntity>
                  </cac:Party></cac:AccountingSupplierParty>
                  <cac:AccountingCustomerParty><cac:Party>
                    <cac:PartyIdentification><cbc:ID schemeID="0009">\(buyerSIRET)</cbc:ID></cac:PartyIdentification>
                    <cac:PostalAddress><cbc:CityName>Saint-Étienne-des-Prés</cbc:CityName><cbc:PostalZone>38999\
                </cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
                    <cac:PartyLegalEntity><cbc:RegistrationName>\(xml(buyerName))</cbc:RegistrationName>\
                <cbc:CompanyID schemeID="0009">\(buyerSIRET)</cbc:CompanyID></cac:PartyLegalEntity>
                  </cac:Party></cac:AccountingCustomerParty>
                  <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cac:PayeeFinancialAccount>\
                <cbc:ID>FR7630006000011234567890189</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
                  <cac:PaymentTerms><cbc:Note>Paiement à 30 jours, pénalités au taux BCE + 8 points, indemnité 40 €</cbc:Note></cac:PaymentTerms>
                  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">\(e(vat))</cbc:TaxAmount><cac:TaxSubtotal>\
                <cbc:TaxableAmount currencyID="EUR">\(e(total))</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">\(e(vat))\
                </cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT\
                </cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
                  <cac:LegalMonetaryTotal>
                    <cbc:LineExtensionAmount currencyID="EUR">\(e(total))</cbc:LineExtensionAmount>
                    <cbc:TaxExclusiveAmount currencyID="EUR">\(e(total))</cbc:TaxExclusiveAmount>
                    <cbc:TaxInclusiveAmount currencyID="EUR">\(e(ttc))</cbc:TaxInclusiveAmount>
                    <cbc:PrepaidAmount currencyID="EUR">\(e(prepaid))</cbc:PrepaidAmount>
                    <cbc:PayableAmount currencyID="EUR">\(e(due))</cbc:PayableAmount>
                  </cac:LegalMonetaryTotal>

                """ + lines.joined() + "</Invoice>\n"
        } else {
            text = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" \
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" \
                xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
                  <rsm:ExchangedDocumentContext>
                    <ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>A1</ram:ID>\
                </ram:BusinessProcessSpecifiedDocumentContextParameter>
                    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID>\
                </ram:GuidelineSpecifiedDocumentContextParameter>
                  </rsm:ExchangedDocumentContext>
                  <rsm:ExchangedDocument>
                    <ram:ID>\(number)</ram:ID>
                    <ram:TypeCode>380</ram:TypeCode>
                    <ram:IssueDateTime><udt:DateTimeString format="102">202603\(dd)</udt:DateTimeString></ram:IssueDateTime>
                    <ram:IncludedNote><ram:Content>Facture synthétique générée pour le banc d'essai — aucune personne réelle.\
                </ram:Content></ram:IncludedNote>
                  </rsm:ExchangedDocument>
                  <rsm:SupplyChainTradeTransaction>

                """ + lines.joined()
                + """
                    <ram:ApplicableHeaderTradeAgreement>
                      <ram:BuyerReference>\(service)</ram:BuyerReference>
                      <ram:SellerTradeParty>
                        <ram:GlobalID schemeID="0009">\(sellerSIRET)</ram:GlobalID>
                        <ram:Name>\(xml(sellerName))</ram:Name>
                        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">\(sellerSIRET.prefix(9))</ram:ID>\
                </ram:SpecifiedLegalOrganization>
                        <ram:PostalTradeAddress><ram:PostcodeCode>\(postcode)</ram:PostcodeCode><ram:LineOne>\(xml(street))\
                </ram:LineOne><ram:CityName>\(city)</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
                        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR32\(sellerSIRET.prefix(9))</ram:ID>\
                </ram:SpecifiedTaxRegistration>
                      </ram:SellerTradeParty>
                      <ram:BuyerTradeParty>
                        <ram:GlobalID schemeID="0009">\(buyerSIRET)</ram:GlobalID>
                        <ram:Name>\(xml(buyerName))</ram:Name>
                        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">\(buyerSIRET)</ram:ID>\
                </ram:SpecifiedLegalOrganization>
                      </ram:BuyerTradeParty>
                      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>\(order)</ram:IssuerAssignedID>\
                </ram:BuyerOrderReferencedDocument>
                      <ram:ContractReferencedDocument><ram:IssuerAssignedID>\(contract)</ram:IssuerAssignedID>\
                </ram:ContractReferencedDocument>
                    </ram:ApplicableHeaderTradeAgreement>
                    <ram:ApplicableHeaderTradeDelivery/>
                    <ram:ApplicableHeaderTradeSettlement>
                      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
                      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>30</ram:TypeCode>\
                <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FR7630006000011234567890189</ram:IBANID>\
                </ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
                      <ram:ApplicableTradeTax><ram:CalculatedAmount>\(e(vat))</ram:CalculatedAmount><ram:TypeCode>VAT\
                </ram:TypeCode><ram:BasisAmount>\(e(total))</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>\
                <ram:RateApplicablePercent>20</ram:RateApplicablePercent></ram:ApplicableTradeTax>
                      <ram:SpecifiedTradePaymentTerms><ram:Description>Paiement à 30 jours, pénalités au taux BCE + 8 points\
                </ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">202604\(dd)</udt:DateTimeString>\
                </ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
                      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                        <ram:LineTotalAmount>\(e(total))</ram:LineTotalAmount>
                        <ram:TaxBasisTotalAmount>\(e(total))</ram:TaxBasisTotalAmount>
                        <ram:TaxTotalAmount currencyID="EUR">\(e(vat))</ram:TaxTotalAmount>
                        <ram:GrandTotalAmount>\(e(ttc))</ram:GrandTotalAmount>
                        <ram:TotalPrepaidAmount>\(e(prepaid))</ram:TotalPrepaidAmount>
                        <ram:DuePayableAmount>\(e(due))</ram:DuePayableAmount>
                      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                    </ram:ApplicableHeaderTradeSettlement>
                  </rsm:SupplyChainTradeTransaction>
                </rsm:CrossIndustryInvoice>

                """
        }
        return Generated(syntax: ubl ? "ubl" : "cii", text: text, dueCents: due)
    }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    static func ublLine(_ k: Int, _ c: Int, _ item: String) -> String {
        let e = Generators.euros(c)
        return """
              <cac:InvoiceLine>
                <cbc:ID>\(k)</cbc:ID>
                <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
                <cbc:LineExtensionAmount currencyID="EUR">\(e)</cbc:LineExtensionAmount>
                <cac:Item><cbc:Description>\(xml(item)) — intervention n° \(k), selon bon de commande</cbc:Description>\
            <cbc:Name>\(xml(item))</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent>\
            <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
                <cac:Price><cbc:PriceAmount currencyID="EUR">\(e)</cbc:PriceAmount></cac:Price>
              </cac:InvoiceLine>

            """
    }

    static func ciiLine(_ k: Int, _ c: Int, _ item: String) -> String {
        let e = Generators.euros(c)
        return """
                <ram:IncludedSupplyChainTradeLineItem>
                  <ram:AssociatedDocumentLineDocument><ram:LineID>\(k)</ram:LineID></ram:AssociatedDocumentLineDocument>
                  <ram:SpecifiedTradeProduct><ram:Name>\(xml(item))</ram:Name><ram:Description>\(xml(item)) — \
            intervention n° \(k)</ram:Description></ram:SpecifiedTradeProduct>
                  <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>\(e)</ram:ChargeAmount>\
            </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
                  <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity>\
            </ram:SpecifiedLineTradeDelivery>
                  <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>\
            <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent>\
            </ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>\(e)\
            </ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
                </ram:IncludedSupplyChainTradeLineItem>

            """
    }
}
