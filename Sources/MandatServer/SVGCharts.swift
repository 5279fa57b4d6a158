import Foundation
import MandatCore
import MandatReports

/// HTML escaping for text the server writes itself (SVG labels); templates escape by default.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Inline SVG drawings: bar charts of totals and the dossier's chain as lanes on a time axis. No script.
enum SVGCharts {
    /// Horizontal bars, one per `(label, amount, currency)`; one scale per currency: a bar's width is proportional
    /// to the largest bar of its own currency (a SEK amount is never measured against euros).
    static func bars(
        _ bars: [(label: String, amount: Decimal, currency: String)], lang: Lang, title: String
    ) -> String {
        let width = 460, barH = 18, gap = 8, labelW = 150, valueW = 110
        var maxBy: [String: Decimal] = [:]
        for b in bars { maxBy[b.currency] = max(maxBy[b.currency] ?? 0, b.amount) }
        let height = max(1, bars.count) * (barH + gap) + gap
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\""
        s += " aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
        if bars.isEmpty {
            s +=
                "<text x=\"8\" y=\"20\" font-size=\"12\">\(lang == .fr ? "aucun encours" : "nothing outstanding")</text>"
        }
        for (i, b) in bars.enumerated() {
            let y = gap + i * (barH + gap)
            var frac = 0.0
            let maxAmount = maxBy[b.currency] ?? 0
            if maxAmount > 0 { frac = NSDecimalNumber(decimal: b.amount / maxAmount).doubleValue }  // drawing only
            let w = max(1, Int(Double(width - labelW - valueW) * frac))
            s += "<text x=\"4\" y=\"\(y + 13)\" font-size=\"12\">\(HTML.escape(b.label))</text>"
            s += "<rect x=\"\(labelW)\" y=\"\(y)\" width=\"\(w)\" height=\"\(barH)\" fill=\"#457b9d\"/>"
            s +=
                "<text x=\"\(labelW + w + 6)\" y=\"\(y + 13)\" font-size=\"12\">\(HTML.escape(Labels.money(b.amount, lang, currency: b.currency)))</text>"
        }
        return s + "</svg>"
    }

    static let lanes = ["supplier", "platform", "ordonnateur", "comptable"]

    /// The chain drawn as four lanes (supplier, platform, ordonnateur, comptable) on a time axis from the first
    /// event to `asOf` (or the last event when later); one dot per step, with its date and label as a tooltip.
    static func lanes(_ steps: [ChainStep], asOf: CivilDate, lang: Lang, dueDate: CivilDate?) -> String {
        let width = 900, laneH = 40, left = 140, right = 20, top = 24
        let height = top + lanes.count * laneH + 30
        let dates = steps.map(\.date) + [asOf] + (dueDate.map { [$0] } ?? [])
        let first = dates.min() ?? asOf
        let last = dates.max() ?? asOf
        let span = max(1, first.days(to: last))
        func x(_ d: CivilDate) -> Int {
            left + Int(Double(first.days(to: d)) / Double(span) * Double(width - left - right))
        }
        let title = lang == .fr ? "Chaîne de paiement" : "Payment chain"
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\""
        s += " aria-label=\"\(title)\"><title>\(title)</title>"
        for (i, lane) in lanes.enumerated() {
            let y = top + i * laneH
            s +=
                "<rect x=\"0\" y=\"\(y)\" width=\"\(width)\" height=\"\(laneH)\" fill=\"\(i % 2 == 0 ? "#f1f4f8" : "#ffffff")\"/>"
            s += "<text x=\"6\" y=\"\(y + 24)\" font-size=\"12\">\(HTML.escape(Labels.holder(lane, lang)))</text>"
        }
        let axisY = top + lanes.count * laneH
        s += "<line x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(width - right)\" y2=\"\(axisY)\" stroke=\"#333\"/>"
        s += "<text x=\"\(left)\" y=\"\(axisY + 16)\" font-size=\"11\">\(HTML.escape(Labels.date(first, lang)))</text>"
        s +=
            "<text x=\"\(width - right)\" y=\"\(axisY + 16)\" font-size=\"11\" text-anchor=\"end\">\(HTML.escape(Labels.date(last, lang)))</text>"
        if let dueDate {
            let dx = x(dueDate)
            s +=
                "<line x1=\"\(dx)\" y1=\"\(top)\" x2=\"\(dx)\" y2=\"\(axisY)\" stroke=\"#b00020\" stroke-dasharray=\"4 3\"/>"
            s +=
                "<text x=\"\(dx + 3)\" y=\"\(top - 6)\" font-size=\"11\" fill=\"#b00020\">\(lang == .fr ? "échéance" : "due") \(HTML.escape(Labels.date(dueDate, lang)))</text>"
        }
        let ax = x(asOf)
        s += "<line x1=\"\(ax)\" y1=\"\(top)\" x2=\"\(ax)\" y2=\"\(axisY)\" stroke=\"#333\" stroke-dasharray=\"2 2\"/>"
        var previous: (Int, Int)?
        for step in steps.sorted(by: { $0.date < $1.date }) {
            let li = lanes.firstIndex(of: step.lane) ?? 0
            let cx = x(step.date), cy = top + li * laneH + laneH / 2
            if let (px, py) = previous {
                s += "<line x1=\"\(px)\" y1=\"\(py)\" x2=\"\(cx)\" y2=\"\(cy)\" stroke=\"#999\"/>"
            }
            previous = (cx, cy)
            s += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"6\" fill=\"#1d3557\"><title>"
            s += HTML.escape(Labels.date(step.date, lang) + " — " + step.label) + "</title></circle>"
        }
        return s + "</svg>"
    }
}
