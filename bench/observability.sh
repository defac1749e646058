#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Benchmark: what logs, metrics and traces cost a request. Serves the South-Africa-sized dataset
# (14,900 candidates) from the release binary and measures with wrk (2 threads, 64 connections,
# 10 s after a 3 s warm-up) a results page from the page cache (gzip) and the API's area
# endpoint for a typical provincial area, in these setups:
#   warning  LOG_LEVEL=warning: no access lines; metrics are always recorded
#   info     LOG_LEVEL=info, LOG_FORMAT=json: one access line per request, stdout to a file
#   emf      info, plus METRICS_EMF=true (EMF lines every 60 s)
#   tracing  info, plus TRACING_ENABLED=true: a span per request, made and dropped
#            (OTEL_TRACES_EXPORTER=none, so no collector is needed)
#   tracing-5%  the same, sampling 5% of traces (OTEL_TRACES_SAMPLER=traceidratio)
# With BASELINE_BIN=/path/to/mycandidate (a build without observability, e.g. of the commit
# before it), that binary is measured first at LOG_LEVEL=warning as "baseline".
# Prints a table and writes it to bench/results/observability.md.
# Usage: bench/observability.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bench_work="$root/bench/scratch/observability"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
bench_tools wrk curl
build_release
trap stop_server EXIT

db="$bench_work/sa-15k.sqlite"
make_sa_dataset "$db"
# Other work on the machine moves these numbers a lot; the table says how busy it was.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# cpu_per_request URL [WRK OPTION...]: the server's CPU time per request, in microseconds, over
# a 5 s wrk run. Less at the mercy of other work on the machine than requests a second, which
# fall whenever something else takes a core.
cpu_per_request() {
  local url=$1; shift
  local before; before=$(cpu_ticks "$server_pid")
  local requests; requests=$(wrk -t"$threads" -c"$connections" -d5s "$@" "$url" | awk '/requests in/ {print $1}')
  local after; after=$(cpu_ticks "$server_pid")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.1f", ticks / hz * 1e6 / n}'
}

rows=()
# measure LABEL BINARY ENV...: one table row per URL for one setup.
measure() {
  local label=$1 binary=$2; shift 2
  # start_server keeps stdout in $bench_work/stdout.log, so the log lines can be counted.
  server_bin=$binary start_server "$db" "$@"
  local area; area=$(curl -s "$base/api/v1/ballots/provincial/areas?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["areas"][0]["id"])')
  local page="/ballots/provincial/areas/$area" api="/api/v1/ballots/provincial/areas/$area"
  curl_headers=(-H "Accept-Encoding: gzip")
  echo "$label: page..." >&2
  IFS='|' read -r p_rps p_p50 p_p99 p_err _ < <(run_wrk "$base$page" "$connections" -H "Accept-Encoding: gzip")
  local p_cpu; p_cpu=$(cpu_per_request "$base$page" -H "Accept-Encoding: gzip")
  curl_headers=()
  echo "$label: API..." >&2
  IFS='|' read -r a_rps a_p50 a_p99 a_err _ < <(run_wrk "$base$api")
  local a_cpu; a_cpu=$(cpu_per_request "$base$api")
  local lines; lines=$(wc -l < "$bench_work/stdout.log")
  rows+=("| $label | $p_rps | $p_p50 | $p_p99 | $p_cpu | $a_rps | $a_p50 | $a_p99 | $a_cpu | $((p_err + a_err)) | $lines |")
  stop_server
}

if [ -n "${BASELINE_BIN:-}" ]; then
  measure baseline "$BASELINE_BIN" LOG_LEVEL=warning
fi
measure warning "$bin" LOG_LEVEL=warning LOG_FORMAT=json
measure info "$bin" LOG_LEVEL=info LOG_FORMAT=json
measure emf "$bin" LOG_LEVEL=info LOG_FORMAT=json METRICS_EMF=true
measure tracing "$bin" LOG_LEVEL=info LOG_FORMAT=json TRACING_ENABLED=true OTEL_TRACES_EXPORTER=none
measure tracing-5% "$bin" LOG_LEVEL=info LOG_FORMAT=json TRACING_ENABLED=true OTEL_TRACES_EXPORTER=none \
  OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.05

mkdir -p "$root/bench/results"
{
  cat <<TABLE

Observability overhead, $(date -u +%Y-%m-%d): South-Africa-sized dataset (14,900 candidates), release build, SQLite, $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); wrk and the server share them.
Load average before the runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg).
wrk: $connections connections, $duration after a $warmup warm-up. "Page" is a provincial results page
from the page cache (gzip); "API" is /api/v1/ballots/provincial/areas/{area}. "CPU µs" is the
server's CPU time (user and system) per request over a further 5 s run; it too moves when
other work shares the machine. "Lines" counts what the server wrote to stdout
over the whole run (warm-ups included).

| Setup | Page req/s | Page p50 ms | Page p99 ms | Page CPU µs | API req/s | API p50 ms | API p99 ms | API CPU µs | Non-2xx | Lines |
|---|---|---|---|---|---|---|---|---|---|---|
TABLE
  printf '%s\n' "${rows[@]}"
} | tee -a "$root/bench/results/observability.md"
