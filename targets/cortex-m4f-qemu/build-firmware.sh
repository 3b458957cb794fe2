#!/bin/bash
# build-firmware.sh - compile and link a bare-metal firmware for the cortex-m4f-qemu target.
#
# usage: build-firmware.sh OUT.elf [compiler arguments: sources, -I, -D, -Wl,--defsym=...]
# Adds the target's flags (target.cflags, target.ldflags), its sources (target.sources), its
# include directory and linker script. Cross compiler: ${MAO_CROSS_PREFIX:-arm-none-eabi-}gcc.
set -euo pipefail
TARGET_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -lt 2 ]; then
    echo "usage: build-firmware.sh OUT.elf SOURCE... [compiler flags]" >&2
    exit 2
fi
OUT=$1
shift
CC=${MAO_CROSS_PREFIX:-arm-none-eabi-}gcc
if ! command -v "$CC" >/dev/null; then
    echo "build-firmware.sh: cross compiler '$CC' not found" >&2
    exit 2
fi
read -r -a CFLAGS <"$TARGET_DIR/target.cflags"
read -r -a LDFLAGS <"$TARGET_DIR/target.ldflags"
SOURCES=()
while read -r source; do
    [ -n "$source" ] && SOURCES+=("$TARGET_DIR/$source")
done <"$TARGET_DIR/target.sources"
exec "$CC" "${CFLAGS[@]}" -I"$TARGET_DIR" "$@" "${SOURCES[@]}" \
    -T"$TARGET_DIR/mps2_an386.ld" "${LDFLAGS[@]}" -o "$OUT"
