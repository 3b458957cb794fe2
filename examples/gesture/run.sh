#!/usr/bin/env bash
# run.sh - the gesture-recognition demo, end to end, on the emulated Cortex-M4F.
#
# usage: examples/gesture/run.sh [--build DIR] [--model FILE] [--variant float|int8-accel]
#                                [--work DIR] [--hop N] [--threshold PERMILLE] [--k N]
#                                [--seed-offset N] [--no-streams] [--quiet]
#                                [--microaot EXE] [--plugin SO]
#
# 1. compiles the model with DIR/microaot (library name gesture_model),
# 2. builds the data generator on the host and generates the firmware's data (the recordings, the
#    golden scores, the streamed sequences) and the ground truth,
# 3. cross-builds the firmware with targets/cortex-m4f-qemu/build-firmware.sh,
# 4. runs it on QEMU mps2-an386 with the instruction-counting plugin from DIR,
# 5. checks the firmware's raw results again on the host against the golden files and the ground
#    truth, and prints a summary.
# Exits 0 when every check passes, 1 when a check fails, 2 when something could not be built/run.
#
# --build DIR      the microaot build tree (default: build/ in the repository)
# --model FILE     the .tflite model (default: ../shared/models/magic_wand.tflite)
# --variant V      float (default): the float model as compiled by default;
#                  int8-accel: reserved for the int8 + accelerator build (compile options below)
# --work DIR       where generated files, the firmware and logs go (default: BUILD/gesture-VARIANT)
# --hop N, --threshold PERMILLE, --k N   the detector (defaults 16, 700, 2; see README.md)
# --seed-offset N  add N to every stream's noise seed (default 0: the documented streams)
# --no-streams     only the two recordings (the bench build: no stream data in flash)
# --quiet          print only the summary, not the firmware's per-window lines
# --microaot EXE, --plugin SO   override DIR/microaot and DIR/targets/.../libmao_insncount.so
# Environment: MAO_SHARED (shared data, default ../shared beside the repository), HOST_CC (cc),
# and the target's MAO_QEMU / MAO_CROSS_PREFIX.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SHARED=${MAO_SHARED:-$REPO/../shared}
TARGET_DIR=$REPO/targets/cortex-m4f-qemu

BUILD=$REPO/build
MODEL=$SHARED/models/magic_wand.tflite
VARIANT=float
WORK=""
HOP=16
THRESHOLD=700
K=2
STREAMS=1
QUIET=0
SEED_OFFSET=0
MICROAOT=""
PLUGIN=""

die() {
    echo "gesture/run.sh: $*" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
    --build) BUILD=${2:?--build needs a directory}; shift 2 ;;
    --model) MODEL=${2:?--model needs a file}; shift 2 ;;
    --variant) VARIANT=${2:?--variant needs float or int8-accel}; shift 2 ;;
    --work) WORK=${2:?--work needs a directory}; shift 2 ;;
    --hop) HOP=${2:?}; shift 2 ;;
    --threshold) THRESHOLD=${2:?}; shift 2 ;;
    --k) K=${2:?}; shift 2 ;;
    --seed-offset) SEED_OFFSET=${2:?}; shift 2 ;;
    --no-streams) STREAMS=0; shift ;;
    --quiet) QUIET=1; shift ;;
    --microaot) MICROAOT=${2:?}; shift 2 ;;
    --plugin) PLUGIN=${2:?}; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[[ "$SEED_OFFSET" =~ ^[0-9]+$ ]] || die "--seed-offset wants a non-negative integer"
for n in "$HOP" "$THRESHOLD" "$K"; do
    if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then die "--hop/--threshold/--k want positive integers"; fi
done
[ "$THRESHOLD" -lt 1000 ] || die "--threshold is in 1/1000 and must be below 1000"

# The build variant: what is passed to `microaot compile` and to the firmware build.
COMPILE_ARGS=(--target cortex-m4f)
FIRMWARE_DEFS=()
case "$VARIANT" in
float) ;;
int8-accel)
    die "variant int8-accel is not available yet (needs the compiler's int8 quantization and the
accelerator backend; add their options to COMPILE_ARGS in this case branch)" ;;
*) die "unknown variant '$VARIANT' (float or int8-accel)" ;;
esac

BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || die "build directory not found (run scripts/build.sh)"
WORK=${WORK:-$BUILD/gesture-$VARIANT}
MICROAOT=${MICROAOT:-$BUILD/microaot}
PLUGIN=${PLUGIN:-$BUILD/targets/cortex-m4f-qemu/libmao_insncount.so}
[ -x "$MICROAOT" ] || die "compiler '$MICROAOT' not found (run scripts/build.sh)"
[ -f "$PLUGIN" ] || die "QEMU plugin '$PLUGIN' not found (build target mao_insncount)"
[ -f "$MODEL" ] || die "model '$MODEL' not found"
GOLDEN=$SHARED/golden/magic_wand
for f in "$SHARED/models/magic_wand_ring.bin" "$SHARED/models/magic_wand_slope.bin" \
    "$GOLDEN/output_4_0.bin" "$GOLDEN/output_5_0.bin"; do
    [ -f "$f" ] || die "shared data file '$f' not found"
done
HOST_CC=${HOST_CC:-cc}
command -v "$HOST_CC" >/dev/null || die "host C compiler '$HOST_CC' not found"
NM=${MAO_CROSS_PREFIX:-arm-none-eabi-}nm

rm -rf "$WORK"
mkdir -p "$WORK/model"

# 1. The model.
"$MICROAOT" compile "$MODEL" -o "$WORK/model" --name gesture_model "${COMPILE_ARGS[@]}" \
    >"$WORK/compile.log" 2>&1 || { cat "$WORK/compile.log" >&2; die "microaot compile failed"; }

# 2. The data (recordings, golden scores, streams) and the ground truth.
"$HOST_CC" -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror "$HERE/gesture_gen.c" \
    -o "$WORK/gesture_gen" || die "building gesture_gen failed"
GEN_ARGS=(--seed-offset "$SEED_OFFSET")
[ "$STREAMS" -eq 1 ] || GEN_ARGS+=(--no-streams)
"$WORK/gesture_gen" "$SHARED/models/magic_wand_ring.bin" "$SHARED/models/magic_wand_slope.bin" \
    "$GOLDEN/output_4_0.bin" "$GOLDEN/output_5_0.bin" "$WORK/gesture_data.c" "$WORK/events.txt" \
    "${GEN_ARGS[@]}" || die "gesture_gen failed"

# 3. The firmware. The generated library puts weights in .rodata.mao_weights.* with
# MAO_WEIGHTS_IN_SECTION, so the runner can tell weights from code.
"$TARGET_DIR/build-firmware.sh" "$WORK/gesture.elf" \
    -std=c99 -Wall -Wextra -Wpedantic -Werror -ffp-contract=off \
    -DMAO_WEIGHTS_IN_SECTION=1 -DGESTURE_HOP="$HOP" -DGESTURE_THRESHOLD_PERMILLE="$THRESHOLD" \
    -DGESTURE_K="$K" "${FIRMWARE_DEFS[@]}" \
    -I"$HERE" -I"$WORK/model" "$HERE/main.c" "$WORK/gesture_data.c" "$WORK/model"/*.c \
    -Wl,-Map="$WORK/gesture.map" || die "firmware build failed"

# 4. The run.
set +e
"$TARGET_DIR/run-qemu.sh" --timeout 600 "$PLUGIN" "$WORK/gesture.elf" >"$WORK/run.log" 2>&1
STATUS=$?
set -e
grep -q '^MAO_EXIT ' "$WORK/run.log" || { cat "$WORK/run.log" >&2; die "run-qemu.sh failed"; }

# Flash taken by the demo's own data (recordings, golden, streams): not part of the model.
# Code of the generated library: the gesture_model_* functions and the kernels compiled from the
# generated mao_<kernel>.c files (libc/libm calls such as expf are not included).
declare -A KERNELS=()
for f in "$WORK/model"/mao_*.c; do
    [ -e "$f" ] && KERNELS[$(basename "$f" .c)]=1
done
DEMO_DATA=0
MODEL_CODE=0
while read -r _ hex_size type symbol; do
    if [[ "$type" == [tT] ]] && { [[ "$symbol" == gesture_model_* ]] || [ -n "${KERNELS[$symbol]:-}" ]; }; then
        MODEL_CODE=$((MODEL_CODE + 16#$hex_size))
    fi
    case "$symbol" in
    gesture_recordings | gesture_golden | gesture_streams | gesture_recording_class | \
        gesture_num_streams | stream_*_samples | stream_*_events)
        DEMO_DATA=$((DEMO_DATA + 16#$hex_size)) ;;
    esac
done < <("$NM" -S "$WORK/gesture.elf" | awk 'NF == 4')
WORKSPACE=$(awk '$2 == "gesture_model_WORKSPACE_SIZE" { print $3 }' "$WORK/model/gesture_model.h")

# 5. Per-window instruction counts joined onto the firmware's lines, and the host-side checks.
read -r -a GOLDEN_RING <<<"$(od -An -v -tf4 -w16 "$GOLDEN/output_4_0.bin")"
read -r -a GOLDEN_SLOPE <<<"$(od -An -v -tf4 -w16 "$GOLDEN/output_5_0.bin")"
awk -v quiet="$QUIET" -v status="$STATUS" -v events_file="$WORK/events.txt" \
    -v golden_ring="${GOLDEN_RING[*]}" -v golden_slope="${GOLDEN_SLOPE[*]}" \
    -v demo_data="$DEMO_DATA" -v model_code="$MODEL_CODE" -v workspace="$WORKSPACE" -v model="$(basename "$MODEL")" \
    -v variant="$VARIANT" -v streams="$STREAMS" -v tflm=1463506 -v tflm_cycles=2224021 '
function field(line, key,    n, i, parts, kv) {
    n = split(line, parts, " ")
    for (i = 1; i <= n; ++i) {
        if (index(parts[i], key "=") == 1) return substr(parts[i], length(key) + 2)
    }
    return ""
}
function group(n,    s) { # 1234567 -> 1,234,567
    s = sprintf("%d", n)
    while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s)
    return s
}
BEGIN {
    split(golden_ring, g, " "); for (c = 1; c <= 4; ++c) golden["ring", c] = g[c]
    split(golden_slope, g, " "); for (c = 1; c <= 4; ++c) golden["slope", c] = g[c]
    while ((getline line < events_file) > 0) {
        split(line, p, " ")
        if (p[1] == "stream") { ns++; st_name[ns] = p[2]; st_events[p[2]] = 0 }
        if (p[1] != "event") continue
        ne++; ev_stream[ne] = p[2]; ev_class[ne] = p[3]; ev_start[ne] = p[4]; ev_end[ne] = p[5]
        st_events[p[2]]++
    }
}
/^MAO_REGION / { insns[$2] = $3; cycles[$2] = $5; nregions++; next }
/^MAO_SIZE / {
    for (i = 2; i <= NF; ++i) { split($i, kv, "="); size[kv[1]] = kv[2] }
    next
}
/^MAO_EXIT / { exit_line = $0; next }
/^MAO_/ { other[++nother] = $0; next }
{ lines[++nlines] = $0 }
END {
    failures = 0
    # Console with the counts joined on (r=N is the region index of that inference).
    for (i = 1; i <= nlines; ++i) {
        l = lines[i]; r = field(l, "r")
        if (r != "" && (r in insns)) l = l " insns=" insns[r]
        else if (r != "") { l = l " insns=MISSING"; failures++ }
        lines[i] = l
        if (!quiet || l !~ /^(WINDOW|STREAM)/) print l
        if (l ~ /^SUMMARY/) summary = l
    }
    for (i = 1; i <= nother; ++i) { print other[i]; if (other[i] ~ /COUNTER_ERROR|TIMEOUT/) failures++ }
    print exit_line

    print ""
    printf "== gesture demo summary: %s, variant %s, Cortex-M4F (QEMU mps2-an386) ==\n", model, variant
    # Recordings vs golden: recomputed here from the printed scores (7 decimals, so the
    # tolerance gets 5e-8 for the rounding of the print).
    nrec = 0
    for (i = 1; i <= nlines; ++i) {
        l = lines[i]
        if (l !~ /^RECORDING /) continue
        name = field(l, "name"); got = field(l, "got"); nrec++
        # the scores are the 4 space-separated tokens from "scores="
        n = split(l, tok, " "); k = 0
        for (j = 1; j <= n; ++j) if (tok[j] ~ /^scores=/) { k = j; break }
        sc[1] = substr(tok[k], 8); sc[2] = tok[k + 1]; sc[3] = tok[k + 2]; sc[4] = tok[k + 3]
        worst = 0; ok = (got == name)
        for (c = 1; c <= 4; ++c) {
            ref = golden[name, c]; d = sc[c] - ref; if (d < 0) d = -d
            tol = 1e-5 + 1e-4 * (ref < 0 ? -ref : ref) + 5e-8
            if (!(d <= tol)) ok = 0
            if (d > worst) worst = d
        }
        if (!((name, 1) in golden) || field(l, "insns") == "") ok = 0
        printf "recording %-5s expected %-5s got %-5s scores %s %s %s %s  golden %.7f %.7f %.7f %.7f  max|d| %.1e  %s\n", \
            name, name, got, sc[1], sc[2], sc[3], sc[4], golden[name, 1], golden[name, 2], \
            golden[name, 3], golden[name, 4], worst, ok ? "OK" : "FAIL"
        if (!ok) failures++
    }
    if (nrec != 2) { print "recordings: expected 2 results, got " nrec; failures++ }

    # Streams: the firmware`s raw detections against the generator`s ground truth.
    if (streams) {
        ndet = 0
        for (i = 1; i <= nlines; ++i) if (lines[i] ~ /^DETECT /) {
            ndet++; det_stream[ndet] = field(lines[i], "stream")
            det_class[ndet] = field(lines[i], "got"); det_fire[ndet] = field(lines[i], "fire") + 0
            det_used[ndet] = 0
        }
        nstreams = 0
        for (i = 1; i <= nlines; ++i) if (lines[i] ~ /^STREAM /) nstreams++
        if (nstreams != ns || ns < 1) {
            print "streams: generated " ns ", the firmware ran " nstreams; failures++
        }
        found = 0
        for (e = 1; e <= ne; ++e) {
            hit = 0
            for (d = 1; d <= ndet; ++d)
                if (!det_used[d] && det_stream[d] == ev_stream[e] && det_class[d] == ev_class[e] &&
                    det_fire[d] >= ev_start[e] && det_fire[d] <= ev_end[e] + 127) { hit = d; break }
            if (hit) {
                det_used[hit] = 1; found++
                printf "stream %-16s inserted %-5s at %4d..%4d  detected %-5s at %4d (latency %3d samples)  OK\n", \
                    ev_stream[e], ev_class[e], ev_start[e], ev_end[e], det_class[hit], det_fire[hit], \
                    det_fire[hit] - ev_start[e]
            } else {
                printf "stream %-16s inserted %-5s at %4d..%4d  detected nothing there  FAIL\n", \
                    ev_stream[e], ev_class[e], ev_start[e], ev_end[e]
                failures++
            }
        }
        for (i = 1; i <= ns; ++i) if (st_events[st_name[i]] == 0)
            printf "stream %-16s nothing inserted (idle only): see below for false detections\n", st_name[i]
        falses = 0
        for (d = 1; d <= ndet; ++d) if (!det_used[d]) {
            printf "stream %-16s nothing inserted there       detected %-5s at %4d (false detection)  FAIL\n", \
                det_stream[d], det_class[d], det_fire[d]
            falses++; failures++
        }
        printf "gestures: %d/%d inserted gestures detected at the right place, %d false detections in idle stretches\n", \
            found, ne, falses
        if (ne < 1) { print "no ground truth events"; failures++ }
    }

    # Cycles (TRM-based estimate) and instructions per inference.
    cmin = -1; cmax = 0; csum = 0
    for (r in cycles) { v = cycles[r] + 0; csum += v; if (cmin < 0 || v < cmin) cmin = v; if (v > cmax) cmax = v }
    if (nregions > 0 && cmin > 0)
        printf "cycles per inference (estimate: Cortex-M4 TRM timing, no flash wait states): %s (min %s, max %s), %.3f ms at 120 MHz; TFLM reference kernels: %s (%.2fx)\n", \
            group(int(csum / nregions + 0.5)), group(cmin), group(cmax), csum / nregions / 120000, \
            group(tflm_cycles), tflm_cycles / (csum / nregions)
    else { print "cycles per inference: no cycle estimate"; failures++ }
    min = -1; max = 0; sum = 0
    for (r in insns) { v = insns[r] + 0; sum += v; if (min < 0 || v < min) min = v; if (v > max) max = v }
    if (nregions > 0)
        printf "instructions per inference: %s (min %s, max %s over %d inferences); TFLM reference kernels: %s (%.2fx)\n", \
            group(int(sum / nregions + 0.5)), group(min), group(max), nregions, group(tflm), tflm / (sum / nregions)
    else { print "instructions per inference: no regions measured"; failures++ }

    stack_used = field(summary, "stack_used")
    printf "flash: %s B = code %s B (of which demo data %s B) + weights %s B + data %s B\n", \
        group(size["flash"]), group(size["code"]), group(demo_data), group(size["weights"]), group(size["data"])
    printf "RAM: workspace %s B (in static), static %s B (data %s + bss %s), stack used %s B of %s B reserved\n", \
        group(workspace), group(size["data"] + size["bss"]), group(size["data"]), group(size["bss"]), \
        group(stack_used), group(size["stack"])
    printf "of the code: generated model + kernels %s B; firmware without demo data %s B (code) + %s B (weights); RAM used (static + stack used) %s B\n", \
        group(model_code), group(size["code"] - demo_data), group(size["weights"]), \
        group(size["data"] + size["bss"] + stack_used)
    printf "BENCH cycles_per_inference=%d insns_per_inference=%d firmware_code=%d model_code=%d demo_data=%d weights=%d workspace=%d static=%d stack_used=%d\n", \
        int(csum / (nregions ? nregions : 1) + 0.5), int(sum / (nregions ? nregions : 1) + 0.5), size["code"] - demo_data, model_code, demo_data, \
        size["weights"], workspace, size["data"] + size["bss"], stack_used
    if (summary !~ / PASS$/) { print "firmware: " (summary == "" ? "no SUMMARY line" : summary); failures++ }
    if (status != 0) { print "firmware exit status " status; failures++ }
    print (failures ? "RESULT: FAIL (" failures " problems)" : "RESULT: PASS")
    exit failures ? 1 : 0
}' "$WORK/run.log"
