import Foundation
import MandatCore

/// The daily digest: what changed and what is stuck, for one person or everyone, as of a date.
///
/// Built by `DigestBuilder` from the store's dossiers and the law's assessments; rendered by
/// `DigestRenderer` as text, Markdown, HTML (one self-contained page) or JSON. Amounts are `Decimal` in the
/// currency each item names (`currency`, the invoice's BT-5: euros for nearly all); indemnities are euros. In JSON
/// every amount is a string with exactly two decimals, rounded half-up to the cent (`Money.cents`, the web API's
/// rule: `"80964.00"`), never a JSON number. `Encodable` only: the JSON is an output, never read back.
public struct Digest: Encodable, Sendable {
    /// One open blockage: a finding on a dossier.
    public struct Blockage: Encodable, Sendable, Hashable {
        public var dossierId: String
        public var invoiceNumber: String
        public var buyer: String
        public var code: String
        public var holder: String
        public var since: CivilDate?
        public var daysAtHolder: Int?
        public var daysOverShare: Int?
        /// What the finding puts at stake, in `currency`: the amount due unpaid plus interest accrued (the
        /// finding's own amount where the law gives another, such as a mandat's difference with the invoice),
        /// never the 40 € flat indemnity (one rule in the digest, as in its totals and in `status`: see
        /// `indemnity`).
        @CentsInJSON public var moneyAtStake: Decimal
        /// The flat recovery indemnity (CCP D.2192-35, euros) that the law's amount for this finding adds to the
        /// interest (the interest findings of a dossier paid late, in euros), given apart from `moneyAtStake` and
        /// printed after it (`+ indemnité forfaitaire 40,00 €`); nil for every other finding.
        @OptionalCentsInJSON public var indemnity: Decimal?
        public var nextAction: String
        public var contact: String
        public var detail: String?
        /// ISO 4217 code of `moneyAtStake`: the invoice's currency.
        public var currency: String = "EUR"
        public init(
            dossierId: String, invoiceNumber: String, buyer: String, code: String, holder: String, since: CivilDate?,
            daysAtHolder: Int?, daysOverShare: Int?, moneyAtStake: Decimal, indemnity: Decimal? = nil,
            nextAction: String, contact: String, detail: String? = nil, currency: String = "EUR"
        ) {
            self.indemnity = indemnity
            self.dossierId = dossierId
            self.invoiceNumber = invoiceNumber
            self.buyer = buyer
            self.code = code
            self.holder = holder
            self.since = since
            self.daysAtHolder = daysAtHolder
            self.daysOverShare = daysOverShare
            self.moneyAtStake = moneyAtStake
            self.nextAction = nextAction
            self.contact = contact
            self.detail = detail
            self.currency = currency
        }
    }

    /// A dossier whose stage changed since the previous digest.
    public struct StageChange: Codable, Sendable, Hashable {
        public var dossierId: String
        public var invoiceNumber: String
        public var buyer: String
        public var from: String?
        public var to: String
    }

    /// A payment received.
    public struct Payment: Encodable, Sendable, Hashable {
        public var dossierId: String
        public var invoiceNumber: String
        public var buyer: String
        public var date: CivilDate
        @CentsInJSON public var amount: Decimal
        /// Calendar days past the legal due date (0 when on time).
        public var daysLate: Int
        /// ISO 4217 code of `amount`.
        public var currency: String = "EUR"
    }

    /// Late-payment interest and indemnity owed to us on a dossier paid late (CCP L.2192-13, D.2192-35).
    public struct InterestOwed: Encodable, Sendable, Hashable {
        public var dossierId: String
        public var invoiceNumber: String
        public var buyer: String
        /// In `currency` (the invoice's).
        @CentsInJSON public var interest: Decimal
        /// Always euros (CCP D.2192-35), whatever `currency` says.
        @CentsInJSON public var indemnity: Decimal
        /// ISO 4217 code of `interest`.
        public var currency: String = "EUR"
        /// Date by which interest and indemnity must be paid (payment + 45 days, CCP R.2192-36).
        public var dueBy: CivilDate?
        public var provisionalRate: Bool
        public var overdue: Bool
    }

    /// A source from which no file has arrived for a while.
    public struct StaleInput: Codable, Sendable, Hashable {
        public var source: String
        public var lastFile: CivilDate?
        public var days: Int?
    }

    /// A file that could not be read.
    public struct UnreadableFile: Codable, Sendable, Hashable {
        public var file: String
        public var message: String
        public init(file: String, message: String) {
            self.file = file
            self.message = message
        }
    }

    /// An amount for a chart bar, in one currency (a label has one bar per currency).
    public struct Bar: Encodable, Sendable, Hashable {
        public var label: String
        @CentsInJSON public var amount: Decimal
        /// ISO 4217 code of `amount`.
        public var currency: String = "EUR"
    }

    public var asOf: CivilDate
    public var since: CivilDate?
    public var person: String?
    public var dossierCount: Int
    public var stageChanges: [StageChange] = []
    public var newBlockages: [Blockage] = []
    public var openBlockages: [Blockage] = []
    public var payments: [Payment] = []
    public var interestOwed: [InterestOwed] = []
    public var staleInputs: [StaleInput] = []
    public var unreadableFiles: [UnreadableFile] = []
    public var unlinkedEvents: Int = 0
    /// Outstanding amounts by holder (raw holder ids).
    public var byHolder: [Bar] = []
    /// Outstanding amounts by days late (buckets `not-due`, `1-30`, `31-60`, `61-90`, `90+`).
    public var byLateness: [Bar] = []
    /// True when there was no previous digest to compare with: every open blockage is new.
    public var firstDigest: Bool = false
    /// Notes to show (provisional rates, …).
    public var notes: [String] = []

    public init(asOf: CivilDate, since: CivilDate?, person: String?, dossierCount: Int) {
        self.asOf = asOf
        self.since = since
        self.person = person
        self.dossierCount = dossierCount
    }

    /// Money at stake over every dossier followed, per currency (`CurrencyTotals.atStake`: the total `status`
    /// and the web board print).
    public var atStake = CurrencyTotals()
    /// Money at stake over the dossiers with an open blockage, same definition (each dossier's own money at
    /// stake, once, not its findings' amounts): never more than `atStake` in a currency.
    public var blockedAtStake = CurrencyTotals()

    /// `blockedAtStake`, euros first, then by currency code. Empty when nothing is blocked.
    public var totalsAtStake: [(currency: String, amount: Decimal)] { blockedAtStake.sorted }
}

/// A digest amount written to JSON as the web API writes money: a `Money.cents` string (`"245.27"`), never a JSON
/// number. The synthesised encodings of the digest's types keep their keys and order.
@propertyWrapper
public struct CentsInJSON: Encodable, Sendable, Hashable {
    public var wrappedValue: Decimal
    public init(wrappedValue: Decimal) { self.wrappedValue = wrappedValue }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Money.cents(wrappedValue))
    }
}

/// `CentsInJSON` for an amount that may be absent: nil is left out of the JSON, as `encodeIfPresent` does.
@propertyWrapper
public struct OptionalCentsInJSON: Encodable, Sendable, Hashable {
    public var wrappedValue: Decimal?
    public init(wrappedValue: Decimal?) { self.wrappedValue = wrappedValue }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let d = wrappedValue { try c.encode(Money.cents(d)) } else { try c.encodeNil() }
    }
}

extension KeyedEncodingContainer {
    /// A nil `OptionalCentsInJSON` is left out (the synthesised encoding would write `null`).
    public mutating func encode(_ value: OptionalCentsInJSON, forKey key: Key) throws {
        if let d = value.wrappedValue { try encode(Money.cents(d), forKey: key) }
    }
}
