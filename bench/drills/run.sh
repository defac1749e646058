#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs the fault drills and ends with one line per drill and a total.
#
#   bench/drills/run.sh          the fast ones, for CI (about 3 minutes on 2 cores): SIGTERM
#                                and kill -9 on SQLite with short load, the dependency outages
#                                4 s each
#   bench/drills/run.sh --full   every drill in full, by hand: outages of 10 s, kill -9 on SQLite
#                                and PostgreSQL, SIGTERM on both, and the slow clients (about 2
#                                minutes of its own)
#
# Builds the debug binary once (or uses MYCANDIDATE_BIN) and passes it to every drill.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ -z ${MYCANDIDATE_BIN:-} ]]; then
    echo "[drills] building the debug binary" >&2
    (cd "$root" && swift build --product mycandidate >&2)
    MYCANDIDATE_BIN="$(cd "$root" && swift build --show-bin-path)/mycandidate"
fi
export MYCANDIDATE_BIN

verdicts=()
failed=0
count=0
# drill COMMAND...: runs one drill; its last line is its verdict.
drill() {
    local started=$SECONDS output
    count=$((count + 1))
    echo "[drills] $*" >&2
    if output=$("$@"); then :; else failed=$((failed + 1)); fi
    [[ -n $output ]] || output="FAIL $*: no verdict"
    verdicts+=("$(tail -n 1 <<<"$output") ($((SECONDS - started)) s)")
}

if [[ ${1:-} == --full ]]; then
    drill "$here/sigterm.sh"
    drill env DRILL_DB=postgres "$here/sigterm.sh"
    drill "$here/kill9.sh" sqlite postgres
    drill "$here/dependencies.sh"
    drill "$here/slow-clients.sh"
else
    drill env LOAD_SECONDS=3 "$here/sigterm.sh"
    drill env CANDIDATES=150000 "$here/kill9.sh" sqlite
    drill env OUTAGE_SECONDS=4 "$here/dependencies.sh"
fi

printf '%s\n' "${verdicts[@]}"
if ((failed)); then
    echo "FAIL drills: $failed of $count failed"
    exit 1
fi
echo "PASS drills: $count of $count"
