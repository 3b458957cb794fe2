#!/bin/sh
# Usage: decline.sh MICROAOT MODEL
# With a local SRAM too small for a layer's weights the backend declines with a precise reason.
set -u
microaot=$1 model=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$microaot" compile "$model" -o "$tmp/o" --accel macarray:sram=1K --report >"$tmp/r.txt" || exit 1
if ! grep -Eq "macarray: weights [0-9.]+ KiB exceed local SRAM 1.0 KiB" "$tmp/r.txt"; then
    echo "FAIL: expected 'weights ... exceed local SRAM 1.0 KiB' in the report" >&2
    cat "$tmp/r.txt" >&2
    exit 1
fi
"$microaot" compile "$model" -o "$tmp/o" --accel macarray:bogus=1 >/dev/null 2>"$tmp/e.txt"
if [ $? -ne 2 ] || ! grep -q "unknown option 'bogus'" "$tmp/e.txt"; then
    echo "FAIL: a bad --accel option must be a compile error (exit 2)" >&2
    exit 1
fi
