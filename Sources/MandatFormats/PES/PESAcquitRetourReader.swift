import Foundation
import MandatCore
import MandatXML

/// Reads a PES_ACQUIT_RETOUR: the ordonnateur's acknowledgement of PES_Retour files (namespace
/// `…/pes_v2/Rev0/aller/ack`; DOMAIN.md §4.4).
///
/// Fields follow EXPECTED.json `pesAcquitRetour`: `header` and `elements` (`DomaineAckRetour`,
/// `NomFichierRetour`, `TypRestit`, `DateAcquit`). It says a Retour was received, nothing about a mandat:
/// no chain events.
enum PESAcquitRetourReader {
    static func read(path: String, into doc: inout ReadDocument) throws {
        let h = Handler(file: doc.path)
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: h)
        doc.syntax = "PES"
        var notes: [String] = []
        let dteStr = ChainValues.date(h.header["DteStr"], field: "EnTetePES/DteStr", notes: &notes)
        doc.fields.append(
            (
                "header",
                .object([
                    ("idColl", .str(h.header["IdColl"])), ("codColl", .str(h.header["CodColl"] ?? h.header["CodCol"])),
                    ("codBud", .str(h.header["CodBud"])), ("idPost", .str(h.header["IdPost"])),
                    ("dteStr", .date(dteStr)), ("typFic", .str(h.header["TypFic"])),
                    ("nomFic", .str(h.header["NomFic"])),
                ])
            ))
        let elements: [JSONValue] = h.elements.map { e in
            let ack = ChainValues.date(
                e.values["DateAcquit"], field: "ElementACQUIT_RETOUR (line \(e.line)) DateAcquit", notes: &notes)
            return .object([
                ("domain", .str(e.values["DomaineAckRetour"])), ("returnFileName", .str(e.values["NomFichierRetour"])),
                ("typRestit", .str(e.values["TypRestit"])), ("ackDate", .date(ack)),
            ])
        }
        doc.fields.append(("elements", .array(elements)))
        doc.notes.append(contentsOf: notes)
    }

    struct Element {
        var line: Int
        var values: [String: String] = [:]
    }

    final class Handler: StackHandler {
        var header: [String: String] = [:]
        var elements: [Element] = []
        var element: Element?

        override func open(_ name: XMLName, attributes: [XMLAttribute], line: Int) throws {
            let local = name.local
            let v = ChainValues.pesValue(attributes)
            if local == "ElementACQUIT_RETOUR" {
                element = Element(line: line)
                return
            }
            switch parent {
            case "EnTetePES"? where stack.count == 3:
                if let v { header[local] = v }
            case "Parametres"?:
                if local == "TypFic" || local == "NomFic", let v { header[local] = v }
            case "ElementACQUIT_RETOUR"? where element != nil:
                if let v { element?.values[local] = v }
            default: break
            }
        }

        override func close(_ name: XMLName, text: XMLText, line: Int) throws {
            if name.local == "ElementACQUIT_RETOUR", let e = element {
                elements.append(e)
                element = nil
            }
        }
    }
}
