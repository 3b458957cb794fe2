/* int8 and int16 ADD with 4-D broadcasting; the per-element arithmetic mirrors TFLM reference
 * AddFunc / AddElementwise (both inputs rescaled to a common scale 2^left_shift finer, summed,
 * requantized), which TFLM runs for int16 too (pot_scale false) with left_shift 15. */
#include "mao_broadcast.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static int32_t add_element(const mao_add_params *p, int32_t x, int32_t y) {
    const int32_t input1_val = p->input1_offset + x;
    const int32_t input2_val = p->input2_offset + y;
    const int32_t shifted_input1_val = mao_wrap_shl(input1_val, p->left_shift);
    const int32_t shifted_input2_val = mao_wrap_shl(input2_val, p->left_shift);
    const int32_t scaled_input1_val = mao_multiply_by_quantized_multiplier(
        shifted_input1_val, p->input1_multiplier, p->input1_shift);
    const int32_t scaled_input2_val = mao_multiply_by_quantized_multiplier(
        shifted_input2_val, p->input2_multiplier, p->input2_shift);
    const int32_t raw_sum = mao_wrap_add(scaled_input1_val, scaled_input2_val);
    const int32_t raw_output = mao_wrap_add(
        mao_multiply_by_quantized_multiplier(raw_sum, p->output_multiplier, p->output_shift),
        p->output_offset);
    return mao_clamp_i32(raw_output, p->act_min, p->act_max);
}

static void add_row_s8(const void *params, const void *in1, int32_t step1, const void *in2,
                       int32_t step2, void *out, int32_t count) {
    const mao_add_params *p = (const mao_add_params *)params;
    const int8_t *a = (const int8_t *)in1, *b = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = (int8_t)add_element(p, a[k * step1], b[k * step2]);
}

static void add_row_s16(const void *params, const void *in1, int32_t step1, const void *in2,
                        int32_t step2, void *out, int32_t count) {
    const mao_add_params *p = (const mao_add_params *)params;
    const int16_t *a = (const int16_t *)in1, *b = (const int16_t *)in2;
    int16_t *y = (int16_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = (int16_t)add_element(p, a[k * step1], b[k * step2]);
}

void mao_add_s8(const mao_add_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
    mao_broadcast_walk(4, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t), add_row_s8,
                       p, in1, in2, out);
}

void mao_add_s16(const mao_add_params *p, const int16_t *in1, const int16_t *in2, int16_t *out) {
    mao_broadcast_walk(4, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int16_t), add_row_s16,
                       p, in1, in2, out);
}
