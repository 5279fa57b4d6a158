import Foundation
import MandatCore

/// ArgumentParser's messages in French: the parser writes English (`The value 'x' is invalid for '--as-of
/// <as-of>'`), while what a person reads is French by default. A date option gets the reason (impossible
/// date, expected format) from `CivilDate.isoProblem`, in either language.
enum ArgumentMessages {
    /// The options whose value is a date `AAAA-MM-JJ`.
    static let dateOptions: Set<String> = ["--as-of", "--since", "--by", "--date"]

    /// `message` (ArgumentParser's, `Error: ` already removed) in French, or with the date reason added in
    /// English; lines the parser writes that have no French pattern are kept as they are.
    static func translate(_ message: String, english: Bool) -> String {
        var lines = message.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() {
            lines[i] = translateLine(line, english: english)
        }
        return lines.joined(separator: "\n")
    }

    /// A refused option value as the other option messages write it: `--buyer : « x » …` in French (a space
    /// before the colon), `--buyer: 'x' …` in English. `why` is already in the language asked for, its value
    /// quoted the same way (`CompanyID.buyerFilterProblem`, `CivilDate.isoProblem`).
    static func optionProblem(_ name: String, _ why: String, english: Bool) -> String {
        english ? "\(name): \(why)" : "\(name) : \(why)"
    }

    /// One line of an ArgumentParser message (its indentation kept).
    static func translateLine(_ whole: String, english: Bool) -> String {
        let indent = String(whole.prefix { $0 == " " })
        return indent + translateTrimmed(String(whole.dropFirst(indent.count)), english: english)
    }

    private static func translateTrimmed(_ line: String, english: Bool) -> String {
        if let (value, option) = match(line, "The value '", "' is invalid for '", "'") {
            let name = String(option.split(separator: " ").first ?? Substring(option))
            if dateOptions.contains(name), let why = CivilDate.isoProblem(value, french: !english) {
                return english ? "\(name): '\(value)': \(why)" : "\(name) : « \(value) » : \(why)"
            }
            if english { return line }
            // The parser may add the valid choices after the quoted option: kept, in French.
            var rest = ""
            if line.hasSuffix("'. Please provide one of the following:") {
                // A long list: the parser writes one choice per line below (`  - supplier`), kept as is.
                return "\(name) : « \(value) » n'est pas une valeur valide ; valeurs possibles :"
            }
            if let r = line.range(of: "'. Please provide one of ") {
                rest =
                    " ; valeurs possibles : "
                    + line[r.upperBound...].replacingOccurrences(of: "'", with: "")
                    .replacingOccurrences(of: " and ", with: " et ").replacingOccurrences(of: " or ", with: " ou ")
                    .trimmingCharacters(in: CharacterSet(charactersIn: "."))
            }
            return "\(name) : « \(value) » n'est pas une valeur valide\(rest)"
        }
        if english { return line }
        if let (option, _) = match(line, "Missing value for '", "'", "") {
            return "il manque la valeur de \(option.split(separator: " ").first ?? Substring(option))"
        }
        if let (argument, _) = match(line, "Missing expected argument '", "'", "") {
            return "argument attendu manquant : \(argument)"
        }
        if let (option, _) = match(line, "Unknown option '", "'", "") {
            return "option inconnue : \(option)"
        }
        if let (argument, _) = match(line, "Unexpected argument '", "'", "") {
            return "argument inattendu : « \(argument) »"
        }
        if let (command, _) = match(line, "See '", "' for more information.", "") {
            return "Voir « \(command) » pour plus d'informations."
        }
        if line.hasPrefix("Usage: ") { return "Usage : " + line.dropFirst("Usage: ".count) }
        if line.hasPrefix("Help: ") { return "Aide : " + line.dropFirst("Help: ".count) }
        return line
    }

    /// `prefix A middle B suffix` → (A, B) (a `middle` of "'" with an empty `suffix`: the text up to the last
    /// quote, then B empty).
    private static func match(_ line: String, _ prefix: String, _ middle: String, _ suffix: String) -> (String, String)?
    {
        guard line.hasPrefix(prefix) else { return nil }
        let body = line.dropFirst(prefix.count)
        if suffix.isEmpty && middle != "' is invalid for '" {
            guard let r = body.range(of: middle, options: .backwards) else { return nil }
            return (String(body[..<r.lowerBound]), String(body[r.upperBound...]))
        }
        guard let r = body.range(of: middle) else { return nil }
        let tail = body[r.upperBound...]
        guard let end = tail.range(of: suffix) else { return nil }
        return (String(body[..<r.lowerBound]), String(tail[..<end.lowerBound]))
    }
}
