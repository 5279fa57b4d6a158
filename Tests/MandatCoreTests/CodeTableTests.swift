import Foundation
import MandatCore
import Testing

@Suite("Code tables")
struct CodeTableTests {
    /// Every code of every table, with its table's name.
    static let allCodes: [(String, String)] = CodeTables.all.flatMap { t in t.entries.map { (t.name, $0.code) } }

    @Test(arguments: allCodes)
    func everyCodeIsFoundWithBothLabels(table: String, code: String) throws {
        let t = try #require(CodeTables.all.first { $0.name == table })
        let e = try #require(t.entry(code))
        #expect(e.code == code)
        #expect(!e.fr.isEmpty)
        #expect(!e.en.isEmpty)
        #expect(t.label(code, .fr) == e.fr)
        #expect(t.label(code, .en) == e.en)
        // Surrounding blanks are ignored, nothing else is.
        #expect(t.entry(" \(code) ")?.code == code)
    }

    @Test(arguments: CodeTables.all.map(\.name))
    func codesAndAliasesAreUniqueAndSourced(table: String) throws {
        let t = try #require(CodeTables.all.first { $0.name == table })
        let keys = t.entries.flatMap { [$0.code] + $0.aliases }
        #expect(Set(keys).count == keys.count)
        #expect(!t.source.isEmpty)
    }

    @Test(arguments: [
        ("01", "DEPOSEE", EventKind.deposited), ("02", "EN_COURS_ACHEMINEMENT", .inTransit),
        ("03", "MISE_A_DISPOSITION", .madeAvailable), ("04", "A_RECYCLER", .routingReturned),
        ("05", "REJETEE", .rejected), ("06", "SUSPENDUE", .suspended), ("07", "SERVICE_FAIT", .serviceCertified),
        ("08", "MANDATEE", .mandated), ("09", "MISE_A_DISPOSITION_COMPTABLE", .receivedByComptable),
        ("10", "COMPTABILISEE", .accounted), ("11", "MISE_EN_PAIEMENT", .paid), ("12", "COMPLETEE", .completed),
    ])
    func chorusStatusNumberAndNameAreOneEntry(number: String, name: String, kind: EventKind) {
        #expect(CodeTables.chorusStatus.entry(number)?.kind == kind)
        #expect(CodeTables.chorusStatus.entry(name) == CodeTables.chorusStatus.entry(number))
    }

    @Test(arguments: [
        ("01", EventKind.mandatOnHold, "En instance"), ("02", .mandatTakenInCharge, "Prise en charge"),
        ("04", .mandatRejected, "Rejeté"), ("05", .mandatSettled, "Soldé"),
    ])
    func etatPce(code: String, kind: EventKind, fr: String) {
        #expect(CodeTables.etatPce.entry(code)?.kind == kind)
        #expect(CodeTables.etatPce.label(code) == fr)
    }

    @Test func orgEmaOnlyZeroOneIsAPayment() {
        #expect(CodeTables.orgEma.entries.count == 15)
        #expect(CodeTables.orgEma.entries.filter { $0.kind == .paid }.map(\.code) == ["01"])
        #expect(CodeTables.orgEma.entries.filter { $0.kind == .paymentOffset }.count == 14)
    }

    @Test func cessOppTwoAndThreeAreAssignments() {
        #expect(CodeTables.cessOpp.entries.filter { $0.kind == .assignedOrOpposed }.map(\.code) == ["02", "03"])
        #expect(CodeTables.cessOpp.entry("01")?.kind == nil)
    }

    @Test func tableSizesMatchTheirSources() {
        // XSD enumerations: EtatLigPce 12, ObsEtat 14, NatPce 28, TypPce 15, DomaineAck 14 (0-12 and 99).
        #expect(CodeTables.etatLigPce.entries.count == 12)
        #expect(CodeTables.obsEtat.entries.count == 14)
        #expect(CodeTables.natPce.entries.count == 28)
        #expect(CodeTables.typPce.entries.count == 15)
        #expect(CodeTables.domaineAck.entries.count == 14)
        #expect(CodeTables.codIntMor.entries.map(\.code) == ["01", "02", "03"])
        // The French CDAR schematron lists 51 reason codes.
        #expect(CodeTables.cdarReason.entries.count == 51)
    }

    @Test(
        arguments: [
            ("ObsEtat 09", CodeTables.obsEtat, "09", "Domiciliation bancaire absente ou erronée"),
            ("ObsEtat 24", CodeTables.obsEtat, "24", "Rejet technique"),
            ("NatPce 19", CodeTables.natPce, "19", "Réquisition ordonnateur"),
            ("NatPce 30", CodeTables.natPce, "30", "Pénalités de retard"),
            ("DomaineAck 5", CodeTables.domaineAck, "5", "Dépense"),
            ("TypPce 09", CodeTables.typPce, "09", "Mandat sur marché"),
            ("EtatLigPce 16", CodeTables.etatLigPce, "16", "Mis en instance"),
            ("CDAR reason", CodeTables.cdarReason, "JUSTIF_ABS", "Justificatif absent"),
            ("CDAR action", CodeTables.cdarAction, "NIN", "Émettre une facture rectificative"),
        ] as [(String, CodeTable, String, String)])
    func handCheckedLabels(what: String, table: CodeTable, code: String, fr: String) {
        #expect(table.label(code) == fr, "\(what)")
    }

    @Test(
        arguments: [
            (CodeTables.chorusStatus, "17"), (CodeTables.cdarStatus, "215"), (CodeTables.etatPce, "03"),
            (CodeTables.obsEtat, "12"), (CodeTables.orgEma, "16"), (CodeTables.domaineAck, "13"),
            (CodeTables.etatPce, "1"), (CodeTables.chorusStatus, "deposee"),
        ] as [(CodeTable, String)])
    func unknownCodesAreNotGuessed(table: CodeTable, code: String) {
        #expect(table.entry(code) == nil)
        #expect(table.label(code) == nil)
    }
}
