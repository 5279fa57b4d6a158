import ArgumentParser
import Crypto
import Foundation
import MandatCore
import MandatStore

/// `dossiers`: reads every fact of an imported store, then times `DossierBuilder.build` on all of them and
/// `DossierState.rows` on the result (one core, then every core), without the import around them.
///
/// CPU is this process's user + system time (`getrusage`), wall the monotonic clock; each measurement is run
/// `--runs` times and the fastest CPU is kept. A digest of the rows (every column and the JSON) is printed, so two
/// builds of the code can be shown to compute the same rows.
struct DossierBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossiers", abstract: "DossierBuilder.build and DossierState.rows on an imported store's facts.")

    @Option(help: "The store (a SQLite path or a postgres:// URL), imported beforehand.") var db: String
    @Option(help: "Runs of each measurement (the lowest CPU is kept).") var runs = 3
    @Flag(help: "Skip the one-core measurement of the rows.") var skipOneCore = false

    func run() async throws {
        let store = try await StoreLocation.parse(db).open()
        let read = Probe.start()
        let facts = try await store.facts()
        try await store.close()
        let readTime = read.stop()
        print(
            "facts: \(facts.invoices.count) invoices, \(facts.events.count) events, \(facts.mandats.count) mandats, "
                + "\(facts.contracts.count) contracts (read \(readTime))")

        var built: (dossiers: [Dossier], unlinked: [ChainEvent]) = ([], [])
        let buildTimes = (0..<max(1, runs)).map { _ in
            let p = Probe.start()
            built = DossierBuilder.build(
                invoices: facts.invoices, events: facts.events, mandats: facts.mandats, contracts: facts.contracts)
            return p.stop()
        }
        print("build: \(built.dossiers.count) dossiers, \(built.unlinked.count) unlinked; \(Probe.best(buildTimes))")

        let law = LawAssessor()
        let dossiers = built.dossiers
        var digests: Set<String> = []
        for cores in skipOneCore ? [0] : [1, 0] {
            var rows: [DossierState.Row] = []
            var times: [Probe.Time] = []
            for _ in 0..<max(1, runs) {
                let p = Probe.start()
                rows =
                    cores == 1
                    ? try await DossierState.rows(dossiers, law: law, cores: 1)
                    : try await DossierState.rows(dossiers, law: law)
                times.append(p.stop())
            }
            let blocked = rows.filter { $0.blockedFrom != nil }.count
            let digest = Self.digest(rows)
            digests.insert(digest)
            let label =
                cores == 1 ? "rows, one core" : "rows, every core (\(ProcessInfo.processInfo.activeProcessorCount))"
            print("\(label): \(rows.count) rows, \(blocked) ever blocked; \(Probe.best(times)); digest \(digest)")
        }
        if digests.count > 1 { throw BenchError("the rows differ between one core and every core") }

        // The stored form of the dossiers alone (the `json` column: `StoredDossier.encode`), one core: the part of
        // the rows that is not the law's, to tell the two apart.
        var bytes = 0
        let jsonTimes = try (0..<max(1, runs)).map { _ in
            let p = Probe.start()
            bytes = 0
            for d in dossiers { bytes += try StoredDossier.encode(d).utf8.count }
            return p.stop()
        }
        print("stored dossiers alone (the json column), one core: \(bytes) bytes; \(Probe.best(jsonTimes))")
    }

    /// SHA-256 of every column of the rows, in order.
    static func digest(_ rows: [DossierState.Row]) -> String {
        var h = SHA256()
        for r in rows {
            let cols: [String?] = [
                r.id, r.buyer, r.seller, r.contract, r.stage, r.holder, r.paid ? "1" : "0", r.amountDue, r.dueDate,
                r.blockedFrom, r.json,
            ]
            for c in cols { h.update(data: Data(((c ?? "\u{0}") + "\u{1E}").utf8)) }
            h.update(data: Data((r.members.joined(separator: ",") + "\u{1D}").utf8))
        }
        return h.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// CPU (this process's user + system) and wall time of a piece of work.
struct Probe {
    struct Time {
        var wall: Double
        var user: Double
        var sys: Double
        var cpu: Double { user + sys }
    }

    var wall: Double
    var user: Double
    var sys: Double

    static func start() -> Probe {
        let (u, s) = usage()
        return Probe(wall: ChildProcess.now(), user: u, sys: s)
    }

    func stop() -> Time {
        let (u, s) = Self.usage()
        return Time(wall: ChildProcess.now() - wall, user: u - user, sys: s - sys)
    }

    static func usage() -> (Double, Double) {
        var r = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &r)
        return (
            Double(r.ru_utime.tv_sec) + Double(r.ru_utime.tv_usec) / 1e6,
            Double(r.ru_stime.tv_sec) + Double(r.ru_stime.tv_usec) / 1e6
        )
    }

    /// The run with the lowest CPU, and every run's CPU.
    static func best(_ times: [Time]) -> String {
        guard let b = times.min(by: { $0.cpu < $1.cpu }) else { return "" }
        let all = times.map { String(format: "%.2f", $0.cpu) }.joined(separator: " / ")
        return String(format: "CPU %.2f s (%.2f user + %.2f sys), wall %.2f s", b.cpu, b.user, b.sys, b.wall)
            + " [CPU of the \(times.count) runs: \(all)]"
    }
}

extension Probe.Time: CustomStringConvertible {
    var description: String { String(format: "CPU %.2f s, wall %.2f s", cpu, wall) }
}
