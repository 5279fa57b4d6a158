import Foundation
import MandatXML

/// Parses a plain decimal amount (`-1234.56`) from UTF-8 bytes without making a `String`; nil if it is
/// not one (more than 18 significant digits, a second point, any other character).
func decimalFromBytes(_ b: UnsafeBufferPointer<UInt8>) -> Decimal? {
    var k = 0
    var negative = false
    if k < b.count, b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") {
        negative = b[k] == UInt8(ascii: "-")
        k += 1
    }
    var significand: UInt64 = 0
    var digits = 0
    var fraction = 0
    var seenPoint = false
    while k < b.count {
        let c = b[k]
        if c >= 48 && c <= 57 {
            digits += 1
            if digits > 18 { return nil }
            significand = significand * 10 + UInt64(c - 48)
            if seenPoint { fraction += 1 }
        } else if c == UInt8(ascii: "."), !seenPoint {
            seenPoint = true
        } else {
            return nil
        }
        k += 1
    }
    guard digits > 0 else { return nil }
    return Decimal(sign: negative ? .minus : .plus, exponent: -fraction, significand: Decimal(significand))
}

/// Real work over a PES_Aller: count mandats (`Piece`), sum `LigneDePiece/…/MtHT/@V` as `Decimal` (read
/// from bytes), count attachment bytes. Uses the in-place attribute view.
final class PESWork: XMLFastStreamHandler {
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
            if let d = attributes.withValueBytes(local: "V", decimalFromBytes) ?? nil {
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

/// Real work over a UBL invoice: count lines, sum `cbc:LineExtensionAmount` text as `Decimal`.
final class UBLWork: XMLFastStreamHandler {
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
        if let d = v.withUTF8(decimalFromBytes) {
            sum += d
        } else {
            badAmounts += 1
        }
    }
}
