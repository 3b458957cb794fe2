#!/usr/bin/env bash
# bench/gesture.sh - the magic-wand (gesture) model on the emulated Cortex-M4F: instructions per
# inference, flash and RAM, next to TensorFlow Lite Micro's reference figures
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
# BENCH insns_per_inference=N firmware_code=B model_code=B demo_data=B weights=B workspace=B ...
read -r -a fields <<<"$(grep '^BENCH ' "$log")"
declare -A v
for f in "${fields[@]:1}"; do v[${f%%=*}]=${f#*=}; done
read -r ring_line <<<"$(grep '^recording ring' "$log")"
read -r slope_line <<<"$(grep '^recording slope' "$log")"

tflm_insns=1463506 # magic_wand (float32), TFLM reference kernels, ../shared/anchors/cortex-m4.md
tflm_cmsis=1451210
tflm_code=36257
tflm_arena=15168
tflm_stack=976
printf 'magic_wand (float32) on Cortex-M4F (QEMU mps2-an386), variant %s\n' "$variant"
printf '  %s\n  %s\n' "$ring_line" "$slope_line"
printf '%-34s %14s %16s %18s\n' "" "microaot" "TFLM ref kernels" "TFLM CMSIS-NN"
printf '%-34s %14s %16s %18s\n' "instructions per inference" "${v[insns_per_inference]}" \
    "$tflm_insns" "$tflm_cmsis"
printf '%-34s %14s\n' "  ratio TFLM ref / microaot" \
    "$(awk -v a="$tflm_insns" -v b="${v[insns_per_inference]}" 'BEGIN { printf "%.3fx", a / b }')"
printf '%-34s %14s %16s %18s\n' "flash: model code (lib + kernels)" "${v[model_code]}" "$tflm_code" "79081"
printf '%-34s %14s\n' "flash: whole firmware code" "${v[firmware_code]}"
printf '%-34s %14s %16s\n' "flash: weights" "${v[weights]}" "17200"
printf '%-34s %14s %16s\n' "flash: embedded test inputs" "${v[demo_data]}" "-"
printf '%-34s %14s %16s\n' "RAM: workspace / arena" "${v[workspace]}" "$tflm_arena"
printf '%-34s %14s %16s\n' "RAM: static (data + bss)" "${v[static]}" "-"
printf '%-34s %14s %16s\n' "RAM: stack used" "${v[stack_used]}" "$tflm_stack"
printf '\nmodel code = generated gesture_model_* functions + the mao_* kernels they call (TFLM: core +\n'
printf 'kernels, not the model); whole firmware code adds startup, newlib-nano printf and the harness.\n'
printf 'Instructions are not cycles (docs/measuring.md).\n'
