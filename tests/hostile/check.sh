#!/usr/bin/env bash
# Hostile-input checks of the microaot CLI, one case per ctest test (see CMakeLists.txt).
# Usage: HOSTILE_MODELS=tool check.sh CASE MICROAOT MODELS_DIR SHARED_DIR PLUGIN WORK_DIR
# Every refusal must be exit 2 with exactly one line on stderr that names the cause, no raw
# control bytes, no crash, no runaway memory (reads run under a virtual-memory limit).
set -u
case_name=$1 microaot=$2 models=$3 shared=$4 plugin=$5 work=$6/$1
rm -rf "$work" && mkdir -p "$work"
out=$work/stdout err=$work/stderr

fail() {
    echo "FAIL [$case_name]: $*" >&2
    echo "--- stderr:" >&2
    head -c 2000 "$err" >&2
    exit 1
}

# run CODE CMD...: runs CMD (stdout/stderr captured), checks its exit status.
run() {
    local want=$1
    shift
    "$@" >"$out" 2>"$err"
    local got=$?
    [ "$got" -eq "$want" ] || fail "exit status $got, expected $want: $*"
}
# Under a 1 GiB address-space limit: reading a huge file whole fails, reading its header does not.
run_limited() {
    local want=$1
    shift
    (ulimit -v 1048576 && exec "$@") >"$out" 2>"$err"
    local got=$?
    [ "$got" -eq "$want" ] || fail "exit status $got, expected $want (1 GiB limit): $*"
}
one_line() { [ "$(wc -l <"$err")" -eq 1 ] || fail "stderr is not one line"; }
stderr_has() { grep -qE -- "$1" "$err" || fail "stderr does not match '$1'"; }
stdout_has() { grep -qE -- "$1" "$out" || fail "stdout does not match '$1'"; }
# No ESC, BEL, CR or other C0 control byte except newline, in stdout and stderr.
no_control_bytes() {
    for f in "$out" "$err"; do
        if LC_ALL=C grep -q "[$(printf '\001-\011\013-\037\177')]" "$f"; then
            fail "raw control bytes in $(basename "$f")"
        fi
    done
}
refused() { # refused REGEX: exit 2, one line naming the cause, printable
    one_line
    stderr_has "$1"
    no_control_bytes
}
hostile_compile() { # hostile_compile MODE REGEX: a plugin misbehaviour is refused, names the plugin
    MAO_HOSTILE_MODE=$1 run 2 "$microaot" compile "$shared/models/hello_world_float.tflite" \
        -o "$work/out" --backend-plugin "$plugin"
    refused "$2"
    if [ -e "$work/out" ] && find "$work/out" -name 'passwd*' | grep -q .; then
        fail "a file from outside the plugin's folder was copied into the output"
    fi
}

# A golden directory for hello_world_int8 whose sample input is the file given.
golden_with_input() {
    local dir=$work/golden
    mkdir -p "$dir"
    cp "$shared/golden/hello_world_int8/output_0_0.bin" "$dir/out0.bin"
    cat >"$dir/manifest.json" <<EOF
{"status": "ok",
 "inputs": [{"name": "in", "dtype": "int8", "shape": [1, 1], "bytes": 1}],
 "outputs": [{"name": "out", "dtype": "int8", "shape": [1, 1], "bytes": 1}],
 "samples": [{"k": 0, "inputs": ["$1"], "outputs": ["out0.bin"]}]}
EOF
    echo "$dir"
}

hello=$shared/models/hello_world_int8.tflite
case $case_name in
# --- item 4: internal errors become one-line exit-2 errors
utf8_name_compile)
    run 2 "$microaot" compile "$models/bad_utf8_name.tflite" -o "$work/out"
    refused "tensor 3 .*name is not valid UTF-8" ;;
utf8_name_inspect_json)
    run 2 "$microaot" inspect --json "$models/bad_utf8_name.tflite"
    refused "not valid UTF-8" ;;
directory_as_model)
    run 2 "$microaot" inspect "$work"
    refused "is not a regular file" ;;
plugin_create_throws_std) hostile_compile create_throws_std "hostile.*std exception from create" ;;
plugin_create_throws_int) hostile_compile create_throws_int "hostile.*threw a non-standard exception" ;;
plugin_claim_throws_std) hostile_compile claim_throws_std "backend plugin .*hostile.*std exception from claim" ;;
plugin_claim_throws_int) hostile_compile claim_throws_int "backend plugin .*hostile.*non-standard exception" ;;
plugin_emit_throws_std) hostile_compile emit_throws_std "backend plugin .*hostile.*std exception from emit" ;;
plugin_emit_throws_string) hostile_compile emit_throws_string "backend plugin .*hostile.*non-standard exception" ;;
plugin_bad_tensor_ref) hostile_compile bad_tensor_ref "tensor_ref\\(123456\\): no such tensor" ;;
plugin_negative_tensor_ref) hostile_compile negative_tensor_ref "tensor_ref\\(-7\\): no such tensor" ;;
# --- item 5: no unbounded reads
dev_zero_model)
    run_limited 2 timeout 20 "$microaot" inspect /dev/zero
    refused "'/dev/zero' is not a regular file" ;;
huge_file_header_checked_first)
    truncate -s 3G "$work/huge.tflite" || fail "cannot create a sparse file"
    run_limited 2 timeout 20 "$microaot" inspect "$work/huge.tflite"
    refused "not a model file microaot reads" ;;
huge_file_with_header)
    printf '\020\000\000\000TFL3' >"$work/huge.tflite" && truncate -s 3G "$work/huge.tflite"
    run_limited 2 timeout 20 "$microaot" inspect "$work/huge.tflite"
    refused "3221225472 bytes, above the 2147483648-byte limit" ;;
golden_input_dev_zero)
    dir=$(golden_with_input /dev/zero)
    run_limited 2 timeout 60 "$microaot" verify "$hello" --golden "$dir"
    refused "'/dev/zero' is not a regular file" ;;
golden_input_huge)
    truncate -s 3G "$work/huge.bin" || fail "cannot create a sparse file"
    dir=$(golden_with_input "$work/huge.bin")
    run_limited 2 timeout 60 "$microaot" verify "$hello" --golden "$dir"
    refused "huge.bin' has 3221225472 bytes, expected 1" ;;
# --- item 6: memory the target does not have
workspace_2g_cortex_m4f)
    run 2 "$microaot" compile "$models/workspace_2g.tflite" -o "$work/out" --target cortex-m4f
    refused "2147483648-byte workspace.*cortex-m4f has 4194304 bytes of RAM" ;;
workspace_8g_cortex_m4f)
    run 2 "$microaot" compile "$models/workspace_8g.tflite" -o "$work/out" --target cortex-m4f
    refused "8589934592-byte workspace.*RAM" ;;
workspace_8g_host)
    run 2 "$microaot" compile "$models/workspace_8g.tflite" -o "$work/out"
    refused "8589934592-byte workspace.*a host build addresses at most 2147483647" ;;
weights_5m_cortex_m4f)
    run 2 "$microaot" compile "$models/weights_5m.tflite" -o "$work/out" --target cortex-m4f
    refused "5242880 bytes of weights in flash, target cortex-m4f has 4194304 bytes of flash" ;;
weights_5m_host)
    run 0 "$microaot" compile "$models/weights_5m.tflite" -o "$work/out" ;;
# --- item 8: MAC totals past int64 saturate
mac_total_inspect)
    run 0 "$microaot" inspect "$models/mac_total_overflow.tflite"
    stdout_has "^total MACs: 9223372036854775807 \\(saturated\\)"
    run 0 "$microaot" inspect --json "$models/mac_total_overflow.tflite"
    stdout_has "\"macs\": 9223372036854775807" ;;
mac_total_metadata)
    run 0 "$microaot" compile "$models/mac_total_overflow.tflite" -o "$work/out" --name m
    grep -q '"total_macs": 9223372036854775807' "$work/out/m_metadata.json" ||
        fail "metadata total_macs is not saturated" ;;
# --- item 7: names that are C macros, typedefs or C++ keywords
reserved_names)
    run 0 "$microaot" compile "$models/reserved_names.tflite" -o "$work/out" --name net
    printf '%s\n' '#include <errno.h>' '#include <limits.h>' '#include <math.h>' \
        '#include <stdbool.h>' '#include <stddef.h>' '#include <stdint.h>' '#include <stdio.h>' \
        '#include "net.h"' 'int main(void) { net_inputs in; (void)in; return 0; }' >"$work/tu.c"
    for cc in "gcc -std=c99 -Wpedantic" "gcc -std=gnu99" "clang -std=c99 -Wpedantic" \
        "g++ -std=c++17 -x c++" "clang++ -std=c++20 -x c++"; do
        command -v "${cc%% *}" >/dev/null || continue
        # shellcheck disable=SC2086
        $cc -Wall -Wextra -Werror -fsyntax-only -I"$work/out" "$work/tu.c" 2>"$err" ||
            fail "the header does not compile with $cc"
    done
    for src in "$work"/out/*.c; do
        gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -c -o "$work/obj.o" -I"$work/out" "$src" \
            2>"$err" || fail "$(basename "$src") does not compile"
    done ;;
# --- item 9: bounded model sizes, and no quadratic stage
add_chain_over_limit)
    "$HOSTILE_MODELS" --add-chain 100001 "$work/chain.tflite" || fail "cannot build the model"
    run 2 "$microaot" compile "$work/chain.tflite" -o "$work/out"
    refused "100001 operators.*at most 100000" ;;
add_chain_at_limit)
    "$HOSTILE_MODELS" --add-chain 100000 "$work/chain.tflite" || fail "cannot build the model"
    run 0 "$microaot" compile "$work/chain.tflite" -o "$work/out" ;;
outputs_10k)
    "$HOSTILE_MODELS" --outputs 10000 "$work/outputs.tflite" || fail "cannot build the model"
    run 0 "$microaot" compile "$work/outputs.tflite" -o "$work/out" ;;
outputs_over_limit)
    "$HOSTILE_MODELS" --outputs 16385 "$work/outputs.tflite" || fail "cannot build the model"
    run 2 "$microaot" compile "$work/outputs.tflite" -o "$work/out"
    refused "16385 graph outputs.*at most 16384" ;;
# --- item 10: a verify that compared nothing is not a pass
verify_no_samples)
    dir=$(golden_with_input in0.bin)
    sed -i 's/"samples": \[.*\]}/"samples": []}/' "$dir/manifest.json"
    run 3 "$microaot" verify "$hello" --golden "$dir"
    stdout_has "no samples to compare" ;;
verify_status_failed)
    dir=$(golden_with_input in0.bin)
    cp "$shared/golden/hello_world_int8/input_0_0.bin" "$dir/in0.bin"
    sed -i 's/"status": "ok"/"status": "failed"/' "$dir/manifest.json"
    run 3 "$microaot" verify "$hello" --golden "$dir"
    stdout_has "status is 'failed', not 'ok'" ;;
verify_status_missing_outputs)
    dir=$(golden_with_input in0.bin)
    cp "$shared/golden/hello_world_int8/input_0_0.bin" "$dir/in0.bin"
    sed -i 's/"status": "ok",//' "$dir/manifest.json"
    run 0 "$microaot" verify "$hello" --golden "$dir"
    stdout_has "^PASS: 1 samples" ;;
# --- item 11: no terminal control bytes reach the terminal
custom_op_control_bytes)
    run 2 "$microaot" inspect "$models/custom_op_control_bytes.tflite"
    refused "custom operator 'evil\\\\x0a\\\\x1b\\[2J" ;;
control_char_names)
    for args in "inspect" "inspect --ir" "inspect --partition" "inspect --partition --json" \
        "inspect --json"; do
        # shellcheck disable=SC2086
        run 0 "$microaot" $args "$models/control_chars.tflite"
        no_control_bytes
    done
    stdout_has 'out\\nput'
    run 0 "$microaot" compile "$models/control_chars.tflite" -o "$work/out" --report
    no_control_bytes
    stdout_has "out\\\\x0aput" ;;
# --- item 12: values a backend hands the emitter are validated
plugin_pool_name_spaces) hostile_compile pool_name_spaces "memory pool 'my pool'.*not a C identifier" ;;
plugin_pool_huge) hostile_compile pool_huge "memory pool 'huge'.*1099511627776 bytes" ;;
plugin_pool_bad_macro) hostile_compile pool_bad_macro "address macro .*not a C identifier" ;;
plugin_kernel_relative_escape) hostile_compile kernel_relative_escape "runtime file .*etc/passwd.*outside" ;;
plugin_kernel_absolute_escape) hostile_compile kernel_absolute_escape "runtime file '/etc/passwd'.*outside" ;;
plugin_kernel_plugin_dir_escape) hostile_compile kernel_plugin_dir_escape "runtime file .*etc/passwd.*outside" ;;
plugin_kernel_bad_name) hostile_compile kernel_bad_name "kernel name 'not a name' is not a C identifier" ;;
plugin_params_bad_type) hostile_compile params_bad_type "parameter type 'int x; int y' is not a C identifier" ;;
# --- items 1-3: int32 arithmetic of the kernels, proven at compile time or refused
conv_dilation_max | depthwise_dilation_max)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    refused "dilated window .* is too large" ;;
conv_1x1_dilation_max | conv_padded_extent)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    refused "does not fit the kernels' int32 index arithmetic" ;;
zero_points_out_of_range)
    for m in zp_input_int32_max zp_input_int32_min zp_input_300 zp_input_128 \
        zp_output_minus_1000 zp_output_minus_129 zp_weights_int32_min zp_weights_128; do
        run 2 "$microaot" compile "$models/$m.tflite" -o "$work/out"
        refused "zero point -?[0-9]+ is outside the int8 range \\[-128, 127\\]"
    done ;;
conv_asymmetric_filter)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    # The int8 conv kernels assume symmetric filters (no filter offset): the CPU backend declines.
    refused "CONV_2D at node 0 .*int8 filter with a non-zero zero point" ;;
fc_depth_140000)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    refused "int32 accumulator of output channel 0 can reach [0-9]+ \\(140000 taps" ;;
average_pool_4200)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    refused "an average over 17640000 taps sums up to [0-9]+: it does not fit int32" ;;
batch_matmul_adj_x_mismatch)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    refused "BATCH_MATMUL .*depths differ: 3 \\(lhs \\[2x3x4\\] adjoint\\) and 4" ;;
batch_matmul_depth_40000)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    refused "BATCH_MATMUL .*int32 accumulator can reach [0-9]+ \\(40000 products\\)" ;;
l2_norm_fused_relu6)
    run 2 "$microaot" compile "$models/$case_name.tflite" -o "$work/out"
    refused "L2_NORMALIZATION.*fused activation RELU6 .*not supported" ;;
fc_depth_8000)
    # The bound is not a blanket depth limit: 8000 taps of +-127 fit and must compile and run.
    run 0 "$microaot" compile "$models/$case_name.tflite" -o "$work/out" --name fc
    # Inputs all -128, all 127 and alternating, under ASan+UBSan (no recovery: UB is exit != 0).
    cat >"$work/main.c" <<'EOF'
#include "fc.h"
#include <stdio.h>
int main(void) {
    static int8_t x[fc_x_ELEMENTS];
    int8_t y[fc_y_ELEMENTS];
    for (int pattern = 0; pattern < 3; ++pattern) {
        for (int i = 0; i < fc_x_ELEMENTS; ++i)
            x[i] = (int8_t)(pattern == 0 ? -128 : pattern == 1 ? 127 : (i % 2 ? -128 : 127));
        fc_inputs in = {x};
        fc_outputs out = {y};
        if (fc_run(&in, &out) != 0) return 1;
        printf("%d %d\n", y[0], y[1]);
    }
    return 0;
}
EOF
    gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -O1 -fsanitize=address,undefined \
        -fno-sanitize-recover=all -I"$work/out" "$work/main.c" "$work"/out/*.c -o "$work/fc" \
        2>"$err" || fail "the generated C does not build"
    run 0 "$work/fc"
    [ "$(wc -l <"$out")" -eq 3 ] || fail "expected three runs" ;;
shape_ops_options)
    run 0 "$microaot" compile "$models/shape_ops_valid.tflite" -o "$work/out"
    run 2 "$microaot" compile "$models/squeeze_dims_not_one.tflite" -o "$work/out"
    refused "SQUEEZE.*squeeze_dims 1 names axis 1 of size 3 \\(must be 1\\)"
    run 2 "$microaot" compile "$models/squeeze_dims_out_of_range.tflite" -o "$work/out"
    refused "SQUEEZE.*axis -5 out of range for rank 4"
    run 2 "$microaot" compile "$models/expand_dims_axis_not_constant.tflite" -o "$work/out"
    refused "EXPAND_DIMS.*axis .* must be a constant int32 or int64 tensor"
    run 2 "$microaot" compile "$models/shape_out_type_float.tflite" -o "$work/out"
    refused "SHAPE.*out_type 0 is not int32 or int64" ;;
plugin_harmless)
    MAO_HOSTILE_MODE= run 0 "$microaot" compile "$shared/models/hello_world_float.tflite" \
        -o "$work/out" --backend-plugin "$plugin" ;;
*)
    echo "check.sh: unknown case '$case_name'" >&2
    exit 64 ;;
esac
exit 0
