#!/bin/sh
# Usage: offload.sh MICROAOT MODEL GOLDEN_DIR [ACCEL]
# The model compiled with the accelerator is bit-exact with TFLM's outputs on the host (ASan +
# UBSan), and at least one node actually runs on the accelerator.
set -u
microaot=$1 model=$2 golden=$3 accel=${4:-macarray}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$microaot" verify "$model" --golden "$golden" --sanitize --accel "$accel" || exit 1
"$microaot" compile "$model" -o "$tmp/out" --name m --accel "$accel" >/dev/null || exit 1
if ! grep -q '"backend": "macarray"' "$tmp/out/m_metadata.json"; then
    echo "FAIL: no node was offloaded to the accelerator ($accel)" >&2
    exit 1
fi
echo "offloaded nodes: $(grep -c '"backend": "macarray"' "$tmp/out/m_metadata.json")"
