#!/usr/bin/env bash
# scripts/demo.sh on a built tree (--no-build): the summary fits in 30 lines and passes; with
# --verbose the per-window lines are there too; a failure prints the log's tail and exits non-zero.
# usage: check_demo_script.sh REPO BUILD_DIR WORK_DIR
set -uo pipefail
repo=$1 build=$2 work=$3
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

MICROAOT_BUILD_DIR=$build "$repo/scripts/demo.sh" --no-build --work "$work/quiet" >"$work/quiet.out" 2>&1 ||
    fail "demo.sh exited $?: $(tail -n 20 "$work/quiet.out")"
lines=$(wc -l <"$work/quiet.out")
echo "demo.sh --no-build: $lines lines"
((lines <= 30)) || fail "demo.sh printed $lines lines (at most 30)"
grep -q '^RESULT: PASS$' "$work/quiet.out" || fail "no 'RESULT: PASS' line"
grep -q '^recording ring .* OK$' "$work/quiet.out" || fail "no recognised ring recording"
grep -q '^WINDOW ' "$work/quiet.out" && fail "per-window lines without --verbose"

MICROAOT_BUILD_DIR=$build "$repo/scripts/demo.sh" --no-build --verbose --work "$work/verbose" \
    >"$work/verbose.out" 2>&1 || fail "demo.sh --verbose exited $?"
windows=$(grep -c '^WINDOW ' "$work/verbose.out")
echo "demo.sh --verbose: $windows per-window lines"
((windows > 100)) || fail "--verbose printed $windows per-window lines"

if MICROAOT_BUILD_DIR=$build "$repo/scripts/demo.sh" --no-build --model "$work/no-such-model.tflite" \
    --work "$work/failing" >"$work/failing.out" 2>&1; then
    fail "demo.sh passed with a missing model"
fi
grep -q "model '.*no-such-model.tflite' not found" "$work/failing.out" ||
    fail "the failure does not show the log's reason: $(cat "$work/failing.out")"
echo "a failing demo prints its log's tail and exits non-zero"
