#!/usr/bin/env bash
# Runs fuzz targets for a fixed time each, a few at a time, on scratch copies of their
# committed corpora, and prints one line per target: runs, exec/s, coverage, and the verdict.
#
#   fuzz/campaign.sh SECONDS JOBS [TARGET...]     (default: every target of `cargo fuzz list`)
#
# A crash leaves its input in fuzz/artifacts/<target>/ (copy it into fuzz/regressions/<target>/
# so that `cargo test` replays it forever) and the log in $LOGDIR/<target>.log.
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
jobs=${2:-2}
shift 2 || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
LOGDIR=${LOGDIR:-$(mktemp -d)}
mkdir -p "$LOGDIR"
cargo +nightly fuzz build -O >/dev/null 2>&1 || { echo "fuzz build failed" >&2; exit 1; }

run_one() {
    local t=$1 scratch
    scratch=$(mktemp -d)
    cp -r "corpus/$t/." "$scratch/" 2>/dev/null || true
    local start=$(date +%s)
    cargo +nightly fuzz run -O "$t" "$scratch" -- -max_total_time="$secs" -rss_limit_mb=2048 \
        -print_final_stats=1 >"$LOGDIR/$t.log" 2>&1
    local rc=$? end=$(date +%s)
    local runs cov eps
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOGDIR/$t.log" | grep -o '[0-9]*$')
    eps=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$LOGDIR/$t.log" | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]*' "$LOGDIR/$t.log" | tail -1 | grep -o '[0-9]*')
    local verdict=ok
    [ $rc -ne 0 ] && verdict="FAILED (exit $rc, see $LOGDIR/$t.log)"
    printf '%-24s %5ss %12s runs %8s exec/s  cov %6s  %s\n' "$t" "$((end - start))" "${runs:-?}" "${eps:-?}" "${cov:-?}" "$verdict"
    rm -rf "$scratch"
}

echo "logs in $LOGDIR; $secs s per target, $jobs at a time"
running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
