#!/bin/bash
# Faults are reported (PC, LR, CFSR) with their own exit status; hangs hit the timeout; bad
# runner input gives a one-line error and exit status 2.
source "$(dirname "$0")/lib.sh"
parse_args "$@"
FAULT_STATUS=$(sed -n 's/^#define MAO_TARGET_FAULT_STATUS \([0-9]*\)$/\1/p' "$TARGET_DIR/mao_target.h")
[ -n "$FAULT_STATUS" ] || fail "MAO_TARGET_FAULT_STATUS not found in mao_target.h"

build_firmware fault "$TEST_DIR/fw_fault.c"
run_firmware fault
expect_eq "fault exit status" "$RUN_STATUS" "$FAULT_STATUS"
grep -q "^MAO_EXIT $FAULT_STATUS\$" "$WORK/fault.out" || fail "no MAO_EXIT line"
grep -q "after fault" "$WORK/fault.out" && fail "execution continued after the fault"
address=$("${MAO_CROSS_PREFIX}nm" "$WORK/fault.elf" | awk '$3 == "fault_here" { print $1 }')
expect_eq "reported PC" "$(awk '$1 == "PC" { print $2 }' "$WORK/fault.out")" \
    "$(printf '0x%08x' $((16#$address & ~1)))"
cfsr=$(awk '$1 == "CFSR" { print $2 }' "$WORK/fault.out")
expect_eq "CFSR.UNDEFINSTR" $(((cfsr >> 16) & 1)) 1
grep -q '^LR ' "$WORK/fault.out" || fail "no LR in the fault report"

build_firmware hang "$TEST_DIR/fw_fault.c" -DHANG
start=$(date +%s)
run_firmware hang --timeout 1
expect_eq "hang exit status" "$RUN_STATUS" 124
grep -q '^MAO_TIMEOUT 1$' "$WORK/hang.out" || fail "no MAO_TIMEOUT line"
[ $(($(date +%s) - start)) -le 10 ] || fail "timeout took too long"

# bad_input NAME ARGS...: run-qemu.sh must exit 2 with exactly one line on stderr.
bad_input() {
    local name=$1
    shift
    "$TARGET_DIR/run-qemu.sh" "$@" >/dev/null 2>"$WORK/$name.err"
    local status=$?
    expect_eq "$name exit status" "$status" 2
    expect_eq "$name error lines" "$(wc -l <"$WORK/$name.err")" 1
}
bad_input missing_elf "$PLUGIN" "$WORK/does-not-exist.elf"
bad_input missing_plugin "$WORK/no-plugin.so" "$WORK/fault.elf"
echo "not an elf" >"$WORK/text.elf"
bad_input not_elf "$PLUGIN" "$WORK/text.elf"
bad_input bad_timeout --timeout soon "$PLUGIN" "$WORK/fault.elf"
bad_input bad_mode --mode fast "$PLUGIN" "$WORK/fault.elf"
bad_input no_such_function --exclude-function nowhere "$PLUGIN" "$WORK/fault.elf"
echo "PASS: fault at $address reported with status $FAULT_STATUS (CFSR $cfsr), hang stopped at" \
    "the timeout, 6 bad inputs rejected"
