#!/bin/bash
# Cycle estimates of asm loops must equal n * (B + 4) + F, with B and F derived from the
# Cortex-M4 TRM timing rules and the loop structure (fw_cycles.c), in both counting modes, and
# equal the shared yardstick `m4count --cyc` on the same firmware.
source "$(dirname "$0")/lib.sh"
parse_args "$@"
M4COUNT=$REPO/../shared/tools/m4count/m4count
[ -x "$M4COUNT" ] || fail "m4count yardstick not found at $M4COUNT"
export XDG_CACHE_HOME=$WORK/cache # m4count builds its own plugin there

build_firmware cycles "$TEST_DIR/fw_cycles.c"
for mode in tb insn; do
    run_firmware cycles --mode "$mode"
    expect_eq "exit status ($mode)" "$RUN_STATUS" 0
    cp "$WORK/cycles.out" "$WORK/cycles.$mode.out"
    grep -q MAO_COUNTER_ERROR "$WORK/cycles.out" && fail "counter error: $(grep MAO_COUNTER_ERROR "$WORK/cycles.out")"
    index=0
    while read -r _ name n body fixed; do
        expect_eq "$mode region $index ($name, n = $n) cycles" \
            "$(region_field "$WORK/cycles.out" $index 5)" "$((n * (body + 4) + fixed))"
        index=$((index + 1))
    done < <(grep '^CASE ' "$WORK/cycles.out")
    [ "$index" -ge 40 ] || fail "only $index cases ran"
    expect_eq "region lines ($mode)" "$(count_lines "$WORK/cycles.out" MAO_REGION)" "$index"
done
diff <(grep '^MAO_REGION' "$WORK/cycles.tb.out") <(grep '^MAO_REGION' "$WORK/cycles.insn.out") \
    >/dev/null || fail "tb and insn mode differ"

"$M4COUNT" --quiet --cyc "$WORK/cycles.elf" >"$WORK/cycles.m4count" 2>&1
expect_eq "m4count exit status" "$?" 0
diff <(awk '$1 == "MAO_REGION" { print $2, $5 + $6 }' "$WORK/cycles.tb.out") \
    <(sed -n 's/^== m4count: RIG_REGION \([0-9]*\) insns=[0-9]* cyc_est=\([0-9]*\)$/\1 \2/p' \
        "$WORK/cycles.m4count") >"$WORK/cycles.m4.diff" ||
    fail "differs from m4count --cyc: $(head -2 "$WORK/cycles.m4.diff")"
echo "PASS: $index regions exact by the timing rules in tb and insn mode, equal to m4count --cyc"
