#!/bin/bash
# Our counter against the shared m4count yardstick (same firmware, markers aliased as
# rig_region_*), tb mode against insn mode, and run against rerun: instructions and the cycle
# estimate (`m4count --cyc`). m4count knows nothing of exclusion, so its counts must equal our
# counted + excluded ones.
source "$(dirname "$0")/lib.sh"
parse_args "$@"
M4COUNT=$REPO/../shared/tools/m4count/m4count
[ -x "$M4COUNT" ] || fail "m4count yardstick not found at $M4COUNT"
export XDG_CACHE_HOME=$WORK/cache # m4count builds its own plugin there

# ours_as_m4count OUT: "index insns cycles" per region, counted + excluded.
ours_as_m4count() { awk '$1 == "MAO_REGION" { print $2, $3 + $4, $5 + $6 }' "$1"; }
theirs() {
    sed -n 's/^== m4count: RIG_REGION \([0-9]*\) insns=\([0-9]*\) cyc_est=\([0-9]*\)$/\1 \2 \3/p' "$1"
}

build_firmware workload "$TEST_DIR/fw_workload.c" "$TEST_DIR/float_kernel.c"
build_firmware loops "$TEST_DIR/fw_loops.c"
compared=0
for name in workload loops; do
    started=$(date +%s%N)
    run_firmware "$name"
    elapsed_ms=$((($(date +%s%N) - started) / 1000000))
    expect_eq "$name exit status" "$RUN_STATUS" 0
    cp "$WORK/$name.out" "$WORK/$name.tb.out"
    run_firmware "$name" --mode insn
    cp "$WORK/$name.out" "$WORK/$name.insn.out"
    run_firmware "$name"
    diff <(grep '^MAO_' "$WORK/$name.tb.out") <(grep '^MAO_' "$WORK/$name.out") >/dev/null ||
        fail "$name: two tb runs differ"
    diff <(grep '^MAO_REGION' "$WORK/$name.tb.out") <(grep '^MAO_REGION' "$WORK/$name.insn.out") \
        >"$WORK/$name.modes.diff" || fail "$name: tb and insn modes differ: $(head -2 "$WORK/$name.modes.diff")"
    "$M4COUNT" --quiet --cyc "$WORK/$name.elf" >"$WORK/$name.m4count" 2>&1
    expect_eq "$name m4count exit status" "$?" 0
    diff <(ours_as_m4count "$WORK/$name.tb.out") <(theirs "$WORK/$name.m4count") \
        >"$WORK/$name.m4.diff" || fail "$name: differs from m4count: $(head -2 "$WORK/$name.m4.diff")"
    regions=$(count_lines "$WORK/$name.tb.out" MAO_REGION)
    [ "$regions" -ge 6 ] || fail "$name: only $regions regions"
    compared=$((compared + regions))
    [ "$(theirs "$WORK/$name.m4count" | wc -l)" -eq "$regions" ] || fail "$name: m4count lines missing"
    echo "$name: $regions regions equal in tb/insn/m4count (instructions and cycles); tb run took ${elapsed_ms} ms"
done
[ "$elapsed_ms" -lt 3000 ] || fail "a small firmware run took ${elapsed_ms} ms"
# An empty region holds at least begin's `bx lr` and the caller's `bl mao_region_end` (the
# compiler may schedule more in between; the exact constant is checked with asm in
# check_loop_counts.sh).
[ "$(region_field "$WORK/workload.tb.out" 0 3)" -ge 2 ] || fail "empty region below 2"
[ "$(region_field "$WORK/workload.tb.out" 5 4)" -gt 0 ] || fail "nothing excluded in region 5"
# Cycles are at least one per instruction; a load-heavy region costs more.
[ "$(region_field "$WORK/workload.tb.out" 1 5)" -gt "$(region_field "$WORK/workload.tb.out" 1 3)" ] ||
    fail "matrix-vector region: cycles not above instructions"
echo "PASS: $compared regions identical (instructions and cycle estimate) across our tb mode," \
    "insn mode, rerun and m4count --cyc"
