/* DIV with broadcasting (see mao_binary_params in mao_kernels.h): float32 as TFLM's reference,
 * clamp(x / y) to the fused activation's range; int8 as its DivElementwise (the divisor's
 * fixed-point reciprocal, the dividend normalized by its headroom, one requantization). */
#include "mao_broadcast.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* TFLite CountLeadingSignBits for int32 (gcc's __builtin_clrsb; 31 for 0 and -1). */
static int32_t count_leading_sign_bits(int32_t x) {
    const uint32_t magnitude = x < 0 ? ~(uint32_t)x : (uint32_t)x;
    return magnitude ? mao_count_leading_zeros(magnitude) - 1 : 31;
}

/* gemmlowp RoundingDivideByPOT as TFLM's x86-64 build evaluates it for every exponent its DIV
 * reaches. In [0, 31] it is the ordinary rounding division. Outside (31 bits of headroom for a
 * dividend at or next to its zero point, or a negative exponent for a huge output multiplier)
 * the reference's shifts are out of range, and x86 takes the 64-bit mask's shift count modulo 64
 * and the 32-bit value's modulo 32; this follows the same arithmetic, defined in C. */
static int32_t div_rounding_divide_by_pot(int32_t x, int32_t exponent) {
    uint32_t mask_count, mask;
    int32_t threshold;
    if (exponent >= 0 && exponent < 32) return mao_rounding_divide_by_pot(x, exponent);
    mask_count = (uint32_t)exponent & 63u;
    mask = mask_count >= 32 ? 0xFFFFFFFFu : (uint32_t)(((uint64_t)1 << mask_count) - 1u);
    threshold = ((int32_t)mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> ((uint32_t)exponent & 31u)) + ((int32_t)((uint32_t)x & mask) > threshold ? 1 : 0);
}

static int8_t div_element_s8(const mao_binary_params *p, int8_t a, int8_t b) {
    int32_t dividend = p->input1_offset + a;
    int32_t divisor = p->input2_offset + b;
    int32_t reciprocal_shift, headroom, unscaled, total_shift, value;
    int32_t reciprocal;
    if (divisor < 0) {
        /* The reciprocal must be positive to serve as a multiplier. */
        dividend = -dividend;
        divisor = -divisor;
    }
    /* A zero divisor (TFLM leaves it undefined) goes through as its build computes it. */
    reciprocal = mao_get_reciprocal(divisor, 31, &reciprocal_shift);
    headroom = count_leading_sign_bits(dividend);
    unscaled = mao_srdhm(mao_wrap_shl(dividend, headroom), reciprocal);
    total_shift = p->output_shift - reciprocal_shift - headroom;
    value = p->output_offset +
            div_rounding_divide_by_pot(mao_srdhm(unscaled, p->output_multiplier), -total_shift);
    return (int8_t)mao_clamp_i32(value, p->act_min, p->act_max);
}

static void div_row_s8(const void *params, const void *in1, int32_t step1, const void *in2,
                       int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const int8_t *a = (const int8_t *)in1, *b = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = div_element_s8(p, a[k * step1], b[k * step2]);
}

static void div_row_f32(const void *params, const void *in1, int32_t step1, const void *in2,
                        int32_t step2, void *out, int32_t count) {
    const mao_binary_params *p = (const mao_binary_params *)params;
    const float *a = (const float *)in1, *b = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = mao_clamp_f32(a[k * step1] / b[k * step2], p->f_act_min, p->f_act_max);
}

void mao_div_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t),
                       div_row_s8, p, in1, in2, out);
}

void mao_div_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float),
                       div_row_f32, p, in1, in2, out);
}
