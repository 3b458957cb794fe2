#!/bin/bash
# Float firmware: FPU enabled at reset, hardware VFP instructions used, results bit-identical to
# the same code compiled for the host.
source "$(dirname "$0")/lib.sh"
parse_args "$@"
[ -x "$HOST_CC" ] || fail "host C compiler '$HOST_CC' not found"

KERNEL=("$TEST_DIR/float_kernel.c" "$TEST_DIR/float_print.c" -ffp-contract=off)
build_firmware float "$TEST_DIR/fw_float.c" "${KERNEL[@]}"
"$HOST_CC" -std=c99 -O2 -Wall -Wextra -Werror "$TEST_DIR/host_float.c" "${KERNEL[@]}" \
    -o "$WORK/host_float" -lm || fail "building host reference"
"$WORK/host_float" >"$WORK/host.out" || fail "host reference failed"

run_firmware float
expect_eq "exit status" "$RUN_STATUS" 0
cpacr=$(awk '$1 == "CPACR" { print $2 }' "$WORK/float.out")
expect_eq "CPACR CP10/CP11 full access" "$(((16#${cpacr:-0} >> 20) & 15))" 15
diff <(grep '^FLOAT ' "$WORK/host.out") <(grep '^FLOAT ' "$WORK/float.out") >"$WORK/float.diff" ||
    fail "target floats differ from host: $(head -3 "$WORK/float.diff")"
grep -q '^FLOAT_DONE$' "$WORK/float.out" || fail "unterminated last line lost at exit"
lines=$(count_lines "$WORK/float.out" 'FLOAT ')
expect_eq "float lines" "$lines" 32

vfp=$("${MAO_CROSS_PREFIX}objdump" -d "$WORK/float.elf" |
    awk '/<float_kernel_run>:/ { inside = 1; next } /^$/ { inside = 0 } inside' |
    grep -cE 'v(mul|add|div|sqrt|cvt)\.f32')
[ "$vfp" -ge 4 ] || fail "float_kernel_run uses only $vfp VFP instructions"
regions=$(count_lines "$WORK/float.out" MAO_REGION)
expect_eq "regions" "$regions" 4
echo "PASS: $lines floats bit-identical to host, $vfp VFP instructions, CPACR $cpacr," \
    "region insns: $(awk '$1 == "MAO_REGION" { printf "%s ", $3 }' "$WORK/float.out")"
