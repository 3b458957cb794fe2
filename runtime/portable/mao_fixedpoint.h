/*
 * Private fixed-point helpers of the portable runtime (not part of the public API).
 *
 * These reproduce the gemmlowp / TFLite integer arithmetic that TFLite Micro's reference
 * kernels use (double-rounding MultiplyByQuantizedMultiplier, i.e. TFLITE_SINGLE_ROUNDING off).
 * Additions/left shifts that the reference performs on plain int32 go through wrapping helpers so
 * that the C code has no signed-overflow undefined behaviour; results are identical whenever the
 * reference itself does not overflow.
 * Right shifts of negative values assume an arithmetic shift (true for gcc, clang, arm-none-eabi).
 */
#ifndef MAO_FIXEDPOINT_H
#define MAO_FIXEDPOINT_H

#include <stdint.h>

static inline int32_t mao_min_i32(int32_t a, int32_t b) {
    return a < b ? a : b;
}
static inline int32_t mao_max_i32(int32_t a, int32_t b) {
    return a > b ? a : b;
}

static inline int32_t mao_clamp_i32(int32_t x, int32_t lo, int32_t hi) {
    return mao_min_i32(mao_max_i32(x, lo), hi);
}

/* Reference float clamp order: min(max(x, lo), hi). */
static inline float mao_clamp_f32(float x, float lo, float hi) {
    const float lower_bounded = x < lo ? lo : x;
    return lower_bounded > hi ? hi : lower_bounded;
}

/* Two's-complement wrapping add/sub/shift (the reference's int32 arithmetic without C UB). */
static inline int32_t mao_wrap_add(int32_t a, int32_t b) {
    return (int32_t)((uint32_t)a + (uint32_t)b);
}
static inline int32_t mao_wrap_sub(int32_t a, int32_t b) {
    return (int32_t)((uint32_t)a - (uint32_t)b);
}
static inline int32_t mao_wrap_shl(int32_t x, int32_t shift) {
    return (int32_t)((uint32_t)x << shift);
}

/* gemmlowp SaturatingRoundingDoublingHighMul: round(a * b / 2^31), saturating INT32_MIN^2. */
static inline int32_t mao_srdhm(int32_t a, int32_t b) {
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    if (a == b && a == INT32_MIN) return INT32_MAX;
    /* C99 division truncates toward zero, as the reference relies on. */
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded half away from zero, exponent in 0..31. */
static inline int32_t mao_rounding_divide_by_pot(int32_t x, int32_t exponent) {
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* gemmlowp SaturatingRoundingMultiplyByPOT for a positive exponent: saturating x * 2^exponent. */
static inline int32_t mao_saturating_shl(int32_t x, int32_t exponent) {
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return mao_wrap_shl(x, exponent);
}

/* TFLite MultiplyByQuantizedMultiplier (double rounding): x * multiplier * 2^shift / 2^31. */
static inline int32_t mao_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier,
                                                           int32_t shift) {
    const int32_t left_shift = shift > 0 ? shift : 0;
    const int32_t right_shift = shift > 0 ? 0 : -shift;
    return mao_rounding_divide_by_pot(mao_srdhm(mao_wrap_shl(x, left_shift), multiplier),
                                      right_shift);
}

/* TFLite's int64 MultiplyByQuantizedMultiplier (the 16x8 kernels' int64 accumulators): the
 * multiplier reduced to 16 bits with rounding, one rounding right shift by 15 - shift, the result
 * truncated to int32 as the reference's conversion does. Requires |x| < 2^47 and shift in
 * [-31, 7] (the compiler proves both). */
static inline int32_t mao_multiply_by_quantized_multiplier_i64(int64_t x, int32_t multiplier,
                                                               int32_t shift) {
    const int64_t reduced_multiplier =
        multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int32_t total_shift = 15 - shift;
    const int64_t rounded = x * reduced_multiplier + ((int64_t)1 << (total_shift - 1));
    return (int32_t)(uint32_t)(uint64_t)(rounded >> total_shift);
}

/* gemmlowp RoundingHalfSum: (a + b) / 2 rounded half away from zero. */
static inline int32_t mao_rounding_half_sum(int32_t a, int32_t b) {
    const int64_t sum = (int64_t)a + (int64_t)b;
    const int64_t sign = sum >= 0 ? 1 : -1;
    return (int32_t)((sum + sign) / 2);
}

/* Number of leading zero bits of a 32-bit value (32 for zero). */
static inline int32_t mao_count_leading_zeros(uint32_t x) {
    int32_t n = 0;
    uint32_t bit = (uint32_t)1 << 31;
    while (n < 32 && (x & bit) == 0) {
        ++n;
        bit >>= 1;
    }
    return n;
}

/* gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl; Q0.31 in and out. */
static inline int32_t mao_exp_on_interval_neg_quarter_to_0(int32_t a) {
    const int32_t constant_term = 1895147668; /* exp(-1/8) in Q0.31 */
    const int32_t constant_1_over_3 = 715827883;
    /* Taylor expansion around -1/8: x = a + 1/8. */
    const int32_t x = mao_wrap_add(a, (int32_t)1 << 28);
    const int32_t x2 = mao_srdhm(x, x);
    const int32_t x3 = mao_srdhm(x2, x);
    const int32_t x4 = mao_srdhm(x2, x2);
    const int32_t x4_over_4 = mao_rounding_divide_by_pot(x4, 2);
    const int32_t poly =
        mao_wrap_add(mao_srdhm(mao_wrap_add(x4_over_4, x3), constant_1_over_3), x2);
    const int32_t x4_over_24_plus_x3_over_6_plus_x2_over_2 = mao_rounding_divide_by_pot(poly, 1);
    return mao_wrap_add(
        constant_term,
        mao_srdhm(constant_term, mao_wrap_add(x, x4_over_24_plus_x3_over_6_plus_x2_over_2)));
}

/* gemmlowp exp_on_negative_values for a Q5.26 input (5 integer bits); Q0.31 result. */
static inline int32_t mao_exp_on_negative_values_q5(int32_t a) {
    enum { kIntegerBits = 5, kFractionalBits = 26 };
    /* exp(-2^k) in Q0.31 for k = -2..4, applied for each set bit of the remainder. */
    static const int32_t kBarrelMultipliers[7] = {1672461947, 1302514674, 790015084, 290630308,
                                                  39332535,   720401,     242};
    const int32_t one_quarter = (int32_t)1 << (kFractionalBits - 2);
    const int32_t mask = one_quarter - 1;
    const int32_t a_mod_quarter_minus_one_quarter = mao_wrap_sub(a & mask, one_quarter);
    int32_t result = mao_exp_on_interval_neg_quarter_to_0(
        mao_saturating_shl(a_mod_quarter_minus_one_quarter, kIntegerBits));
    const int32_t remainder = mao_wrap_sub(a_mod_quarter_minus_one_quarter, a);
    int32_t k;
    for (k = 0; k < 7; ++k) {
        const int32_t shift_amount = kFractionalBits - 2 + k;
        if ((remainder & ((int32_t)1 << shift_amount)) != 0) {
            result = mao_srdhm(result, kBarrelMultipliers[k]);
        }
    }
    return a == 0 ? INT32_MAX : result;
}

/* gemmlowp one_over_one_plus_x_for_x_in_0_1: Q0.31 in and out, Newton-Raphson in Q2.29. */
static inline int32_t mao_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
    const int32_t half_denominator = mao_rounding_half_sum(a, INT32_MAX);
    const int32_t constant_48_over_17 = 1515870810;
    const int32_t constant_neg_32_over_17 = -1010580540;
    const int32_t one_q2 = (int32_t)1 << 29;
    int32_t x =
        mao_wrap_add(constant_48_over_17, mao_srdhm(half_denominator, constant_neg_32_over_17));
    int32_t i;
    for (i = 0; i < 3; ++i) {
        const int32_t half_denominator_times_x = mao_srdhm(half_denominator, x);
        const int32_t one_minus_half_denominator_times_x =
            mao_wrap_sub(one_q2, half_denominator_times_x);
        x = mao_wrap_add(x,
                         mao_saturating_shl(mao_srdhm(x, one_minus_half_denominator_times_x), 2));
    }
    /* x / 2 in Q1.30 has the raw value of x; rescaling Q1.30 -> Q0.31 is a saturating << 1. */
    return mao_saturating_shl(x, 1);
}

/* TFLite GetReciprocal: 1 / x for x with x_integer_digits integer bits, as a Q0.31 value
 * scaled by 2^-num_bits_over_unit. */
static inline int32_t mao_get_reciprocal(int32_t x, int32_t x_integer_digits,
                                         int32_t *num_bits_over_unit) {
    const int32_t headroom_plus_one = mao_count_leading_zeros((uint32_t)x);
    /* x is a positive sum of exponentials in practice; the guard only avoids a shift by 32. */
    const uint32_t normalized = headroom_plus_one < 32 ? (uint32_t)x << headroom_plus_one : 0u;
    const int32_t shifted_sum_minus_one = (int32_t)(normalized - ((uint32_t)1 << 31));
    *num_bits_over_unit = x_integer_digits - headroom_plus_one;
    return mao_one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one);
}

#endif /* MAO_FIXEDPOINT_H */
