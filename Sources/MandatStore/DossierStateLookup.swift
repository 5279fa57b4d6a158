import Foundation
import MandatCore
import SQLKit

// Reading whole dossiers from the materialised state (`DossierState`) instead of linking every fact of the store:
// `show`, `digest`, `buyers` and the web board. At N = 100 000 invoices, linking the whole store took ~45 s and
// ~1 GB; a lookup reads a few rows, and reading every dossier decodes their stored texts (`StoredDossier`).

extension DossierStateStore {
    /// Every dossier of the store, sorted by id, read from the materialised state; nil when the state cannot be
    /// read as the whole store (missing, of another format, or behind the files: the caller then links the facts,
    /// `DossierLinker.build`). The same dossiers as `DossierLinker.build(facts()).dossiers` (DossierStateLookupTests).
    /// - Throws: `StoreError` (`store.read`, or `store.decode` for a stored text that is not a dossier).
    public func stateDossiers() async throws -> [Dossier]? {
        try await stateBuild()?.dossiers
    }

    /// `stateDossiers` with the events that tie to no dossier or to several (as `DossierLinker.build` gives them).
    /// - Throws: `StoreError`.
    public func stateBuild() async throws -> (dossiers: [Dossier], unlinked: [ChainEvent])? {
        guard let s = try await dossierStateSelection(blockedAsOf: nil, holder: nil, law: LawAssessor()) else {
            return nil
        }
        return (s.dossiers, s.unlinked)
    }
}

extension SQLMandatStore {
    /// The dossiers `Board.find(query, in:)` gives over every dossier of the store, looked up through the state's
    /// link keys instead of linking the store; nil when the state cannot be read (see `stateDossiers`).
    ///
    /// The rules are `Board.find`'s, in its order: the dossier whose id is `query`; else those `Board.matches`
    /// accepts, among the dossiers holding a fact with the number key or Chorus key of `query` (`DossierState`'s
    /// keys), the event whose id is `query`, or a fact of the bordereau that `query` names as a mandat
    /// (`IdColl/Exer/BIdBord/MIdPce`); else those whose id contains `query` (spaces and case aside), found by
    /// reading the ids alone. Invoice numbers are compared as `DossierBuilder.normalizedNumber` makes the keys
    /// and as `InvoiceNumbers.normalize` makes `find`'s test: the two agree except for white space outside ASCII
    /// and Unicode's, which no number seen holds.
    /// - Throws: `StoreError`.
    public func stateFind(_ query: String) async throws -> [Dossier]? {
        guard try await dossierStateCurrent() else { return nil }
        return try await read("dossier state") {
            if let row = try await db.raw("SELECT json FROM dossier_state WHERE id = \(bind: query)").first() {
                return [try Self.decodeDossier(try row.decode(column: "json", as: String.self))]
            }
            var keys: [String] = []
            if let n = DossierState.numberKey(query) { keys.append(n) }
            if let n = DossierState.numberKey(InvoiceNumbers.normalize(query)), !keys.contains(n) { keys.append(n) }
            if let c = DossierState.chorusKey(query) { keys.append(c) }
            if let b = Self.bordereauKey(mandatDescription: query) { keys.append(b) }
            var ids: [String] = []
            var sql = SQLQueryString("SELECT DISTINCT dossier_id FROM dossier_members WHERE fact = \(bind: "e:" + query)")
            if !keys.isEmpty {
                sql += " OR fact IN (SELECT fact FROM fact_keys WHERE key IN (\(binds: keys)))"
            }
            sql += " ORDER BY dossier_id"
            for r in try await db.raw(sql).all() { ids.append(try r.decode(column: "dossier_id", as: String.self)) }
            let exact = try await dossierTexts(ids).filter { Board.matches(query, $0) }
            if !exact.isEmpty { return exact }
            let q = InvoiceNumbers.normalize(query)
            var near: [String] = []
            for r in try await db.raw("SELECT id FROM dossier_state ORDER BY id").all() {
                let id = try r.decode(column: "id", as: String.self)
                if InvoiceNumbers.normalize(id).contains(q) { near.append(id) }
            }
            return try await dossierTexts(near)
        }
    }

    /// The stored dossiers of `ids`, decoded, sorted by id (ids without a row are left out).
    private func dossierTexts(_ ids: [String]) async throws -> [Dossier] {
        var texts: [String] = []
        for part in Self.chunks(ids, columns: 1) {
            for r in try await db.raw("SELECT json FROM dossier_state WHERE id IN (\(binds: Array(part)))").all() {
                texts.append(try r.decode(column: "json", as: String.self))
            }
        }
        return try Self.decodeDossiers(texts).sorted { $0.id < $1.id }
    }

    /// The bordereau key (`DossierState.bordereauKey`) of a mandat written as `MandatKey.description`
    /// (`IdColl/Exer/BIdBord` with an optional `/MIdPce`), or nil when `text` is not one.
    static func bordereauKey(mandatDescription text: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 || parts.count == 4, parts[2].hasPrefix("B"), !parts[0].isEmpty, !parts[1].isEmpty
        else { return nil }
        if parts.count == 4 && !parts[3].hasPrefix("M") { return nil }
        return DossierState.bordereauKey(
            MandatKey(
                idColl: parts[0], codCol: nil, codBud: nil, exer: parts[1], idBord: String(parts[2].dropFirst()),
                idPce: nil))
    }

    /// The contracts of the store, by buyer and id (as `facts().contracts`).
    /// - Throws: `StoreError`.
    public func contracts() async throws -> [Contract] {
        let dec = JSONDecoder()
        return try await read("contracts") {
            try await db.raw("SELECT buyer_id, id, json FROM contracts ORDER BY buyer_id, id").all()
                .map { try Self.decode(Contract.self, $0, dec, "contracts") }
        }
    }
}
