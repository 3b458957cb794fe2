/* ADD kernels: int8 against the double-precision real-domain sum with exact rounding, with and
 * without broadcasting; float against direct float addition. */
#include <float.h>
#include <string.h>

#include "kernel_test_util.h"
#include "mao_kernels.h"

/* Output [2][4][3] = in1 [2][1][3] + in2 [4][1] (right-aligned NumPy broadcasting). */
enum { kD0 = 2, kD1 = 4, kD2 = 3 };

typedef struct {
    double s1, s2, so;
    int32_t z1, z2, zo;
} add_quant;

/* The test's own TFLM-style preparation: left shift 20, inputs scaled by s / (2 max(s1, s2)). */
static void set_add_quant(mao_add_params *p, const add_quant *q) {
    const double twice_max = 2.0 * (q->s1 > q->s2 ? q->s1 : q->s2);
    p->left_shift = 20;
    p->input1_offset = -q->z1;
    p->input2_offset = -q->z2;
    p->output_offset = q->zo;
    test_quantize_multiplier(q->s1 / twice_max, &p->input1_multiplier, &p->input1_shift);
    test_quantize_multiplier(q->s2 / twice_max, &p->input2_multiplier, &p->input2_shift);
    test_quantize_multiplier(twice_max / (1048576.0 * q->so), &p->output_multiplier,
                             &p->output_shift);
}

static void set_broadcast_geometry(mao_add_params *p) {
    const int32_t out_dims[4] = {1, kD0, kD1, kD2};
    const int32_t in1_strides[4] = {0, kD2, 0, 1}; /* [2][1][3] */
    const int32_t in2_strides[4] = {0, 0, 1, 0};   /* [4][1] */
    memcpy(p->out_dims, out_dims, sizeof out_dims);
    memcpy(p->in1_strides, in1_strides, sizeof in1_strides);
    memcpy(p->in2_strides, in2_strides, sizeof in2_strides);
}

/* Output value in real units / output scale, rounded exactly (scaled to a 2^-20 grid). */
static exact_rounding expected_add(const add_quant *q, int32_t x1, int32_t x2) {
    const double real = q->s1 * (x1 - q->z1) + q->s2 * (x2 - q->z2);
    const double in_output_units = real / q->so;
    return round_div_pow2((int64_t)llround(in_output_units * 1048576.0), 20);
}

static int run_add_s8_broadcast(const add_quant *q, int relu, uint64_t seed) {
    mao_add_params p;
    int8_t in1[kD0 * kD2], in2[kD1], out[kD0 * kD1 * kD2];
    int32_t i, a, b, c, failures = 0;
    test_rng rng;
    memset(&p, 0, sizeof p);
    set_add_quant(&p, q);
    set_broadcast_geometry(&p);
    p.act_min = relu ? q->zo : -128;
    p.act_max = 127;
    rng.state = seed;
    for (i = 0; i < kD0 * kD2; ++i)
        in1[i] = (int8_t)rng_int(&rng, -128, 127);
    for (i = 0; i < kD1; ++i)
        in2[i] = (int8_t)rng_int(&rng, -128, 127);
    mao_add_s8(&p, in1, in2, out);
    for (a = 0; a < kD0; ++a) {
        for (b = 0; b < kD1; ++b) {
            for (c = 0; c < kD2; ++c) {
                const int32_t idx = (a * kD1 + b) * kD2 + c;
                const exact_rounding e = expected_add(q, in1[a * kD2 + c], in2[b]);
                failures += check_requantized("add_s8_broadcast", idx, out[idx], e, q->zo,
                                              p.act_min, p.act_max);
            }
        }
    }
    return failures;
}

/* Same-shape add over all 256 x 256 input pairs (as a flat 65536-element tensor). */
static int run_add_s8_exhaustive(const add_quant *q) {
    static int8_t in1[65536], in2[65536], out[65536];
    mao_add_params p;
    int32_t i, failures = 0;
    memset(&p, 0, sizeof p);
    set_add_quant(&p, q);
    p.out_dims[0] = 1;
    p.out_dims[1] = 1;
    p.out_dims[2] = 256;
    p.out_dims[3] = 256;
    p.in1_strides[2] = 256;
    p.in1_strides[3] = 1;
    p.in2_strides[2] = 256;
    p.in2_strides[3] = 1;
    p.act_min = -128;
    p.act_max = 127;
    for (i = 0; i < 65536; ++i) {
        in1[i] = (int8_t)(i / 256 - 128);
        in2[i] = (int8_t)(i % 256 - 128);
    }
    mao_add_s8(&p, in1, in2, out);
    for (i = 0; i < 65536 && failures < 10; ++i) {
        const exact_rounding e = expected_add(q, in1[i], in2[i]);
        failures += check_requantized("add_s8_all_pairs", i, out[i], e, q->zo, -128, 127);
    }
    /* In place: out == in1 is allowed without broadcasting. */
    mao_add_s8(&p, in1, in2, in1);
    for (i = 0; i < 65536 && failures < 10; ++i)
        failures += check_int("add_s8_inplace", i, in1[i], out[i]);
    return failures;
}

static int run_add_f32(uint64_t seed) {
    mao_add_params p;
    float in1[kD0 * kD2], in2[kD1], out[kD0 * kD1 * kD2];
    int32_t i, a, b, c, failures = 0;
    test_rng rng;
    memset(&p, 0, sizeof p);
    set_broadcast_geometry(&p);
    p.f_act_min = 0.0f;
    p.f_act_max = 6.0f;
    rng.state = seed;
    for (i = 0; i < kD0 * kD2; ++i)
        in1[i] = rng_float(&rng, -5.0f, 5.0f);
    for (i = 0; i < kD1; ++i)
        in2[i] = rng_float(&rng, -5.0f, 5.0f);
    mao_add_f32(&p, in1, in2, out);
    for (a = 0; a < kD0; ++a) {
        for (b = 0; b < kD1; ++b) {
            for (c = 0; c < kD2; ++c) {
                const int32_t idx = (a * kD1 + b) * kD2 + c;
                const float sum = in1[a * kD2 + c] + in2[b];
                const float expected = sum < 0.0f ? 0.0f : (sum > 6.0f ? 6.0f : sum);
                failures += check_close("add_f32", idx, out[idx], expected, 0.0);
            }
        }
    }
    return failures;
}

int test_add(void) {
    const add_quant typical = {0.05, 0.09, 0.12, 3, -17, -4};
    const add_quant resnet_like = {0.0731, 0.0412, 0.0853, -128, -10, -128};
    const add_quant equal = {0.25, 0.25, 0.5, 0, 0, 0};
    int failures = run_add_s8_broadcast(&typical, 0, 41);
    failures += run_add_s8_broadcast(&resnet_like, 1, 42);
    failures += run_add_s8_exhaustive(&typical);
    failures += run_add_s8_exhaustive(&resnet_like);
    failures += run_add_s8_exhaustive(&equal);
    failures += run_add_f32(43);
    return failures;
}
