#!/usr/bin/env bash
# Set up the machine (if needed), configure and build.
# MICROAOT_BUILD_DIR overrides the build directory (default: build).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
build_dir="${MICROAOT_BUILD_DIR:-build}"

scripts/setup.sh
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir"
