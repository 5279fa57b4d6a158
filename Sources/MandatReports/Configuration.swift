import Foundation
import MandatCore
import Yams

/// The user's configuration file (YAML; example in `docs/configuration.md`): buyers and their category,
/// the ordonnateur/comptable split convention, thresholds, people and what they follow, extra ECB rates.
///
/// Every field is optional; `MandatConfiguration()` is the default (no file).
public struct MandatConfiguration: Codable, Sendable {
    /// A public buyer as the user qualifies it.
    public struct Buyer: Codable, Sendable, Hashable {
        public var siret: String
        public var name: String?
        /// `state`, `localAuthority`, `hospital` or `publicUndertaking`.
        public var category: BuyerCategory?
        /// A shorter delay set by contract, calendar days (CCP L.2192-10).
        public var contractualDelayDays: Int?
        /// The comptable's share under a convention, calendar days (décret 2013-269 art. 12).
        public var comptableShareDays: Int?
        /// The comptable's post (`IdPost`) and office.
        public var comptablePost: String?
        public var comptableOffice: String?
    }

    /// A person who receives a digest: a contract manager (contracts) or a collector (buyers).
    public struct Person: Codable, Sendable, Hashable {
        public var name: String
        /// `collector` or `contractManager`.
        public var role: String?
        public var email: String?
        /// Buyer SIRETs followed.
        public var buyers: [String]?
        /// Contract ids followed.
        public var contracts: [String]?
    }

    /// An ECB main refinancing rate in force from a date (percent), added to the bundled table.
    public struct Rate: Codable, Sendable, Hashable {
        public var from: String
        public var rate: String
        public var source: String?
    }

    /// Thresholds, calendar days.
    public struct Thresholds: Codable, Sendable, Hashable {
        /// Days after the bordereau before "mandated but not received by the comptable" (default 5).
        public var mandatedNotReceivedDays: Int?
        /// Days with no new event before a dossier is "stale" (default 30).
        public var staleDays: Int?
        /// Days without a file from a source before the input is "stale" (default 7).
        public var staleInputDays: Int?
    }

    public var buyers: [Buyer]?
    public var people: [Person]?
    public var thresholds: Thresholds?
    public var ecbRates: [Rate]?
    /// Annual financing rate for the cost of credit, percent (default 5).
    public var financingRatePercent: String?
    /// Sender address for mailed digests.
    public var mailFrom: String?

    public init() {}

    /// A configuration error naming the file and what is wrong.
    public struct ConfigError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    /// Reads a YAML configuration file.
    /// - Throws: `ConfigError` naming the file and, in French, what is wrong with its line and column: bad YAML
    ///   (the parser's position), an unknown key (`ConfigurationCheck.unknownKey`: a misspelt key is never ignored),
    ///   a value of the wrong type or out of its list (`ConfigurationCheck.describe`: key path and line).
    public static func load(path: String) throws -> MandatConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(file: path, message: "illisible : \(error.localizedDescription)")
        }
        return try decode(text, file: path)
    }

    /// Decodes configuration text (see `load(path:)`); `file` names it in errors.
    public static func decode(_ text: String, file: String) throws -> MandatConfiguration {
        if let problem = ConfigurationCheck.unknownKey(in: text) {
            throw ConfigError(file: file, message: problem.description)
        }
        do {
            return try YAMLDecoder().decode(MandatConfiguration.self, from: text)
        } catch {
            throw ConfigError(file: file, message: ConfigurationCheck.describe(error, text: text).description)
        }
    }

    /// The buyer entry for a SIRET (digits only compared).
    public func buyer(siret: String?) -> Buyer? {
        guard let siret else { return nil }
        let key = siret.filter(\.isNumber)
        return buyers?.first { $0.siret.filter(\.isNumber) == key }
    }

    /// A person by name (case-insensitive).
    public func person(named name: String) -> Person? {
        people?.first { $0.name.lowercased() == name.lowercased() }
    }
}
