/* SQUARED_DIFFERENCE with broadcasting (see mao_binary_params in mao_kernels.h): int8 as TFLM's
 * reference (inputs shifted left by 7 and rescaled to a common scale, the difference squared,
 * requantized), float32 as (x - y) * (x - y) without clamping. */
#include "mao_broadcast.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static void squared_difference_row_s8(const void *params, const void *in1, int32_t step1,
                                      const void *in2, int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const int8_t *a = (const int8_t *)in1, *b = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k) {
        const int32_t shifted1 = mao_wrap_shl(p->input1_offset + a[k * step1], p->left_shift);
        const int32_t shifted2 = mao_wrap_shl(p->input2_offset + b[k * step2], p->left_shift);
        const int32_t scaled1 =
            mao_multiply_by_quantized_multiplier(shifted1, p->input1_multiplier, p->input1_shift);
        const int32_t scaled2 =
            mao_multiply_by_quantized_multiplier(shifted2, p->input2_multiplier, p->input2_shift);
        /* |difference| < 2^15 (each scaled input is at most half of 255 * 2^7): the square fits. */
        const int32_t difference = scaled1 - scaled2;
        const int32_t value = mao_multiply_by_quantized_multiplier(
                                  difference * difference, p->output_multiplier, p->output_shift) +
                              p->output_offset;
        y[k] = (int8_t)mao_clamp_i32(value, p->act_min, p->act_max);
    }
}

static void squared_difference_row_f32(const void *params, const void *in1, int32_t step1,
                                       const void *in2, int32_t step2, void *out, int32_t count) {
    const float *a = (const float *)in1, *b = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    (void)params;
    for (k = 0; k < count; ++k) {
        const float difference = a[k * step1] - b[k * step2];
        y[k] = difference * difference;
    }
}

void mao_squared_difference_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2,
                               int8_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t),
                       squared_difference_row_s8, p, in1, in2, out);
}

void mao_squared_difference_f32(const mao_binary_params *p, const float *in1, const float *in2,
                                float *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float),
                       squared_difference_row_f32, p, in1, in2, out);
}
