/// The store's schema, as numbered migrations applied once each and recorded in `schema_migrations`.
///
/// Rule (STYLE.md, GRDB's practice): a migration that has shipped is never edited; a change is a new
/// migration with the next number. Each statement is plain SQL that SQLite and PostgreSQL both accept
/// (`TEXT`, `BIGINT`, composite primary keys, `ON CONFLICT` upserts); money and dates are `TEXT`
/// (normalised decimal, ISO date) so that both engines store the same bytes.
enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        /// The statements, the same on both backends (unless the backend has its own below).
        let statements: [String]
        /// Statements run on SQLite instead of `statements` (storage options PostgreSQL has no syntax for).
        var sqlite: [String]? = nil
        /// Statements run on PostgreSQL instead of `statements`.
        var postgres: [String]? = nil

        /// The statements to run on `backend`.
        func statements(for backend: StoreBackend) -> [String] {
            switch backend {
            case .sqlite: return sqlite ?? statements
            case .postgres: return postgres ?? statements
            }
        }
    }

    /// SQLite statements that rebuild `table` as a `WITHOUT ROWID` table (`columns`, then the primary key
    /// `key`), copying its rows in key order, then create its secondary `indexes` again (name, columns).
    static func withoutRowid(_ table: String, columns: String, key: String, indexes: [(String, String)]) -> [String] {
        [
            "CREATE TABLE \(table)_v6 (\(columns), PRIMARY KEY (\(key))) WITHOUT ROWID",
            "INSERT INTO \(table)_v6 SELECT * FROM \(table) ORDER BY \(key)",
            "DROP TABLE \(table)",
            "ALTER TABLE \(table)_v6 RENAME TO \(table)",
        ] + indexes.map { "CREATE INDEX \($0.0) ON \(table) (\($0.1))" }
    }

    /// Created before anything else, outside the numbered list.
    static let bootstrap = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    static let all: [Migration] = [
        Migration(
            version: 1, name: "initial: files, invoices, events, mandats, contracts, settings",
            statements: [
                """
                CREATE TABLE files (
                    sha256 TEXT PRIMARY KEY,
                    seq BIGINT NOT NULL,
                    path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    imported_at TEXT NOT NULL,
                    error_code TEXT,
                    error_message TEXT,
                    error_line BIGINT,
                    error_column BIGINT,
                    invoice_count BIGINT NOT NULL,
                    event_count BIGINT NOT NULL,
                    mandat_count BIGINT NOT NULL,
                    contract_count BIGINT NOT NULL
                )
                """,
                "CREATE INDEX files_path ON files (path)",
                "CREATE INDEX files_error ON files (error_code)",
                """
                CREATE TABLE invoices (
                    key TEXT PRIMARY KEY,
                    number TEXT,
                    number_norm TEXT,
                    seller_siren TEXT,
                    buyer_siret TEXT,
                    issue_date TEXT,
                    type_code TEXT,
                    contract_ref TEXT,
                    amount_due TEXT,
                    chorus_id TEXT,
                    file_sha256 TEXT NOT NULL,
                    json TEXT NOT NULL
                )
                """,
                "CREATE INDEX invoices_number ON invoices (number_norm)",
                "CREATE INDEX invoices_buyer ON invoices (buyer_siret)",
                "CREATE INDEX invoices_contract ON invoices (contract_ref)",
                """
                CREATE TABLE events (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    code TEXT NOT NULL,
                    event_date TEXT,
                    invoice_number_norm TEXT,
                    seller_id TEXT,
                    chorus_id TEXT,
                    mandat_key TEXT,
                    file_sha256 TEXT NOT NULL,
                    source_file TEXT NOT NULL,
                    source_line BIGINT,
                    json TEXT NOT NULL
                )
                """,
                "CREATE INDEX events_invoice ON events (invoice_number_norm)",
                "CREATE INDEX events_mandat ON events (mandat_key)",
                "CREATE INDEX events_date ON events (event_date)",
                """
                CREATE TABLE mandats (
                    key TEXT PRIMARY KEY,
                    id_coll TEXT NOT NULL,
                    exer TEXT NOT NULL,
                    id_bord TEXT NOT NULL,
                    id_pce TEXT,
                    bordereau_date TEXT,
                    amount_ttc TEXT,
                    creditor_id TEXT,
                    invoice_numbers TEXT NOT NULL,
                    file_sha256 TEXT NOT NULL,
                    json TEXT NOT NULL
                )
                """,
                "CREATE INDEX mandats_bordereau ON mandats (id_coll, exer, id_bord)",
                """
                CREATE TABLE contracts (
                    buyer_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    notification_date TEXT,
                    amount TEXT,
                    file_sha256 TEXT NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (buyer_id, id)
                )
                """,
                """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                )
                """,
            ]),
        Migration(
            version: 2, name: "dossier state: link keys, dossier rows and members, unlinked events",
            statements: [
                // Built from the facts by the first import after this migration (or `import --rebuild-state`):
                // DossierState.swift.
                """
                CREATE TABLE fact_keys (
                    key TEXT NOT NULL,
                    fact TEXT NOT NULL,
                    PRIMARY KEY (key, fact)
                )
                """,
                "CREATE INDEX fact_keys_fact ON fact_keys (fact)",
                """
                CREATE TABLE dossier_state (
                    id TEXT PRIMARY KEY,
                    buyer TEXT,
                    seller TEXT,
                    contract TEXT,
                    stage TEXT NOT NULL,
                    holder TEXT NOT NULL,
                    paid BIGINT NOT NULL,
                    amount_due TEXT,
                    due_date TEXT,
                    blocked_from TEXT,
                    json TEXT NOT NULL
                )
                """,
                "CREATE INDEX dossier_state_blocked ON dossier_state (blocked_from)",
                "CREATE INDEX dossier_state_buyer ON dossier_state (buyer)",
                "CREATE INDEX dossier_state_holder ON dossier_state (holder)",
                """
                CREATE TABLE dossier_members (
                    fact TEXT NOT NULL,
                    dossier_id TEXT NOT NULL,
                    PRIMARY KEY (fact, dossier_id)
                )
                """,
                "CREATE INDEX dossier_members_dossier ON dossier_members (dossier_id)",
                """
                CREATE TABLE unlinked_events (
                    event_id TEXT PRIMARY KEY,
                    json TEXT NOT NULL
                )
                """,
            ]),
        Migration(
            version: 3, name: "facts by file: the dossier state's refresh reads the facts of the new files",
            statements: [
                // Without them each refresh step scanned the whole events, invoices and mandats tables once per
                // 500 files (docs/performance.md, "Import end to end after both branches").
                "CREATE INDEX invoices_file ON invoices (file_sha256)",
                "CREATE INDEX events_file ON events (file_sha256)",
                "CREATE INDEX mandats_file ON mandats (file_sha256)",
            ]),
        Migration(
            version: 4, name: "dossier state: the facts still to refresh, written with the facts",
            statements: [
                // One row per fact written since the state last took it in; `sort_key` groups one dossier's
                // facts (DossierState.FactKeys), so the refresh builds each dossier once per import.
                """
                CREATE TABLE state_pending (
                    fact TEXT PRIMARY KEY,
                    sort_key TEXT NOT NULL
                )
                """,
                "CREATE INDEX state_pending_sort ON state_pending (sort_key, fact)",
            ]),
        Migration(
            version: 5, name: "drop the fact tables' secondary indexes: no query reads them",
            statements: [
                // Every read of these tables goes by primary key (the refresh, `facts()`, `counts()`) since the
                // link keys live in `fact_keys`, and the refresh finds new facts in `state_pending`, not by file.
                // Each index cost every inserted row an update (docs/performance.md).
                "DROP INDEX IF EXISTS invoices_number",
                "DROP INDEX IF EXISTS invoices_buyer",
                "DROP INDEX IF EXISTS invoices_contract",
                "DROP INDEX IF EXISTS invoices_file",
                "DROP INDEX IF EXISTS events_invoice",
                "DROP INDEX IF EXISTS events_mandat",
                "DROP INDEX IF EXISTS events_date",
                "DROP INDEX IF EXISTS events_file",
                "DROP INDEX IF EXISTS mandats_bordereau",
                "DROP INDEX IF EXISTS mandats_file",
            ]),
        Migration(
            version: 6, name: "dossier state: link keys, members and pending facts in their primary key (SQLite)",
            statements: [],
            // SQLite keeps a rowid table plus its primary-key index for each of these tables (three B-trees with
            // the secondary index for two rows of short text); `WITHOUT ROWID` stores the rows in the primary
            // key's B-tree: one B-tree fewer to write per row (docs/performance.md, docs/decisions.md 15). The
            // rows are copied, so a store keeps its state. PostgreSQL has no such option (a table is a heap plus
            // its indexes): nothing to do there.
            sqlite: withoutRowid(
                "fact_keys", columns: "key TEXT NOT NULL, fact TEXT NOT NULL", key: "key, fact",
                indexes: [("fact_keys_fact", "fact")])
                + withoutRowid(
                    "dossier_members", columns: "fact TEXT NOT NULL, dossier_id TEXT NOT NULL", key: "fact, dossier_id",
                    indexes: [("dossier_members_dossier", "dossier_id")])
                + withoutRowid(
                    "state_pending", columns: "fact TEXT NOT NULL, sort_key TEXT NOT NULL", key: "fact",
                    indexes: [("state_pending_sort", "sort_key, fact")])),
        Migration(
            version: 7, name: "skipped paths: a path whose latest file no reader knows",
            statements: [
                // A skipped file is not recorded in `files`; this row says that its path now holds another
                // content, so that `import --errors` stops listing the error of the content it held before.
                """
                CREATE TABLE skipped_paths (
                    path TEXT PRIMARY KEY,
                    sha256 TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    skipped_at TEXT NOT NULL
                )
                """
            ]),
    ]
}
