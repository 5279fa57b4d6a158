#!/usr/bin/env bash
# Renders the demo's HTML digest in headless Chromium (Debian's package), takes a screenshot and fails on a
# console error. Usage: scripts/digest-screenshot.sh [OUT_DIR]   (default: /tmp/mandat-digest)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/mandat-digest}
mkdir -p "$out"; out=$(realpath "$out")
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
swift build --product mandat >/dev/null
.build/debug/mandat demo --quiet --db "$out/demo.sqlite" --format html --output "$out/digest.html"
chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --window-size=1000,2400 \
  --screenshot="$out/digest.png" "file://$out/digest.html" 2>"$out/chromium.log" || true
[ -s "$out/digest.png" ] || { echo "no screenshot taken; see $out/chromium.log"; exit 1; }
if grep -E "CONSOLE|Uncaught|Refused to" "$out/chromium.log"; then
  echo "console errors in the digest page"; exit 1
fi
echo "screenshot: $out/digest.png ($(stat -c %s "$out/digest.png") bytes), no console error"
