#!/bin/sh
# Usage: identical.sh MICROAOT MODEL
# An accelerator that claims nothing (no local SRAM; or a set-up cost so high that the CPU is
# always cheaper) must give byte-identical output to the default CPU build.
set -u
microaot=$1 model=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$microaot" compile "$model" -o "$tmp/cpu" --name m >/dev/null || exit 1
status=0
for accel in macarray:sram=0 macarray:job_setup=1000000000; do
    dir="$tmp/$(echo "$accel" | tr ':=,' '___')"
    "$microaot" compile "$model" -o "$dir" --name m --accel "$accel" >/dev/null || exit 1
    if ! diff -r "$tmp/cpu" "$dir" >/dev/null; then
        echo "FAIL: --accel $accel output differs from the CPU build" >&2
        diff -r "$tmp/cpu" "$dir" | head -20 >&2
        status=1
    fi
done
# And the reasons are recorded: the too-expensive accelerator is declined as "CPU cheaper".
"$microaot" compile "$model" -o "$tmp/r" --name m --accel macarray:job_setup=1000000000 --report \
    >"$tmp/report.txt" || exit 1
if ! grep -q "CPU cheaper: [0-9]* vs [0-9]* cycles" "$tmp/report.txt"; then
    echo "FAIL: no 'CPU cheaper' reason in the report" >&2
    status=1
fi
exit $status
