#!/usr/bin/env bash
# bench/gesture.sh - the magic-wand (gesture) model on the emulated Cortex-M4F: cycles per
# inference (TRM-based estimate), instructions, flash and RAM, next to TensorFlow Lite Micro's
# reference figures
# (../shared/anchors/cortex-m4.md, same QEMU board, same counting method, same -O2 flags).
#
# usage: bench/gesture.sh [--build DIR] [--variant float|int8-accel]
# Builds the gesture firmware without the streamed sequences (--no-streams: only the two
# recordings, so the flash figure is the model, its kernels and the minimal harness) and runs it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo_root/build"
variant=float
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=${2:?}; shift 2 ;;
    --variant) variant=${2:?}; shift 2 ;;
    *) echo "usage: bench/gesture.sh [--build DIR] [--variant float|int8-accel]" >&2; exit 2 ;;
    esac
done
work="$build/bench-gesture-$variant"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$repo_root/examples/gesture/run.sh" --build "$build" --variant "$variant" --work "$work" \
    --no-streams --quiet >"$log" 2>&1; then
    cat "$log" >&2
    echo "bench/gesture.sh: the gesture firmware failed (see above)" >&2
    exit 1
fi
# BENCH cycles_per_inference=N insns_per_inference=N firmware_code=B model_code=B demo_data=B weights=B workspace=B ...
read -r -a fields <<<"$(grep '^BENCH ' "$log")"
declare -A v
for f in "${fields[@]:1}"; do v[${f%%=*}]=${f#*=}; done
read -r ring_line <<<"$(grep '^recording ring' "$log")"
read -r slope_line <<<"$(grep '^recording slope' "$log")"

# TFLM's magic_wand (float32) rows of ../shared/anchors/cortex-m4.md: instructions, cycle
# estimate, code, arena, stack.
anchors="$repo_root/../shared/anchors/cortex-m4.md"
anchor() { # anchor KERNELS COLUMN: COLUMN 3 = instructions .. 7 = stack
    awk -F'|' -v k="$1" -v c="$2" '$2 ~ /^ magic_wand / && $3 ~ "^ " k " $" {
        gsub(/[ ,]/, "", $c); print $c }' "$anchors"
}
tflm_insns=$(anchor ref 4)
tflm_cycles=$(anchor ref 5)
tflm_code=$(anchor ref 6)
tflm_arena=$(anchor ref 7)
tflm_stack=$(anchor ref 8)
cmsis_insns=$(anchor cmsis 4)
cmsis_cycles=$(anchor cmsis 5)
cmsis_code=$(anchor cmsis 6)
[ -n "$tflm_cycles" ] && [ -n "$cmsis_code" ] || { echo "bench/gesture.sh: magic_wand rows not found in $anchors" >&2; exit 1; }
cycles=${v[cycles_per_inference]}
macs=$("$build/microaot" inspect "$repo_root/../shared/models/magic_wand.tflite" --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["totals"]["macs"])')
printf 'magic_wand (float32) on Cortex-M4F (QEMU mps2-an386), variant %s\n' "$variant"
printf '  %s\n  %s\n' "$ring_line" "$slope_line"
printf '%-34s %14s %16s %18s\n' "" "microaot" "TFLM ref kernels" "TFLM CMSIS-NN"
printf '%-34s %14s %16s %18s\n' "cycles per inference (estimate)" "$cycles" "$tflm_cycles" \
    "$cmsis_cycles"
printf '%-34s %14s\n' "  ratio TFLM ref / microaot" \
    "$(awk -v a="$tflm_cycles" -v b="$cycles" 'BEGIN { printf "%.3fx", a / b }')"
printf '%-34s %14s %16s %18s\n' "  ms at 120 MHz (estimate)" \
    "$(awk -v c="$cycles" 'BEGIN { printf "%.3f", c / 120000 }')" \
    "$(awk -v c="$tflm_cycles" 'BEGIN { printf "%.3f", c / 120000 }')" \
    "$(awk -v c="$cmsis_cycles" 'BEGIN { printf "%.3f", c / 120000 }')"
printf '%-34s %14s\n' "  cycles per MAC ($macs MACs)" \
    "$(awk -v c="$cycles" -v m="$macs" 'BEGIN { printf "%.2f", c / m }')"
printf '%-34s %14s %16s %18s\n' "instructions per inference" "${v[insns_per_inference]}" \
    "$tflm_insns" "$cmsis_insns"
printf '%-34s %14s\n' "  ratio TFLM ref / microaot" \
    "$(awk -v a="$tflm_insns" -v b="${v[insns_per_inference]}" 'BEGIN { printf "%.3fx", a / b }')"
printf '%-34s %14s %16s %18s\n' "flash: model code (lib + kernels)" "${v[model_code]}" "$tflm_code" "$cmsis_code"
printf '%-34s %14s\n' "flash: whole firmware code" "${v[firmware_code]}"
printf '%-34s %14s %16s\n' "flash: weights" "${v[weights]}" "17200"
printf '%-34s %14s %16s\n' "flash: embedded test inputs" "${v[demo_data]}" "-"
printf '%-34s %14s %16s\n' "RAM: workspace / arena" "${v[workspace]}" "$tflm_arena"
printf '%-34s %14s %16s\n' "RAM: static (data + bss)" "${v[static]}" "-"
printf '%-34s %14s %16s\n' "RAM: stack used" "${v[stack_used]}" "$tflm_stack"
printf '\nmodel code = generated gesture_model_* functions + the mao_* kernels they call (TFLM: core +\n'
printf 'kernels, not the model); whole firmware code adds startup, newlib-nano printf and the harness.\n'
printf 'Cycles: the TRM-based estimate of docs/measuring.md (no flash wait states), not a wall clock.\n'
