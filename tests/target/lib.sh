# lib.sh - shared helpers of the cortex-m4f-qemu target tests (sourced, not run).
#
# Every check script takes: --repo DIR --work DIR --plugin SO --gcc PATH --qemu PATH
# [--host-cc PATH]. A missing tool is a failure, not a skip: the target must be testable.
set -uo pipefail

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

parse_args() {
    REPO="" WORK="" PLUGIN="" ARM_GCC="" QEMU="" HOST_CC=""
    while [ $# -gt 0 ]; do
        case "$1" in
        --repo) REPO=$2 ;;
        --work) WORK=$2 ;;
        --plugin) PLUGIN=$2 ;;
        --gcc) ARM_GCC=$2 ;;
        --qemu) QEMU=$2 ;;
        --host-cc) HOST_CC=$2 ;;
        *) fail "unknown argument $1" ;;
        esac
        shift 2
    done
    [ -x "$ARM_GCC" ] || fail "arm-none-eabi-gcc not found ('$ARM_GCC'); install gcc-arm-none-eabi"
    [ -x "$QEMU" ] || fail "qemu-system-arm not found ('$QEMU'); install qemu-system-arm"
    [ -f "$PLUGIN" ] || fail "instruction-count plugin '$PLUGIN' not built"
    [ -d "$REPO/targets/cortex-m4f-qemu" ] || fail "'$REPO' is not the repository root"
    TARGET_DIR=$REPO/targets/cortex-m4f-qemu
    TEST_DIR=$REPO/tests/target
    export MAO_CROSS_PREFIX=${ARM_GCC%gcc}
    export MAO_QEMU=$QEMU
    command -v "${MAO_CROSS_PREFIX}nm" >/dev/null || fail "${MAO_CROSS_PREFIX}nm not found"
    mkdir -p "$WORK" || fail "cannot create $WORK"
}

# build_firmware NAME SOURCE... [flags]: $WORK/NAME.elf, target sources held to the same
# strict C99 flags as the test firmware.
build_firmware() {
    local name=$1
    shift
    "$TARGET_DIR/build-firmware.sh" "$WORK/$name.elf" -std=c99 -Wall -Wextra -Wpedantic -Werror \
        "$@" || fail "building firmware $name"
}

# run_firmware NAME [run-qemu.sh options]: output in $WORK/NAME.out, sets RUN_STATUS.
run_firmware() {
    local name=$1
    shift
    "$TARGET_DIR/run-qemu.sh" "$@" "$PLUGIN" "$WORK/$name.elf" >"$WORK/$name.out"
    RUN_STATUS=$?
}

# region_field OUTPUT_FILE INDEX FIELD: e.g. region_field f.out 3 3 -> insns of region 3.
region_field() {
    awk -v index_="$2" -v field="$3" '$1 == "MAO_REGION" && $2 == index_ { print $field }' "$1"
}

count_lines() { grep -c "^$2" "$1"; }

expect_eq() {
    [ "$2" == "$3" ] || fail "$1: got '$2', expected '$3'"
}
