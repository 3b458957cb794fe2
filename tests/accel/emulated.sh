#!/bin/sh
# Usage: emulated.sh MICROAOT MODEL GOLDEN_DIR [ACCEL]
# The model compiled with the accelerator runs on the emulated Cortex-M4F (QEMU mps2-an386) and
# is bit-exact with TFLM's outputs; the accelerator did work (modelled cycles > 0); and the RAM
# report shows its local-SRAM pool separately, with the size the generated code declares.
# Missing tools (cross compiler, QEMU, python3) make `run` or this script fail, never skip.
set -u
microaot=$1 model=$2 golden=$3 accel=${4:-macarray}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null || { echo "FAIL: python3 not found" >&2; exit 1; }
"$microaot" run "$model" --target cortex-m4f-qemu --golden "$golden" --accel "$accel" \
    --json "$tmp/run.json" >"$tmp/run.txt" 2>&1
rc=$?
cat "$tmp/run.txt"
[ $rc -eq 0 ] || { echo "FAIL: run --accel $accel exited $rc" >&2; exit 1; }
"$microaot" compile "$model" -o "$tmp/out" --name m --accel "$accel" >/dev/null || exit 1
python3 - "$tmp/run.json" "$tmp/out/m.c" <<'PY'
import json, re, sys
j = json.load(open(sys.argv[1]))
declared = sum(int(n) for n in re.findall(r"mao_pool_\w+_storage\[(\d+)\]", open(sys.argv[2]).read()))
ram = j["ram"]
problems = []
if j["result"] != "pass":
    problems.append(f"result {j['result']}")
if j["accel_cycles"] <= 0:
    problems.append("no modelled accelerator cycles")
if declared <= 0 or ram["accel_pool"] != declared:
    problems.append(f"accelerator pool {ram['accel_pool']} B, generated code declares {declared} B")
static = j["sizes"]["data"] + j["sizes"]["bss"]
if ram["workspace"] + ram["other_static"] + ram["accel_pool"] != static:
    problems.append(f"RAM parts do not add up to data + bss = {static} B")
if ram["total"] != ram["workspace"] + ram["other_static"] + ram["stack"]:
    problems.append("the CPU RAM total includes the accelerator pool")
for p in problems:
    print("FAIL:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
