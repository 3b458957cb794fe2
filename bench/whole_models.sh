#!/usr/bin/env bash
# bench/whole_models.sh - the whole models the conformance suite builds with TensorFlow (family
# `models`: MobileNet v2/v3-small, a 1-D CNN with BatchNorm, a conv autoencoder, a small U-Net, a
# squeeze-excite block; int8, int8 with float I/O, float32), each run on the emulated Cortex-M4F
# against its TFLite Micro golden (`microaot run --target cortex-m4f-qemu --golden`).
# Prints one markdown table: MACs, instructions, the cycle estimate (TRM timing rules of
# m4count --cyc, no flash wait states), flash and RAM. TFLite Micro's own counts on this board
# exist only for the shared models (../shared/anchors/cortex-m4.md; see bench/cortex_m4.sh).
#
# usage: bench/whole_models.sh [--build DIR] [FILTER]   (FILTER: a bundle-name substring)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo_root/build"
filter="models-"
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=${2:?}; shift 2 ;;
    -*) echo "usage: bench/whole_models.sh [--build DIR] [FILTER]" >&2; exit 2 ;;
    *) filter="$1"; shift ;;
    esac
done
python="$repo_root/.venv/bin/python"
if [ ! -x "$python" ]; then
    echo "bench/whole_models.sh: no $python (run scripts/setup.sh)" >&2
    exit 2
fi
if [ ! -x "$build/microaot" ]; then
    cmake -S "$repo_root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target microaot >/dev/null
cases="$build/conformance-cases"
# The case kinds of tests/conformance/families/models.py.
kinds='^(mobilenet_v2|mobilenet_v3_small|cnn1d_batchnorm|conv_autoencoder|unet_small|squeeze_excite)-'
"$python" "$repo_root/tests/conformance/run_conformance.py" --generate-only \
    --cases-dir "$cases" --filter "$kinds" >/dev/null
out="$build/bench/whole_models"
mkdir -p "$out"
status=0
results=()
for bundle in "$cases"/models-*; do
    name=$(basename "$bundle")
    case "$name" in *"$filter"*) ;; *) continue ;; esac
    [ -f "$bundle/model.tflite" ] || continue
    results+=("$out/$name.json")
    if ! "$build/microaot" run "$bundle/model.tflite" --target cortex-m4f-qemu \
        --golden "$bundle/golden" --json "$out/$name.json" >"$out/$name.log" 2>&1; then
        echo "bench/whole_models.sh: $name failed (see $out/$name.log)" >&2
        status=1
    fi
done
"$python" "$repo_root/bench/whole_models_table.py" --cases "$cases" "${results[@]}"
exit $status
