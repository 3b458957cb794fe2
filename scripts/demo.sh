#!/usr/bin/env bash
# The gesture-recognition demo: sets up the machine and builds microaot if needed, compiles the
# magic-wand model, runs it on the emulated Cortex-M4F (QEMU mps2-an386) and prints the summary
# (what was recognised, where, the figures; examples/gesture/README.md).
#
# usage: scripts/demo.sh [--verbose] [--no-build] [run.sh options: --variant, --model, ...]
#   --verbose    also the firmware's per-window lines
#   --no-build   use the build directory as it is (no set-up, no build)
# Each step's output goes to a log file in the build directory; on failure the log's tail is
# printed. MICROAOT_BUILD_DIR overrides the build directory (default: build).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
build_dir="${MICROAOT_BUILD_DIR:-build}"

verbose=0
build=1
run_args=()
for arg in "$@"; do
  case "$arg" in
  --verbose) verbose=1 ;;
  --no-build) build=0 ;;
  *) run_args+=("$arg") ;;
  esac
done

log_dir="$build_dir/demo-logs"
mkdir -p "$log_dir"
steps=$((build ? 4 : 1))
step_number=0

# The last "[n/N]" of a ninja log, for the progress line.
ninja_progress() {
  grep -o '^\[[0-9]*/[0-9]*\]' "$1" 2>/dev/null | tail -n 1 || true
}

# step TITLE LOG COMMAND...: runs COMMAND with its output in LOG; shows which step runs and for
# how long (updated in place on a terminal, a line every 30 s otherwise); one line when done.
step() {
  local title=$1 log=$2
  shift 2
  step_number=$((step_number + 1))
  local label="[$step_number/$steps] $title"
  local start=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$! last_note=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    local elapsed=$((SECONDS - start)) progress
    progress="$(ninja_progress "$log")"
    if [[ -t 1 ]]; then
      printf '\r\033[K%s ... %ss %s' "$label" "$elapsed" "$progress"
    elif ((elapsed - last_note >= 30)); then
      last_note=$elapsed
      echo "$label ... ${elapsed}s so far $progress"
    fi
  done
  local status=0
  wait "$pid" || status=$?
  [[ -t 1 ]] && printf '\r\033[K'
  if ((status != 0)); then
    echo "$label: FAILED after $((SECONDS - start))s (exit $status); last lines of $log:"
    tail -n 30 "$log"
    exit "$status"
  fi
  echo "$label: done in $((SECONDS - start))s"
}

configure() {
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
}

if ((build)); then
  step "set-up (Debian packages, Python venv)" "$log_dir/setup.log" scripts/setup.sh
  step "configure" "$log_dir/configure.log" configure
  step "build microaot" "$log_dir/build.log" cmake --build "$build_dir"
fi
[[ -x "$build_dir/microaot" ]] || { echo "demo.sh: $build_dir/microaot not found (run without --no-build)" >&2; exit 2; }

# The demo: compile, cross-build, run on QEMU, check on the host (examples/gesture/run.sh).
run_log="$log_dir/gesture.log"
demo_status=0
step_number=$((step_number + 1))
label="[$step_number/$steps] gesture demo: compile the model, build the firmware, run it on QEMU"
start=$SECONDS
if ((verbose)); then
  examples/gesture/run.sh --build "$build_dir" "${run_args[@]}" 2>&1 | tee "$run_log" || demo_status=$?
else
  examples/gesture/run.sh --build "$build_dir" --quiet "${run_args[@]}" >"$run_log" 2>&1 || demo_status=$?
fi
echo "$label: $( ((demo_status == 0)) && echo done || echo FAILED) in $((SECONDS - start))s"
if ((verbose)); then
  exit "$demo_status"
fi
if ! grep -q '^== gesture demo summary' "$run_log"; then
  echo "the demo stopped before its summary; last lines of $run_log:"
  tail -n 30 "$run_log"
  exit $((demo_status ? demo_status : 1))
fi
# The summary a person reads (the BENCH line is for scripts; the full output is in the log).
echo
sed -n '/^== gesture demo summary/,$p' "$run_log" | grep -v '^BENCH '
echo "(full output: $run_log; per-window detail: scripts/demo.sh --verbose)"
exit "$demo_status"
