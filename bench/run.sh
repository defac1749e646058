#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The benchmark harness: one command from the release build to a table of figures.
#
# Builds the release binary with the Dockerfile's flags, generates the datasets (South-Africa-
# sized: 14,900 candidates on national, provincial and regional party lists over 9 provinces;
# Kenya-sized: about 14,900 on five single-member ballots over 47 counties, 290 constituencies
# and 1,450 wards; and 1,000,000 on one party list over 500 areas), imports each into SQLite and
# into a throwaway PostgreSQL, starts the server on each and measures with wrk on 127.0.0.1 the
# home page, the results page of the largest area, a party standing there, all-my-ballots of
# the area with the most on its papers, the area search for that area (asked again and again,
# and with every query new, which no cache can answer) and the API's answer for the largest
# area. nginx serves the very same response bytes from disk as the ceiling of this
# machine, so each page's requests a second are also given as a share of nginx's. Beside them:
# p50 and p99 latency, the server's CPU time per request (utime + stime from /proc over the run,
# divided by the requests), its RSS, time to ready from process start, import time, and the
# time and memory of /api/v1/export.csv; and how each grows from 15,000 to 1,000,000 candidates.
# Prints a table, writes it to BENCH_RESULTS, and says for each target "met" or "missed".
#
# A missed target does not fail the run (machines differ). It fails when something is broken: a
# non-2xx answer, a body nginx serves differently, a server that does not start, an import that
# fails.
#
# Profiles (BENCH_PROFILE):
#   full (default)  all three datasets, 1, 64 and 256 connections, 5 s runs after a 1 s
#                   warm-up; writes bench/results/latest.md. About 20 minutes beyond the build.
#   short           the two 15,000-candidate datasets, 64 connections, 2 s runs after a 1 s
#                   warm-up, no 1,000,000; writes bench/scratch/run-short.md. For CI: a few
#                   minutes beyond the build.
# Environment: BENCH_BIN (a mycandidate binary: no build), BENCH_RESULTS (where the table goes),
# BENCH_DURATION / BENCH_WARMUP (wrk durations, e.g. 5s), BENCH_CONNECTIONS (e.g. "1 64"),
# BENCH_DATASETS (of "sa ke 1m"), BENCH_ACCEPT_ENCODING (e.g. gzip; default none, as wrk
# sends), BENCH_NOTE (a sentence for the table's header, e.g. what else ran on the machine).
# Usage: bench/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_started=$EPOCHREALTIME

profile=${BENCH_PROFILE:-full}
case $profile in
  full)
    duration=5s warmup=1s default_connections="1 64 256" default_datasets="sa ke 1m"
    results=${BENCH_RESULTS:-$root/bench/results/latest.md} ;;
  short)
    duration=2s warmup=1s default_connections="64" default_datasets="sa ke"
    results=${BENCH_RESULTS:-$root/bench/scratch/run-short.md} ;;
  *) echo "BENCH_PROFILE is full or short, not '$profile'" >&2; exit 2 ;;
esac
read -r -a connection_counts <<< "${BENCH_CONNECTIONS:-$default_connections}"
read -r -a datasets <<< "${BENCH_DATASETS:-$default_datasets}"
engines=(sqlite postgres)
bench_work="$root/bench/scratch/run"
# The caller's settings must not reach the servers measured here.
unset REDIS_URL REDIS_AUTH_TOKEN DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD DB_TLS DB_CA_FILE \
  PAGE_CACHE_MB TRACING_ENABLED METRICS_EMF LOG_FORMAT TRUSTED_PROXIES CLIENT_ADDRESS_HEADER
# shellcheck source=lib.sh
source "$root/bench/lib.sh"

fail() { echo "bench/run.sh: FAILED: $*" >&2; exit 1; }
say() { echo "[bench] $*" >&2; }

bench_tools wrk curl nginx python3 pgrep=procps /usr/bin/time=time
build_release

# wrk sends only Host; curl is told to send the same, so the bytes fetched are the bytes measured.
request_headers=()
[ -n "${BENCH_ACCEPT_ENCODING:-}" ] && request_headers=(-H "Accept-Encoding: $BENCH_ACCEPT_ENCODING")
curl_headers=(-H "Accept:" -H "User-Agent:" "${request_headers[@]}")

nginx_pid=""
stop_nginx() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -TERM "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true
  fi
  nginx_pid=""
}
trap 'stop_server; stop_nginx; stop_services' EXIT

records="$bench_work/records.tsv"
: > "$records"
record() { local IFS=$'\t'; echo "$*" >> "$records"; }

busy() { pgrep -c -f 'swift-(build|frontend|test)' || true; }
# others: what else used 10 % of a core or more over a second (top's second sample).
others() {
  top -b -n 2 -d 1 -w 200 | awk '/^top -/ {n++} n == 2 && $1 ~ /^[0-9]+$/ && $9 >= 10 && $12 != "top" {
    printf "%s%s %.0f%%", sep, $12, $9; sep = ", " }'
}
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || revision+=" (with uncommitted changes)"
record meta profile "$profile"
record meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
record meta revision "$revision"
record meta cores "$(nproc)"
record meta cpu "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
record meta memory_gb "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
record meta kernel "$(uname -r)"
record meta wrk "$(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
record meta nginx "$(nginx -v 2>&1 | sed 's/.*nginx\///')"
record meta binary "$([ -n "${BENCH_BIN:-}" ] && echo "given by BENCH_BIN" || echo "built here: swift build -c release --static-swift-stdlib")"
record meta duration "$duration"
record meta warmup "$warmup"
record meta threads "$threads"
record meta accept_encoding "${BENCH_ACCEPT_ENCODING:-}"
record meta note "${BENCH_NOTE:-}"
record meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record meta compilers_start "$(busy)"
record meta others_start "$(others)"

say "starting PostgreSQL..."
rm -rf "$bench_work/services"
start_postgres "$bench_work/services" durable
pg_base="${POSTGRES_TEST_URL%%\?*}"
pg_url() { echo "${pg_base%/*}/$1${POSTGRES_TEST_URL#"$pg_base"}"; }

# import_1m DB: the 1,000,000-candidate party list (the file bench/api.sh and bench/import-1m.sh
# use, generated once into bench/scratch).
csv_1m="$root/bench/scratch/party-list-1000000.csv"
import_1m() { fresh_database "$1"; import_csv "$1" "$csv_1m" national area; }

# fetch_page ID PATH: fetches a page as wrk asks for it into $bench_work/body; fails unless 2xx.
# Prints "content_type|content_encoding|bytes".
fetch_page() {
  local status type
  IFS='|' read -r status type < <(curl -s "${curl_headers[@]}" -D "$bench_work/headers" -o "$bench_work/body" \
    -w '%{http_code}|%{content_type}\n' "$base$2")
  [[ $status == 2?? ]] || fail "$1 ($2) answered $status"
  local encoding; encoding=$(awk -F': *' 'tolower($1) == "content-encoding" {sub(/\r$/, "", $2); print $2}' "$bench_work/headers")
  echo "$type|$encoding|$(stat -c %s "$bench_work/body")"
}

# measure DATASET TARGET URL_BASE PIDS...: wrk at each connection count on every page of the
# dataset, with the CPU time of PIDS; fails on any non-2xx answer.
measure() {
  local dataset=$1 target=$2 url_base=$3 id path script conns
  shift 3
  cpu_pids=("$@")
  while IFS=$'\t' read -r id path _ script; do
    [ "$target" = nginx ] && path="/p/$id"
    for conns in "${connection_counts[@]}"; do
      say "$dataset $target: $id at $conns connection(s)..."
      local rps p50 p99 non2xx bytes requests socket cpu
      local options=("${request_headers[@]}")
      [ "$script" = - ] || options+=(-s "$root/bench/$script")
      IFS='|' read -r rps p50 p99 non2xx bytes requests socket cpu < <(run_wrk "$url_base$path" "$conns" "${options[@]}")
      ((non2xx == 0)) || fail "$dataset $target: $non2xx non-2xx answers from $path at $conns connections"
      [ "$bytes" = "$(cat "$bench_work/nginx-$dataset/$id.size")" ] ||
        fail "$dataset $target: $path is $bytes bytes, nginx serves $(cat "$bench_work/nginx-$dataset/$id.size")"
      record wrk "$dataset" "$target" "$id" "$conns" "$rps" "$p50" "$p99" "$non2xx" "$bytes" "$requests" "$socket" "$cpu"
    done
  done < "$bench_work/pages-$dataset.tsv"
  cpu_pids=()
}

# start_nginx DIR PAGES: nginx serving DIR/ID for each page ID of PAGES at /p/ID with the content type (and encoding) the server
# gave it: as many workers as cores, keep-alive, sendfile, no access log. Sets nginx_pid, nginx_base.
start_nginx() {
  local dir=$1 pages=$2 conf=$1/nginx.conf port id path _ type encoding
  port=$(free_port)
  nginx_base="http://127.0.0.1:$port"
  mkdir -p "$dir/temp"
  {
    # nginx started as root would hand its workers to nobody, who may not read the scratch folder.
    [ "$(id -u)" -ne 0 ] || echo "user root root;"
    cat <<CONF
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  open_file_cache max=64 inactive=60s;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  types { }
  server {
    listen 127.0.0.1:$port;
CONF
    while IFS=$'\t' read -r id path _; do
      IFS='|' read -r type encoding < "$dir/$id.type"
      printf '    location = /p/%s { default_type "%s"; alias %s; %s}\n' "$id" "$type" "$dir/$id" \
        "${encoding:+add_header Content-Encoding $encoding; }"
    done < "$pages"
    echo "  }"
    echo "}"
  } > "$conf"
  nginx -p "$dir" -c "$conf" -e "$dir/error.log" -g "daemon off;" &
  nginx_pid=$!
  for _ in $(seq 1 500); do
    if curl -fs -o /dev/null "$nginx_base/p/home"; then return 0; fi
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.01
  done
  cat "$dir/error.log" >&2
  fail "nginx did not start"
}

for dataset in "${datasets[@]}"; do
  case $dataset in
    sa) make_sa_csvs; import_dataset=import_sa_dataset ;;
    ke) make_ke_csvs; import_dataset=import_ke_dataset ;;
    1m)
      if [ ! -s "$csv_1m" ]; then
        say "generating 1,000,000 candidates..."
        python3 bench/generate_party_list.py --candidates 1000000 --parties 50 --areas 500 > "$csv_1m.part"
        mv "$csv_1m.part" "$csv_1m"
      fi
      import_dataset=import_1m ;;
    *) fail "unknown dataset '$dataset' (sa, ke or 1m)" ;;
  esac
  nginx_dir="$bench_work/nginx-$dataset"
  rm -rf "$nginx_dir"; mkdir -p "$nginx_dir"

  for engine in "${engines[@]}"; do
    if [ "$engine" = sqlite ]; then
      db="$bench_work/$dataset.sqlite"
    else
      PGOPTIONS="-c client_min_messages=warning" psql "$POSTGRES_TEST_URL" -q \
        -c "DROP DATABASE IF EXISTS bench_$dataset" -c "CREATE DATABASE bench_$dataset" >/dev/null
      db=$(pg_url "bench_$dataset")
    fi
    say "$dataset $engine: importing..."
    : > "$bench_work/import-rss.log"
    import_prefix=(/usr/bin/time -a -o "$bench_work/import-rss.log" -f %M)
    started=$EPOCHREALTIME
    "$import_dataset" "$db" || fail "$dataset $engine: the import failed"
    import_s=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')
    import_prefix=()
    import_rss=$(sort -n "$bench_work/import-rss.log" | tail -n 1 | awk '{printf "%.0f", $1 / 1024}')

    say "$dataset $engine: starting the server..."
    start_server "$db" || fail "$dataset $engine: the server did not start"
    rss_ready=$(rss_mb "$server_pid" VmRSS)
    if [ "$engine" = "${engines[0]}" ]; then
      say "$dataset: picking the pages from the data..."
      read -r candidates ballots areas parties < <(python3 bench/pick_pages.py "$base" "$bench_work/pages-$dataset.tsv")
      record dataset "$dataset" "$candidates" "$ballots" "$areas" "$parties"
      while IFS=$'\t' read -r id path description _; do record page "$dataset" "$id" "$path" "$description"; done \
        < "$bench_work/pages-$dataset.tsv"
    fi
    # What nginx serves is what this server answered first; the other engine must answer the same.
    while IFS=$'\t' read -r id path _; do
      IFS='|' read -r type encoding bytes < <(fetch_page "$id" "$path")
      if [ ! -e "$nginx_dir/$id" ]; then
        mv "$bench_work/body" "$nginx_dir/$id"
        echo "$type|$encoding" > "$nginx_dir/$id.type"
        echo "$bytes" > "$nginx_dir/$id.size"
      elif ! cmp -s "$bench_work/body" "$nginx_dir/$id"; then
        fail "$dataset $engine: $path differs from what ${engines[0]} answered ($bytes bytes against $(cat "$nginx_dir/$id.size"))"
      fi
    done < "$bench_work/pages-$dataset.tsv"

    # The peak RSS of the page runs alone, not of picking the pages (which downloads the export).
    hwm_reset=no
    if echo 5 > "/proc/$server_pid/clear_refs" 2>/dev/null; then hwm_reset=yes; fi
    measure "$dataset" "$engine" "$base" "$server_pid"
    rss_after=$(rss_mb "$server_pid" VmRSS)
    peak=$(rss_mb "$server_pid" VmHWM)
    record engine "$dataset" "$engine" "$import_s" "$import_rss" "$ready_s" "$rss_ready" "$rss_after" "$peak" "$hwm_reset"

    say "$dataset $engine: the export..."
    IFS='|' read -r status bytes seconds before sampled hwm < <(export_figures)
    [[ $status == 2?? ]] || fail "$dataset $engine: /api/v1/export.csv answered $status"
    record export "$dataset" "$engine" "$status" "$bytes" "$seconds" "$before" "$sampled" "$hwm"
    stop_server
  done

  say "$dataset: nginx..."
  start_nginx "$nginx_dir" "$bench_work/pages-$dataset.tsv"
  mapfile -t nginx_workers < <(pgrep -P "$nginx_pid")
  measure "$dataset" nginx "$nginx_base" "$nginx_pid" "${nginx_workers[@]}"
  stop_nginx
done

record meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
record meta compilers_end "$(busy)"
record meta others_end "$(others)"
record meta minutes "$(awk -v a="$run_started" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", (b - a) / 60}')"
mkdir -p "$(dirname "$results")"
python3 bench/run_report.py "$records" | tee "$results"
say "written to ${results#"$root/"}"
