#!/usr/bin/env bash
# Builds the libFuzzer targets for the CSV and .xlsx readers and runs each for a bounded time.
#
#   FUZZ_SECONDS   how long each fuzzer runs (default 60); the build comes on top
#   FUZZ_TARGETS   which to run, by commas or spaces (default "csv,xlsx")
#   FUZZ_ASAN      1 (default) adds AddressSanitizer; 0 builds with libFuzzer alone
#
# Fails on any crash, timeout or out-of-memory. The input that caused it is copied to
# Tests/Fuzz/crashes/<target>/, where plain `swift test` replays it from then on (FuzzReplayTests);
# fix the reader, add a regression test, and commit the input. New inputs that reach new code
# are written to a scratch corpus, never to Tests/Fuzz/corpus, which stays small and hand-made.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fuzz_dir="$repo_root/Tests/Fuzz"
seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-csv,xlsx}"
targets="${targets//,/ }"
sanitizers="fuzzer"
if [[ "${FUZZ_ASAN:-1}" == "1" ]]; then sanitizers="fuzzer,address"; fi

# Its own build folder: instrumented objects must not replace the plain build's.
scratch="$repo_root/.build/fuzz"
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/mycandidate-fuzz.XXXXXX")"
trap 'rm -rf "$work_dir"' EXIT

cd "$repo_root"
build() {
    # -Xswiftc rather than `--sanitize`, which left the Swift code without the coverage
    # instrumentation libFuzzer is guided by. (Package.swift drops the build plugins for these
    # builds: their tools cannot be linked with the sanitizers.)
    MYCANDIDATE_FUZZ=1 swift build -c debug --scratch-path "$scratch" --product "$1" -Xswiftc "-sanitize=$sanitizers"
}

status=0
for target in $targets; do
    case "$target" in
        csv) product=FuzzCSV; max_len=65536 ;;
        xlsx) product=FuzzXLSX; max_len=65536 ;;
        *) echo "unknown fuzz target: $target" >&2; exit 2 ;;
    esac
    echo "== building $product"
    build "$product"
    binary="$(MYCANDIDATE_FUZZ=1 swift build -c debug --scratch-path "$scratch" --show-bin-path)/$product"

    corpus="$work_dir/corpus-$target"
    artifacts="$work_dir/artifacts-$target/"
    mkdir -p "$corpus" "$artifacts" "$fuzz_dir/crashes/$target"
    echo "== fuzzing $product for ${seconds}s"
    # -timeout: one input taking over 10 s is a hang. -rss_limit_mb: one input costing 2 GB is
    # a memory bomb. Leak detection is off: Foundation keeps caches that LeakSanitizer reports.
    set +e
    ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1" "$binary" \
        "$corpus" "$fuzz_dir/corpus/$target" \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts" -print_final_stats=1 2>&1 | tee "$work_dir/$target.log" | grep -v '^#[0-9].*\(NEW\|REDUCE\|pulse\)'
    result=${PIPESTATUS[0]}
    set -e
    if compgen -G "$artifacts*" > /dev/null; then
        for found in "$artifacts"*; do
            cp "$found" "$fuzz_dir/crashes/$target/"
            echo "!! $product: $(basename "$found") kept in Tests/Fuzz/crashes/$target/" >&2
        done
        status=1
    fi
    if [[ "$result" -ne 0 ]]; then
        echo "!! $product exited with $result" >&2
        status=1
    fi
    grep -E '^(stat::|Done|#[0-9]+.*DONE)' "$work_dir/$target.log" || true
done
exit "$status"
