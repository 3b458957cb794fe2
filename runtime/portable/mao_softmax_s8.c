/* int8 -> int8 SOFTMAX; mirrors the TFLite reference quantized Softmax used by TFLM: exp in
 * Q0.31 of the Q5.26-rescaled input differences, sum in Q12.19, reciprocal, and an output with
 * scale 1/256 and zero point -128. */
/* Softmax runs once per inference over a few classes: optimise it for size (GCC; halves its
 * code on the Cortex-M4 and costs a few hundred instructions at most). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("Os")
#endif

#include "mao_fixedpoint.h"
#include "mao_kernels.h"

enum { kScaledDiffIntegerBits = 5, kAccumulationIntegerBits = 12 };

/* exp((x - max) * beta * input_scale) in Q0.31 for an input difference above diff_min. */
static int32_t softmax_exp_q0(const mao_softmax_params *p, int32_t input_diff) {
    /* MultiplyByQuantizedMultiplierGreaterThanOne. */
    const int32_t rescaled =
        mao_srdhm(mao_wrap_shl(input_diff, p->input_left_shift), p->input_multiplier);
    return mao_exp_on_negative_values_q5(rescaled);
}

static void softmax_row_s8(const mao_softmax_params *p, const int8_t *in, int8_t *out) {
    int32_t max_in_row = INT8_MIN;
    int32_t sum_of_exps = 0; /* Q12.19 */
    int32_t num_bits_over_unit = 0;
    int32_t shifted_scale;
    int32_t exponent;
    int32_t c;
    for (c = 0; c < p->depth; ++c)
        max_in_row = mao_max_i32(max_in_row, in[c]);
    for (c = 0; c < p->depth; ++c) {
        const int32_t input_diff = (int32_t)in[c] - max_in_row;
        if (input_diff >= p->diff_min) {
            const int32_t exp_q0 = softmax_exp_q0(p, input_diff);
            sum_of_exps = mao_wrap_add(
                sum_of_exps, mao_rounding_divide_by_pot(exp_q0, kAccumulationIntegerBits));
        }
    }
    shifted_scale = mao_get_reciprocal(sum_of_exps, kAccumulationIntegerBits, &num_bits_over_unit);
    exponent = num_bits_over_unit + 31 - 8;
    for (c = 0; c < p->depth; ++c) {
        const int32_t input_diff = (int32_t)in[c] - max_in_row;
        if (input_diff >= p->diff_min) {
            const int32_t exp_q0 = softmax_exp_q0(p, input_diff);
            const int32_t unsat_output =
                mao_rounding_divide_by_pot(mao_srdhm(shifted_scale, exp_q0), exponent);
            out[c] = (int8_t)mao_clamp_i32(unsat_output + INT8_MIN, INT8_MIN, INT8_MAX);
        } else {
            out[c] = INT8_MIN;
        }
    }
}

void mao_softmax_s8(const mao_softmax_params *p, const int8_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->outer; ++i) {
        softmax_row_s8(p, in + i * p->depth, out + i * p->depth);
    }
}
