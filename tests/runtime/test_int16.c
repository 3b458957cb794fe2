/* The int16 ("16x8") kernels: the int64 requantization against hand-worked values and an exact
 * floor-division form, CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED against a direct int64
 * reference, and the int16 pools against a window enumeration. */
#include <string.h>

#include "kernel_test_util.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

enum { kMaxTensor = 2048 };

/* floor(a / 2^k) for any sign, by division (not by shifting). */
static int64_t floor_div_pow2(int64_t a, int32_t k) {
    const int64_t d = (int64_t)1 << k;
    const int64_t q = a / d;
    return (a % d != 0 && a < 0) ? q - 1 : q;
}

/* TFLite's int64 MultiplyByQuantizedMultiplier, restated: the multiplier rounded to its top 16
 * bits (0x7FFF at the top), then round half up of acc * m16 / 2^(15 - shift). */
static int64_t ref_requantize_i64(int64_t acc, int32_t multiplier, int32_t shift) {
    const int64_t m16 = multiplier < 0x7FFF0000 ? ((int64_t)multiplier + 32768) / 65536 : 0x7FFF;
    const int32_t total = 15 - shift;
    return floor_div_pow2(acc * m16 + ((int64_t)1 << (total - 1)), total);
}

static int test_requantize_i64(void) {
    int failures = 0;
    test_rng rng;
    int i;
    /* 0.25 exactly (2^30, shift -1): 6 * 0.25 = 1.5 rounds up to 2, -1.5 rounds up to -1; the
     * int32 form rounds that tie half away from zero, to -2. */
    failures +=
        check_int("mbqm64(6)", 0, mao_multiply_by_quantized_multiplier_i64(6, 1 << 30, -1), 2);
    failures +=
        check_int("mbqm64(-6)", 0, mao_multiply_by_quantized_multiplier_i64(-6, 1 << 30, -1), -1);
    failures +=
        check_int("mbqm32(-6)", 0, mao_multiply_by_quantized_multiplier(-6, 1 << 30, -1), -2);
    /* The multiplier keeps 16 bits: 2^30 + 2^14 - 1 reduces to 2^14 (x 1 exactly at shift 1),
     * 2^30 + 2^15 to 2^14 + 1. */
    failures += check_int(
        "mbqm64 reduce", 0,
        mao_multiply_by_quantized_multiplier_i64(1000, (1 << 30) + (1 << 14) - 1, 1), 1000);
    failures +=
        check_int("mbqm64 reduce up", 0,
                  mao_multiply_by_quantized_multiplier_i64(65536, (1 << 30) + (1 << 15), 1), 65540);
    /* Largest multipliers saturate to 0x7FFF: 2^16 * 0x7FFF / 2^15 = 65534 at shift 0. */
    failures += check_int("mbqm64 top", 0,
                          mao_multiply_by_quantized_multiplier_i64(65536, INT32_MAX, 0), 65534);
    rng.state = 0x16b17u;
    for (i = 0; i < 20000; ++i) {
        const int64_t hi = (int64_t)rng_int(&rng, -32768, 32767);
        const int64_t acc = hi * ((int64_t)1 << 32) + (int64_t)(rng_next(&rng) >> 32);
        const int32_t mult = rng_int(&rng, 1 << 30, INT32_MAX);
        const int32_t shift = rng_int(&rng, -31, -16);
        failures += check_int("mbqm64 random", i,
                              mao_multiply_by_quantized_multiplier_i64(acc, mult, shift),
                              ref_requantize_i64(acc, mult, shift));
    }
    return failures;
}

static mao_conv_params conv_geometry(int depthwise) {
    mao_conv_params p;
    memset(&p, 0, sizeof p);
    p.batches = 2;
    p.in_h = 5;
    p.in_w = 6;
    p.in_c = 3;
    p.k_h = 3;
    p.k_w = 3;
    p.stride_h = 2;
    p.stride_w = 1;
    p.dil_h = 1;
    p.dil_w = 2;
    p.out_h = 3; /* SAME, as in test_conv.c: top pad 1, left pad 2 */
    p.out_w = 6;
    p.pad_h = 1;
    p.pad_w = 2;
    p.depth_multiplier = depthwise ? 2 : 1;
    p.out_c = depthwise ? p.in_c * 2 : 4;
    p.act_min = -30000; /* a fused activation range inside int16 */
    p.act_max = 32767;
    return p;
}

/* sum of w * x over the taps of output (b, oy, ox, oc) that fall in the image, in int64. */
static int64_t ref_conv_sum(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                            int32_t b, int32_t oy, int32_t ox, int32_t oc, int depthwise) {
    int64_t acc = 0;
    int32_t ky, kx, ic;
    for (ky = 0; ky < p->k_h; ++ky) {
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t y = oy * p->stride_h - p->pad_h + ky * p->dil_h;
            const int32_t x = ox * p->stride_w - p->pad_w + kx * p->dil_w;
            const int16_t *px = in + ((b * p->in_h + y) * p->in_w + x) * p->in_c;
            if (y < 0 || y >= p->in_h || x < 0 || x >= p->in_w) continue;
            if (depthwise) {
                acc += (int64_t)filter[(ky * p->k_w + kx) * p->out_c + oc] *
                       px[oc / p->depth_multiplier];
                continue;
            }
            for (ic = 0; ic < p->in_c; ++ic)
                acc += (int64_t)filter[((oc * p->k_h + ky) * p->k_w + kx) * p->in_c + ic] * px[ic];
        }
    }
    return acc;
}

/* kind 0: conv with int64 bias, 1: conv with int32 bias, 2: depthwise (int64 bias). */
static int run_conv_s16_case(int kind, uint64_t seed) {
    const int depthwise = kind == 2;
    test_rng rng;
    mao_conv_params p = conv_geometry(depthwise);
    int16_t in[kMaxTensor], out[kMaxTensor];
    int8_t filter[kMaxTensor];
    int64_t bias64[16];
    int32_t bias32[16], mult[16], shift[16];
    const int32_t filter_size =
        depthwise ? p.k_h * p.k_w * p.out_c : p.out_c * p.k_h * p.k_w * p.in_c;
    const int32_t in_size = p.batches * p.in_h * p.in_w * p.in_c;
    int32_t i, b, oy, ox, oc, failures = 0;
    rng.state = seed;
    for (i = 0; i < in_size; ++i)
        in[i] = (int16_t)rng_int(&rng, -32768, 32767);
    for (i = 0; i < filter_size; ++i)
        filter[i] = (int8_t)rng_int(&rng, -128, 127);
    for (i = 0; i < p.out_c; ++i) {
        bias32[i] = rng_int(&rng, -5000000, 5000000);
        bias64[i] = (int64_t)bias32[i] * 1000;
        mult[i] = rng_int(&rng, 1 << 30, INT32_MAX);
        shift[i] = rng_int(&rng, -12, -7);
    }
    if (kind == 0) mao_conv2d_s16(&p, in, filter, bias64, mult, shift, out, 0);
    if (kind == 1) mao_conv2d_s16_bias32(&p, in, filter, bias32, mult, shift, out, 0);
    if (kind == 2) mao_depthwise_conv2d_s16(&p, in, filter, bias64, mult, shift, out, 0);
    for (b = 0; b < p.batches; ++b) {
        for (oy = 0; oy < p.out_h; ++oy) {
            for (ox = 0; ox < p.out_w; ++ox) {
                for (oc = 0; oc < p.out_c; ++oc) {
                    const int32_t idx = ((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc;
                    const int64_t sum = ref_conv_sum(&p, in, filter, b, oy, ox, oc, depthwise);
                    if (kind == 1) {
                        failures += check_requantized(
                            "conv_s16_bias32", idx, out[idx],
                            exact_requantize(sum + bias32[oc], mult[oc], shift[oc]), 0, p.act_min,
                            p.act_max);
                    } else {
                        const int64_t v = ref_requantize_i64(sum + bias64[oc], mult[oc], shift[oc]);
                        failures += check_int(depthwise ? "dwconv_s16" : "conv_s16", idx, out[idx],
                                              clamp_i64(v, p.act_min, p.act_max));
                    }
                }
            }
        }
    }
    return failures;
}

/* FULLY_CONNECTED 3 batches x 40 inputs -> 7 outputs, input zero point 5, output zero point -9,
 * per-output multipliers; int64 or int32 bias. */
static int run_fc_s16_case(int bias32_form, uint64_t seed) {
    enum { kBatches = 3, kDepth = 40, kOut = 7 };
    test_rng rng;
    mao_fc_params p;
    int16_t in[kBatches * kDepth], out[kBatches * kOut];
    int8_t filter[kOut * kDepth];
    int64_t bias64[kOut];
    int32_t bias32[kOut], mult[kOut], shift[kOut];
    int32_t i, b, o, failures = 0;
    memset(&p, 0, sizeof p);
    p.batches = kBatches;
    p.accum_depth = kDepth;
    p.out_depth = kOut;
    p.input_offset = -5;
    p.output_offset = -9;
    p.act_min = -32768;
    p.act_max = 20000;
    rng.state = seed;
    for (i = 0; i < kBatches * kDepth; ++i)
        in[i] = (int16_t)rng_int(&rng, -32768, 32767);
    for (i = 0; i < kOut * kDepth; ++i)
        filter[i] = (int8_t)rng_int(&rng, -127, 127);
    for (i = 0; i < kOut; ++i) {
        bias32[i] = rng_int(&rng, -1000000, 1000000);
        bias64[i] = bias32[i];
        mult[i] = rng_int(&rng, 1 << 30, INT32_MAX);
        shift[i] = rng_int(&rng, -12, -8);
    }
    if (bias32_form) {
        mao_fully_connected_s16_bias32(&p, in, filter, bias32, mult, shift, out);
    } else {
        mao_fully_connected_s16(&p, in, filter, bias64, mult, shift, out);
    }
    for (b = 0; b < kBatches; ++b) {
        for (o = 0; o < kOut; ++o) {
            int64_t acc = bias32[o];
            int32_t d;
            for (d = 0; d < kDepth; ++d)
                acc += (int64_t)filter[o * kDepth + d] * (in[b * kDepth + d] + p.input_offset);
            if (bias32_form) {
                failures += check_requantized("fc_s16_bias32", b * kOut + o, out[b * kOut + o],
                                              exact_requantize(acc, mult[o], shift[o]),
                                              p.output_offset, p.act_min, p.act_max);
            } else {
                failures += check_int(
                    "fc_s16", b * kOut + o, out[b * kOut + o],
                    clamp_i64(ref_requantize_i64(acc, mult[o], shift[o]) + p.output_offset,
                              p.act_min, p.act_max));
            }
        }
    }
    return failures;
}

/* 3x3 stride-2 SAME pooling of 1x7x5x2 int16 values (out 4x3, pads 1/1): average rounds half
 * away from zero over the in-image taps, max starts below every input; both clamp. */
static int run_pool_s16(void) {
    test_rng rng;
    mao_pool_params p;
    int16_t in[70], avg[24], max[24];
    int32_t oy, ox, c, failures = 0;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = 7;
    p.in_w = 5;
    p.channels = 2;
    p.filter_h = 3;
    p.filter_w = 3;
    p.stride_h = 2;
    p.stride_w = 2;
    p.out_h = 4;
    p.out_w = 3;
    p.pad_h = 1;
    p.pad_w = 1;
    p.act_min = -32768;
    p.act_max = 30000;
    rng.state = 77;
    for (c = 0; c < 70; ++c)
        in[c] = (int16_t)rng_int(&rng, -32768, 32767);
    mao_avg_pool_s16(&p, in, avg);
    mao_max_pool_s16(&p, in, max);
    for (oy = 0; oy < p.out_h; ++oy) {
        for (ox = 0; ox < p.out_w; ++ox) {
            for (c = 0; c < p.channels; ++c) {
                const int32_t idx = (oy * p.out_w + ox) * p.channels + c;
                int64_t sum = 0, best = -40000;
                int32_t count = 0, ky, kx;
                exact_rounding e;
                for (ky = 0; ky < 3; ++ky) {
                    for (kx = 0; kx < 3; ++kx) {
                        const int32_t y = oy * 2 - 1 + ky, x = ox * 2 - 1 + kx;
                        int32_t v;
                        if (y < 0 || y >= p.in_h || x < 0 || x >= p.in_w) continue;
                        v = in[(y * p.in_w + x) * p.channels + c];
                        sum += v;
                        best = v > best ? v : best;
                        ++count;
                    }
                }
                /* round half away from zero of sum / count */
                e.value = (sum >= 0 ? 2 * sum + count : 2 * sum - count) / (2 * count);
                failures += check_int("avg_pool_s16", idx, avg[idx],
                                      clamp_i64(e.value, p.act_min, p.act_max));
                failures +=
                    check_int("max_pool_s16", idx, max[idx], clamp_i64(best, p.act_min, p.act_max));
            }
        }
    }
    return failures;
}

int test_int16(void) {
    int failures = test_requantize_i64();
    int kind;
    for (kind = 0; kind < 3; ++kind)
        failures += run_conv_s16_case(kind, 1000u + (uint64_t)kind);
    failures += run_fc_s16_case(0, 4242u);
    failures += run_fc_s16_case(1, 4243u);
    failures += run_pool_s16();
    return failures;
}
