#!/usr/bin/env bash
# Rebuild times of `cargo test --no-run` after changing one file, the median of 3, as
# BENCHMARKS.md records them (figure 11). Run it on a quiet machine from a checkout whose
# target directory is warm:
#   benches/rebuild-times.sh touch|edit FILE [FILE…]
# `touch` only bumps the file's time (cargo reruns every target that depends on it, and
# rustc's incremental cache finds nothing changed); `edit` appends a new private function,
# as a real edit does (the file is restored afterwards). For each FILE: one warm-up build,
# then 3 timed builds, printed as `FILE median (runs) targets`: the number of rustc
# invocations cargo ran.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=$1
shift
cargo test --no-run --quiet >/dev/null 2>&1
for f in "$@"; do
    cp "$f" "/tmp/rebuild-times.orig"
    runs=()
    targets=0
    for i in 1 2 3; do
        if [ "$mode" = edit ]; then
            printf '\n#[allow(dead_code)]\nfn rebuild_probe_%s_%s() {}\n' "$i" "$RANDOM" >>"$f"
        else
            touch "$f"
        fi
        start=$(date +%s.%N)
        targets=$(cargo test --no-run -v 2>&1 | grep -c 'Running `.*rustc' || true)
        end=$(date +%s.%N)
        runs+=("$(echo "$end - $start" | bc)")
    done
    cp "/tmp/rebuild-times.orig" "$f"
    median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
    printf '%s %s: median %.1f s (runs %s), targets rebuilt %s\n' \
        "$mode" "$f" "$median" "${runs[*]}" "$targets"
done
cargo test --no-run --quiet >/dev/null 2>&1
