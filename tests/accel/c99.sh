#!/bin/sh
# Usage: c99.sh MICROAOT MODEL
# The generated code and the accelerator runtime build warning-free as strict C99 with gcc,
# clang and arm-none-eabi-gcc (a missing compiler is a failure, not a skip).
set -u
microaot=$1 model=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$microaot" compile "$model" -o "$tmp/o" --name m --accel macarray:sram=16K >/dev/null || exit 1
status=0
for cc in gcc clang arm-none-eabi-gcc; do
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "FAIL: $cc not found" >&2
        status=1
        continue
    fi
    extra=""
    [ "$cc" = arm-none-eabi-gcc ] && extra="-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -DMAO_TARGET_QEMU"
    for f in "$tmp"/o/*.c; do
        # shellcheck disable=SC2086
        if ! "$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror -O2 $extra -c "$f" -o "$tmp/x.o"; then
            echo "FAIL: $cc on $(basename "$f")" >&2
            status=1
        fi
    done
done
exit $status
