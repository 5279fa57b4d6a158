import Foundation
import MandatCore
import MandatStore
import Yams

/// The desk's settings: segment thresholds, the reminder ladder and the agenda's horizon.
///
/// Read from the `desk:` key of the configuration file (see `docs/desk.md`); every field is optional and
/// falls back to the default named on it. Days are calendar days, amounts euros. `Sendable` value.
public struct DeskSettings: Codable, Sendable, Hashable {
    /// `atRisk`: a dossier unpaid this many days after its due date (default 60).
    public var atRiskDaysLate: Int?
    /// `oftenDisputing`: this many disputed / rejected / suspended dossiers or `dispute` log outcomes (default 2).
    public var oftenDisputingCount: Int?
    /// `new`: fewer paid dossiers than this (default 3).
    public var newBuyerPaidDossiers: Int?
    /// `largeAccountLongCircuit`: invoiced total at least this, euros (default 100000).
    public var largeAccountAmount: String?
    /// `largeAccountLongCircuit`: average days to pay at least this (default 45).
    public var longCircuitDays: Int?
    /// `largeReceivable`: outstanding at least this, euros (default 50000).
    public var largeReceivableAmount: String?
    /// Reminder before the due date for segmented buyers: days before (default 10).
    public var reminderDaysBefore: Int?
    /// The escalation ladder after the due date: days after it for each step (default 1, 15, 30, 45:
    /// service gestionnaire, ordonnateur's finance office, comptable's office, formal notice).
    public var ladderDays: [Int]?
    /// The agenda shows what is due up to this many days ahead (default 14).
    public var horizonDays: Int?

    public init() {}

    public var atRiskDays: Int { atRiskDaysLate ?? 60 }
    public var disputeCount: Int { oftenDisputingCount ?? 2 }
    public var newPaidDossiers: Int { newBuyerPaidDossiers ?? 3 }
    public var largeAccount: Decimal { largeAccountAmount.flatMap(Money.parse) ?? 100_000 }
    public var longCircuit: Int { longCircuitDays ?? 45 }
    public var largeReceivable: Decimal { largeReceivableAmount.flatMap(Money.parse) ?? 50_000 }
    public var reminderBefore: Int { reminderDaysBefore ?? 10 }
    /// The four ladder offsets (missing ones take their default).
    public var ladder: [Int] {
        let d = [1, 15, 30, 45]
        let given = ladderDays ?? []
        return (0..<4).map { $0 < given.count ? given[$0] : d[$0] }
    }
    public var horizon: Int { horizonDays ?? 14 }

    struct File: Codable { var desk: DeskSettings? }

    /// Reads the `desk:` key of a YAML configuration file (other keys are checked by name, not read here).
    /// - Throws: `DeskError` (`bad-config`) naming the file and the YAML error.
    public static func load(path: String) throws -> DeskSettings {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DeskError(code: "bad-config", message: "\(path): illisible : \(error.localizedDescription)")
        }
        if let problem = ConfigurationCheck.unknownKey(in: text) {
            throw DeskError(code: "bad-config", message: "\(path): \(problem)")
        }
        do {
            return try YAMLDecoder().decode(File.self, from: text).desk ?? DeskSettings()
        } catch {
            throw DeskError(
                code: "bad-config", message: "\(path): \(ConfigurationCheck.describe(error, text: text))")
        }
    }
}
