#!/usr/bin/env bash
# Set up, build, and run the gesture demo.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
build_dir="${MICROAOT_BUILD_DIR:-build}"

scripts/build.sh

# MAO_DEMO_CMD: the demo command, run from the repo root. Placeholder until
# the gesture demo target exists: it only inspects the magic-wand model.
MAO_DEMO_CMD=("$build_dir/microaot" inspect ../shared/models/magic_wand.tflite)
"${MAO_DEMO_CMD[@]}"
