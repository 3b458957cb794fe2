/* MUL with broadcasting (see mao_binary_params in mao_kernels.h): int8 and int16 as TFLM's
 * reference integer_ops MulElementwise / BroadcastMul6DSlow, float32 as its reference Mul. */
#include "mao_broadcast.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* |product| <= 2^30 (int16 zero points are 0): no overflow. */
static int32_t mul_element(const mao_binary_params *p, int32_t x, int32_t y) {
    const int32_t product = (p->input1_offset + x) * (p->input2_offset + y);
    const int32_t value = p->output_offset + mao_multiply_by_quantized_multiplier(
                                                 product, p->output_multiplier, p->output_shift);
    return mao_clamp_i32(value, p->act_min, p->act_max);
}

static void mul_row_s8(const void *params, const void *in1, int32_t step1, const void *in2,
                       int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const int8_t *a = (const int8_t *)in1, *b = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = (int8_t)mul_element(p, a[k * step1], b[k * step2]);
}

static void mul_row_s16(const void *params, const void *in1, int32_t step1, const void *in2,
                        int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const int16_t *a = (const int16_t *)in1, *b = (const int16_t *)in2;
    int16_t *y = (int16_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = (int16_t)mul_element(p, a[k * step1], b[k * step2]);
}

static void mul_row_f32(const void *params, const void *in1, int32_t step1, const void *in2,
                        int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const float *a = (const float *)in1, *b = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = mao_clamp_f32(a[k * step1] * b[k * step2], p->f_act_min, p->f_act_max);
}

void mao_mul_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t),
                       mul_row_s8, p, in1, in2, out);
}

void mao_mul_s16(const mao_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int16_t),
                       mul_row_s16, p, in1, in2, out);
}

void mao_mul_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float),
                       mul_row_f32, p, in1, in2, out);
}
