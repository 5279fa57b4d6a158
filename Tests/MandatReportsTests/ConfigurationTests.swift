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
