#!/bin/bash
# Region counts of asm loops (instructions and the cycle estimate) must equal the counts derived
# from their structure, for many loop lengths, in both counting modes, with marker and
# address-range exclusion.
source "$(dirname "$0")/lib.sh"
parse_args "$@"

build_firmware loops "$TEST_DIR/fw_loops.c"
# expected_counts KIND A B -> "counted excluded counted_cycles excluded_cycles" (formulas
# documented in fw_loops.c)
expected_counts() {
    case "$1" in
    loop) echo "$((2 * $2 + 2)) 0 $((4 * $2 + 4)) 0" ;;
    exclusion) echo "$((2 * $2 + 4)) $((2 * $3 + 2)) $((4 * $2 + 10)) $((4 * $3 + 4))" ;;
    range) echo "$((2 * $2 + 4)) $((2 * $3 + 1)) $((4 * $2 + 8)) $((4 * $3 + 1))" ;;
    *) fail "unknown case kind $1" ;;
    esac
}

for mode in tb insn; do
    run_firmware "loops" --mode "$mode" --exclude-function excluded_work
    expect_eq "exit status ($mode)" "$RUN_STATUS" 0
    cp "$WORK/loops.out" "$WORK/loops.$mode.out"
    grep -q MAO_COUNTER_ERROR "$WORK/loops.out" && fail "counter error: $(grep MAO_COUNTER_ERROR "$WORK/loops.out")"
    index=0
    while read -r _ kind a b; do
        read -r counted excluded cycles excluded_cycles <<<"$(expected_counts "$kind" "$a" "$b")"
        expect_eq "$mode region $index ($kind $a $b) insns" \
            "$(region_field "$WORK/loops.out" $index 3)" "$counted"
        expect_eq "$mode region $index ($kind $a $b) excluded" \
            "$(region_field "$WORK/loops.out" $index 4)" "$excluded"
        expect_eq "$mode region $index ($kind $a $b) cycles" \
            "$(region_field "$WORK/loops.out" $index 5)" "$cycles"
        expect_eq "$mode region $index ($kind $a $b) excluded cycles" \
            "$(region_field "$WORK/loops.out" $index 6)" "$excluded_cycles"
        index=$((index + 1))
    done < <(grep '^CASE ' "$WORK/loops.out")
    [ "$index" -ge 15 ] || fail "only $index cases ran"
    expect_eq "region lines ($mode)" "$(count_lines "$WORK/loops.out" MAO_REGION)" "$index"
done
expect_eq "totals tb vs insn" "$(grep MAO_TOTAL "$WORK/loops.tb.out")" \
    "$(grep MAO_TOTAL "$WORK/loops.insn.out")"
echo "PASS: $index regions exact in tb and insn mode"
