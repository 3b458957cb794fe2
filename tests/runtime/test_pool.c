/* Pooling kernels against a reference that enumerates each window's in-image taps directly. */
#include <float.h>
#include <string.h>

#include "kernel_test_util.h"
#include "mao_kernels.h"

enum { kMaxTensor = 1024 };

/* SAME-padded 3x3 stride-2 pooling of 2x7x5x3 -> out 4x3, pad top 1 ((4-1)*2+3-7 = 2) and
 * left 1 ((3-1)*2+3-5 = 2). Border windows have 4 or 6 valid taps, inner ones 9. */
static mao_pool_params pool_geometry(void) {
    mao_pool_params p;
    memset(&p, 0, sizeof p);
    p.batches = 2;
    p.in_h = 7;
    p.in_w = 5;
    p.channels = 3;
    p.filter_h = 3;
    p.filter_w = 3;
    p.stride_h = 2;
    p.stride_w = 2;
    p.out_h = 4;
    p.out_w = 3;
    p.pad_h = 1;
    p.pad_w = 1;
    p.act_min = -128;
    p.act_max = 127;
    p.f_act_min = -FLT_MAX;
    p.f_act_max = FLT_MAX;
    return p;
}

/* Sum, count and max of the valid taps of one window. */
typedef struct {
    double sum;
    int32_t count;
    double max;
} window_stats;

static window_stats window_of(const mao_pool_params *p, const double *in, int32_t b, int32_t oy,
                              int32_t ox, int32_t c) {
    window_stats s;
    int32_t ky, kx;
    s.sum = 0.0;
    s.count = 0;
    s.max = -1e300;
    for (ky = 0; ky < p->filter_h; ++ky) {
        for (kx = 0; kx < p->filter_w; ++kx) {
            const int32_t y = oy * p->stride_h - p->pad_h + ky;
            const int32_t x = ox * p->stride_w - p->pad_w + kx;
            double v;
            if (y < 0 || y >= p->in_h || x < 0 || x >= p->in_w) continue;
            v = in[((b * p->in_h + y) * p->in_w + x) * p->channels + c];
            s.sum += v;
            s.count += 1;
            if (v > s.max) s.max = v;
        }
    }
    return s;
}

static double round_half_away(double v) {
    return v < 0 ? -floor(-v + 0.5) : floor(v + 0.5);
}

static int run_pool_s8(int act_relu, uint64_t seed) {
    mao_pool_params p = pool_geometry();
    int8_t in[kMaxTensor], avg_out[kMaxTensor], max_out[kMaxTensor];
    double in_d[kMaxTensor];
    const int32_t in_size = p.batches * p.in_h * p.in_w * p.channels;
    int32_t i, b, oy, ox, c, failures = 0;
    test_rng rng;
    rng.state = seed;
    for (i = 0; i < in_size; ++i) {
        in[i] = (int8_t)rng_int(&rng, -128, 127);
        in_d[i] = in[i];
    }
    if (act_relu) {
        p.act_min = -20;
        p.act_max = 90;
    }
    mao_avg_pool_s8(&p, in, avg_out);
    mao_max_pool_s8(&p, in, max_out);
    for (b = 0; b < p.batches; ++b) {
        for (oy = 0; oy < p.out_h; ++oy) {
            for (ox = 0; ox < p.out_w; ++ox) {
                for (c = 0; c < p.channels; ++c) {
                    const int32_t idx = ((b * p.out_h + oy) * p.out_w + ox) * p.channels + c;
                    const window_stats s = window_of(&p, in_d, b, oy, ox, c);
                    const int64_t avg = (int64_t)round_half_away(s.sum / s.count);
                    failures += check_int("avg_pool_s8", idx, avg_out[idx],
                                          clamp_i64(avg, p.act_min, p.act_max));
                    failures += check_int("max_pool_s8", idx, max_out[idx],
                                          clamp_i64((int64_t)s.max, p.act_min, p.act_max));
                }
            }
        }
    }
    return failures;
}

/* Ties: a 1x2 window holding {1, 2} averages 1.5 -> 2, {-1, -2} -> -2 (half away from zero). */
static int run_avg_pool_ties(void) {
    mao_pool_params p;
    const int8_t in[4] = {1, 2, -1, -2};
    int8_t out[2];
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = 1;
    p.in_w = 4;
    p.channels = 1;
    p.filter_h = 1;
    p.filter_w = 2;
    p.stride_h = 1;
    p.stride_w = 2;
    p.out_h = 1;
    p.out_w = 2;
    p.act_min = -128;
    p.act_max = 127;
    mao_avg_pool_s8(&p, in, out);
    return check_int("avg_pool_tie_pos", 0, out[0], 2) +
           check_int("avg_pool_tie_neg", 1, out[1], -2);
}

static int run_pool_f32(uint64_t seed) {
    mao_pool_params p = pool_geometry();
    float in[kMaxTensor], avg_out[kMaxTensor], max_out[kMaxTensor];
    double in_d[kMaxTensor];
    const int32_t in_size = p.batches * p.in_h * p.in_w * p.channels;
    int32_t i, b, oy, ox, c, failures = 0;
    test_rng rng;
    rng.state = seed;
    for (i = 0; i < in_size; ++i) {
        in[i] = rng_float(&rng, -3.0f, 3.0f);
        in_d[i] = in[i];
    }
    p.f_act_min = -1.0f; /* RELU_N1_TO_1 */
    p.f_act_max = 1.0f;
    mao_avg_pool_f32(&p, in, avg_out);
    mao_max_pool_f32(&p, in, max_out);
    for (b = 0; b < p.batches; ++b) {
        for (oy = 0; oy < p.out_h; ++oy) {
            for (ox = 0; ox < p.out_w; ++ox) {
                for (c = 0; c < p.channels; ++c) {
                    const int32_t idx = ((b * p.out_h + oy) * p.out_w + ox) * p.channels + c;
                    const window_stats s = window_of(&p, in_d, b, oy, ox, c);
                    const double avg = s.sum / s.count;
                    const double max = s.max;
                    failures += check_close("avg_pool_f32", idx, avg_out[idx],
                                            avg < -1 ? -1 : (avg > 1 ? 1 : avg), 1e-6);
                    failures += check_close("max_pool_f32", idx, max_out[idx],
                                            max < -1 ? -1 : (max > 1 ? 1 : max), 0.0);
                }
            }
        }
    }
    return failures;
}

int test_pool(void) {
    int failures = run_pool_s8(0, 21);
    failures += run_pool_s8(1, 22);
    failures += run_avg_pool_ties();
    failures += run_pool_f32(23);
    return failures;
}
