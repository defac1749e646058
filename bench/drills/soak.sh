#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Soak drill: one instance serving the South-Africa-sized dataset (15,000 candidates) from
# PostgreSQL, with Redis, under moderate steady load for SOAK_SECONDS, with a list republished
# every PUBLISH_EVERY seconds (as when lists are corrected on election day), so old snapshots
# and their page caches must be let go.
#
# Samples the instance's resident memory and CPU time every SAMPLE_EVERY seconds. Passes when no
# request failed, every republished version was picked up, and the RSS at the end is at most
# GROWTH_LIMIT percent above the RSS after WARMUP seconds (medians over a republishing cycle). Prints the
# samples as a table and writes them to $work/samples (KEEP_DRILL_WORK=1 keeps it).
#
# Settings: SOAK_SECONDS (1800), WARMUP (PUBLISH_EVERY + 60), RATE (requests/s, 150), CONNECTIONS (8),
# PUBLISH_EVERY (300; 0: never), SAMPLE_EVERY (10), GROWTH_LIMIT (10), MYCANDIDATE_BIN.
set -euo pipefail
drill=soak
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

duration=${SOAK_SECONDS:-1800}
publish_every=${PUBLISH_EVERY:-300}
# Long enough to include the first republishing, so its second snapshot is part of the baseline.
warmup=${WARMUP:-$((publish_every + 60))}
rate=${RATE:-150}
connections=${CONNECTIONS:-8}
sample_every=${SAMPLE_EVERY:-10}
growth_limit=${GROWTH_LIMIT:-10}
window=$((publish_every > 60 ? publish_every : 60))
((warmup + 2 * window <= duration)) || fail "SOAK_SECONDS ($duration) must hold WARMUP ($warmup) and two windows of $window s"

drill_binary
drill_postgres
drill_redis
DATABASE_URL="$pg_url" "$bin" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; fail "migrate failed"; }
# The South-Africa-sized dataset (bench/lib.sh's): a national list, and provincial and regional
# lists over 9 provinces, 14,900 candidates in all.
provinces="Eastern Cape,Free State,Gauteng,KwaZulu-Natal,Limpopo,Mpumalanga,North West,Northern Cape,Western Cape"
python3 "$root/bench/generate_party_list.py" --candidates 5000 --parties 50 --area-names National >"$work/national.csv"
python3 "$root/bench/generate_party_list.py" --candidates 4950 --parties 50 --area-names "$provinces" >"$work/provincial.csv"
python3 "$root/bench/generate_party_list.py" --candidates 4950 --parties 50 --area-names "$provinces" >"$work/regional.csv"
# import_list NAME LEVEL: imports $work/NAME.csv as ballot NAME and publishes it.
import_list() {
    DATABASE_URL="$pg_url" REDIS_URL="$redis_url" "$bin" import "$work/$1.csv" --ballot "$1" --area-column list_type --level "$2" \
        >"$work/import.log" 2>&1
}
for list in national:country provincial:province regional:province; do
    import_list "${list%%:*}" "${list##*:}" || { cat "$work/import.log" >&2; fail "the import of ${list%%:*} failed"; }
done

# Through the Redis-backed rate limiter, as in production, with a limit no client reaches.
start_instance soak "$pg_url" REDIS_URL="$redis_url" RATE_LIMIT_PER_MINUTE=1000000 RATE_LIMIT_BURST=1000000
port=$instance_port pid=$instance_pid
# The pages bench/run.sh measures, picked from the data by the same rules, and the party list
# and the 1.7 MB export on top.
python3 "$root/bench/pick_pages.py" "http://127.0.0.1:$port" "$work/pages.tsv" >/dev/null || fail "could not pick the pages"
paths="$(awk -F'\t' '!seen[$2]++ {print $2}' "$work/pages.tsv" | paste -sd,),/parties,/api/v1/export.csv"
log "instance on port $port (pid $pid); $rate requests/s over $connections connections for $duration s on $paths"

# version: the dataset version the instance serves, from /readyz.
version() {
    curl -s -m 3 "http://127.0.0.1:$port/readyz" |
        python3 -c 'import json, sys; print(json.load(sys.stdin).get("dataset_version"))' 2>/dev/null || echo none
}
# shellcheck disable=SC2317 # called through wait_for
serving_another() { [[ $(version) != "$before" ]]; }
rss_mb() { awk '$1 == "VmRSS:" { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }
# utime + stime of the process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)

load_start "$work/load.json" --target "http://127.0.0.1:$port" --paths "$paths" --rate "$rate" --connections "$connections"
samples="$work/samples"
echo "seconds|rss_mb|cpu_s|dataset_version" >"$samples"
problems=()
published=0
start=$SECONDS
next_publish=$publish_every
while ((SECONDS - start < duration)); do
    elapsed=$((SECONDS - start))
    kill -0 "$pid" 2>/dev/null || fail "the instance exited after $elapsed s"
    echo "$elapsed|$(rss_mb)|$(awk -v t="$(cpu_ticks)" -v hz="$ticks_per_second" 'BEGIN { printf "%.1f", t / hz }')|$(version)" >>"$samples"
    if ((publish_every > 0 && elapsed >= next_publish)); then
        next_publish=$((next_publish + publish_every))
        before=$(version)
        # A corrected provincial list: a new version of the whole dataset.
        if import_list provincial province; then
            published=$((published + 1))
            wait_for 30 serving_another >/dev/null ||
                problems+=("version $before was still served 30 s after a new one was published")
        else
            problems+=("the import at $elapsed s failed: $(tail -n 3 "$work/import.log")")
        fi
    fi
    sleep "$sample_every"
done
load_stop

load_totals "$work/load.json"

# Memory rises when a new version is loaded beside the old one and its pages are rendered, and
# falls when the old one goes, so single samples saw-tooth by several MB. Growth is judged on
# the median of a window (one republishing cycle, at least a minute) right after the warm-up
# against the median of the same window at the end; the largest sample is reported beside it.
read -r base final peak cpu <<<"$(awk -F'|' -v w="$warmup" -v win="$window" -v d="$duration" '
    function median(list, n,    i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && list[j - 1] > list[j]; j--) { t = list[j]; list[j] = list[j - 1]; list[j - 1] = t }
        return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
    }
    NR > 1 && $1 >= w {
        if ($1 < w + win) first[++nf] = $2
        if ($1 >= d - win) last[++nl] = $2
        if ($2 > peak) peak = $2
        cpu = $3
    }
    END { print median(first, nf), median(last, nl), peak, cpu }' "$samples")"
growth=$(awk -v b="$base" -v f="$final" 'BEGIN { printf "%.1f", (f - b) * 100 / b }')
awk -v g="$growth" -v l="$growth_limit" 'BEGIN { exit !(g > l) }' &&
    problems+=("RSS grew by $growth % after the warm-up (median $base MB in the first ${window} s, $final MB in the last), more than $growth_limit %")

{
    echo
    echo "| Measured | Value |"
    echo "|---|---|"
    echo "| duration, load | $duration s, $rate requests/s over $connections connections |"
    echo "| requests, failed | $requests, $failed |"
    echo "| latency p50 / p99 / max (ms) | $(json "$work/load.json" 'r["p50_ms"]') / $(json "$work/load.json" 'r["p99_ms"]') / $(json "$work/load.json" 'r["max_ms"]') |"
    echo "| versions published during the soak | $published |"
    echo "| RSS median in the first $window s after the warm-up ($warmup s) / in the last $window s / largest sample (MB) | $base / $final / $peak |"
    echo "| CPU time used (s) | $cpu |"
    echo
    echo "Samples (seconds | RSS MB | CPU s | version):"
    tail -n +2 "$samples" | awk -F'|' -v every=$((60 / sample_every)) 'NR % every == 1 { print "  " $0 }'
    echo
} >&2

summary="$requests requests in $duration s, $failed failed; $published versions published; RSS median $base MB after the warm-up, $final MB at the end ($growth %), largest sample $peak MB"
if ((${#problems[@]})); then
    fail "${problems[*]}"
fi
pass "$summary"
