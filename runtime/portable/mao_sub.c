/* SUB with broadcasting (see mao_binary_params in mao_kernels.h): int8 and int16 as TFLM's
 * reference SubElementwise / BroadcastQuantSubSlow (both inputs rescaled to a common scale
 * 2^left_shift finer, 20 for int8 and 15 for int16, subtracted, requantized), float32 as its
 * reference SubWithActivation. */
#include "mao_broadcast.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static int32_t sub_element(const mao_binary_params *p, int32_t x, int32_t y) {
    const int32_t shifted1 = mao_wrap_shl(p->input1_offset + x, p->left_shift);
    const int32_t shifted2 = mao_wrap_shl(p->input2_offset + y, p->left_shift);
    const int32_t scaled1 =
        mao_multiply_by_quantized_multiplier(shifted1, p->input1_multiplier, p->input1_shift);
    const int32_t scaled2 =
        mao_multiply_by_quantized_multiplier(shifted2, p->input2_multiplier, p->input2_shift);
    const int32_t value =
        mao_wrap_add(mao_multiply_by_quantized_multiplier(mao_wrap_sub(scaled1, scaled2),
                                                          p->output_multiplier, p->output_shift),
                     p->output_offset);
    return mao_clamp_i32(value, p->act_min, p->act_max);
}

static void sub_row_s8(const void *params, const void *in1, int32_t step1, const void *in2,
                       int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const int8_t *a = (const int8_t *)in1, *b = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = (int8_t)sub_element(p, a[k * step1], b[k * step2]);
}

static void sub_row_s16(const void *params, const void *in1, int32_t step1, const void *in2,
                        int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const int16_t *a = (const int16_t *)in1, *b = (const int16_t *)in2;
    int16_t *y = (int16_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = (int16_t)sub_element(p, a[k * step1], b[k * step2]);
}

static void sub_row_f32(const void *params, const void *in1, int32_t step1, const void *in2,
                        int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const float *a = (const float *)in1, *b = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = mao_clamp_f32(a[k * step1] - b[k * step2], p->f_act_min, p->f_act_max);
}

void mao_sub_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t),
                       sub_row_s8, p, in1, in2, out);
}

void mao_sub_s16(const mao_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int16_t),
                       sub_row_s16, p, in1, in2, out);
}

void mao_sub_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float),
                       sub_row_f32, p, in1, in2, out);
}
