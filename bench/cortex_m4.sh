#!/usr/bin/env bash
# bench/cortex_m4.sh - every golden model with reference outputs on the emulated Cortex-M4F
# (`microaot run --target cortex-m4f-qemu --golden`): the cycle estimate (TRM timing rules of
# m4count --cyc, no flash wait states), cycles/MAC, ms at 120 MHz, instructions, flash and RAM,
# next to TensorFlow Lite Micro's figures (../shared/anchors/cortex-m4.md) and microTVM's
# (../shared/anchors/microtvm-m4.md): same QEMU board, same counting and cycle rules, same -O2.
#
# usage: bench/cortex_m4.sh [--build DIR] [--samples N] [MODEL...]
# Prints two markdown tables (microaot's figures; every engine side by side) and writes
# DIR/bench/cortex_m4.json (DIR defaults to build/).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo_root/../shared"
build="$repo_root/build"
samples=1
models=()
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=${2:?}; shift 2 ;;
    --samples) samples=${2:?}; shift 2 ;;
    -*) echo "usage: bench/cortex_m4.sh [--build DIR] [--samples N] [MODEL...]" >&2; exit 2 ;;
    *) models+=("$1"); shift ;;
    esac
done
if [ ! -x "$build/microaot" ]; then
    cmake -S "$repo_root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target microaot mao_insncount >/dev/null

if [ ${#models[@]} -eq 0 ]; then
    for manifest in "$shared"/golden/*/manifest.json; do
        grep -q '"status": "tflm_failed"' "$manifest" && continue
        models+=("$(basename "$(dirname "$manifest")")")
    done
fi
out="$build/bench/cortex_m4"
mkdir -p "$out"
status=0
for m in "${models[@]}"; do
    if ! "$build/microaot" run "$shared/models/$m.tflite" --target cortex-m4f-qemu \
        --golden "$shared/golden/$m" --samples "$samples" --json "$out/$m.json" \
        >"$out/$m.log" 2>&1; then
        echo "bench/cortex_m4.sh: $m failed (see $out/$m.log)" >&2
        status=1
    fi
done
python3 "$repo_root/bench/cortex_m4_table.py" --anchors "$shared/anchors/cortex-m4.md" \
    --microtvm "$shared/anchors/microtvm-m4.md" --models-csv "$shared/models/models.csv" \
    --json "$build/bench/cortex_m4.json" "${models[@]/#/$out/}"
exit $status
