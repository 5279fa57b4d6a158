import Foundation
import MandatCore
import MandatXML

/// Real work over a PES_Aller through the fast handler protocol: count mandats (`Piece`), sum
/// `InfoLignePce/MtHT/@V` as `Decimal` (read from the attribute's bytes), count attachment bytes
/// (`Fichier`, counted by the reader, never held). Only those four names are reported by the reader.
final class PESWork: XMLElementHandler {
    var mandats = 0
    var lines = 0
    var sum = Decimal(0)
    var attachmentBytes = 0
    var badAmounts = 0
    private var piece = -1
    private var ligne = -1
    private var mtHT = -1
    private var fichier = -1
    private var inLigne = false

    func interest(in name: XMLName, id: XMLNameID) -> XMLElementInterest {
        guard name.namespace.isEmpty else { return .none }
        switch name.local {
        case "Piece":
            piece = id.rawValue
            return .start
        case "InfoLignePce":
            ligne = id.rawValue
            return [.start, .end]
        case "MtHT":
            mtHT = id.rawValue
            return .start
        case "Fichier":
            fichier = id.rawValue
            return [.end, .text]
        default:
            return .none
        }
    }

    func startElement(_ id: XMLNameID, attributes: XMLAttributeView, depth: Int) {
        switch id.rawValue {
        case piece: mandats += 1
        case ligne: inLigne = true
        case mtHT where inLigne:
            lines += 1
            if let d = attributes.withValueBytes(local: "V", { Money.parse(utf8: $0) }) ?? nil {
                sum += d
            } else {
                badAmounts += 1
            }
        default: break
        }
    }

    func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) {
        switch id.rawValue {
        case ligne: inLigne = false
        case fichier: attachmentBytes += text.byteCount
        default: break
        }
    }
}

/// Real work over a UBL invoice through the fast handler protocol: count lines (`cac:InvoiceLine`), sum
/// each line's `cbc:LineExtensionAmount` text as `Decimal` parsed from the text's bytes.
final class UBLWork: XMLElementHandler {
    static let cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    var lines = 0
    var sum = Decimal(0)
    var badAmounts = 0

    func interest(in name: XMLName, id: XMLNameID) -> XMLElementInterest {
        if name.local == "InvoiceLine" && name.namespace == UBLWork.cac { return .start }
        if name.local == "LineExtensionAmount" && name.namespace == UBLWork.cbc { return [.end, .text] }
        return .none
    }

    func startElement(_ id: XMLNameID, attributes: XMLAttributeView, depth: Int) {
        lines += 1
    }

    func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) {
        guard depth == 3 else { return }  // Invoice/InvoiceLine/LineExtensionAmount, not the document total
        if let d = text.withTrimmedBytes({ Money.parse(utf8: $0) }) {
            sum += d
        } else {
            badAmounts += 1
        }
    }
}

/// The same work as `PESWork` through the `String` handler protocol (`XMLFastStreamHandler`), for
/// comparison: count mandats (`Piece`), sum `LigneDePiece/…/MtHT/@V` as `Decimal` (read
/// from bytes), count attachment bytes. Uses the in-place attribute view.
final class PESStringWork: XMLFastStreamHandler {
    var mandats = 0
    var lines = 0
    var sum = Decimal(0)
    var attachmentBytes = 0
    var badAmounts = 0

    func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) {
        switch name.local {
        case "Piece": mandats += 1
        case "MtHT":
            lines += 1
            if let d = attributes.withValueBytes(local: "V", { Money.parse(utf8: $0) }) ?? nil {
                sum += d
            } else {
                badAmounts += 1
            }
        default: break
        }
    }

    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
        if name.local == "Fichier" { attachmentBytes += text.byteCount }
    }
}

/// The same work as `UBLWork` through the `String` handler protocol: count lines, sum `cbc:LineExtensionAmount` text as `Decimal`.
final class UBLStringWork: XMLFastStreamHandler {
    static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    var lines = 0
    var sum = Decimal(0)
    var badAmounts = 0

    func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) {
        if name.local == "InvoiceLine" { lines += 1 }
    }

    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
        guard name.local == "LineExtensionAmount", name.namespace == UBLWork.cbc, depth == 3 else { return }
        var v = text.value
        if let d = v.withUTF8({ Money.parse(utf8: $0) }) {
            sum += d
        } else {
            badAmounts += 1
        }
    }
}
