import CMandatXML

/// libxml2's own speed on a file, for the benchmark: its SAX2 push parser with empty callbacks, all in C
/// (no Swift per event), so that the reader's overhead above the library can be measured.
package enum SAXFloor {
    /// Parses the file at `path` pushing `chunkSize` bytes at a time, with the reader's parse options.
    ///
    /// - Returns: the bytes read and the elements seen, or nil when the file cannot be read or is not
    ///   well-formed.
    package static func parse(path: String, chunkSize: Int) -> (bytes: Int, elements: Int)? {
        _ = XMLStreamReader.initialised
        var elements = 0
        let bytes = mandat_sax_floor(path, Int32(clamping: chunkSize), &elements)
        return bytes < 0 ? nil : (bytes, elements)
    }
}
