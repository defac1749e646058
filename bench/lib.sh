# shellcheck shell=bash
# What the HTTP benchmarks share: the release binary, a server on a scratch SQLite file, wrk
# runs and the South-Africa-sized dataset. Source it after setting `root` (the repository) and
# `bench_work` (a scratch folder); `threads`, `connections` and `duration` tune run_wrk.

threads=${threads:-2}
connections=${connections:-64}
duration=${BENCH_DURATION:-${duration:-10s}}
mkdir -p "$bench_work"

# shellcheck source=../.ci/services.sh
source "$root/.ci/services.sh"   # free_port, and start_redis for those who need it

# bench_tools TOOL...: installs the Debian packages of the commands that are missing.
bench_tools() {
  local missing=() tool
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if ((${#missing[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# build_release: builds the release binary and sets `bin`.
build_release() {
  echo "building the release binary..." >&2
  swift build -c release --product mycandidate >&2
  bin="$(swift build -c release --show-bin-path)/mycandidate"
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

# start_server DB: serves the published version of sqlite DB; sets server_pid and base.
start_server() {
  local port; port=$(free_port)
  base="http://127.0.0.1:$port"
  DATABASE_URL="sqlite:$1" MIGRATE_ON_START=false DEMO_DATA=false RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warning METRICS_PORT=0 \
    "$bin" serve --host 127.0.0.1 --port "$port" > "$bench_work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "$base/healthz"; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$bench_work/serve.log" >&2
  echo "the server did not start" >&2
  return 1
}

# import_csv DB CSV BALLOT LEVEL: imports one party-list ballot and publishes the result.
import_csv() {
  DATABASE_URL="sqlite:$1" MIGRATE_ON_START=true LOG_LEVEL=warning \
    "$bin" import "$2" --ballot "$3" --area-column list_type --level "$4" --json > "$bench_work/import.json"
}

rss_mb() { awk -v key="$2:" '$1 == key {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# run_wrk URL [CONNECTIONS [WRK OPTION...]]: warms up, then prints
# "requests_per_s|p50_ms|p99_ms|non_2xx|bytes_per_response". Request headers given to wrk
# (-H) belong in `curl_headers` too, so the size is measured alike.
curl_headers=()
run_wrk() {
  local url=$1 conns=${2:-$connections} out="$bench_work/wrk.out"
  shift $(($# < 2 ? $# : 2))
  local wrk_threads=$((conns < threads ? conns : threads))
  wrk -t"$wrk_threads" -c"$conns" -d3s "$@" "$url" > /dev/null
  wrk -t"$wrk_threads" -c"$conns" -d"$duration" --latency "$@" "$url" > "$out"
  # The size of one response as the load generator gets it (the same headers, e.g. gzip).
  local bytes; bytes=$(curl -s -o /dev/null -w '%{size_download}' "${curl_headers[@]}" "$url")
  awk -v bytes="$bytes" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v
    }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors = $NF }
    END { printf "%.0f|%.2f|%.2f|%d|%d\n", rps, p50, p99, errors, bytes }' "$out"
}

# make_sa_dataset DB: the South-Africa-sized dataset (14,900 candidates, 50 parties): a
# national list, and provincial and regional lists over 9 provinces, imported one CSV at a
# time as an operator would.
make_sa_dataset() {
  local db=$1
  local provinces="Eastern Cape,Free State,Gauteng,KwaZulu-Natal,Limpopo,Mpumalanga,North West,Northern Cape,Western Cape"
  python3 "$root/bench/generate_party_list.py" --candidates 5000 --parties 50 --area-names "National" > "$bench_work/national.csv"
  python3 "$root/bench/generate_party_list.py" --candidates 4950 --parties 50 --area-names "$provinces" > "$bench_work/provincial.csv"
  # The regional lists are per province too: a voter in Gauteng gets all three ballots.
  python3 "$root/bench/generate_party_list.py" --candidates 4950 --parties 50 --area-names "$provinces" > "$bench_work/regional.csv"
  rm -f "$db" "$db"-*
  echo "importing the 15k dataset..." >&2
  import_csv "$db" "$bench_work/national.csv" national country
  import_csv "$db" "$bench_work/provincial.csv" provincial province
  import_csv "$db" "$bench_work/regional.csv" regional province
}
