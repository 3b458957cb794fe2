/* PRELU with the slopes (alpha) broadcast to the input (see mao_binary_params in mao_kernels.h),
 * as TFLM's reference BroadcastPrelu4DSlow: int8 requantizes x >= 0 with one multiplier and
 * x * alpha with the other; float32 is x >= 0 ? x : x * alpha. */
#include "mao_broadcast.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static void prelu_row_s8(const void *params, const void *in1, int32_t step1, const void *in2,
                         int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const int8_t *x = (const int8_t *)in1, *alpha = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k) {
        const int32_t input = p->input1_offset + x[k * step1];
        int32_t value;
        if (input >= 0) {
            value =
                mao_multiply_by_quantized_multiplier(input, p->input1_multiplier, p->input1_shift);
        } else {
            const int32_t slope = p->input2_offset + alpha[k * step2];
            value = mao_multiply_by_quantized_multiplier(input * slope, p->output_multiplier,
                                                         p->output_shift);
        }
        y[k] = (int8_t)mao_clamp_i32(value + p->output_offset, -128, 127);
    }
}

static void prelu_row_f32(const void *params, const void *in1, int32_t step1, const void *in2,
                          int32_t step2, void *out, int32_t count) {
    const float *x = (const float *)in1, *alpha = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    (void)params;
    for (k = 0; k < count; ++k) {
        const float v = x[k * step1];
        y[k] = v >= 0.0f ? v : v * alpha[k * step2];
    }
}

void mao_prelu_s8(const mao_binary_params *p, const int8_t *in, const int8_t *alpha, int8_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t),
                       prelu_row_s8, p, in, alpha, out);
}

void mao_prelu_f32(const mao_binary_params *p, const float *in, const float *alpha, float *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float),
                       prelu_row_f32, p, in, alpha, out);
}
