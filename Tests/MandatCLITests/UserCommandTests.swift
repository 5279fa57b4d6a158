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

        let add = try runMandatCLI(
            ["user", "add", "camille", "--role", "collector", "--db", db], stdin: "un-long-mot-de-passe\n")
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out == "compte camille (collector) enregistré\n")
        let admin = try runMandatCLI(
            ["user", "add", "alice", "--role", "admin", "--db", db], stdin: "encore-un-long-secret\n")
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
        let badRole = try runMandatCLI(
            ["user", "add", "bob", "--role", "boss", "--db", db], stdin: "un-long-mot-de-passe\n")
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

    /// A short password or an unknown account: the reason in French by default (review: « Erreur : the password
    /// needs at least 10 characters »), in English under `--lang en`; nothing is saved.
    @Test func refusalsInTheReadersLanguage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("web.sqlite").path
        let short = try runMandatCLI(["user", "add", "camille", "--db", db], stdin: "court\n")
        #expect(short.status != 0)
        #expect(short.err.contains("Erreur : le mot de passe doit compter au moins 10 caractères"), "\(short.err)")
        let en = try runMandatCLI(["user", "add", "camille", "--db", db, "--lang", "en"], stdin: "court\n")
        #expect(en.err.contains("the password needs at least 10 characters"), "\(en.err)")
        let token = try runMandatCLI(["user", "token", "nobody", "--db", db])
        #expect(token.err.contains("aucun compte nommé nobody"), "\(token.err)")
        #expect(try runMandatCLI(["user", "list", "--db", db]).out.isEmpty)
    }
}

/// `mandat serve` on a port another process listens on: a French message naming the port (review: « Erreur :
/// bind(descriptor:ptr:bytes:): Address already in use) (errno: 98) »), English under `--lang en`.
@Suite("mandat serve (binary)", .enabled(if: mandatBinary != nil))
struct ServePortTests {
    /// A socket listening on 127.0.0.1 at a port the system picks; returns the descriptor and the port.
    func listener() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        try #require(bound == 0)
        try #require(listen(fd, 1) == 0)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        try #require(named == 0)
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }

    /// A mistyped `--db` is refused, as by `status`, and no file is created (it served an empty board before).
    @Test func serveRefusesAMissingStore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("typo.sqlite").path
        // A port already taken: should the store be opened again (a regression), serve stops there instead of
        // serving for ever, and the test fails on its message.
        let (fd, port) = try listener()
        defer { close(fd) }
        let r = try runMandatCLI(["serve", "--db", db, "--port", "\(port)"])
        #expect(r.status == 1)
        #expect(
            r.err.contains("\(db): base introuvable — lancez d'abord « mandat import … » ou vérifiez --db"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func portInUseIsNamedInFrench() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("web.sqlite").path
        let (fd, port) = try listener()
        defer { close(fd) }
        let fr = try runMandatCLI(["serve", "--db", db, "--synthetic", "10", "--port", "\(port)"])
        #expect(fr.status != 0)
        #expect(
            fr.err.contains(
                "Erreur : le port \(port) de 127.0.0.1 est déjà utilisé (un autre mandat serve ?) : choisissez-en un autre avec --port"
            ), "\(fr.err)")
        #expect(!fr.err.contains("bind("))
        let en = try runMandatCLI(["serve", "--db", db, "--synthetic", "10", "--port", "\(port)", "--lang", "en"])
        #expect(en.err.contains("Error: port \(port) on 127.0.0.1 is already in use"), "\(en.err)")
    }
}
