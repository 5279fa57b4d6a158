#!/usr/bin/env bash
# Browser check of the web dashboard: starts `mandat serve` on loopback, signs in, opens the board, a dossier
# page and the other pages in headless Chromium, saves screenshots and fails on any console error.
#
# Usage: scripts/browser-check.sh [OUT_DIR]   (default: bench-out/browser)
# Data: fixtures/demo (or $DEMO_DIR) imported into a fresh SQLite store, served as of $AS_OF (default 2026-01-31, the demo's date);
# without it, 200 synthetic dossiers (`--synthetic`). Installs Debian's chromium and PyPI's websocket-client when missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/bench-out/browser}"
mkdir -p "$out"
port="${PORT:-18080}"
devtools="${DEVTOOLS_PORT:-19222}"

command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
python3 -c 'import websocket' 2>/dev/null || pip install -q websocket-client

cd "$root"
swift build --product mandat >/dev/null
bin="$(swift build --show-bin-path)/mandat"
work="$(mktemp -d)"
db="$work/mandat.sqlite"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

password="browser-check-$(date +%s)"
data=(--synthetic 200)
demo="${DEMO_DIR:-fixtures/demo}"
if [ -d "$demo" ]; then
    "$bin" import --db "$db" "$demo" >/dev/null 2>&1 && data=(--as-of "${AS_OF:-2026-01-31}") \
        || echo "note: demo import failed; synthetic data"
else
    echo "note: no $demo; 200 synthetic dossiers"
fi
printf '%s\n' "$password" | "$bin" user add checker --role collector --db "$db" >/dev/null

"$bin" serve --db "$db" --port "$port" "${data[@]}" >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done

# Sign in as a browser would: the form's token and cookie, then the POST.
jar="$work/jar"
form="$(curl -s -c "$jar" "http://127.0.0.1:$port/login")"
csrf="$(printf '%s' "$form" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)"
curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$csrf" --data-urlencode "name=checker" --data-urlencode "password=$password" \
    "http://127.0.0.1:$port/login" | grep -q 303 || { echo "sign-in failed"; cat "$work/serve.log"; exit 1; }
token="$(awk '$6=="mandat_session"{print $7}' "$jar")"
[ -n "$token" ] || { echo "no session cookie"; exit 1; }
dossier="$(curl -s -b "$jar" "http://127.0.0.1:$port/api/v1/dossiers?per_page=1" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["id"], safe=""))')"

chromium --headless=new --no-sandbox --disable-gpu --remote-debugging-port="$devtools" \
    --user-data-dir="$work/profile" about:blank >"$work/chromium.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$devtools/json/version" && break; sleep 0.2; done

python3 scripts/cdp_check.py "$devtools" "http://127.0.0.1:$port" "$token" "$out" \
    "/=board" "/dossiers/$dossier=dossier" "/?lang=en&blocked=1=board-en-blocked" "/contracts=contracts" \
    "/buyers=buyers" "/agenda=agenda" "/digest=digest"
echo "browser check passed; screenshots in $out"
