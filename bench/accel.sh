#!/usr/bin/env bash
# bench/accel.sh - per int8 golden model, MEASURED on the emulated Cortex-M4F (QEMU mps2-an386):
# CPU-only cycles per inference (TRM-based estimate, instructions beside) vs. CPU cycles +
# modelled accelerator cycles with --accel, the fraction of MACs offloaded (MACs of nodes the
# partitioner gave the accelerator / all MACs, from the metadata) and the extra RAM of the
# accelerator's local-SRAM pool.
#
# usage: bench/accel.sh [--build DIR] [--accel SPEC] [--samples N] [MODEL...]
# Prints one markdown table and writes DIR/bench/accel.{md,json} (DIR defaults to build/).
# Both runs check bit-exactness against the golden outputs; a failing model fails the script.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo_root/../shared"
build="$repo_root/build"
accel=macarray
samples=1
models=()
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=${2:?}; shift 2 ;;
    --accel) accel=${2:?}; shift 2 ;;
    --samples) samples=${2:?}; shift 2 ;;
    -*) echo "usage: bench/accel.sh [--build DIR] [--accel SPEC] [--samples N] [MODEL...]" >&2
        exit 2 ;;
    *) models+=("$1"); shift ;;
    esac
done
if [ ${#models[@]} -eq 0 ]; then
    models=(hello_world_int8 ad01_int8 kws_ref_model micro_speech_quantized
            pretrainedResnet_quant vww_96_int8)
fi
if [ ! -x "$build/microaot" ]; then
    cmake -S "$repo_root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target microaot >/dev/null

out="$build/bench/accel"
mkdir -p "$out"
status=0
for m in "${models[@]}"; do
    model="$shared/models/$m.tflite" golden="$shared/golden/$m"
    for mode in cpu accel; do
        extra=()
        [ $mode = accel ] && extra=(--accel "$accel")
        if ! "$build/microaot" run "$model" --target cortex-m4f-qemu --golden "$golden" \
            --samples "$samples" --json "$out/$m.$mode.json" "${extra[@]}" \
            >"$out/$m.$mode.log" 2>&1; then
            echo "$m ($mode): run failed, see $out/$m.$mode.log" >&2
            status=1
        fi
    done
    if ! "$build/microaot" compile "$model" -o "$out/$m.lib" --name m --accel "$accel" \
        >/dev/null; then
        echo "$m: compile --accel $accel failed" >&2
        status=1
    fi
done

python3 - "$out" "$accel" "$build/bench/accel" "${models[@]}" <<'PY'
import json, os, sys
out, accel, base, models = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rows, md = [], []
md.append(f"accelerator: {accel}; measured on QEMU mps2-an386 (CPU cycle estimate: Cortex-M4 TRM "
          "timing, no flash wait states; CPU instructions beside it) + the accelerator's cycle "
          "model (runtime/macarray)\n")
md.append("| model | MACs | MACs offloaded | CPU only: cycles (est.) | cycles/MAC | with accel: "
          "CPU cycles (est.) | + accel cycles | = total cycles | CPU-only / total | CPU only: "
          "instr | with accel: CPU instr | accel pool (B) | CPU RAM (B) cpu-only / accel |")
md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for m in models:
    try:
        cpu = json.load(open(os.path.join(out, f"{m}.cpu.json")))
        acc = json.load(open(os.path.join(out, f"{m}.accel.json")))
        meta = json.load(open(os.path.join(out, f"{m}.lib", "m_metadata.json")))
    except (OSError, ValueError) as e:
        md.append(f"| {m} | failed: {e} |" + " |" * 11)
        continue
    macs = sum(n["macs"] for n in meta["nodes"])
    off = sum(n["macs"] for n in meta["nodes"] if n["backend"] == "macarray")
    total = acc["cycles"] + acc["accel_cycles"]
    r = {"model": m, "macs": macs, "macs_offloaded": off,
         "offloaded_fraction": off / macs if macs else 0.0,
         "cpu_only_cycles": cpu["cycles"], "cpu_only_cycles_per_mac": cpu["cycles_per_mac"],
         "accel_cpu_cycles": acc["cycles"], "accel_cycles": acc["accel_cycles"],
         "accel_total_cycles": total, "ratio": cpu["cycles"] / total if total else 0.0,
         "cpu_only_instructions": cpu["instructions"],
         "accel_cpu_instructions": acc["instructions"],
         "accel_pool_bytes": acc["ram"]["accel_pool"],
         "cpu_ram_cpu_only": cpu["ram"]["total"], "cpu_ram_accel": acc["ram"]["total"],
         "pass": cpu["result"] == "pass" and acc["result"] == "pass"}
    rows.append(r)
    md.append(f"| {m} | {macs:,} | {100 * r['offloaded_fraction']:.1f}% | "
              f"{r['cpu_only_cycles']:,} | {r['cpu_only_cycles_per_mac']:.3f} | "
              f"{r['accel_cpu_cycles']:,} | {r['accel_cycles']:,} | {total:,} | {r['ratio']:.2f}x | "
              f"{r['cpu_only_instructions']:,} | {r['accel_cpu_instructions']:,} | "
              f"{r['accel_pool_bytes']:,} | {r['cpu_ram_cpu_only']:,} / {r['cpu_ram_accel']:,} |")
md.append("\nCPU only / total: CPU-only cycles over (CPU cycles + accelerator cycles), both "
          "estimates at one clock; the accelerator's functional model running on the emulated CPU "
          "is excluded from the CPU figures. The accelerator pool is the device's local SRAM, "
          "modelled in system RAM on the emulator and not in the CPU RAM figure.")
text = "\n".join(md) + "\n"
print(text, end="")
open(base + ".md", "w").write(text)
json.dump({"accel": accel, "models": rows}, open(base + ".json", "w"), indent=2)
PY
echo "wrote $build/bench/accel.md and $build/bench/accel.json"
exit $status
