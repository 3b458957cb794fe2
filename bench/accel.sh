#!/bin/sh
# Usage: bench/accel.sh [MICROAOT] [ACCEL]   (default: build/microaot, macarray)
# Per int8 golden model: CPU-only cost vs CPU + accelerator cost with --accel, fraction of MACs
# offloaded, extra RAM for the accelerator's local-SRAM pool.
# Measured figures need `microaot run --accel` (emulated Cortex-M4F); until it exists this prints
# the compile-time cost model's figures (partitioner estimates: CPU cycles ~ instructions) and
# says so.
set -u
here=$(cd "$(dirname "$0")" && pwd)
microaot=${1:-$here/../build/microaot}
accel=${2:-macarray}
shared=$here/../../shared
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
measured=no
if "$microaot" run --help 2>/dev/null | grep -q -- '--accel'; then measured=yes; fi
echo "accelerator: $accel   (figures: $( [ $measured = yes ] && echo 'measured on QEMU mps2-an386' || echo 'MODELLED at compile time; `run --accel` not available'))"
printf '%-24s %14s %14s %10s %12s\n' model cpu_only with_accel macs_off extra_ram
for m in hello_world_int8 ad01_int8 kws_ref_model micro_speech_quantized pretrainedResnet_quant \
         vww_96_int8; do
    model=$shared/models/$m.tflite
    "$microaot" compile "$model" -o "$tmp/$m" --name m --accel "$accel" --report \
        >"$tmp/$m.report" || { echo "$m: compile failed"; continue; }
    python3 - "$tmp/$m/m_metadata.json" "$tmp/$m/m.c" "$tmp/$m.report" "$m" <<'PY'
import json, re, sys
meta, src, report, name = sys.argv[1:5]
j = json.load(open(meta))
total = sum(n["macs"] for n in j["nodes"])
off = sum(n["macs"] for n in j["nodes"] if n["backend"] == "macarray")
pool = re.search(r"mao_pool_\w+_storage\[(\d+)\]", open(src).read())
# Report lines of offloaded nodes end with "~ACCEL cycles vs CPU"; declined ones say
# "CPU cheaper: CPU vs ACCEL cycles". Other nodes' CPU cost is not in the report: count them as
# equal on both sides (they do not change).
cpu = acc = 0
for line in open(report):
    mm = re.search(r"~(\d+) cycles vs (\d+)", line)
    if mm:
        acc += int(mm.group(1)); cpu += int(mm.group(2))
print(f"{name:<24} {cpu:>14} {acc:>14} {100.0*off/max(total,1):>9.1f}% {int(pool.group(1)) if pool else 0:>12}")
PY
done
echo "cpu_only / with_accel: modelled cycles of the offloaded nodes only (CPU: MACs x insns/MAC +"
echo "per-output cost; accelerator: DMA + set-up + MAC-array cycles + CPU driver/requantize)."
