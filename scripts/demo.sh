#!/usr/bin/env bash
# Set up, build, and run the gesture demo.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

scripts/build.sh

# The demo: the magic-wand model compiled by microaot, cross-built into a Cortex-M4F firmware and
# run on QEMU mps2-an386 (examples/gesture/README.md). Extra arguments go to run.sh (--quiet,
# --variant, --model, ...). Exits non-zero if any check fails.
MAO_DEMO_CMD=(examples/gesture/run.sh --build build "$@")
"${MAO_DEMO_CMD[@]}"
