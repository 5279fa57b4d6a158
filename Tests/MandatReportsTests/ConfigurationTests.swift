import Foundation
import MandatCore
import Testing

@testable import MandatReports

@Test func configurationReadsBuyersPeopleAndRates() throws {
    let yaml = """
        buyers:
          - siret: "21060001400010"
            name: Commune de Valbonne-sur-Lys
            category: localAuthority
            comptableShareDays: 12
        people:
          - name: Claire
            role: collector
            buyers: ["21060001400010"]
        thresholds:
          staleDays: 45
        ecbRates:
          - from: "2026-07-01"
            rate: "2.00"
            source: "BCE, décision du 2026-06-xx (exemple)"
        """
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-\(UUID().uuidString).yaml").path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    let c = try MandatConfiguration.load(path: path)
    #expect(c.buyer(siret: "210 600 014 00010")?.category == .localAuthority)
    #expect(c.buyer(siret: "210 600 014 00010")?.comptableShareDays == 12)
    #expect(c.person(named: "claire")?.buyers == ["21060001400010"])
    #expect(c.thresholds?.staleDays == 45)
    #expect(c.ecbRates?.first?.rate == "2.00")
}

@Test func badConfigurationNamesTheFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-bad-\(UUID().uuidString).yaml").path
    try "buyers:\n  - siret: [unclosed\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: MandatConfiguration.ConfigError.self) { try MandatConfiguration.load(path: path) }
    do {
        _ = try MandatConfiguration.load(path: path)
    } catch let e as MandatConfiguration.ConfigError {
        #expect(e.description.hasPrefix(path))
    }
}

@Test func misspeltKeyIsRefusedWithItsLineAndTheKnownKeys() throws {
    // `contractualDelay` for `contractualDelayDays`: ignoring it would silently keep the legal 30 days.
    let yaml = """
        buyers:
          - siret: "21060001400010"
            contractualDelay: 20
        """
    let e1 = #expect(throws: MandatConfiguration.ConfigError.self) {
        try MandatConfiguration.decode(yaml, file: "c.yaml")
    }
    // Line 3, column 5: the key's first character (four spaces of indentation, then the key).
    #expect(
        e1?.description
            == "c.yaml: ligne 3, colonne 5 : clé inconnue « contractualDelay » dans buyers[0] (clés connues : "
            + "category, comptableOffice, comptablePost, comptableShareDays, contractualDelayDays, name, siret)")
    // A top-level typo and one under desk: (read by the desk's settings from the same file).
    let e2 = #expect(throws: MandatConfiguration.ConfigError.self) {
        try MandatConfiguration.decode("thresholds:\n  staleDays: 3\npeopel: []\n", file: "c.yaml")
    }
    #expect(e2?.description.hasPrefix("c.yaml: ligne 3, colonne 1 : clé inconnue « peopel » au premier niveau") == true)
    #expect(ConfigurationCheck.unknownKey(in: "desk:\n  horizonDays: 7\n  horizon: 3\n")?.line == 3)
    #expect(ConfigurationCheck.unknownKey(in: "desk:\n  horizonDays: 7\n") == nil)
}

@Test func wrongValueNamesTheKeyPathAndLine() throws {
    let yaml = """
        buyers:
          - siret: "21060001400010"
          - siret: "26990517000016"
            category: hopital
        """
    let e1 = #expect(throws: MandatConfiguration.ConfigError.self) {
        try MandatConfiguration.decode(yaml, file: "c.yaml")
    }
    // Line 4, column 15: four spaces, "category: " (10 characters), then the value.
    #expect(e1?.description.hasPrefix("c.yaml: ligne 4, colonne 15 : buyers[1].category : valeur invalide") == true)
    #expect(e1?.description.contains("hopital") == true)
    let e2 = #expect(throws: MandatConfiguration.ConfigError.self) {
        try MandatConfiguration.decode("thresholds:\n  staleDays: beaucoup\n", file: "c.yaml")
    }
    #expect(
        e2?.description
            == "c.yaml: ligne 2, colonne 14 : thresholds.staleDays : valeur du mauvais type (attendu : nombre entier)")
}

@Test func schemaListsEveryDecodedKey() {
    // The schema must follow the types: a key added to a type and not to the schema would be refused.
    func labels(_ v: Any) -> [String] { Mirror(reflecting: v).children.compactMap(\.label).sorted() }
    #expect(labels(MandatConfiguration()) == ConfigurationCheck.topKeys.filter { $0 != "desk" }.sorted())
    #expect(labels(DeskSettings()) == ConfigurationCheck.deskKeys.sorted())
    #expect(
        labels(MandatConfiguration.Thresholds(mandatedNotReceivedDays: nil, staleDays: nil, staleInputDays: nil))
            == ConfigurationCheck.thresholdKeys.sorted())
    #expect(labels(MandatConfiguration.Rate(from: "", rate: "", source: nil)) == ConfigurationCheck.rateKeys.sorted())
    #expect(
        labels(MandatConfiguration.Person(name: "", role: nil, email: nil, buyers: nil, contracts: nil))
            == ConfigurationCheck.personKeys.sorted())
    #expect(
        labels(
            MandatConfiguration.Buyer(
                siret: "", name: nil, category: nil, contractualDelayDays: nil, comptableShareDays: nil,
                comptablePost: nil, comptableOffice: nil)) == ConfigurationCheck.buyerKeys.sorted())
}
