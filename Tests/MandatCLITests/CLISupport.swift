import Foundation

/// The package root: Tests/MandatCLITests/<file>.swift → up 3 levels.
let cliRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The built `mandat` binary: next to the test bundle, or in `.build/debug`; nil (tests skip) when absent.
let mandatBinary: String? = {
    var candidates: [String] = []
    if let first = CommandLine.arguments.first {
        candidates.append(((first as NSString).deletingLastPathComponent as NSString).appendingPathComponent("mandat"))
    }
    candidates.append(cliRoot.appendingPathComponent(".build/debug/mandat").path)
    let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    if found == nil { print("note: the mandat binary was not found: binary tests skipped") }
    return found
}()

/// Runs the built binary (or `executable`, e.g. `/bin/sh`) with `args` (extra environment `env`, in the package
/// root; `stdin` written to its standard input, which is then closed), and returns its exit status, standard
/// output and standard error.
func runMandatCLI(
    _ args: [String], env: [String: String] = [:], stdin: String? = nil, executable: String? = nil
) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable ?? mandatBinary ?? "/nonexistent")
    p.arguments = args
    p.currentDirectoryURL = cliRoot
    var e = ProcessInfo.processInfo.environment
    for (k, v) in env { e[k] = v }
    p.environment = e
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = Pipe()
    if stdin != nil { p.standardInput = input }
    try p.run()
    if let stdin {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let r = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: r, as: UTF8.self))
}
