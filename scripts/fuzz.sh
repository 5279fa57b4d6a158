#!/usr/bin/env bash
# Builds and runs the libFuzzer target over MandatXML's streaming reader.
#
#   scripts/fuzz.sh [xml|json] [SECONDS] [extra libFuzzer flags...]     (default: xml, 600 s)
#
# xml:  Fuzz/XMLReaderFuzz.swift + Sources/MandatXML (the streaming reader, four ways per input).
# json: Fuzz/JSONFuzz.swift + Sources/MandatCore + StrictJSON (the strict JSON parser).
#
# Build products go to .build-fuzz/ (ignored by git). The seed corpus is every XML file in fixtures/ and,
# when present, ../shared/corpus (copied into .build-fuzz/corpus, which libFuzzer also grows); findings
# (crash-*, leak-*, timeout-*) land in .build-fuzz/artifacts/. Needs the Swift toolchain's clang and
# libclang_rt.fuzzer (Swift 6 on Linux ships both) and libxml2-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=xml
if [ "${1:-}" = xml ] || [ "${1:-}" = json ]; then TARGET="$1"; shift; fi
SECONDS_TO_RUN="${1:-600}"
shift || true
OUT=.build-fuzz
mkdir -p "$OUT/modules/CMandatXML" "$OUT/corpus" "$OUT/artifacts"
SWIFT_BIN="$(dirname "$(command -v swiftc)")"
XML_CFLAGS="$(pkg-config --cflags libxml-2.0)"

# CMandatXML: SwiftPM would generate this module map for the target's include/ folder.
cat > "$OUT/modules/CMandatXML/module.modulemap" <<MAP
module CMandatXML {
    header "$PWD/Sources/CMandatXML/include/CMandatXML.h"
    export *
}
MAP

"$SWIFT_BIN/clang" -c -O1 -g -fsanitize=fuzzer-no-link,address $XML_CFLAGS \
    -I Sources/CMandatXML/include Sources/CMandatXML/shim.c -o "$OUT/shim.o"

if [ "$TARGET" = json ]; then
    mkdir -p "$OUT/corpus-json"
    swiftc -parse-as-library -module-name MandatCore -O -g -sanitize=fuzzer,address \
        Sources/MandatCore/*.swift Sources/MandatFormats/JSON/StrictJSON.swift Fuzz/JSONFuzz.swift \
        -o "$OUT/json-fuzz" 2>&1 | grep -v "ignoring import" || true
    find fixtures -name '*.json' -size -1M -exec cp {} "$OUT/corpus-json/" \; 2>/dev/null || true
    if [ -d ../shared/corpus ]; then
        find ../shared/corpus -name '*.json' -size -512k | while read -r f; do
            cp "$f" "$OUT/corpus-json/$(echo "$f" | md5sum | cut -c1-12).json"
        done
    fi
    exec "$OUT/json-fuzz" "$OUT/corpus-json" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$OUT/artifacts/json-" -print_final_stats=1 "$@"
fi

swiftc -parse-as-library -module-name MandatXML -O -g \
    -sanitize=fuzzer,address \
    -I Sources/CLibXML2 -I "$OUT/modules/CMandatXML" -Xcc -I/usr/include/libxml2 \
    Sources/MandatXML/*.swift Fuzz/XMLReaderFuzz.swift "$OUT/shim.o" -lxml2 \
    -o "$OUT/xml-fuzz"

# Seeds: our fixtures and the shared corpus (XML only; small files).
find fixtures -name '*.xml' -size -1M -exec cp {} "$OUT/corpus/" \; 2>/dev/null || true
if [ -d ../shared/corpus ]; then
    find ../shared/corpus -name '*.xml' -size -512k | while read -r f; do
        cp "$f" "$OUT/corpus/$(echo "$f" | md5sum | cut -c1-12).xml"
    done
fi

exec "$OUT/xml-fuzz" "$OUT/corpus" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 "$@"
