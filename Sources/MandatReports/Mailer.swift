import Foundation

/// Builds a MIME message (HTML with a plain-text alternative) and hands it to a sendmail-compatible command,
/// the way cron jobs mail on Unix (RFC 2045–2049; `sendmail -t` reads the recipients from the headers).
///
/// `Sendable`: a value type.
public struct Mailer: Sendable {
    /// The command and its arguments, e.g. `["/usr/sbin/sendmail", "-t"]`.
    public var command: [String]

    /// Splits a command line like `/usr/sbin/sendmail -t` on spaces.
    public init(commandLine: String = "/usr/sbin/sendmail -t") {
        command = commandLine.split(separator: " ").map(String.init)
    }

    /// Errors when the message cannot be handed over.
    public struct MailError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// The MIME message: `multipart/alternative` with a UTF-8 text part then an HTML part, both base64.
    public static func message(
        from: String, to: [String], subject: String, text: String, html: String, date: Date = Date(),
        boundary: String = "mandat-" + UUID().uuidString
    ) -> String {
        func b64(_ s: String) -> String {
            let e = Data(s.utf8).base64EncodedString()
            var lines: [Substring] = []
            var i = e.startIndex
            while i < e.endIndex {
                let j = e.index(i, offsetBy: 76, limitedBy: e.endIndex) ?? e.endIndex
                lines.append(e[i..<j])
                i = j
            }
            return lines.joined(separator: "\r\n")
        }
        let fmt = DateFormatter()
        fmt.locale = Locale(identifier: "en_US_POSIX")
        fmt.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        var m = ""
        m += "From: \(from)\r\n"
        m += "To: \(to.joined(separator: ", "))\r\n"
        m += "Subject: \(encodedSubject)\r\n"
        m += "Date: \(fmt.string(from: date))\r\n"
        m += "MIME-Version: 1.0\r\n"
        m += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n"
        m += "\r\n"
        m += "--\(boundary)\r\n"
        m += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        m += b64(text) + "\r\n"
        m += "--\(boundary)\r\n"
        m += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        m += b64(html) + "\r\n"
        m += "--\(boundary)--\r\n"
        return m
    }

    /// Checks an e-mail address before it goes into a header: one `local@domain`, no white space, no line
    /// break, no comma or semicolon (a line break would let a caller add headers such as `Bcc:`).
    /// - Throws: `MailError` naming the address.
    public static func validate(address: String) throws {
        let forbidden = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ",;<>()\"\\"))
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), address.rangeOfCharacter(from: forbidden) == nil,
            address.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
        else {
            throw MailError(message: "not a valid e-mail address: \(address.debugDescription)")
        }
    }

    /// Pipes `message` to the command's standard input and waits.
    /// - Throws: `MailError` when the command cannot start, stops reading, or exits non-zero.
    public func send(_ message: String) throws {
        guard let exe = command.first else { throw MailError(message: "no sendmail command") }
        // A command that exits without reading its input must give an error, not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        p.standardInput = pipe
        do { try p.run() } catch {
            throw MailError(message: "cannot run \(exe): \(error.localizedDescription)")
        }
        var writeError: (any Error)?
        do { try pipe.fileHandleForWriting.write(contentsOf: Data(message.utf8)) } catch { writeError = error }
        try? pipe.fileHandleForWriting.close()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw MailError(message: "\(exe) exited with status \(p.terminationStatus)")
        }
        if let writeError {
            throw MailError(message: "\(exe) did not read the whole message: \(writeError.localizedDescription)")
        }
    }
}
