#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Benchmark: the open data API under load. Imports a South-Africa-sized party-list dataset
# (national, provincial and regional lists, the latter two over 9 provinces: 14,900
# candidates, 50 parties) into a scratch SQLite file, serves it from the release binary and runs wrk (2
# threads, 64 connections, 10 s, after a 3 s warm-up) against the largest area's candidates,
# a typical area's and the area search; then the same for a Kenya-sized ward ballot
# (bench/generate_wards.py). Then, if the server has /api/v1/export.csv, times
# downloading it and samples the server's memory meanwhile, for this dataset and for 1,000,000
# candidates (BENCH_SKIP_1M=1 skips the latter), so flat memory can be judged.
# Prints a table of figures and writes it to bench/results/api.md.
# Usage: bench/api.sh            (wrk and the server share this machine's cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/bench/scratch"
api_work="$work/api"
bench_work="$api_work"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
bench_tools wrk curl
build_release
trap stop_server EXIT

# measure_export LABEL: downloads /api/v1/export.csv once and prints a table row with the
# server's RSS before, its peak during (VmRSS sampled every 50 ms, and VmHWM after resetting it
# through clear_refs), the bytes and the seconds.
measure_export() {
  local status bytes seconds before sampled hwm
  IFS='|' read -r status bytes seconds before sampled hwm < <(export_figures)
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$status" "$before" "$sampled" "$hwm" "$bytes" "$seconds"
}

db="$api_work/api-15k.sqlite"
make_sa_dataset "$db"

start_server "$db"
# Every area of every ballot with its candidate count, largest first, via the API itself.
python3 - "$base" > "$api_work/areas.txt" <<'EOF'
import json, sys, urllib.parse, urllib.request
base = sys.argv[1]
get = lambda path: json.load(urllib.request.urlopen(base + path))
rows = []
for ballot in get("/api/v1/ballots")["ballots"]:
    cursor = None
    while True:
        page = get(f"/api/v1/ballots/{ballot['key']}/areas?limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
        for area in page["areas"]:
            count = get(f"/api/v1/ballots/{ballot['key']}/areas/{area['id']}")["candidate_count"]
            rows.append((count, ballot["key"], area["id"]))
        cursor = page.get("next_cursor")
        if not cursor:
            break
rows.sort(reverse=True)
for count, ballot, area in rows:
    print(count, ballot, area)
EOF
total=$(awk '{n += $1} END {print n}' "$api_work/areas.txt")
read -r largest_count largest_ballot largest_area < "$api_work/areas.txt"
read -r typical_count typical_ballot typical_area < <(sed -n "$(( ($(wc -l < "$api_work/areas.txt") + 1) / 2 ))p" "$api_work/areas.txt")
search_q=cape
search_hits=$(curl -s "$base/api/v1/ballots/provincial/areas?q=$search_q" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["areas"]))')

echo "wrk: largest area ($largest_ballot/$largest_area, $largest_count candidates)..." >&2
IFS='|' read -r big_rps big_p50 big_p99 big_err big_bytes < <(run_wrk "$base/api/v1/ballots/$largest_ballot/areas/$largest_area")
echo "wrk: typical area ($typical_ballot/$typical_area, $typical_count candidates)..." >&2
IFS='|' read -r mid_rps mid_p50 mid_p99 mid_err mid_bytes < <(run_wrk "$base/api/v1/ballots/$typical_ballot/areas/$typical_area")
echo "wrk: area search (q=$search_q)..." >&2
IFS='|' read -r q_rps q_p50 q_p99 q_err q_bytes < <(run_wrk "$base/api/v1/ballots/provincial/areas?q=$search_q")
rss_after=$(rss_mb "$server_pid" VmRSS)
hwm_after=$(rss_mb "$server_pid" VmHWM)



export_status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/export.csv")
export_rows=()
if [ "$export_status" = 404 ]; then
  echo "export: GET /api/v1/export.csv answers 404 on this build; skipping the export measurement" >&2
  export_note="Skipped: GET /api/v1/export.csv answered 404 (not in this build)."
else
  echo "export: $total candidates..." >&2
  export_rows+=("$(measure_export "$total candidates")")
  export_note=""
fi
stop_server

# The Kenya-sized dataset: one single-member ward ballot, 1,450 wards under constituencies and
# counties, about ten candidates a ward: the size of area a voter asks for most.
python3 bench/generate_wards.py > "$api_work/wards.csv"
kdb="$api_work/api-wards.sqlite"
rm -f "$kdb" "$kdb"-*
echo "importing the ward dataset..." >&2
import_file "$kdb" "$api_work/wards.csv" ward "Ward Code"
ward_total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ballots"][0]["candidates"])' "$api_work/import.json")
start_server "$kdb"
ward_area=ward-725
ward_count=$(curl -s "$base/api/v1/ballots/ward/areas/$ward_area" | python3 -c 'import json,sys; print(json.load(sys.stdin)["candidate_count"])')
ward_q=river%20ward%2072
ward_hits=$(curl -s "$base/api/v1/ballots/ward/areas?q=$ward_q" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["areas"]))')
echo "wrk: a ward ($ward_area, $ward_count candidates)..." >&2
IFS='|' read -r ward_rps ward_p50 ward_p99 ward_err ward_bytes < <(run_wrk "$base/api/v1/ballots/ward/areas/$ward_area")
echo "wrk: ward search (q=$ward_q)..." >&2
IFS='|' read -r wq_rps wq_p50 wq_p99 wq_err wq_bytes < <(run_wrk "$base/api/v1/ballots/ward/areas?q=$ward_q")
ward_rss=$(rss_mb "$server_pid" VmRSS)
stop_server

verdict() {
  awk -v rps="$1" -v p99="$2" 'BEGIN {
    r = rps >= 20000 ? "met" : sprintf("missed (%.0f%% of it)", 100 * rps / 20000)
    p = p99 <= 10 ? "met" : sprintf("missed by %.1f ms", p99 - 10)
    printf "req/s %s, p99 %s", r, p }'
}

if [ "$export_status" != 404 ]; then
  if [ "${BENCH_SKIP_1M:-0}" = 1 ]; then
    echo "export: BENCH_SKIP_1M=1, skipping the 1,000,000-candidate export" >&2
    export_note="The 1,000,000-candidate run was skipped (BENCH_SKIP_1M=1)."
  else
    # The same file bench/import-1m.sh generates, so one serves both.
    csv="$work/party-list-1000000.csv"
    if [ ! -s "$csv" ]; then
      echo "generating 1000000 candidates..." >&2
      python3 bench/generate_party_list.py --candidates 1000000 --parties 50 --areas 500 > "$csv"
    fi
    db1m="$api_work/api-1m.sqlite"
    rm -f "$db1m" "$db1m"-*
    echo "importing 1000000 candidates..." >&2
    import_csv "$db1m" "$csv" national area
    start_server "$db1m"
    echo "export: 1000000 candidates..." >&2
    export_rows+=("$(measure_export "1000000 candidates")")
    stop_server
  fi
fi

mkdir -p "$root/bench/results"
{
  cat <<TABLE

MyCandidate API benchmark, $(date -u +%Y-%m-%d): $total candidates (national list in 1 area, provincial and regional lists in 9 provinces; 50 parties), release build, SQLite, $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); wrk -t$threads -c$connections -d$duration --latency on the same machine after a $warmup warm-up.

| request | response bytes | req/s | p50 ms | p99 ms | non-2xx |
|---------|----------------|-------|--------|--------|---------|
| area, largest: /api/v1/ballots/$largest_ballot/areas/$largest_area ($largest_count candidates) | $big_bytes | $big_rps | $big_p50 | $big_p99 | $big_err |
| area, typical: /api/v1/ballots/$typical_ballot/areas/$typical_area ($typical_count candidates) | $mid_bytes | $mid_rps | $mid_p50 | $mid_p99 | $mid_err |
| area search: /api/v1/ballots/provincial/areas?q=$search_q ($search_hits areas) | $q_bytes | $q_rps | $q_p50 | $q_p99 | $q_err |

Server RSS after the runs: $rss_after MB (peak $hwm_after MB).

Kenya-sized: $ward_total candidates on a single-member ward ballot over 1,450 wards (47 counties, 290 constituencies).

| request | response bytes | req/s | p50 ms | p99 ms | non-2xx |
|---------|----------------|-------|--------|--------|---------|
| area, a ward: /api/v1/ballots/ward/areas/$ward_area ($ward_count candidates) | $ward_bytes | $ward_rps | $ward_p50 | $ward_p99 | $ward_err |
| area search: /api/v1/ballots/ward/areas?q=$ward_q ($ward_hits areas) | $wq_bytes | $wq_rps | $wq_p50 | $wq_p99 | $wq_err |

Server RSS after the runs: $ward_rss MB.

Target for the area endpoint: ≥ 20,000 req/s and p99 ≤ 10 ms at $connections connections.
- a ward (the area a Kenyan voter asks for): $(verdict "$ward_rps" "$ward_p99");
- a typical South African list area: $(verdict "$mid_rps" "$mid_p99");
- the largest area, a $largest_count-name national list: $(verdict "$big_rps" "$big_p99") — each
  response is $big_bytes bytes, so this one measures bytes moved more than the server's work.

wrk shares the machine's cores with the server, so these figures are lower bounds for a server
with the cores to itself.

Export: GET /api/v1/export.csv downloaded once with curl; RSS in MB.
TABLE
  if ((${#export_rows[@]})); then
    printf '\n| dataset | status | RSS before | peak RSS during (50 ms samples) | VmHWM during | bytes | seconds |\n'
    printf '|---------|--------|------------|---------------------------------|--------------|-------|---------|\n'
    printf '%s\n' "${export_rows[@]}"
  fi
  [ -z "$export_note" ] || printf '\n%s\n' "$export_note"
} | tee "$root/bench/results/api.md"
