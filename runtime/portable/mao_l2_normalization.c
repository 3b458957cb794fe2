/* L2_NORMALIZATION over the last axis (see mao_l2_norm_params in mao_kernels.h), as TFLM's
 * reference kernels: int8 scales each row by TFLite's fixed-point inverse square root of its
 * sum of squares (GetInvSqrtQuantizedMultiplierExp); float divides by max(sqrt(sum), 1e-6). */
#include <math.h>

#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* TFLite GetInvSqrtQuantizedMultiplierExp(input, reverse_shift = -1): 1 / sqrt(input) as a
 * multiplier and a (left) shift, by 5 Newton-Raphson steps in Q3.28 from x = 1. */
static void inv_sqrt_multiplier(int32_t input, int32_t *multiplier, int32_t *shift) {
    const int32_t half_three = ((int32_t)1 << 28) + ((int32_t)1 << 27); /* 1.5 in Q3.28 */
    int32_t right_shift = 11, pairs, fixed_input, half_input, x, i;
    if (input <= 1) { /* 0 is treated as 1, as the reference does */
        *multiplier = INT32_MAX;
        *shift = 0;
        return;
    }
    while (input >= ((int32_t)1 << 29)) {
        input /= 4;
        ++right_shift;
    }
    pairs = (mao_count_leading_zeros((uint32_t)input) - 1) / 2 - 1;
    right_shift -= pairs;
    input = mao_wrap_shl(input, 2 * pairs);
    fixed_input = input >> 1;
    half_input = mao_rounding_divide_by_pot(fixed_input, 1);
    x = (int32_t)1 << 28; /* 1 in Q3.28 */
    for (i = 0; i < 5; ++i) {
        /* x^3 is Q9.22 (rescaled to Q3.28 by a saturating << 6); the difference Q6.25 (<< 3). */
        const int32_t x3 = mao_saturating_shl(mao_srdhm(mao_srdhm(x, x), x), 6);
        x = mao_saturating_shl(mao_wrap_sub(mao_srdhm(half_three, x), mao_srdhm(half_input, x3)),
                               3);
    }
    x = mao_srdhm(x, 1518500250); /* sqrt(2) / 2 in Q0.31 */
    if (right_shift < 0) {
        x = mao_wrap_shl(x, -right_shift);
        right_shift = 0;
    }
    *multiplier = x;
    *shift = -right_shift;
}

void mao_l2_normalization_s8(const mao_l2_norm_params *p, const int8_t *in, int8_t *out) {
    int32_t row, c;
    for (row = 0; row < p->outer; ++row) {
        const int8_t *x = in + row * p->depth;
        int8_t *y = out + row * p->depth;
        int32_t squares = 0, multiplier, shift;
        for (c = 0; c < p->depth; ++c) {
            const int32_t value = (int32_t)x[c] - p->input_zp;
            squares = mao_wrap_add(squares, value * value);
        }
        inv_sqrt_multiplier(squares, &multiplier, &shift);
        for (c = 0; c < p->depth; ++c) {
            const int32_t value = (int32_t)x[c] - p->input_zp;
            /* Output scale 1/128: the 2^7 is folded into the shift. */
            y[c] = (int8_t)mao_clamp_i32(
                mao_multiply_by_quantized_multiplier(value, multiplier, shift + 7), -128, 127);
        }
    }
}

void mao_l2_normalization_f32(const mao_l2_norm_params *p, const float *in, float *out) {
    int32_t row, c;
    for (row = 0; row < p->outer; ++row) {
        const float *x = in + row * p->depth;
        float *y = out + row * p->depth;
        float squares = 0.0f, norm;
        for (c = 0; c < p->depth; ++c) {
            const float square = x[c] * x[c];
            squares += square;
        }
        norm = sqrtf(squares);
        if (norm < 1e-6f) norm = 1e-6f;
        for (c = 0; c < p->depth; ++c)
            y[c] = x[c] / norm;
    }
}
