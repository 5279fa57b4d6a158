#!/usr/bin/env bash
# Load test of the web dashboard on loopback: `mandat serve`, wrk at 50 connections against the board, a dossier
# page and the API; prints p99 latency, throughput, errors and the server's CPU time per run.
#
# Usage: scripts/load-test.sh [DOSSIERS] [SECONDS]      (defaults 100000 and 20)
#   Synthetic mode (default): `serve --synthetic DOSSIERS` (invented dossiers in memory, accounts in a fresh store).
#   STORE=path/to/store.sqlite: serves that store (`serve --db`; a viewer account `load` is added to it), waits
#     for the dossiers to be built and assessed (the cold build, printed apart), then measures the board (first
#     page, a filtered page, sorted by lateness), a real dossier's page and the API. DOSSIERS is then ignored.
#   CONFIG=release|debug (default release; release builds go to --scratch-path .build-release).
#   SKIP_BUILD=1 uses the binary already built; BIN=path runs that binary instead. PORT (default 18181).
#   AS_OF (default 2026-11-29). COLD_WAIT: seconds to wait for the cold build (default 3600).
# Traffic goes to 127.0.0.1 only; every run is bounded in time; the server is stopped at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-100000}"
secs="${2:-20}"
config="${CONFIG:-release}"
port="${PORT:-18181}"
as_of="${AS_OF:-2026-11-29}"
store="${STORE:-}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

cd "$root"
scratch=()
[ "$config" = release ] && scratch=(--scratch-path .build-release)
[ -n "${SKIP_BUILD:-}${BIN:-}" ] || swift build -c "$config" --product mandat "${scratch[@]}" >/dev/null
bin="${BIN:-$(swift build -c "$config" --show-bin-path "${scratch[@]}")/mandat}"
work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true  # still shutting down after 5 s (a rebuild under way)
    fi
    rm -rf "$work"
}
trap cleanup EXIT
db="${store:-$work/mandat.sqlite}"
printf 'load-test-password\n' | "$bin" user add load --role viewer --db "$db" >/dev/null
token="$("$bin" user token load --db "$db")"
tck=$(getconf CLK_TCK)
# CPU seconds (user + system) the server has used so far
cpu() { awk -v t="$tck" '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat"; }
rss() { echo $(( $(ps -o rss= -p "$pid" | tr -d ' ') / 1024 )); }

echo "uptime: $(uptime)"
start=$(date +%s.%N)
if [ -n "$store" ]; then
    "$bin" serve --db "$store" --port "$port" --as-of "$as_of" >"$work/serve.log" 2>&1 &
else
    "$bin" serve --db "$db" --port "$port" --synthetic "$n" --as-of "$as_of" >"$work/serve.log" 2>&1 &
fi
pid=$!
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done
ready=$(date +%s.%N)
printf 'server listening in %.1f s (%s build); CPU %s s, RSS %s MiB\n' "$(echo "$ready - $start" | bc)" "$config" \
    "$(cpu)" "$(rss)"
h="Authorization: Bearer $token"
base="http://127.0.0.1:$port"

if [ -n "$store" ]; then
    # the server builds and assesses every dossier once at start (the cold build): wait for it
    for _ in $(seq 1 $(( ${COLD_WAIT:-3600} * 2 ))); do grep -q 'dossiers ready\|cannot build' "$work/serve.log" && break; sleep 0.5; done
    built=$(date +%s.%N)
    grep -o 'dossiers ready.*\|cannot build.*' "$work/serve.log" || true
    printf 'cold build: %.1f s wall after listening; server CPU so far %s s; RSS %s MiB\n' \
        "$(echo "$built - $ready" | bc)" "$(cpu)" "$(rss)"
    # a real dossier from the middle of the board, and a buyer SIREN for a filtered page
    curl -s -H "$h" "$base/api/v1/dossiers?per_page=1&page=4242&as_of=$as_of" >"$work/one.json"
    id=$(python3 -c 'import json,sys,urllib.parse; d=json.load(open(sys.argv[1]))["items"][0]; print(urllib.parse.quote(d["id"], safe=""))' "$work/one.json")
    siren=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["items"][0]; print((d.get("buyerSiret") or "")[:9])' "$work/one.json")
    echo "dossier id: $id; buyer SIREN: $siren"
    total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$work/one.json")
    echo "dossiers on the board: $total"
fi

first=$(curl -s -o /dev/null -w '%{time_total}' -H "$h" "$base/?sort=due&as_of=$as_of")
printf 'first (uncached) board sorted by due date: %s s\n' "$first"

warm() { curl -s -o /dev/null -m 600 -H "$h" "$1"; }
printf '%-10s %-9s %-9s %-10s %-10s %-8s %s\n' target p50 p99 req/s cpu_s cpu_ms/req errors
run() {
    local name="$1" url="$2"
    warm "$url"  # the first computation of a new filter set is measured above, not here
    local c0 c1
    c0=$(cpu)
    wrk -t2 -c50 -d"${secs}s" --latency -H "$h" "$url" >"$work/$name.txt"
    c1=$(cpu)
    local p50 p99 rps reqs non2xx sockerr
    p50=$(awk '/ 50%/{print $2}' "$work/$name.txt")
    p99=$(awk '/ 99%/{print $2}' "$work/$name.txt")
    rps=$(awk '/Requests\/sec/{print $2}' "$work/$name.txt")
    reqs=$(awk '/requests in/{print $1}' "$work/$name.txt")
    non2xx=$(awk '/Non-2xx/{print $NF}' "$work/$name.txt"); non2xx=${non2xx:-0}
    sockerr=$(awk '/Socket errors/{$1=$2=""; print $0}' "$work/$name.txt"); sockerr=${sockerr:-none}
    printf '%-10s %-9s %-9s %-10s %-10s %-8s non-2xx %s, socket errors: %s\n' "$name" "$p50" "$p99" "$rps" \
        "$(echo "$c1 - $c0" | bc)" "$(echo "scale=3; 1000 * ($c1 - $c0) / $reqs" | bc)" "$non2xx" "$sockerr"
}
if [ -n "$store" ]; then
    run board "$base/?as_of=$as_of"
    run filtered "$base/?blocked=1&buyer=$siren&as_of=$as_of&page=2"
    run late "$base/?sort=late&as_of=$as_of&page=3"
    run dossier "$base/dossiers/$id?as_of=$as_of"
    run api "$base/api/v1/dossiers?blocked=1&per_page=100&page=3&as_of=$as_of"
else
    run board "$base/?page=7"
    run dossier "$base/dossiers/syn-4242"
    run api "$base/api/v1/dossiers?blocked=1&per_page=100&page=3"
fi
printf 'server CPU in all: %s s; RSS after load: %s MiB\n' "$(cpu)" "$(rss)"
echo "uptime: $(uptime)"
