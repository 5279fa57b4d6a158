import Foundation
import Testing

private let root = cliRoot
private let binary = mandatBinary
private func run(_ args: [String], env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    try runMandatCLI(args, env: env)
}

/// README's first command (`mandat demo`) prints the digest the demo was designed to give (docs/demo.md).
///
/// The golden files are `fixtures/demo/golden/`. After a deliberate change, regenerate them with
/// `MANDAT_UPDATE_GOLDEN=1 swift test --filter DigestGolden`, then read the diff before committing.
@Suite("Demo digest golden files")
struct DigestGoldenTests {
    static let golden = root.appendingPathComponent("fixtures/demo/golden")

    func check(_ args: [String], golden name: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["demo", "--quiet", "--db", dir.appendingPathComponent("demo.sqlite").path] + args)
        #expect(r.status == 0, "mandat demo failed: \(r.err)")
        let path = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["MANDAT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try r.out.write(to: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        if r.out != expected {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = r.out.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record(
                "\(name) differs at line \((first?.offset ?? min(a.count, b.count)) + 1): expected «\(first?.element.0 ?? "")» got «\(first?.element.1 ?? "")»"
            )
        }
    }

    @Test("French text digest of the demo as of 2026-01-31", .enabled(if: binary != nil))
    func frenchText() throws { try check([], golden: "digest-2026-01-31.fr.txt") }

    @Test("JSON digest of the demo as of 2026-01-31", .enabled(if: binary != nil))
    func json() throws { try check(["--format", "json"], golden: "digest-2026-01-31.json") }

    @Test("English Markdown digest for the collector Camille", .enabled(if: binary != nil))
    func camilleMarkdown() throws {
        try check(
            ["--for", "Camille", "--format", "markdown", "--lang", "en"], golden: "digest-2026-01-31.camille.en.md")
    }

    @Test("the JSON digest's blockages are the demo's design (docs/demo.md §4)", .enabled(if: binary != nil))
    func blockagesMatchTheDesign() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["demo", "--quiet", "--format", "json", "--db", dir.appendingPathComponent("d.sqlite").path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let open = try #require(json["openBlockages"] as? [[String: Any]])
        var codes: [String: Set<String>] = [:]
        for b in open { codes[b["invoiceNumber"] as! String, default: []].insert(b["code"] as! String) }
        // A selection of rows of the golden table (docs/demo.md §4), one per kind of blockage.
        #expect(codes["FV-2026-0022"] == ["deposit-rejected"])
        #expect(codes["FV-2026-0020"] == ["routing-data-to-fix"])
        #expect(codes["FV-2026-0010"] == ["rejected"])
        #expect(codes["FV-2026-0004"] == ["suspended-awaiting-supplier"])
        #expect(codes["FV-2026-0006"]?.contains("disputed") == true)
        #expect(codes["FV-2026-0002"] == ["mandated-not-received"])
        #expect(codes["FV-2026-0018"]?.contains("integration-rejected") == true)
        #expect(codes["FV-2026-0014"]?.contains("mandat-on-hold") == true)
        #expect(codes["FV-2026-0016"]?.contains("mandat-rejected") == true)
        #expect(codes["FV-2026-0008"]?.contains("assigned-or-opposed") == true)
        #expect(codes["FV-2026-0012"]?.contains("mandat-amount-mismatch") == true)
        #expect(codes["FV-2025-0070"] == ["comptable-over-share", "overdue"])
        #expect(codes["FV-2025-0075"]?.contains("paid-late-interest-due") == true)
        #expect(codes["FV-2025-0052"]?.contains("second-suspension-ignored") == true)
        #expect(codes["FV-2025-0088"]?.contains("stale") == true)
        // Paid on time: no blockage at all.
        for onTime in ["FV-2025-0025", "FV-2025-0034", "FV-2025-0061"] { #expect(codes[onTime] == nil) }
        // FV-2025-0043: 73 500.00 × 10.15 % × 12 / 365 = 245.2684… → 245.27 € interest + 40 €.
        let interest = try #require(json["interestOwed"] as? [[String: Any]])
        let i43 = try #require(interest.first { ($0["invoiceNumber"] as? String) == "FV-2025-0043" })
        // Money as the web API writes it: strings with exactly two decimals.
        #expect(i43["interest"] as? String == "245.27")
        #expect(i43["indemnity"] as? String == "40.00")
        #expect(i43["dueBy"] as? String == "2025-08-29")
    }
}
