#!/usr/bin/env bash
# Import benchmark (issue 7): `mandat import` and `mandat status --blocked` on a synthetic set of N invoices
# with their Chorus Pro statuses and PES files, on SQLite and then on PostgreSQL.
#
# Usage: scripts/import-bench.sh [N]          (default N = 100000, about 1.3 GB of XML)
# Environment:
#   BENCH_DIR=dir     generate the set there (default: a new temporary folder, removed at the end)
#   KEEP=1            keep the generated set and the databases
#   SKIP_BUILD=1      use the existing release binary in .build-release
#   SKIP_PG=1         SQLite only
#   SKIP_STATUS=1     do not time `status --blocked`
#   PGBIN=...         PostgreSQL binaries (default: the newest Debian /usr/lib/postgresql/*/bin); PGPORT (default 55436)
#
# Targets (issue 7): >= 50 MB/s of XML on SQLite, peak RSS <= 200 MB, `status --blocked` <= 1 s.
# Every figure comes from `/usr/bin/time -v` (wall time, peak RSS) and from the import's JSON summary.
set -euo pipefail

N=${1:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH="$ROOT/.build-release"
BIN="$SCRATCH/release/mandat"
OUT="$ROOT/bench-out/import-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PGPORT=${PGPORT:-55436}
SQLITE_DB=${SQLITE_DB:-$OUT/bench.sqlite}   # the run's own folder (git-ignored); never inside BENCH_DIR

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/bench.log" >&2; }

# 1. Release build in the background (slow: all dependencies), while the set is generated.
BUILD_PID=
if [ -z "${SKIP_BUILD:-}" ]; then
    log "release build started (log: $OUT/build.log)"
    (cd "$ROOT" && swift build -c release --product mandat --scratch-path "$SCRATCH") > "$OUT/build.log" 2>&1 &
    BUILD_PID=$!
fi

# 2. The synthetic set.
if [ -n "${BENCH_DIR:-}" ]; then
    SET="$BENCH_DIR"
else
    SET=$(mktemp -d "${TMPDIR:-/tmp}/mandat-import-set.XXXXXX")
fi
PG_DATA=
cleanup() {
    if [ -n "$PG_DATA" ]; then
        su postgres -c "$PGBIN/pg_ctl -D $PG_DATA -m fast -w stop" > /dev/null 2>&1 || true
        [ -z "${KEEP:-}" ] && rm -rf "$PG_DATA"
    fi
    if [ -z "${KEEP:-}" ] && [ -z "${BENCH_DIR:-}" ]; then rm -rf "$SET"; fi
}
trap cleanup EXIT

if [ -d "$SET/invoices" ] && [ -n "$(ls -A "$SET/invoices" 2>/dev/null)" ]; then
    log "reusing the set in $SET"
else
    log "generating N=$N in $SET"
    /usr/bin/time -v python3 "$ROOT/scripts/gen_import_set.py" "$SET" "$N" > "$OUT/gen.json" 2> "$OUT/gen.time"
    log "generated: $(cat "$OUT/gen.json")"
fi
SET_FILES=$(find "$SET" -type f -name '*.xml' | wc -l)
SET_BYTES=$(find "$SET" -type f -name '*.xml' -printf '%s\n' | awk '{s+=$1} END {print s}')
log "set: $SET_FILES files, $SET_BYTES bytes"

if [ -n "$BUILD_PID" ]; then
    log "waiting for the release build"
    if ! wait "$BUILD_PID"; then log "release build FAILED (see $OUT/build.log)"; exit 1; fi
fi
[ -x "$BIN" ] || { log "no binary at $BIN"; exit 1; }

# time -v fields: wall clock "h:mm:ss" or "m:ss.ss" -> seconds; peak RSS in kB -> MB.
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
cpu_s() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$1"; }
# The JSON summary is the last object printed (per-file progress lines come before it on a pipe).
summary_field() { sed -n '/^{/,$p' "$1" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$2', 0))"; }

RESULTS="$OUT/results.md"
echo "| Store | Step | Wall s | CPU s | Peak RSS MB | Files/s | MB/s | MB per CPU-s | Events/s | Store size MB | Notes |" > "$RESULTS"
echo "|---|---|---|---|---|---|---|---|---|---|---|" >> "$RESULTS"

run_one() {  # $1 = label, $2 = --db value, $3 = command printing the store size in bytes
    local label=$1 db=$2 sizecmd=$3
    log "[$label] uptime: $(uptime)"
    log "[$label] mandat import --db $db $SET"
    set +e
    /usr/bin/time -v "$BIN" import --db "$db" --format json "$SET" \
        > "$OUT/import-$label.out" 2> "$OUT/import-$label.time"
    local rc=$?
    set -e
    local w r c files bytes events invoices mandats failed size
    w=$(wall_s "$OUT/import-$label.time"); r=$(rss_mb "$OUT/import-$label.time"); c=$(cpu_s "$OUT/import-$label.time")
    files=$(summary_field "$OUT/import-$label.out" filesImported)
    bytes=$(summary_field "$OUT/import-$label.out" bytes)
    events=$(summary_field "$OUT/import-$label.out" eventsNew)
    invoices=$(summary_field "$OUT/import-$label.out" invoicesNew)
    mandats=$(summary_field "$OUT/import-$label.out" mandatsNew)
    failed=$(summary_field "$OUT/import-$label.out" filesFailed)
    size=$(eval "$sizecmd" || true)   # du fails when the WAL file is gone (closed store)
    size=${size:-0}
    log "[$label] import rc=$rc wall=${w}s cpu=${c}s rss=${r}MB files=$files bytes=$bytes events=$events invoices=$invoices mandats=$mandats failed=$failed store=${size}B"
    printf '| %s | import%s | %s | %s | %s | %.0f | %.1f | %.1f | %.0f | %.1f | rc %s; %s files, %s invoices, %s events, %s mandats, %s failed |\n' \
        "$label" "" "$w" "$c" "$r" "$(echo "$files / $w" | bc -l)" \
        "$(echo "$bytes / 1000000 / $w" | bc -l)" "$(echo "$bytes / 1000000 / $c" | bc -l)" \
        "$(echo "$events / $w" | bc -l)" "$(echo "$size / 1000000" | bc -l)" "$rc" "$files" "$invoices" "$events" \
        "$mandats" "$failed" >> "$RESULTS"
    [ -n "${SKIP_STATUS:-}" ] && return 0

    log "[$label] uptime: $(uptime)"
    log "[$label] mandat status --blocked --db $db --as-of 2026-11-29"
    set +e
    /usr/bin/time -v "$BIN" status --blocked --db "$db" --as-of 2026-11-29 --format csv \
        > "$OUT/status-$label.csv" 2> "$OUT/status-$label.time"
    rc=$?
    set -e
    w=$(wall_s "$OUT/status-$label.time"); r=$(rss_mb "$OUT/status-$label.time"); c=$(cpu_s "$OUT/status-$label.time")
    local rows
    rows=$(($(wc -l < "$OUT/status-$label.csv") - 1))
    log "[$label] status rc=$rc wall=${w}s cpu=${c}s rss=${r}MB blocked rows=$rows"
    printf '| %s | status --blocked | %s | %s | %s | | | | | | rc %s; %s blocked dossiers listed |\n' \
        "$label" "$w" "$c" "$r" "$rc" "$rows" >> "$RESULTS"
}

# 3. SQLite.
rm -f "$SQLITE_DB" "$SQLITE_DB-wal" "$SQLITE_DB-shm"
run_one sqlite "$SQLITE_DB" "ls $SQLITE_DB $SQLITE_DB-wal 2>/dev/null | xargs du -cb | tail -1 | cut -f1"
[ -z "${KEEP:-}" ] && rm -f "$SQLITE_DB" "$SQLITE_DB-wal" "$SQLITE_DB-shm"

# 4. PostgreSQL: a private server on 127.0.0.1:$PGPORT, trust authentication, removed at the end.
if [ -z "${SKIP_PG:-}" ]; then
    PG_DATA=$(mktemp -d)
    chown postgres "$PG_DATA"
    su postgres -c "$PGBIN/initdb -D $PG_DATA -A trust -U postgres" > "$OUT/pg-initdb.log" 2>&1
    su postgres -c "$PGBIN/pg_ctl -D $PG_DATA -o '-k /tmp -c listen_addresses=127.0.0.1 -p $PGPORT' -l $PG_DATA/log -w start" \
        > "$OUT/pg-start.log" 2>&1
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c 'create database bench'
    PGURL="postgres://postgres@127.0.0.1:$PGPORT/bench?tlsmode=disable"
    run_one postgres "$PGURL" \
        "psql -h 127.0.0.1 -p $PGPORT -U postgres -d bench -Atc \"select pg_database_size('bench')\""
fi

log "uptime at the end: $(uptime)"
echo
cat "$RESULTS"
echo
echo "All outputs in $OUT"
