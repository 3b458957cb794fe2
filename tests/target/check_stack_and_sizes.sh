#!/bin/bash
# Stack painting reports known stack demands; memory sizes are overridable and enforced;
# weights are reported apart from code.
source "$(dirname "$0")/lib.sh"
parse_args "$@"

# check_stack_marks OUT: high-water differences between demands equal the demand differences.
check_stack_marks() {
    local previous_demand="" previous_used="" lines=0
    while read -r _ demand used _; do
        [ "$used" -ge "$demand" ] || fail "stack used $used < demand $demand"
        if [ -n "$previous_demand" ]; then
            local grown=$((used - previous_used)) wanted=$((demand - previous_demand))
            [ $grown -ge $wanted ] && [ $grown -le $((wanted + 8)) ] ||
                fail "stack grew $grown bytes for $wanted more demanded"
        fi
        previous_demand=$demand previous_used=$used lines=$((lines + 1))
    done < <(grep '^STACK ' "$1")
    expect_eq "stack lines" "$lines" 4
}

mao_size_field() { sed -n "s/^MAO_SIZE.* $2=\([0-9]*\).*/\1/p" "$1"; }

# Default layout: 16 KiB stack at the top of 256 KiB RAM.
build_firmware stack "$TEST_DIR/fw_stack.c"
run_firmware stack
expect_eq "exit status" "$RUN_STATUS" 0
expect_eq "default stack size" "$(awk '$1 == "STACK_SIZE" { print $2 }' "$WORK/stack.out")" 16384
check_stack_marks "$WORK/stack.out"
top=$("${MAO_CROSS_PREFIX}nm" "$WORK/stack.elf" | awk '$3 == "__stack_top" { print $1 }')
expect_eq "default stack top" "$top" 20040000

# Weights: own output section, sizes consistent with the section table.
expect_eq "weights sum" "$(awk '$1 == "WEIGHTS_SUM" { print $2 }' "$WORK/stack.out")" \
    $((1 + 2 + 3 + 4 + 5 + 6))
weights=$(mao_size_field "$WORK/stack.out" weights)
expect_eq "MAO_SIZE weights" "$weights" $((3000 + 250 * 4))
section_weights=$("${MAO_CROSS_PREFIX}size" -A "$WORK/stack.elf" | awk '$1 == ".mao_weights" { print $2 }')
expect_eq ".mao_weights section" "$section_weights" "$weights"
# Flash image end = end of the last flash section + the .data load image after it.
flash_end=$("${MAO_CROSS_PREFIX}size" -A "$WORK/stack.elf" |
    awk '$3 ~ /^[0-9]+$/ && $3 < 536870912 && $2 > 0 && $1 !~ /^\.(debug|comment|ARM\.attr)/ {
             if ($3 + $2 > end) end = $3 + $2 }
         $1 == ".data" { data = $2 } END { print end + data }')
code=$(mao_size_field "$WORK/stack.out" code)
data=$(mao_size_field "$WORK/stack.out" data)
expect_eq "code + weights + data vs flash image end" $((code + weights + data)) "$flash_end"

# Overrides: 64 KiB RAM with an 8 KiB stack.
build_firmware stack_small "$TEST_DIR/fw_stack.c" \
    -Wl,--defsym=MAO_RAM_SIZE=65536,--defsym=MAO_STACK_SIZE=8192
run_firmware stack_small
expect_eq "exit status (small)" "$RUN_STATUS" 0
expect_eq "overridden stack size" \
    "$(awk '$1 == "STACK_SIZE" { print $2 }' "$WORK/stack_small.out")" 8192
expect_eq "MAO_SIZE stack" "$(mao_size_field "$WORK/stack_small.out" stack)" 8192
check_stack_marks "$WORK/stack_small.out"
top=$("${MAO_CROSS_PREFIX}nm" "$WORK/stack_small.elf" | awk '$3 == "__stack_top" { print $1 }')
expect_eq "overridden stack top" "$top" 20010000

# Too small a part must not link.
if "$TARGET_DIR/build-firmware.sh" "$WORK/too_small_ram.elf" "$TEST_DIR/fw_stack.c" \
    -Wl,--defsym=MAO_RAM_SIZE=16384 2>"$WORK/too_small_ram.err"; then
    fail "firmware linked with its stack filling all RAM"
fi
grep -q "RAM overflow" "$WORK/too_small_ram.err" || fail "no RAM overflow message"
if "$TARGET_DIR/build-firmware.sh" "$WORK/too_small_flash.elf" "$TEST_DIR/fw_stack.c" \
    -Wl,--defsym=MAO_FLASH_SIZE=4096 2>"$WORK/too_small_flash.err"; then
    fail "firmware linked into 4 KiB of flash"
fi
grep -q "FLASH" "$WORK/too_small_flash.err" || fail "no FLASH overflow message"
echo "PASS: stack marks $(grep '^STACK ' "$WORK/stack.out" | awk '{ printf "%s->%s ", $2, $3 }')," \
    "$(grep '^MAO_SIZE' "$WORK/stack.out")"
