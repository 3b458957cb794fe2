#!/bin/bash
# check_counts.sh --check determinism|m4count --microaot EXE --plugin SO --shared DIR --work DIR
#
# determinism: `microaot run --keep` builds a firmware for kws_ref_model (2 samples); running
#   that same ELF twice more must give identical MAO_REGION lines (instructions and cycle
#   estimate), equal to microaot's figures.
# m4count: the same firmware counted by the shared yardstick ../shared/tools/m4count/m4count
#   --cyc (it keys on the rig_region_* aliases of our markers): every region's instructions
#   within 0.1%, its cycle estimate within 0.5%.
set -uo pipefail
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
CHECK="" MICROAOT="" PLUGIN="" SHARED="" WORK=""
while [ $# -gt 0 ]; do
    case "$1" in
    --check) CHECK=$2 ;;
    --microaot) MICROAOT=$2 ;;
    --plugin) PLUGIN=$2 ;;
    --shared) SHARED=$2 ;;
    --work) WORK=$2 ;;
    *) fail "unknown argument $1" ;;
    esac
    shift 2
done
command -v arm-none-eabi-gcc >/dev/null || fail "arm-none-eabi-gcc not found"
command -v qemu-system-arm >/dev/null || fail "qemu-system-arm not found"
[ -x "$MICROAOT" ] || fail "microaot '$MICROAOT' not built"
[ -f "$PLUGIN" ] || fail "plugin '$PLUGIN' not built"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
MODEL=kws_ref_model
rm -rf "$WORK" && mkdir -p "$WORK" || fail "cannot create $WORK"

"$MICROAOT" run "$SHARED/models/$MODEL.tflite" --target cortex-m4f-qemu \
    --golden "$SHARED/golden/$MODEL" --samples 2 --keep "$WORK/fw" --json "$WORK/run.json" \
    >"$WORK/run.log" 2>&1 || fail "microaot run failed: $(tail -3 "$WORK/run.log")"
ELF=$WORK/fw/fw.elf
[ -f "$ELF" ] || fail "--keep left no fw.elf"
# Region counts microaot reported, "instructions cycles" one region per line.
python3 -c 'import json,sys; [print(s["instructions"], s["cycles"]) for s in json.load(open(sys.argv[1]))["samples"]]' \
    "$WORK/run.json" >"$WORK/reported" || fail "cannot read run.json"
[ "$(wc -l <"$WORK/reported")" -eq 2 ] || fail "expected 2 samples in run.json"

ours() { # "instructions cycles", counted + excluded, per region: what m4count sees
    awk '$1 == "MAO_REGION" { print $3 + $4, $5 + $6 }' "$1"
}
case "$CHECK" in
determinism)
    for i in 1 2; do
        "$REPO/targets/cortex-m4f-qemu/run-qemu.sh" "$PLUGIN" "$ELF" >"$WORK/rerun$i.out" 2>&1 ||
            fail "rerun $i exited with $?"
        awk '$1 == "MAO_REGION" { print $3, $5 }' "$WORK/rerun$i.out" >"$WORK/rerun$i.counts"
    done
    diff "$WORK/rerun1.counts" "$WORK/rerun2.counts" >/dev/null || fail "two runs differ"
    diff "$WORK/reported" "$WORK/rerun1.counts" >/dev/null ||
        fail "rerun differs from microaot's figures: $(paste -s "$WORK/reported") vs $(paste -s "$WORK/rerun1.counts")"
    echo "PASS: identical counts (instructions cycles) in three runs: $(paste -sd' ' "$WORK/reported")"
    ;;
m4count)
    M4COUNT=$SHARED/tools/m4count/m4count
    [ -x "$M4COUNT" ] || fail "m4count not found at $M4COUNT"
    export XDG_CACHE_HOME=$WORK/cache # m4count builds its plugin there
    "$REPO/targets/cortex-m4f-qemu/run-qemu.sh" "$PLUGIN" "$ELF" >"$WORK/ours.out" 2>&1 ||
        fail "our run exited with $?"
    "$M4COUNT" --quiet --cyc "$ELF" >"$WORK/m4count.out" 2>&1 || fail "m4count exited with $?"
    ours "$WORK/ours.out" >"$WORK/ours.counts"
    sed -n 's/^== m4count: RIG_REGION [0-9]* insns=\([0-9]*\) cyc_est=\([0-9]*\)$/\1 \2/p' \
        "$WORK/m4count.out" >"$WORK/theirs.counts"
    [ "$(wc -l <"$WORK/theirs.counts")" -eq 2 ] || fail "m4count saw $(wc -l <"$WORK/theirs.counts") regions, expected 2"
    # Our cycles are what microaot reported: the figure checked is the one users see.
    diff <(awk '{ print $2 }' "$WORK/reported") <(awk '{ print $2 }' "$WORK/ours.counts") \
        >/dev/null || fail "run-qemu.sh cycles differ from microaot's figures"
    paste "$WORK/ours.counts" "$WORK/theirs.counts" | awk '
        function rel(a, b) { return (a > b ? a - b : b - a) / b }
        { ri = rel($1, $3); rc = rel($2, $4)
          printf "region %d: instructions ours %d, m4count %d (%.6f%%); cycles ours %d, m4count %d (%.6f%%)\n",
                 NR - 1, $1, $3, 100 * ri, $2, $4, 100 * rc
          if (ri > 0.001 || rc > 0.005) bad = 1 }
        END { exit bad }' || fail "instructions differ from m4count by more than 0.1% or cycles by more than 0.5%"
    echo "PASS: instructions within 0.1%, cycle estimate within 0.5% of m4count --cyc"
    ;;
*) fail "--check wants determinism or m4count" ;;
esac
