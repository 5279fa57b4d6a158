import ArgumentParser
import Foundation
import MandatCore
import MandatFormats
import MandatXML

/// `invoices`: generates many small EN 16931 invoices (half UBL, half CII, about 20 KB each: invented
/// French suppliers and public buyers, invoice lines to reach the size), reads them all with
/// `DocumentReader.read(path:)` in a child process (one thread, then `--jobs` threads when more than one),
/// extracts the same business terms with Python lxml (`scripts/invoice_lxml_bench.py DIR`) in another
/// child, and measures two floors over the same files: MandatXML with a handler that does nothing, and
/// `xmllint --stream --noout` over all files in one process. Prints invoices/s (wall and per CPU-second)
/// for each, the ratios, the CPU per file that 5 × lxml allows, and each side's Σ BT-115 (amount due,
/// euros) against the generator's.
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
    @Option(help: "Files Mandat reads at the same time (threads). The one-thread run is always measured; with N > 1 an N-thread run is added (`--jobs 2`: the two-core rate).")
    var jobs = 1
    @Option(help: "xmllint for the floor (`--stream --noout` over all files in one process).")
    var xmllint = "/usr/bin/xmllint"
    @Flag(help: "With --dir: reuse the files already there (they are regenerated in memory only, for Σ BT-115).")
    var reuse = false
    /// Internal: when set, this process is the measured child: it reads every file in the folder.
    @Option(help: .hidden) var readDir: String?
    /// Internal: the floor child: every file through MandatXML with a handler that does nothing.
    @Option(help: .hidden) var floorDir: String?
    /// Internal, for the child: threads reading files at the same time.
    @Option(help: .hidden) var childJobs = 1

    func run() throws {
        if let readDir { return try readAll(readDir, jobs: childJobs) }
        if let floorDir { return try floor(floorDir, jobs: childJobs) }
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
        var paths: [String] = []
        let write = !(reuse && dir != nil)
        for n in 1...max(1, count) {
            let g = InvoiceGenerator.invoice(n, targetBytes: kb * 1000)
            let name = String(format: "inv-%05d.%@.xml", n, g.syntax)
            let data = Data(g.text.utf8)
            let url = work.appendingPathComponent(name)
            if write { try data.write(to: url) }
            paths.append(url.path)
            bytes += data.count
            dueCents += g.dueCents
        }
        let expected = Decimal(dueCents) / 100
        print(
            "\(write ? "generated" : "reused") \(count) invoices (\(count - count / 2) UBL, \(count / 2) CII) in \(work.path): "
                + String(format: "%.1f MB, %.1f kB each on average, in %.1f s", Double(bytes) / 1e6,
                    Double(bytes) / 1e3 / Double(max(1, count)), ChildProcess.now() - t))
        print("Σ BT-115 as generated: \(Money.normalized(expected)) €")
        print("")

        // name → (command, arguments); each measured `runs` times (fastest wall and CPU kept).
        var measures: [(String, String, [String])] = [
            ("Mandat read, 1 thread", ChildProcess.selfPath, ["invoices", "--read-dir", work.path, "--child-jobs", "1"])
        ]
        if jobs > 1 {
            measures.append(
                ("Mandat read, \(jobs) threads", ChildProcess.selfPath,
                    ["invoices", "--read-dir", work.path, "--child-jobs", "\(jobs)"]))
        }
        measures.append(("Python lxml (\(python))", "/usr/bin/env", [python, script, work.path]))
        measures.append(
            ("floor: MandatXML, no-op", ChildProcess.selfPath,
                ["invoices", "--floor-dir", work.path, "--child-jobs", "1"]))
        measures.append(("floor: xmllint --stream", xmllint, ["--stream", "--noout"] + paths))

        var results: [(name: String, wall: Double, cpu: Double, peak: Int, run: ChildRun)] = []
        for (name, command, arguments) in measures {
            var best: (wall: Double, cpu: Double, peak: Int, run: ChildRun?) = (.infinity, .infinity, 0, nil)
            for _ in 0..<max(1, runs) {
                let r = try ChildProcess.run(command, arguments)
                best = (min(best.wall, r.seconds), min(best.cpu, r.cpuSeconds), max(best.peak, r.peakRSS), r)
            }
            guard let r = best.run else { throw BenchError("no run") }
            results.append((name, best.wall, best.cpu, best.peak, r))
        }
        let n = Double(count)
        print("tool                          best s   cpu s  invoices/s  inv/cpu-s  peak RSS  result")
        for r in results {
            let line = r.run.output.split(separator: "\n").first.map(String.init) ?? "exit \(r.run.status)"
            print(
                r.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + String(
                        format: "%7.2f %7.2f %11.0f %10.0f %7.1f MB  ", r.wall, r.cpu, n / r.wall, n / r.cpu,
                        Double(r.peak) / 1e6) + line)
        }
        let one = results[0]
        let lxml = results.first { $0.name.hasPrefix("Python") }!
        print(
            String(
                format: "ratio Mandat (1 thread) / lxml: %.2f× by wall time, %.2f× by CPU time (target ≥ 5×)",
                lxml.wall / one.wall, lxml.cpu / one.cpu))
        if jobs > 1 {
            let many = results[1]
            print(
                String(
                    format: "ratio Mandat (%d threads) / lxml: %.2f× by wall time (%.2f× per CPU-second)", jobs,
                    lxml.wall / many.wall, lxml.cpu / many.cpu))
        }
        let lxmlPerFile = lxml.cpu / n
        print(
            String(
                format: "5 × lxml needs %.1f µs of CPU per file; lxml uses %.1f µs, xmllint --stream %.1f µs, "
                    + "MandatXML with a no-op handler %.1f µs, Mandat %.1f µs",
                lxmlPerFile / 5 * 1e6, lxmlPerFile * 1e6, results.last!.cpu / n * 1e6,
                results[results.count - 2].cpu / n * 1e6, one.cpu / n * 1e6))

        var failures: [String] = []
        for r in results where r.run.status != 0 {
            failures.append("\(r.name) exit \(r.run.status): \(r.run.errorOutput.prefix(500))")
        }
        for r in results where r.name.hasPrefix("Mandat") || r.name.hasPrefix("Python") {
            let line = r.run.output.split(separator: "\n").first.map(String.init) ?? ""
            let sum = Self.value("sum", in: line).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
            print("Σ BT-115 \(r.name): \(sum.map(Money.normalized) ?? "?")")
            if sum != expected { failures.append("\(r.name): Σ BT-115 differs from the generator's") }
            if Self.value("invoices", in: line) != "\(count)" { failures.append("\(r.name) did not read \(count) invoices") }
        }
        for f in failures { print("FAILED \(f)") }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    /// `key=value` from a result line.
    static func value(_ key: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// What one reading thread found.
    struct Tally: Sendable {
        var invoices = 0
        var errors = 0
        var findings = 0
        var present = 0
        var sum = Decimal(0)

        mutating func add(_ o: Tally) {
            invoices += o.invoices
            errors += o.errors
            findings += o.findings
            present += o.present
            sum += o.sum
        }
    }

    /// Runs `body` over `names` on `jobs` threads (file k goes to thread k mod jobs) and adds up the tallies.
    static func spread(_ names: [String], jobs: Int, _ body: @escaping @Sendable (String) -> Tally) -> Tally {
        let jobs = max(1, min(jobs, names.count))
        if jobs == 1 {
            var t = Tally()
            for name in names { t.add(body(name)) }
            return t
        }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var total = Tally()
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: jobs) { j in
            var t = Tally()
            var k = j
            while k < names.count {
                t.add(body(names[k]))
                k += jobs
            }
            results.lock.lock()
            results.total.add(t)
            results.lock.unlock()
        }
        return results.total
    }

    /// The measured child: every `.xml` in `dir` through `DocumentReader.read`, on `jobs` threads; prints
    /// `invoices=N sum=ΣBT-115 terms=… errors=E findings=F` and its own VmHWM.
    private func readAll(_ dir: String, jobs: Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".xml") }.sorted()
        // A cheap checksum over the other extracted terms, so that none is optimised away and a missing one
        // shows: the number of terms present among BT-1/2/3/5/9/10/12/13, seller and buyer ids, BT-109/110/112.
        let t = Self.spread(names, jobs: jobs) { name in
            var t = Tally()
            let doc = DocumentReader.read(path: dir + "/" + name, displayName: name)
            if doc.error != nil { t.errors += 1 }
            for i in doc.invoices {
                t.invoices += 1
                t.findings += i.findings.count
                if let d = i.amountDue { t.sum += d }
                let terms: [Bool] = [
                    i.invoiceNumber != nil, i.issueDate != nil, i.typeCode != nil, i.currency != nil, i.dueDate != nil,
                    i.buyerReference != nil, i.contractReference != nil, i.orderReference != nil,
                    (i.sellerLegalId ?? i.sellerId) != nil, (i.buyerLegalId ?? i.buyerId) != nil,
                    i.totalWithoutVAT != nil, i.totalVAT != nil, i.totalWithVAT != nil,
                ]
                t.present += terms.filter { $0 }.count
            }
            return t
        }
        print(
            "invoices=\(t.invoices) sum=\(Money.normalized(t.sum)) terms=\(t.present) errors=\(t.errors) "
                + "findings=\(t.findings) jobs=\(jobs)")
        print("vmhwm=\(ChildProcess.ownVmHWMkB())")
    }

    /// The floor child: every `.xml` in `dir` read into memory and streamed through MandatXML with a handler
    /// that does nothing (what libxml2 plus MandatXML's per-element work cost, before any invoice work).
    private func floor(_ dir: String, jobs: Int) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".xml") }.sorted()
        final class Nothing: XMLFastStreamHandler {
            var elements = 0
            func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) {
                elements += 1
            }
            func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {}
        }
        let t = Self.spread(names, jobs: jobs) { name in
            var t = Tally()
            let handler = Nothing()
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
                try XMLStreamReader().parse(data: data, displayName: name, handler: handler)
            } catch {
                t.errors += 1
            }
            t.present = handler.elements
            return t
        }
        print("files=\(names.count) elements=\(t.present) errors=\(t.errors) jobs=\(jobs)")
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
