/* FULLY_CONNECTED kernels against int64 dot products with exact rounding; the folded and
 * per-channel variants must also agree bit for bit with the plain kernel where they overlap. */
#include <float.h>
#include <string.h>

#include "kernel_test_util.h"
#include "mao_kernels.h"

enum { kBatches = 3, kAccum = 37, kOut = 6 };

typedef struct {
    int8_t in[kBatches * kAccum];
    int8_t w[kOut * kAccum];
    int32_t bias[kOut];
    int32_t input_zp, filter_zp, output_zp;
} fc_data;

static void make_fc_data(fc_data *d, uint64_t seed, int32_t filter_zp) {
    test_rng rng;
    int32_t i;
    rng.state = seed;
    for (i = 0; i < kBatches * kAccum; ++i)
        d->in[i] = (int8_t)rng_int(&rng, -128, 127);
    for (i = 0; i < kOut * kAccum; ++i)
        d->w[i] = (int8_t)rng_int(&rng, -127, 127);
    for (i = 0; i < kOut; ++i)
        d->bias[i] = rng_int(&rng, -50000, 50000);
    d->input_zp = 23;
    d->filter_zp = filter_zp;
    d->output_zp = -5;
}

static mao_fc_params fc_params(const fc_data *d, int32_t mult, int32_t shift) {
    mao_fc_params p;
    memset(&p, 0, sizeof p);
    p.batches = kBatches;
    p.accum_depth = kAccum;
    p.out_depth = kOut;
    p.input_offset = -d->input_zp;
    p.filter_offset = -d->filter_zp;
    p.output_offset = d->output_zp;
    p.out_mult = mult;
    p.out_shift = shift;
    p.act_min = -128;
    p.act_max = 127;
    return p;
}

static int64_t ref_dot(const fc_data *d, int32_t b, int32_t o) {
    int64_t acc = d->bias[o];
    int32_t i;
    for (i = 0; i < kAccum; ++i) {
        acc +=
            (int64_t)(d->w[o * kAccum + i] - d->filter_zp) * (d->in[b * kAccum + i] - d->input_zp);
    }
    return acc;
}

static int run_fc_s8(int32_t filter_zp, int32_t mult, int32_t shift, uint64_t seed) {
    fc_data d;
    mao_fc_params p;
    int8_t out[kBatches * kOut];
    int32_t b, o, failures = 0;
    make_fc_data(&d, seed, filter_zp);
    p = fc_params(&d, mult, shift);
    mao_fully_connected_s8(&p, d.in, d.w, d.bias, out);
    for (b = 0; b < kBatches; ++b) {
        for (o = 0; o < kOut; ++o) {
            const exact_rounding e = exact_requantize(ref_dot(&d, b, o), mult, shift);
            failures += check_requantized("fc_s8", b * kOut + o, out[b * kOut + o], e, d.output_zp,
                                          -128, 127);
        }
    }
    return failures;
}

/* folded_bias = bias + input_offset * rowsum(w) must reproduce the plain kernel exactly. */
static int run_fc_folded(uint64_t seed) {
    fc_data d;
    mao_fc_params p;
    int8_t out_plain[kBatches * kOut], out_folded[kBatches * kOut];
    int32_t folded[kOut];
    int32_t o, i, failures = 0;
    make_fc_data(&d, seed, 0);
    p = fc_params(&d, 1518500250, -9);
    p.act_min = d.output_zp; /* RELU */
    for (o = 0; o < kOut; ++o) {
        int32_t row_sum = 0;
        for (i = 0; i < kAccum; ++i)
            row_sum += d.w[o * kAccum + i];
        folded[o] = d.bias[o] + p.input_offset * row_sum;
    }
    mao_fully_connected_s8(&p, d.in, d.w, d.bias, out_plain);
    mao_fully_connected_s8_folded(&p, d.in, d.w, folded, out_folded);
    for (i = 0; i < kBatches * kOut; ++i) {
        failures += check_int("fc_folded", i, out_folded[i], out_plain[i]);
    }
    return failures;
}

/* Per-channel with every channel given the same multiplier equals the per-tensor kernel; with
 * distinct multipliers it matches the exact reference. */
static int run_fc_per_channel(uint64_t seed) {
    fc_data d;
    mao_fc_params p;
    int8_t out_plain[kBatches * kOut], out_pc[kBatches * kOut];
    int32_t mult[kOut], shift[kOut];
    int32_t b, o, i, failures = 0;
    test_rng rng;
    make_fc_data(&d, seed, 0);
    p = fc_params(&d, 1300000000, -10);
    for (o = 0; o < kOut; ++o) {
        mult[o] = p.out_mult;
        shift[o] = p.out_shift;
    }
    mao_fully_connected_s8(&p, d.in, d.w, d.bias, out_plain);
    mao_fully_connected_s8_per_channel(&p, d.in, d.w, d.bias, mult, shift, out_pc);
    for (i = 0; i < kBatches * kOut; ++i) {
        failures += check_int("fc_per_channel_same", i, out_pc[i], out_plain[i]);
    }
    rng.state = seed + 1;
    for (o = 0; o < kOut; ++o) {
        mult[o] = rng_int(&rng, 1 << 30, INT32_MAX);
        shift[o] = rng_int(&rng, -13, -9);
    }
    mao_fully_connected_s8_per_channel(&p, d.in, d.w, d.bias, mult, shift, out_pc);
    for (b = 0; b < kBatches; ++b) {
        for (o = 0; o < kOut; ++o) {
            const exact_rounding e = exact_requantize(ref_dot(&d, b, o), mult[o], shift[o]);
            failures += check_requantized("fc_per_channel", b * kOut + o, out_pc[b * kOut + o], e,
                                          d.output_zp, -128, 127);
        }
    }
    return failures;
}

/* Float FC with small integers: exact sums, NULL bias, RELU clamp. */
static int run_fc_f32(uint64_t seed) {
    fc_data d;
    mao_fc_params p;
    float in[kBatches * kAccum], w[kOut * kAccum], out[kBatches * kOut];
    int32_t b, o, i, failures = 0;
    make_fc_data(&d, seed, 0);
    for (i = 0; i < kBatches * kAccum; ++i)
        in[i] = (float)(d.in[i] / 16);
    for (i = 0; i < kOut * kAccum; ++i)
        w[i] = (float)(d.w[i] / 16);
    p = fc_params(&d, 0, 0);
    p.f_act_min = 0.0f;
    p.f_act_max = FLT_MAX;
    mao_fully_connected_f32(&p, in, w, 0, out);
    for (b = 0; b < kBatches; ++b) {
        for (o = 0; o < kOut; ++o) {
            double acc = 0.0;
            for (i = 0; i < kAccum; ++i)
                acc += (double)in[b * kAccum + i] * w[o * kAccum + i];
            failures +=
                check_close("fc_f32", b * kOut + o, out[b * kOut + o], acc < 0 ? 0.0 : acc, 0.0);
        }
    }
    return failures;
}

int test_fully_connected(void) {
    int failures = run_fc_s8(0, 1 << 30, 1, 11); /* scale 1.0: exact integers, heavy clamping */
    failures += run_fc_s8(0, 1518500250, -9, 12);
    failures += run_fc_s8(0, 1234567890, -12, 13);
    failures += run_fc_s8(3, 1700000000, -11, 14); /* non-zero filter zero point */
    failures += run_fc_folded(15);
    failures += run_fc_per_channel(16);
    failures += run_fc_f32(17);
    return failures;
}
