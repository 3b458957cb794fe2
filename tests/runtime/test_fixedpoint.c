/* The private fixed-point helpers against exact integer formulas and libm. */
#include "kernel_test_util.h"
#include "mao_fixedpoint.h"

static int test_srdhm_and_rounding(void) {
    int failures = 0;
    test_rng rng;
    int i;
    failures += check_int("srdhm_min_min", 0, mao_srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
    failures += check_int("rdbpot", 0, mao_rounding_divide_by_pot(5, 1), 3);
    failures += check_int("rdbpot", 1, mao_rounding_divide_by_pot(-5, 1), -3);
    failures += check_int("rdbpot", 2, mao_rounding_divide_by_pot(-6, 2), -2); /* -1.5 */
    failures += check_int("rdbpot", 3, mao_rounding_divide_by_pot(-5, 2), -1); /* -1.25 */
    failures += check_int("rdbpot", 4, mao_rounding_divide_by_pot(INT32_MIN, 31), -1);
    failures += check_int("rdbpot", 5, mao_rounding_divide_by_pot(7, 0), 7);
    /* The reference rounds twice: 5 * 0.25 = 1.25 becomes 3 after the doubling high mul, then
     * 3 / 2 = 1.5 rounds to 2. */
    failures += check_int("mbqm_double_rounding", 0,
                          mao_multiply_by_quantized_multiplier(5, 1 << 30, -1), 2);
    failures += check_int("mbqm_identity", 0,
                          mao_multiply_by_quantized_multiplier(-12345, 1 << 30, 1), -12345);
    rng.state = 7;
    for (i = 0; i < 100000; ++i) {
        const int32_t a = (int32_t)rng_next(&rng);
        const int32_t b = (int32_t)rng_next(&rng);
        /* round(a * b / 2^31), ties away from zero. */
        const exact_rounding e = round_div_pow2((int64_t)a * b, 31);
        if (a == INT32_MIN && b == INT32_MIN) continue;
        failures += check_int("srdhm_random", i, mao_srdhm(a, b), e.value);
        if (failures > 10) break;
    }
    return failures;
}

static int test_exp_and_reciprocal(void) {
    int failures = 0;
    int i;
    failures += check_int("exp_zero", 0, mao_exp_on_negative_values_q5(0), INT32_MAX);
    for (i = 1; i <= 4000; ++i) {
        /* Inputs from -0.0078 down to -31.25 in Q5.26. */
        const int32_t raw = -i * (1 << 19);
        const double x = raw / 67108864.0;
        const double got = mao_exp_on_negative_values_q5(raw) / 2147483648.0;
        /* The degree-4 Taylor polynomial on [-1/4, 0) is accurate to ~2.2e-7 at its ends. */
        failures += check_close("exp_q5", i, got, exp(x), 5e-7);
        if (failures > 10) break;
    }
    for (i = 1; i < 1000; ++i) {
        const int32_t raw = i * (INT32_MAX / 1000);
        const double x = raw / 2147483648.0;
        const double got = mao_one_over_one_plus_x_for_x_in_0_1(raw) / 2147483648.0;
        failures += check_close("one_over_one_plus_x", i, got, 1.0 / (1.0 + x), 1e-8);
        if (failures > 10) break;
    }
    return failures;
}

int test_fixedpoint(void) {
    return test_srdhm_and_rounding() + test_exp_and_reciprocal();
}
