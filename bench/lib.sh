# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# What the HTTP benchmarks share: the release binary, a server on a scratch database, wrk runs
# and the South-Africa- and Kenya-sized datasets. Source it after setting `root` (the repository)
# and `bench_work` (a scratch folder); `threads`, `connections`, `duration` and `warmup` tune
# run_wrk (BENCH_DURATION and BENCH_WARMUP override the last two).

: "${root:?set root to the repository before sourcing bench/lib.sh}"
: "${bench_work:?set bench_work to a scratch folder before sourcing bench/lib.sh}"
threads=${threads:-2}
connections=${connections:-64}
duration=${BENCH_DURATION:-${duration:-10s}}
warmup=${BENCH_WARMUP:-${warmup:-3s}}
mkdir -p "$bench_work"

# shellcheck source=../.ci/services.sh
source "$root/.ci/services.sh"   # free_port, and start_redis for those who need it

# bench_tools TOOL...: installs the Debian packages of the commands that are missing; a TOOL
# is a command named like its package, or COMMAND=PACKAGE (pgrep=procps).
bench_tools() {
  local missing=() tool
  for tool in "$@"; do command -v "${tool%%=*}" >/dev/null || missing+=("${tool#*=}"); done
  if ((${#missing[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# build_release: sets `bin` to the release binary: BENCH_BIN when given, otherwise built with
# the Dockerfile's flags, so what is measured is what is deployed (and where the container test
# has built it already, this build has nothing to do).
build_release() {
  if [ -n "${BENCH_BIN:-}" ]; then
    [ -x "$BENCH_BIN" ] || { echo "BENCH_BIN is not an executable: $BENCH_BIN" >&2; return 1; }
    bin=$BENCH_BIN
    return 0
  fi
  echo "building the release binary (swift build -c release --static-swift-stdlib)..." >&2
  swift build -c release --static-swift-stdlib --product mycandidate >&2
  bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/mycandidate"
}

# database_url DB: DB as a DATABASE_URL; a bare path is an SQLite file.
database_url() {
  case $1 in
    sqlite:* | postgres://* | postgresql://*) echo "$1" ;;
    *) echo "sqlite:$1" ;;
  esac
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

# start_server DB [KEY=VALUE...]: serves the published version of DB (an SQLite path or a
# DATABASE_URL) with the settings given on top of the benchmark's (no migrations, no demo data,
# no rate limit, no metrics listener, no shutdown delay, warnings only), from `server_bin`
# (default: `bin`). Waits until /readyz answers 200 and sets server_pid, base and ready_s (the
# seconds from starting the process until then). Stdout goes to $bench_work/stdout.log, stderr
# to $bench_work/stderr.log.
start_server() {
  local url; url=$(database_url "$1"); shift
  local port; port=$(free_port)
  base="http://127.0.0.1:$port"
  local started=$EPOCHREALTIME
  env DATABASE_URL="$url" MIGRATE_ON_START=false DEMO_DATA=false RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warning \
    METRICS_PORT=0 SHUTDOWN_DELAY=0 "$@" \
    "${server_bin:-$bin}" serve --host 127.0.0.1 --port "$port" > "$bench_work/stdout.log" 2> "$bench_work/stderr.log" &
  server_pid=$!
  local status
  for _ in $(seq 1 6000); do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" || true)
    # A build from before /readyz (observability.sh's BASELINE_BIN) is ready once it answers.
    if [ "$status" = 200 ] || { [ "$status" = 404 ] && curl -fs -o /dev/null "$base/healthz"; }; then
      # shellcheck disable=SC2034 # for the caller
      ready_s=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f", b - a}')
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.01
  done
  cat "$bench_work/stderr.log" "$bench_work/stdout.log" >&2
  echo "the server did not start" >&2
  return 1
}

# import_file DB CSV BALLOT AREA_COLUMN [IMPORT OPTION...]: imports one CSV as one ballot and
# publishes the result; the JSON report goes to $bench_work/import.json. `import_prefix` (an
# array, e.g. /usr/bin/time and its options) is put before the command.
import_prefix=()
import_file() {
  local url; url=$(database_url "$1")
  DATABASE_URL="$url" MIGRATE_ON_START=true LOG_LEVEL=warning \
    "${import_prefix[@]}" "$bin" import "$2" --ballot "$3" --area-column "$4" "${@:5}" --json > "$bench_work/import.json"
}

# import_csv DB CSV BALLOT LEVEL: imports one party-list ballot and publishes the result.
import_csv() { import_file "$1" "$2" "$3" list_type --level "$4"; }

# fresh_database DB: removes an SQLite file (and its journal), so an import starts from nothing;
# a PostgreSQL database is the caller's to create empty.
fresh_database() {
  case $1 in
    postgres://* | postgresql://*) ;;
    *) local file=${1#sqlite:}; rm -f "$file" "$file"-* ;;
  esac
}

rss_mb() { awk -v key="$2:" '$1 == key {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# cpu_ticks PID...: the processes' user and system CPU time so far, in clock ticks (fields 14
# and 15 of /proc/PID/stat, counted after the command name, which may hold spaces).
cpu_ticks() {
  local pid total=0 fields
  for pid in "$@"; do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat")
    total=$((total + $(awk '{print $12 + $13}' <<< "$fields")))
  done
  echo "$total"
}

# run_wrk URL [CONNECTIONS [WRK OPTION...]]: warms up for `warmup`, runs wrk for `duration`, then
# prints "requests_per_s|p50_ms|p99_ms|non_2xx|bytes_per_response". Request headers given to
# wrk (-H) belong in `curl_headers` too, so the size is measured alike. When `cpu_pids` (an
# array) names processes, it appends "|requests|socket_errors|cpu_us_per_request": their CPU time
# over the measured run divided by the requests wrk completed.
curl_headers=()
cpu_pids=()
run_wrk() {
  local url=$1 conns=${2:-$connections} out="$bench_work/wrk.out"
  shift $(($# < 2 ? $# : 2))
  local wrk_threads=$((conns < threads ? conns : threads))
  wrk -t"$wrk_threads" -c"$conns" -d"$warmup" "$@" "$url" > /dev/null
  local before=0 after=0
  ((${#cpu_pids[@]})) && before=$(cpu_ticks "${cpu_pids[@]}")
  wrk -t"$wrk_threads" -c"$conns" -d"$duration" --latency "$@" "$url" > "$out"
  ((${#cpu_pids[@]})) && after=$(cpu_ticks "${cpu_pids[@]}")
  # The size of one response as the load generator gets it (the same headers, e.g. gzip).
  local bytes; bytes=$(curl -s -o /dev/null -w '%{size_download}' "${curl_headers[@]}" "$url")
  awk -v bytes="$bytes" -v cpu=${#cpu_pids[@]} -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v
    }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { requests = $1 }
    /Non-2xx or 3xx responses:/ { errors = $NF }
    /Socket errors:/ { gsub(/,/, ""); socket = $4 + $6 + $8 + $10 }
    END {
      printf "%.0f|%.2f|%.2f|%d|%d", rps, p50, p99, errors, bytes
      if (cpu) printf "|%d|%d|%.1f", requests, socket, requests ? ticks / hz * 1e6 / requests : 0
      printf "\n"
    }' "$out"
}

# export_figures: downloads /api/v1/export.csv once from the running server and prints
# "status|bytes|seconds|rss_before_mb|peak_rss_sampled_mb|vmhwm_mb": the server's RSS before,
# its peak during (VmRSS sampled every 50 ms, and VmHWM after resetting it through clear_refs,
# "n/a" where that is not allowed).
export_figures() {
  local samples="$bench_work/rss.samples"
  local before; before=$(rss_mb "$server_pid" VmRSS)
  local hwm_reset=no
  if echo 5 > "/proc/$server_pid/clear_refs" 2>/dev/null; then hwm_reset=yes; fi
  : > "$samples"
  (while kill -0 "$server_pid" 2>/dev/null; do
     awk '$1 == "VmRSS:" {print $2}' "/proc/$server_pid/status" >> "$samples" 2>/dev/null || true
     sleep 0.05
   done) &
  local sampler=$!
  local result; result=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}' "$base/api/v1/export.csv")
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  local sampled; sampled=$(sort -n "$samples" | tail -n 1)
  local hwm="n/a"; [ "$hwm_reset" = yes ] && hwm=$(rss_mb "$server_pid" VmHWM)
  local status bytes seconds
  read -r status bytes seconds <<< "$result"
  printf '%s|%s|%s|%s|%.0f|%s\n' "$status" "$bytes" "$seconds" "$before" "$(( ${sampled:-0} / 1024 ))" "$hwm"
}

# make_sa_csvs: the South-Africa-sized dataset's files (14,900 candidates, 50 parties): a
# national list, and provincial and regional lists over 9 provinces, in $bench_work.
make_sa_csvs() {
  local provinces="Eastern Cape,Free State,Gauteng,KwaZulu-Natal,Limpopo,Mpumalanga,North West,Northern Cape,Western Cape"
  python3 "$root/bench/generate_party_list.py" --candidates 5000 --parties 50 --area-names "National" > "$bench_work/national.csv"
  python3 "$root/bench/generate_party_list.py" --candidates 4950 --parties 50 --area-names "$provinces" > "$bench_work/provincial.csv"
  # The regional lists are per province too: a voter in Gauteng gets all three ballots.
  python3 "$root/bench/generate_party_list.py" --candidates 4950 --parties 50 --area-names "$provinces" > "$bench_work/regional.csv"
}

# import_sa_dataset DB: imports the files of make_sa_csvs one at a time, as an operator would.
import_sa_dataset() {
  fresh_database "$1"
  import_csv "$1" "$bench_work/national.csv" national country
  import_csv "$1" "$bench_work/provincial.csv" provincial province
  import_csv "$1" "$bench_work/regional.csv" regional province
}

# make_sa_dataset DB: the South-Africa-sized dataset, generated and imported.
make_sa_dataset() {
  make_sa_csvs
  echo "importing the 15k dataset..." >&2
  import_sa_dataset "$1"
}

# make_ke_csvs: the Kenya-sized dataset's files (about 14,900 candidates, 40 parties): five
# single-member ballots over one hierarchy of 47 counties, 290 constituencies and 1,450 wards,
# with 4 to 11 candidates an area, in $bench_work.
make_ke_csvs() {
  local gen="$root/bench/generate_wards.py"
  python3 "$gen" --level ward --per-area 8 --spread 3 > "$bench_work/ke-ward.csv"
  python3 "$gen" --level constituency --per-area 8 --spread 3 > "$bench_work/ke-national-assembly.csv"
  python3 "$gen" --level county --per-area 8 --spread 2 > "$bench_work/ke-women-rep.csv"
  python3 "$gen" --level county --per-area 7 --spread 2 > "$bench_work/ke-senate.csv"
  python3 "$gen" --level county --per-area 6 --spread 2 > "$bench_work/ke-county-governor.csv"
}

# import_ke_dataset DB: imports the files of make_ke_csvs one ballot at a time, in the order of
# the ballot paper.
import_ke_dataset() {
  fresh_database "$1"
  import_file "$1" "$bench_work/ke-county-governor.csv" county_governor "County Code"
  import_file "$1" "$bench_work/ke-senate.csv" senate "County Code"
  import_file "$1" "$bench_work/ke-women-rep.csv" women_rep "County Code"
  import_file "$1" "$bench_work/ke-national-assembly.csv" national_assembly "Constituency Code"
  import_file "$1" "$bench_work/ke-ward.csv" ward "Ward Code"
}
