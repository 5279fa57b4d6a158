import Foundation
import Testing

/// `mandat user add|list|token` through the built binary, on a fresh SQLite store.
@Suite("mandat user (binary)", .enabled(if: mandatBinary != nil))
struct UserCommandTests {
    @Test func addListAndTokenThenRefusals() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("web.sqlite").path

        let add = try runMandatCLI(["user", "add", "camille", "--role", "collector", "--db", db], stdin: "un-long-mot-de-passe\n")
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out == "compte camille (collector) enregistré\n")
        let admin = try runMandatCLI(["user", "add", "alice", "--role", "admin", "--db", db], stdin: "encore-un-long-secret\n")
        #expect(admin.status == 0, "\(admin.err)")

        // Sorted by name, tab-separated: the role as stored.
        let list = try runMandatCLI(["user", "list", "--db", db])
        #expect(list.status == 0)
        #expect(list.out == "alice\tadmin\ncamille\tcollector\n")

        // A token is printed once: "mdt_" + 32 random bytes in hex (4 + 64 = 68 characters).
        let token = try runMandatCLI(["user", "token", "camille", "--db", db])
        #expect(token.status == 0)
        let t = token.out.trimmingCharacters(in: .newlines)
        #expect(t.hasPrefix("mdt_") && t.count == 68)
        // A second token differs.
        let token2 = try runMandatCLI(["user", "token", "camille", "--db", db])
        #expect(token2.out.trimmingCharacters(in: .newlines) != t)

        // Refusals: a French error line and a non-zero status, nothing created.
        let badRole = try runMandatCLI(["user", "add", "bob", "--role", "boss", "--db", db], stdin: "un-long-mot-de-passe\n")
        #expect(badRole.status != 0)
        #expect(badRole.err.hasPrefix("Erreur : --role : viewer, collector ou admin"))
        let noPassword = try runMandatCLI(["user", "add", "bob", "--db", db], stdin: "")
        #expect(noPassword.status != 0)
        #expect(noPassword.err.contains("aucun mot de passe sur l'entrée standard"))
        let shortPassword = try runMandatCLI(["user", "add", "bob", "--db", db], stdin: "court\n")
        #expect(shortPassword.status != 0)
        let unknown = try runMandatCLI(["user", "token", "nobody", "--db", db])
        #expect(unknown.status != 0)
        #expect(try runMandatCLI(["user", "list", "--db", db]).out == "alice\tadmin\ncamille\tcollector\n")
    }
}
