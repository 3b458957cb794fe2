#!/usr/bin/env bash
# fuzz/make_seeds.sh DIR: seeds for fuzz_pipeline, one file per shared model and configuration
# byte (0 host, 1 cortex-m4f, 2 host + macarray, 3 cortex-m4f + macarray, 6/7 the same with a
# 6 KiB macarray SRAM): the byte, then the model.
set -euo pipefail
dir=${1:?usage: fuzz/make_seeds.sh DIR}
shared="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared"
mkdir -p "$dir"
for model in "$shared"/models/*.tflite; do
    for byte in 0 1 2 3 6 7; do
        { printf "\\$(printf '%03o' "$byte")"; cat "$model"; } >"$dir/$(basename "$model" .tflite)_$byte"
    done
done
