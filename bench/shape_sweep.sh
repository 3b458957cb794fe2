#!/usr/bin/env bash
# bench/shape_sweep.sh - the shape sweep (bench/sweep/): single-layer models of every kernel
# family over many shapes, each compiled for the emulated Cortex-M4F, run on QEMU, checked
# against TFLite Micro, and tabled as cycles (TRM-based estimate) per MAC / element, with the
# family median and every case above 2x it flagged.
#
# usage: bench/shape_sweep.sh [--build DIR] [sweep.py options: --filter REGEX, --jobs N, ...]
# Models are cached in DIR/sweep-cases; tables go to DIR/bench/shape_sweep.{md,json}. The full
# sweep (about 1,560 cases) takes on the order of an hour on 2 cores when nothing is cached.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo_root/build"
if [ "${1:-}" = "--build" ]; then
    build=${2:?--build needs a directory}
    shift 2
fi
if [ ! -x "$build/microaot" ]; then
    cmake -S "$repo_root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target microaot mao_insncount >/dev/null
python="$repo_root/.venv/bin/python"
[ -x "$python" ] || { echo "bench/shape_sweep.sh: no $python (run scripts/setup.sh)" >&2; exit 2; }
exec "$python" "$repo_root/bench/sweep/sweep.py" --microaot "$build/microaot" \
    --cache-dir "$build/sweep-cases" --out "$build/bench" "$@"
