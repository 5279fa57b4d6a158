#!/usr/bin/env bash
# Load test of the web dashboard on loopback: `mandat serve` with N synthetic dossiers (default 100 000),
# wrk at 50 connections against the board and a dossier page; prints p99 latency and errors.
#
# Usage: scripts/load-test.sh [DOSSIERS] [SECONDS]      (defaults 100000 and 20)
#   CONFIG=release|debug (default release). Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-100000}"
secs="${2:-20}"
config="${CONFIG:-release}"
port="${PORT:-18181}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

cd "$root"
swift build -c "$config" --product mandat >/dev/null
bin="$(swift build -c "$config" --show-bin-path)/mandat"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
db="$work/mandat.sqlite"
printf 'load-test-password\n' | "$bin" user add load --role viewer --db "$db" >/dev/null
token="$("$bin" user token load --db "$db")"

start=$(date +%s.%N)
"$bin" serve --db "$db" --port "$port" --synthetic "$n" --as-of 2026-11-29 >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done
ready=$(date +%s.%N)
printf 'server ready with %s synthetic dossiers in %.1f s (%s build)\n' "$n" "$(echo "$ready - $start" | bc)" "$config"
rss=$(ps -o rss= -p "$pid" | tr -d ' ')

h="Authorization: Bearer $token"
# warm the board cache once, then measure
curl -s -o /dev/null -H "$h" "http://127.0.0.1:$port/"
first=$(curl -s -o /dev/null -w '%{time_total}' -H "$h" "http://127.0.0.1:$port/?sort=late&as_of=2026-11-29")
printf 'first (uncached) board sorted by lateness: %s s\n' "$first"

warm() { curl -s -o /dev/null -m 60 -H "$h" "$1"; }
run() {
    local name="$1" url="$2"
    warm "$url"  # the first computation of a new filter set is measured above, not here
    wrk -t2 -c50 -d"${secs}s" --latency -H "$h" "$url" >"$work/$name.txt"
    local p99 rps non2xx sockerr
    p99=$(awk '/ 99%/{print $2}' "$work/$name.txt")
    rps=$(awk '/Requests\/sec/{print $2}' "$work/$name.txt")
    non2xx=$(awk '/Non-2xx/{print $NF}' "$work/$name.txt"); non2xx=${non2xx:-0}
    sockerr=$(awk '/Socket errors/{print $0}' "$work/$name.txt"); sockerr=${sockerr:-none}
    printf '%-8s p99 %-9s %s req/s, non-2xx %s, socket errors: %s\n' "$name" "$p99" "$rps" "$non2xx" "$sockerr"
}
run board "http://127.0.0.1:$port/?page=7"
run dossier "http://127.0.0.1:$port/dossiers/syn-4242"
run api "http://127.0.0.1:$port/api/v1/dossiers?blocked=1&per_page=100&page=3"
printf 'server RSS after start: %s MiB; after load: %s MiB\n' "$((rss / 1024))" "$(( $(ps -o rss= -p "$pid" | tr -d ' ') / 1024 ))"
