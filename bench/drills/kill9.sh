#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Fault drill: kill -9 in the middle of an import and in the middle of a publish, against
# SQLite and against PostgreSQL, with a server serving the published version throughout.
#
# For each database: version 1 (a small list) is published and its export saved. Then
#   1. an import of a big list is killed once its transaction is writing rows (SQLite: the
#      write-ahead log grows; PostgreSQL: the import's session holds a transaction id);
#   2. the big list is stored as a draft, and `mycandidate datasets publish` of it is killed
#      PUBLISH_KILLS times at increasing delays, so the kills land before, during and after
#      the commit (a publish is one short transaction: which of them it was is reported).
# After every kill: `datasets list` still reads, exactly one version is published and it is
# the one before the kill or, for a publish, the draft; nothing half-stored appears; the
# server serves that version, and its /api/v1/export.csv is byte-identical to that version's
# export (to the one saved before the kills for version 1). A publish that went through is
# rolled back before the next kill. Finally the next import succeeds, is published and served.
#
# Usage: kill9.sh [sqlite] [postgres] (both by default). Settings: CANDIDATES in the big list
# (300000), PUBLISH_KILLS (8), SERVE_LIMIT (seconds for the server to swap to a newly
# published version, 60), MYCANDIDATE_BIN.
set -euo pipefail
drill=kill9
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

databases=("$@")
((${#databases[@]})) || databases=(sqlite postgres)
candidates=${CANDIDATES:-300000}
publish_kills=${PUBLISH_KILLS:-8}
serve_limit=${SERVE_LIMIT:-60}

drill_binary
python3 "$root/bench/generate_party_list.py" --candidates 2000 --parties 10 --areas 20 >"$work/small.csv"
python3 "$root/bench/generate_party_list.py" --candidates "$candidates" --parties 50 --areas 200 >"$work/big.csv"
sed 's/^Party /Next /' "$work/small.csv" >"$work/next.csv"

problems=()
results=()
problem() { problems+=("$db: $*"); log "PROBLEM: $*"; }

import_csv() { # import_csv CSV [OPTION...]: an import of a party-list CSV into `url`
    local csv=$1
    shift
    DATABASE_URL="$url" "$bin" import "$csv" --ballot national --area-column list_type "$@"
}
# versions: "id:status:candidates" for every stored version, newest first.
versions() {
    DATABASE_URL="$url" "$bin" datasets list --json 2>"$work/list.err" | python3 -c '
import json, sys
print(" ".join("%s:%s:%s" % (v["id"], v["status"], v["counts"]["candidates"]) for v in json.load(sys.stdin)))'
}
published() { tr ' ' '\n' <<<"$1" | awk -F: '$2 == "published" { print $1 }' | paste -sd' ' -; }
served_version() { curl -s -m 5 "http://127.0.0.1:$port/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["dataset_version"])' 2>/dev/null || echo "-"; }
# shellcheck disable=SC2317 # called through wait_for
serves() { [[ $(served_version) == "$1" ]]; }

# check_state WHEN EXPECTED_VERSIONS EXPORT: the stored versions are exactly as expected, the
# server serves the published one and its export is byte-identical to EXPORT.
check_state() {
    local when=$1 expected=$2 export=$3 now id
    if ! now=$(versions); then problem "after $when, datasets list failed: $(cat "$work/list.err")"; return 1; fi
    [[ $now == "$expected" ]] || { problem "after $when the versions are '$now', not '$expected'"; return 1; }
    id=$(published "$now")
    # A new version is served once the instance's poll (1 s here) has loaded its snapshot:
    # seconds for a few hundred thousand candidates from PostgreSQL with the debug build.
    local took
    took=$(wait_for "$serve_limit" serves "$id") || { problem "after $when the server serves version $(served_version), not $id, after $serve_limit s"; return 1; }
    [[ ${took%.*} -lt 3 ]] || log "$db: serving version $id took $took s"
    curl -s -f -o "$work/export.now" "http://127.0.0.1:$port/api/v1/export.csv" || { problem "after $when the export failed"; return 1; }
    cmp -s "$work/export.now" "$export" || { problem "after $when the export of version $id differs from before"; return 1; }
}

# mid_write PID: waits until the import's transaction is writing rows, kills the import with
# SIGKILL and succeeds; fails if the import ends first. SQLite: the write-ahead log grows past
# its size before (pages spill from the cache while the transaction writes; the commit is the
# last frame), watched every millisecond so the kill lands before the commit. PostgreSQL: the
# import's session holds a transaction id (from its first row on), then writes for a second.
mid_write() {
    local pid=$1
    if [[ $db == sqlite ]]; then
        python3 - "$pid" "$sqlite_file-wal" "$wal_before" <<'PY'
import os, signal, sys, time
pid, wal, before = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(1)
    try:
        if os.stat(wal).st_size > before + 256 * 1024:
            os.kill(pid, signal.SIGKILL)
            sys.exit(0)
    except FileNotFoundError:
        pass
    time.sleep(0.001)
PY
        return
    fi
    while kill -0 "$pid" 2>/dev/null; do
        if [[ $(psql -qtA "$POSTGRES_TEST_URL" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'drill' AND backend_xid IS NOT NULL") -gt 0 ]]; then
            sleep 1
            kill -KILL "$pid" 2>/dev/null
            return
        fi
        sleep 0.01
    done
    return 1
}

drill_database() {
    case $db in
        sqlite) sqlite_file="$work/drill.sqlite"; url="sqlite:$sqlite_file" ;;
        postgres) drill_postgres; url=$pg_url sqlite_file="" ;;
    esac
    log "$db: migrate, and version 1 from a list of 2,000 candidates"
    DATABASE_URL="$url" "$bin" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; fail "$db: migrate failed"; }
    import_csv "$work/small.csv" >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; fail "$db: the first import failed"; }
    start_instance "server-$db" "$url" SNAPSHOT_POLL_SECONDS=1 SHUTDOWN_DELAY=0
    port=$instance_port server_pid=$instance_pid
    local before v1 export_v1="$work/export-$db-v1.csv"
    before=$(versions)
    v1=$(published "$before")
    curl -s -f -o "$export_v1" "http://127.0.0.1:$port/api/v1/export.csv" || fail "$db: no export"
    log "$db: versions $before; export of version $v1: $(wc -c <"$export_v1") bytes"

    # 1. kill -9 in the middle of an import.
    wal_before=$(stat -c %s "$sqlite_file-wal" 2>/dev/null || echo 0)
    # The binary itself in the background (not through import_csv, a function, whose
    # subshell would take the signal while the import ran on), so $! is the import.
    DATABASE_URL="$url" "$bin" import "$work/big.csv" --ballot national --area-column list_type >"$work/killed-import.log" 2>&1 &
    local import_pid=$! started killed_after
    started=$(date +%s.%N)
    if mid_write "$import_pid"; then
        killed_after=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
        log "$db: import of $candidates candidates killed after ${killed_after} s, mid-write"
    else
        killed_after="never (it ended first)"
        problem "the import of $candidates candidates ended before it could be killed mid-write; raise CANDIDATES"
    fi
    wait "$import_pid" 2>/dev/null || true
    local import_intact=no
    check_state "kill -9 during an import" "$before" "$export_v1" && import_intact=yes

    # 2. kill -9 during a publish of a big draft.
    log "$db: storing the big list as a draft"
    import_csv "$work/big.csv" --draft >"$work/draft.log" 2>&1 || { cat "$work/draft.log" >&2; fail "$db: the draft import failed"; }
    local with_draft draft i delay state export_draft="$work/export-$db-draft.csv" landed_before=0 landed_after=0 publish_intact=yes
    with_draft=$(versions)
    draft=${with_draft%%:*}
    check_state "storing a draft" "$with_draft" "$export_v1" || publish_intact=no
    for i in $(seq 1 "$publish_kills"); do
        # From 2 ms to about 130 ms: a publish is a process start and one short transaction.
        delay=$(awk -v i="$i" 'BEGIN { printf "%.3f", 0.002 * i * i }')
        DATABASE_URL="$url" "$bin" datasets publish "$draft" >"$work/publish.log" 2>&1 &
        local publish_pid=$!
        sleep "$delay"
        kill -KILL "$publish_pid" 2>/dev/null || true
        wait "$publish_pid" 2>/dev/null || true
        if ! state=$(versions); then problem "after killing a publish at ${delay}s, datasets list failed"; publish_intact=no; continue; fi
        case $(published "$state") in
            "$v1")
                landed_before=$((landed_before + 1))
                check_state "killing a publish at ${delay}s (before its commit)" "$with_draft" "$export_v1" || publish_intact=no
                ;;
            "$draft")
                landed_after=$((landed_after + 1))
                # The first complete publish gives the draft's export; every later one must match it.
                if [[ ! -f $export_draft ]]; then
                    wait_for "$serve_limit" serves "$draft" >/dev/null || problem "the server did not serve the published draft within $serve_limit s"
                    curl -s -f -o "$export_draft" "http://127.0.0.1:$port/api/v1/export.csv" || problem "no export of the draft"
                    rows=$(($(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))))' "$export_draft") - 1))
                    ((rows == candidates)) || { problem "the published draft's export has $rows rows, not $candidates"; publish_intact=no; }
                fi
                check_state "killing a publish at ${delay}s (after its commit)" "$state" "$export_draft" || publish_intact=no
                DATABASE_URL="$url" "$bin" datasets rollback >"$work/rollback.log" 2>&1 || { problem "rollback failed: $(cat "$work/rollback.log")"; publish_intact=no; break; }
                with_draft=$(versions)
                check_state "rolling back" "$with_draft" "$export_v1" || publish_intact=no
                ;;
            *) problem "after killing a publish at ${delay}s the published versions are '$(published "$state")'"; publish_intact=no ;;
        esac
    done
    log "$db: $publish_kills publishes killed: $landed_before before the commit, $landed_after after it"

    # 3. The next import succeeds, is published and served.
    local next_ok=no next
    if import_csv "$work/next.csv" >"$work/next.log" 2>&1; then
        next=$(published "$(versions)")
        if [[ $next != "$v1" && $next != "$draft" ]] && wait_for "$serve_limit" serves "$next" >/dev/null &&
            curl -s -f -o "$work/export.next" "http://127.0.0.1:$port/api/v1/export.csv" && grep -q "Next 0" "$work/export.next"; then
            next_ok=yes
        else
            problem "the next import's version ${next:-?} is not served"
        fi
    else
        problem "the next import failed: $(tail -n 3 "$work/next.log")"
    fi
    results+=("$db|$killed_after|$import_intact|$landed_before|$landed_after|$publish_intact|$next_ok")
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    stop_services
}

for db in "${databases[@]}"; do
    case $db in sqlite | postgres) drill_database ;; *) fail "unknown database $db (sqlite or postgres)" ;; esac
done

{
    echo
    echo "| Database | import of $candidates killed after (s) | intact after | publishes killed before / after commit | intact after | next import |"
    echo "|---|---|---|---|---|---|"
    for row in "${results[@]}"; do
        IFS='|' read -r d k ii lb la pi n <<<"$row"
        echo "| $d | $k | $ii | $lb / $la | $pi | $n |"
    done
    echo
} >&2
summary=$(for row in "${results[@]}"; do
    IFS='|' read -r d k ii lb la pi n <<<"$row"
    printf '%s: import killed at %ss intact=%s, %s publishes killed (%s before, %s after commit) intact=%s, next import ok=%s; ' \
        "$d" "$k" "$ii" "$publish_kills" "$lb" "$la" "$pi" "$n"
done)
if ((${#problems[@]})); then fail "${problems[*]}"; fi
pass "${summary%; }"
