#!/usr/bin/env bash
# Set up, build, and run the whole test suite (CTest prints its summary).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
build_dir="${MICROAOT_BUILD_DIR:-build}"

scripts/build.sh
ctest --test-dir "$build_dir" --output-on-failure -j2
