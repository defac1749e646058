#!/usr/bin/env bash
# API fuzzing: the real mycandidate server, on a throwaway SQLite file with the bundled demo
# dataset, against schemathesis generating requests from the served contract
# (/api/openapi.json) and running every check on the answers. Installs schemathesis (pinned)
# into its own virtualenv, builds the debug binary (reusing .build), starts the server on a
# free loopback port and always stops it again. Exits with schemathesis' status, so any
# failure it reports fails the run. Works from any directory and in a fresh clone.
#
# Environment: SCHEMATHESIS_MAX_EXAMPLES (default 200 per operation and phase),
# SCHEMATHESIS_SEED (default fixed, so a CI failure reproduces; set "random" to explore),
# SCHEMATHESIS_VENV (where the virtualenv lives). Extra arguments go to `schemathesis run`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../.ci/services.sh
source "$repo_root/.ci/services.sh"   # free_port, python_venv
log() { printf '[api-fuzz] %s\n' "$*" >&2; }

# Its own virtualenv, because schemathesis brings a newer pytest than the browser suite pins.
# It lives outside the work tree and is kept between runs while it holds the pinned version.
schemathesis_version=4.32.5
venv="${SCHEMATHESIS_VENV:-${TMPDIR:-/tmp}/mycandidate-schemathesis-$schemathesis_version}"
schemathesis="$venv/bin/schemathesis"
python_venv "$venv" "schemathesis==$schemathesis_version"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/mycandidate-api-fuzz.XXXXXX")"
server_pid=""
cleanup() {
    local status=$?
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
cd "$repo_root"
log "building mycandidate (debug)"
swift build --product mycandidate >"$work_dir/build.log" 2>&1 || { cat "$work_dir/build.log" >&2; exit 1; }
bin="$(swift build --show-bin-path)/mycandidate"

port="$(free_port)"
base="http://127.0.0.1:$port"
# RATE_LIMIT_PER_MINUTE=0: the fuzzer sends thousands of requests from one address; a rate
# limit answering 429 would be a limit working, not a finding.
HOST=127.0.0.1 PORT="$port" DATABASE_URL="sqlite:$work_dir/api.sqlite" MIGRATE_ON_START=true \
    DEMO_DATA=true RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warning METRICS_PORT=0 \
    "$bin" serve >"$work_dir/server.log" 2>&1 &
server_pid=$!

ready=false
for _ in $(seq 1 600); do
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    if curl -fs -o /dev/null "$base/healthz" 2>/dev/null; then ready=true; break; fi
    sleep 0.1
done
if ! $ready; then
    log "the server did not become ready on $base; its log:"
    cat "$work_dir/server.log" >&2
    exit 1
fi
log "server ready on $base"

seed_args=()
seed="${SCHEMATHESIS_SEED:-20260101}"
[[ $seed == random ]] || seed_args=(--seed "$seed")

status=0
# Run from the scratch directory so reports stay out of the work tree. Every check runs and
# none is excluded; --max-examples bounds each operation's generated cases per phase.
# fuzz_hooks.py swaps generated `cursor` strings for cursors the API could have issued (why:
# see that file).
(
    cd "$work_dir"
    export PYTHONPATH="$repo_root/Tests/api" SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONDONTWRITEBYTECODE=1
    "$schemathesis" run "$base/api/openapi.json" \
        --checks all \
        --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-200}" \
        "${seed_args[@]}" \
        --workers 2 \
        --request-timeout 10 \
        --generation-database none \
        --no-color \
        "$@"
) || status=$?

if [[ $status -ne 0 ]]; then
    log "schemathesis reported failures (exit $status); server log tail:"
    tail -n 40 "$work_dir/server.log" >&2 || true
fi
exit "$status"
