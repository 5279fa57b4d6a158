import Foundation
import MandatCore
import Testing

@testable import MandatReports

/// `digest --format json` writes money as the web API does: strings with exactly two decimals, rounded half-up
/// to the cent (`Money.cents`), never JSON numbers.
@Suite("Digest JSON money")
struct DigestJSONMoneyTests {
    @Test("every amount of the digest JSON is a two-decimal string")
    func amountsAreCentStrings() throws {
        let day = CivilDate(iso: "2026-01-31")!
        var d = Digest(asOf: day, since: nil, person: nil, dossierCount: 2)
        // 3245.68145: the third decimal is 1, rounded down to 3245.68.
        d.openBlockages = [
            Digest.Blockage(
                dossierId: "A", invoiceNumber: "F-1", buyer: "Commune", code: "overdue", holder: "comptable",
                since: day, daysAtHolder: 3, daysOverShare: nil, moneyAtStake: Decimal(string: "3245.68145")!,
                indemnity: 40, nextAction: "Relancer", contact: "comptable")
        ]
        // 1436.5 → 1436.50 (a second decimal added).
        d.payments = [
            Digest.Payment(
                dossierId: "B", invoiceNumber: "F-2", buyer: "Commune", date: day, amount: Decimal(string: "1436.5")!,
                daysLate: 0)
        ]
        // 12.345 is half a cent above 12.34: rounded half-up to 12.35.
        d.interestOwed = [
            Digest.InterestOwed(
                dossierId: "B", invoiceNumber: "F-2", buyer: "Commune", interest: Decimal(string: "12.345")!,
                indemnity: 40, dueBy: nil, provisionalRate: false, overdue: false)
        ]
        d.byHolder = [Digest.Bar(label: "comptable", amount: 80964)]
        // addCents: 3245.68145 → 3245.68 and 12.345 → 12.35, so 3245.68 + 12.35 = 3258.03.
        d.atStake.addCents(Decimal(string: "3245.68145")!, "EUR")
        d.atStake.addCents(Decimal(string: "12.345")!, "EUR")
        let text = try DigestRenderer.render(d, format: .json, lang: .en)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let blockage = try #require((json["openBlockages"] as? [[String: Any]])?.first)
        #expect(blockage["moneyAtStake"] as? String == "3245.68")
        #expect(blockage["indemnity"] as? String == "40.00")
        #expect((json["payments"] as? [[String: Any]])?.first?["amount"] as? String == "1436.50")
        let owed = try #require((json["interestOwed"] as? [[String: Any]])?.first)
        #expect(owed["interest"] as? String == "12.35")
        #expect(owed["indemnity"] as? String == "40.00")
        #expect((json["byHolder"] as? [[String: Any]])?.first?["amount"] as? String == "80964.00")
        let atStake = try #require((json["atStake"] as? [String: Any])?["byCurrency"] as? [String: Any])
        #expect(atStake["EUR"] as? String == "3258.03")
        // The same helper as the web API: `JSONValue.money`.
        #expect(JSONValue.money(Decimal(string: "3245.68145")!) == .string("3245.68"))
        // No amount is left a JSON number: the text holds each one quoted.
        #expect(text.contains("\"moneyAtStake\" : \"3245.68\""))
        #expect(!text.contains("\"amount\" : 80964"))
    }

    @Test("the per-currency totals read back what they write")
    func totalsRoundTrip() throws {
        var t = CurrencyTotals()
        t.add(Decimal(string: "1000")!, "EUR")
        t.add(Decimal(string: "4820.15")!, "SEK")
        let data = try JSONEncoder().encode(t)
        #expect(
            try JSONSerialization.jsonObject(with: data) as? [String: [String: String]]
                == ["byCurrency": ["EUR": "1000.00", "SEK": "4820.15"]])
        #expect(try JSONDecoder().decode(CurrencyTotals.self, from: data) == t)
    }
}
