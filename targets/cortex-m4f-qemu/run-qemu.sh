#!/bin/bash
# run-qemu.sh - run a cortex-m4f-qemu firmware on QEMU mps2-an386 with the insncount plugin.
#
# usage: run-qemu.sh [--timeout S] [--mode tb|insn] [--exclude-function SYMBOL] PLUGIN.so ELF
# Prints the firmware's console output, then machine-readable lines:
#   MAO_REGION <index> <insns> <excluded_insns> <cycles> <excluded_cycles>
#                                                 one per executed mao_region_begin/_end pair;
#                                                 cycles: the TRM-based estimate (no wait states)
#   MAO_TOTAL <insns> <excluded_insns> <cycles> <excluded_cycles>   whole run, reset to exit
#   MAO_COUNTER_ERROR <what>                      markers misused (e.g. end without begin)
#   MAO_SIZE code=B weights=B data=B bss=B stack=B flash=B ram=B
#   MAO_TIMEOUT <seconds>                         only if the run was stopped
#   MAO_EXIT <status>                             the firmware's exit status (124: timeout)
# Exits with the firmware's status, 124 on timeout, 2 on usage or tool errors.
# Tools: ${MAO_QEMU:-qemu-system-arm}, ${MAO_CROSS_PREFIX:-arm-none-eabi-}nm.
set -uo pipefail

usage() {
    echo "usage: run-qemu.sh [--timeout S] [--mode tb|insn] [--exclude-function SYMBOL]" \
        "PLUGIN.so ELF" >&2
    exit 2
}

fail() {
    echo "run-qemu.sh: $*" >&2
    exit 2
}

TIMEOUT=120
MODE=tb
EXCLUDE_FUNCTION=""
while [ $# -gt 2 ]; do
    case "$1" in
    --timeout) TIMEOUT=${2:-}; shift 2 ;;
    --mode) MODE=${2:-}; shift 2 ;;
    --exclude-function) EXCLUDE_FUNCTION=${2:-}; shift 2 ;;
    *) usage ;;
    esac
done
[ $# -eq 2 ] || usage
PLUGIN=$1
ELF=$2
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || fail "--timeout wants whole seconds, got '$TIMEOUT'"
[[ "$MODE" == tb || "$MODE" == insn ]] || fail "--mode wants tb or insn, got '$MODE'"
[ -f "$PLUGIN" ] || fail "plugin '$PLUGIN' not found"
[ -f "$ELF" ] || fail "firmware '$ELF' not found"
QEMU=${MAO_QEMU:-qemu-system-arm}
NM=${MAO_CROSS_PREFIX:-arm-none-eabi-}nm
command -v "$QEMU" >/dev/null || fail "'$QEMU' not found"
command -v "$NM" >/dev/null || fail "'$NM' not found"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$NM" -S "$ELF" >"$WORK/symbols" 2>"$WORK/nm.err" || fail "$ELF: not an ELF file ($(head -1 "$WORK/nm.err"))"

# symbol_field NAME FIELD: FIELD 1 = address, 2 = size (hex, no 0x); empty if absent.
symbol_field() {
    awk -v name="$1" -v field="$2" '
        NF == 4 && $4 == name { print (field == 1 ? $1 : $2); exit }
        NF == 3 && $3 == name && field == 1 { print $1; exit }' "$WORK/symbols"
}

symbol_value() {
    local hex
    hex=$(symbol_field "$1" 1)
    [ -n "$hex" ] && echo $((16#$hex))
}

PLUGIN_ARGS="mode=$MODE,out=$WORK/counts"
for marker in region_begin region_end exclude_begin exclude_end; do
    address=$(symbol_field "mao_$marker" 1)
    [ -n "$address" ] && PLUGIN_ARGS+=",$marker=0x$address"
done
if [ -n "$EXCLUDE_FUNCTION" ]; then
    address=$(symbol_field "$EXCLUDE_FUNCTION" 1)
    size=$(symbol_field "$EXCLUDE_FUNCTION" 2)
    if [ -z "$address" ] || [ -z "$size" ]; then
        fail "$ELF: no function '$EXCLUDE_FUNCTION' with a size"
    fi
    lo=$((16#$address & ~1))
    PLUGIN_ARGS+=",exclude_lo=$lo,exclude_hi=$((lo + 16#$size))"
fi

timeout --kill-after=5 "$TIMEOUT" "$QEMU" -M mps2-an386 -cpu cortex-m4 -m 16M -nographic \
    -monitor none -serial none -semihosting-config enable=on,target=native \
    -plugin "$PLUGIN,$PLUGIN_ARGS" -kernel "$ELF" | tee "$WORK/console"
STATUS=${PIPESTATUS[0]}
# The MAO_ lines must start a line even if the firmware's last output did not end one.
[ -s "$WORK/console" ] && [ "$(tail -c 1 "$WORK/console" | od -An -c | tr -d ' ')" != '\n' ] && echo

[ -f "$WORK/counts" ] && cat "$WORK/counts"

size_of() {
    local start end
    start=$(symbol_value "$1")
    end=$(symbol_value "$2")
    echo $((${end:-0} - ${start:-0}))
}
FLASH=$(size_of __mao_flash_start __mao_flash_end)
WEIGHTS=$(size_of __mao_weights_start __mao_weights_end)
DATA=$(size_of __data_start __data_end)
BSS=$(size_of __bss_start__ __bss_end__)
STACK=$(size_of __stack_limit __stack_top)
echo "MAO_SIZE code=$((FLASH - WEIGHTS - DATA)) weights=$WEIGHTS data=$DATA bss=$BSS" \
    "stack=$STACK flash=$FLASH ram=$((DATA + BSS + STACK))"
if [ "$STATUS" -eq 124 ] || [ "$STATUS" -eq 137 ]; then # 137: killed after the grace period
    echo "MAO_TIMEOUT $TIMEOUT"
    STATUS=124
fi
echo "MAO_EXIT $STATUS"
exit "$STATUS"
