/* SOFTMAX kernels against double-precision softmax. The int8 kernel's fixed-point exp and
 * reciprocal are approximations, so its outputs may differ from exact rounding by one step. */
#include <string.h>

#include "kernel_test_util.h"
#include "mao_kernels.h"

enum { kRows = 5, kDepth = 12 };

/* The test's own TFLM-style preparation: multiplier of beta * scale * 2^26, radius -> diff_min. */
static mao_softmax_params softmax_s8_params(double input_scale, double beta) {
    mao_softmax_params p;
    double real = beta * input_scale * 67108864.0;
    memset(&p, 0, sizeof p);
    if (real > 2147483647.0) real = 2147483647.0;
    test_quantize_multiplier(real, &p.input_multiplier, &p.input_left_shift);
    p.diff_min = -(int32_t)floor(31.0 * 67108864.0 / ldexp(1.0, p.input_left_shift));
    p.outer = kRows;
    p.depth = kDepth;
    p.beta = (float)beta;
    return p;
}

static int run_softmax_s8(double input_scale, int32_t spread, uint64_t seed, int *max_error) {
    const mao_softmax_params p = softmax_s8_params(input_scale, 1.0);
    int8_t in[kRows * kDepth], out[kRows * kDepth];
    int32_t r, c, failures = 0;
    test_rng rng;
    rng.state = seed;
    for (r = 0; r < kRows * kDepth; ++r)
        in[r] = (int8_t)rng_int(&rng, -128, -128 + spread);
    in[3] = in[4]; /* duplicate maxima / equal values */
    mao_softmax_s8(&p, in, out);
    for (r = 0; r < kRows; ++r) {
        double max = -1e300, sum = 0.0;
        for (c = 0; c < kDepth; ++c) {
            if (in[r * kDepth + c] > max) max = in[r * kDepth + c];
        }
        for (c = 0; c < kDepth; ++c)
            sum += exp((in[r * kDepth + c] - max) * input_scale);
        for (c = 0; c < kDepth; ++c) {
            const int32_t idx = r * kDepth + c;
            const double prob = exp((in[idx] - max) * input_scale) / sum;
            const int64_t expected = clamp_i64((int64_t)floor(prob * 256.0 + 0.5) - 128, -128, 127);
            const int err = (int)(out[idx] - expected);
            const int abs_err = err < 0 ? -err : err;
            if (abs_err > *max_error) *max_error = abs_err;
            if (abs_err > 1) {
                fprintf(stderr, "FAIL softmax_s8[%d] scale %g: got %d expected %lld\n", idx,
                        input_scale, out[idx], (long long)expected);
                ++failures;
            }
        }
    }
    return failures;
}

/* Values further below the row max than diff_min allows are exactly -128; a lone maximum with
 * everything else far below gets probability ~1 -> 127. */
static int run_softmax_s8_far_values(void) {
    mao_softmax_params p = softmax_s8_params(0.5, 1.0); /* radius 31 * 2^26 / 2^26 */
    int8_t in[4] = {100, 0, -100, 99};
    int8_t out[4];
    int failures = 0;
    p.outer = 1;
    p.depth = 4;
    failures += check_int("softmax_diff_min", 0, p.diff_min, -31);
    mao_softmax_s8(&p, in, out);
    failures += check_int("softmax_far", 1, out[1], -128);
    failures += check_int("softmax_far", 2, out[2], -128);
    /* exp(-0.5) split: 1 / (1 + e^-0.5) = 0.6225 -> 159 - 128 = 31; 0.3775 -> 97 - 128 = -31. */
    failures += check_int("softmax_pair", 0, out[0], 31);
    failures += check_int("softmax_pair", 3, out[3], -31);
    return failures;
}

static int run_softmax_f32(uint64_t seed) {
    mao_softmax_params p;
    float in[kRows * kDepth], out[kRows * kDepth];
    int32_t r, c, failures = 0;
    test_rng rng;
    memset(&p, 0, sizeof p);
    p.outer = kRows;
    p.depth = kDepth;
    p.beta = 0.75f;
    rng.state = seed;
    for (r = 0; r < kRows * kDepth; ++r)
        in[r] = rng_float(&rng, -8.0f, 8.0f);
    mao_softmax_f32(&p, in, out);
    for (r = 0; r < kRows; ++r) {
        double max = -1e300, sum = 0.0;
        for (c = 0; c < kDepth; ++c) {
            if (in[r * kDepth + c] > max) max = in[r * kDepth + c];
        }
        for (c = 0; c < kDepth; ++c)
            sum += exp((in[r * kDepth + c] - max) * 0.75);
        for (c = 0; c < kDepth; ++c) {
            const int32_t idx = r * kDepth + c;
            failures +=
                check_close("softmax_f32", idx, out[idx], exp((in[idx] - max) * 0.75) / sum, 1e-6);
        }
    }
    /* In place (out == in) is allowed. */
    mao_softmax_f32(&p, in, in);
    for (r = 0; r < kRows * kDepth; ++r)
        failures += check_close("softmax_f32_inplace", r, in[r], out[r], 0.0);
    return failures;
}

int test_softmax(void) {
    int max_error = 0;
    int failures = run_softmax_s8(0.0390625, 255, 31, &max_error); /* scale 10/256 */
    failures += run_softmax_s8(0.1, 255, 32, &max_error);
    failures += run_softmax_s8(0.25, 60, 33, &max_error);
    failures += run_softmax_s8(0.0157, 255, 34, &max_error);
    failures += run_softmax_s8(1.0, 12, 35, &max_error);
    failures += run_softmax_s8_far_values();
    failures += run_softmax_f32(36);
    printf("softmax_s8: max |error| vs double-precision rounding = %d step(s)\n", max_error);
    return failures;
}
