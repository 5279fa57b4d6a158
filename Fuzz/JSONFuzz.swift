// libFuzzer target over StrictJSON (compiled by scripts/fuzz.sh json together with MandatCore's sources and
// Sources/MandatFormats/JSON/StrictJSON.swift). A thrown ParseError is fine; a crash or a hang is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let parsed = try? StrictJSON.parse(bytes) {
        // Serialising what was read must not crash either.
        _ = parsed.value.serialized()
    }
    return 0
}
