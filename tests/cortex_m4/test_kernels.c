/*
 * Differential test: every runtime/cortex_m4 kernel against the portable kernel of the same
 * name (renamed ref_* by ref_kernels.c) on random parameter sets from a seeded PRNG. int8
 * outputs must match bit for bit, float outputs bit for bit as well (same operations in the
 * same order). Prints "N passed, M failed"; exit status 1 on any mismatch.
 * Built for the Cortex-M4F (DSP paths, run in QEMU) and for the host (the C fallbacks).
 */
#include <stdio.h>
#include <string.h>

#include "mao_kernels.h"
#include "ref_kernels.h"

#define BUF 40000
static int8_t g_in[BUF], g_filter[BUF], g_out_a[BUF], g_out_b[BUF];
static float g_fin[BUF], g_ffilter[BUF], g_fout_a[BUF], g_fout_b[BUF];
static int32_t g_bias[1024], g_mult[1024], g_shift[1024];
/* Conv scratch, sized as the compiler sizes it (backends/cpu/lower_conv.cpp), followed by a
 * guard that must stay untouched. */
#define SCRATCH_GUARD_WORDS 16
static uint32_t g_scratch[4096 + SCRATCH_GUARD_WORDS]; /* K <= 4 * 4 * 140 here */
static float g_fbias[1024];

static uint32_t g_rng = 0x12345678u;
static uint32_t rnd(void) { /* xorshift32 */
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 17;
    g_rng ^= g_rng << 5;
    return g_rng;
}
static int32_t rnd_range(int32_t lo, int32_t hi) { /* inclusive */
    return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}
static float rnd_float(void) {
    return (float)rnd_range(-100000, 100000) / 37813.0f;
}

static int g_passed, g_failed;

static void report(const char *what, int ok, int32_t case_no, int32_t index, int32_t a, int32_t b) {
    if (ok) {
        ++g_passed;
    } else {
        ++g_failed;
        if (g_failed <= 20)
            printf("FAIL %s case %ld: first mismatch at %ld: got %ld, want %ld\n", what,
                   (long)case_no, (long)index, (long)a, (long)b);
    }
}

static void check_s8(const char *what, int32_t case_no, int32_t n) {
    int32_t i;
    for (i = 0; i < n; ++i)
        if (g_out_a[i] != g_out_b[i]) break;
    report(what, i == n, case_no, i, i < n ? g_out_a[i] : 0, i < n ? g_out_b[i] : 0);
}

static void check_f32(const char *what, int32_t case_no, int32_t n) {
    int32_t i;
    for (i = 0; i < n; ++i)
        if (memcmp(&g_fout_a[i], &g_fout_b[i], sizeof(float)) != 0) break;
    report(what, i == n, case_no, i, i < n ? (int32_t)(g_fout_a[i] * 1e6f) : 0,
           i < n ? (int32_t)(g_fout_b[i] * 1e6f) : 0);
}

static void fill_s8(int8_t *dst, int32_t n) {
    int32_t i;
    for (i = 0; i < n; ++i)
        dst[i] = (int8_t)rnd_range(-128, 127);
}
static void fill_f32(float *dst, int32_t n) {
    int32_t i;
    for (i = 0; i < n; ++i)
        dst[i] = rnd_float();
}

/* TFLite ComputeOutSize / ComputePaddingHeightWidth (top/left part). */
static int32_t out_size(int same, int32_t in, int32_t k, int32_t stride, int32_t dil) {
    const int32_t ek = (k - 1) * dil + 1;
    return same ? (in + stride - 1) / stride : (in - ek + stride) / stride;
}
static int32_t pad_size(int32_t stride, int32_t dil, int32_t in, int32_t k, int32_t out) {
    const int32_t ek = (k - 1) * dil + 1;
    const int32_t total = (out - 1) * stride + ek - in;
    return total > 0 ? total / 2 : 0;
}

static void requant_params(int32_t n, int32_t depth) {
    int32_t i;
    /* Shifts around -log2(depth * 2^12) keep outputs mostly unsaturated; some extremes too. */
    int32_t base = -8;
    while (depth > 1) {
        depth >>= 1;
        --base;
    }
    for (i = 0; i < n; ++i) {
        g_mult[i] = (rnd() % 8 == 0) ? 0x40000000 : (int32_t)(0x40000000u + (rnd() >> 2));
        g_shift[i] = (rnd() % 16 == 0) ? rnd_range(-31, 4) : base + rnd_range(-3, 3);
        g_bias[i] = rnd_range(-40000, 40000);
    }
}

static void act_range(int32_t *lo, int32_t *hi) {
    const uint32_t r = rnd() % 3;
    if (r == 0) {
        *lo = -128;
        *hi = 127;
    } else {
        *lo = rnd_range(-128, 20);
        *hi = rnd_range(*lo, 127);
    }
}

/* Random conv/depthwise geometry; returns 0 if the shape is degenerate or too big. */
static int conv_geometry(mao_conv_params *p, int depthwise, int big) {
    const int same = (int)(rnd() & 1);
    memset(p, 0, sizeof *p);
    p->batches = rnd_range(1, 2);
    /* big: many channels (conv) or large windows (depthwise: more taps than a fixed buffer of
     * the past held) */
    p->in_h = rnd_range(1, big && !depthwise ? 4 : big ? 14 : 10);
    p->in_w = rnd_range(1, big && !depthwise ? 4 : big ? 14 : 10);
    p->k_h = big && depthwise ? rnd_range(7, 10) : rnd_range(1, 4);
    p->k_w = big && depthwise ? rnd_range(7, 10) : rnd_range(1, 4);
    p->stride_h = rnd_range(1, 3);
    p->stride_w = rnd_range(1, 3);
    p->dil_h = rnd() % 4 == 0 ? 2 : 1;
    p->dil_w = rnd() % 4 == 0 ? 2 : 1;
    if (depthwise) {
        p->in_c = rnd() % 2 ? 4 * rnd_range(1, 6) : rnd_range(1, 13);
        /* multipliers 2, 3 (scalar path) and 4, 8 (4-channel groups, in_c 1 as micro_speech) */
        const uint32_t r = rnd() % 6;
        p->depth_multiplier = r == 0 ? rnd_range(2, 3) : r == 1 ? 4 * rnd_range(1, 2) : 1;
        if (r == 1 && rnd() % 2) p->in_c = 1;
        p->out_c = p->in_c * p->depth_multiplier;
    } else {
        p->in_c = big ? rnd_range(40, 140) : (rnd() % 2 ? 4 * rnd_range(1, 8) : rnd_range(1, 13));
        p->depth_multiplier = 1;
        p->out_c = rnd_range(1, 13);
    }
    p->out_h = out_size(same, p->in_h, p->k_h, p->stride_h, p->dil_h);
    p->out_w = out_size(same, p->in_w, p->k_w, p->stride_w, p->dil_w);
    if (p->out_h <= 0 || p->out_w <= 0) return 0;
    p->pad_h = same ? pad_size(p->stride_h, p->dil_h, p->in_h, p->k_h, p->out_h) : 0;
    p->pad_w = same ? pad_size(p->stride_w, p->dil_w, p->in_w, p->k_w, p->out_w) : 0;
    p->input_offset = rnd_range(-127, 128);
    p->output_offset = rnd_range(-128, 127);
    act_range(&p->act_min, &p->act_max);
    p->f_act_min = rnd() % 2 ? -3.4e38f : -1.5f;
    p->f_act_max = rnd() % 2 ? 3.4e38f : 2.0f;
    if (p->out_c > 1024) return 0;
    if (p->batches * p->in_h * p->in_w * p->in_c > BUF) return 0;
    if (p->batches * p->out_h * p->out_w * p->out_c > BUF) return 0;
    if (p->k_h * p->k_w * p->in_c * (depthwise ? 1 : p->out_c) > BUF) return 0;
    return 1;
}

static void test_conv(int32_t cases) {
    int32_t i;
    for (i = 0; i < cases; ++i) {
        mao_conv_params p;
        const int big = i % 10 == 9;
        int32_t n_out;
        const int32_t *bias;
        if (!conv_geometry(&p, 0, big)) continue;
        n_out = p.batches * p.out_h * p.out_w * p.out_c;
        fill_s8(g_in, p.batches * p.in_h * p.in_w * p.in_c);
        fill_s8(g_filter, p.out_c * p.k_h * p.k_w * p.in_c);
        requant_params(p.out_c, p.k_h * p.k_w * p.in_c);
        bias = rnd() % 4 == 0 ? 0 : g_bias;
        memset(g_out_a, 0x55, (size_t)n_out);
        memset(g_out_b, 0x66, (size_t)n_out);
        {
            const int32_t k = p.k_h * p.k_w * p.in_c;
            const int32_t words = 4 * (k / 4) + 6 + (p.in_c % 4 == 0 ? 0 : (k + 3) / 4);
            int32_t g;
            for (g = 0; g < SCRATCH_GUARD_WORDS; ++g)
                g_scratch[words + g] = 0xA5A5A5A5u;
            mao_conv2d_s8(&p, g_in, g_filter, bias, g_mult, g_shift, g_out_a, g_scratch);
            for (g = 0; g < SCRATCH_GUARD_WORDS; ++g)
                if (g_scratch[words + g] != 0xA5A5A5A5u) break;
            report("conv2d_s8 scratch bound", g == SCRATCH_GUARD_WORDS, i, g, 0, 0);
        }
        ref_conv2d_s8(&p, g_in, g_filter, bias, g_mult, g_shift, g_out_b);
        check_s8("conv2d_s8", i, n_out);

        fill_f32(g_fin, p.batches * p.in_h * p.in_w * p.in_c);
        fill_f32(g_ffilter, p.out_c * p.k_h * p.k_w * p.in_c);
        fill_f32(g_fbias, p.out_c);
        mao_conv2d_f32(&p, g_fin, g_ffilter, bias ? g_fbias : 0, g_fout_a);
        ref_conv2d_f32(&p, g_fin, g_ffilter, bias ? g_fbias : 0, g_fout_b);
        check_f32("conv2d_f32", i, n_out);
    }
}

static void test_depthwise(int32_t cases) {
    int32_t i;
    for (i = 0; i < cases; ++i) {
        mao_conv_params p;
        int32_t n_out;
        const int32_t *bias;
        if (!conv_geometry(&p, 1, i % 8 == 7)) continue;
        n_out = p.batches * p.out_h * p.out_w * p.out_c;
        fill_s8(g_in, p.batches * p.in_h * p.in_w * p.in_c);
        fill_s8(g_filter, p.out_c * p.k_h * p.k_w);
        requant_params(p.out_c, p.k_h * p.k_w);
        bias = rnd() % 4 == 0 ? 0 : g_bias;
        memset(g_out_a, 0x55, (size_t)n_out);
        memset(g_out_b, 0x66, (size_t)n_out);
        {
            /* the scratch size the compiler plans (backends/cpu/lower_conv.cpp), then a guard */
            const int32_t words = (80 + 8 * p.k_h * p.k_w) / 4;
            int32_t g;
            for (g = 0; g < SCRATCH_GUARD_WORDS; ++g)
                g_scratch[words + g] = 0xA5A5A5A5u;
            mao_depthwise_conv2d_s8(&p, g_in, g_filter, bias, g_mult, g_shift, g_out_a, g_scratch);
            for (g = 0; g < SCRATCH_GUARD_WORDS; ++g)
                if (g_scratch[words + g] != 0xA5A5A5A5u) break;
            report("depthwise_conv2d_s8 scratch bound", g == SCRATCH_GUARD_WORDS, i, g, 0, 0);
        }
        ref_depthwise_conv2d_s8(&p, g_in, g_filter, bias, g_mult, g_shift, g_out_b);
        check_s8("depthwise_conv2d_s8", i, n_out);

        fill_f32(g_fin, p.batches * p.in_h * p.in_w * p.in_c);
        fill_f32(g_ffilter, p.out_c * p.k_h * p.k_w);
        fill_f32(g_fbias, p.out_c);
        mao_depthwise_conv2d_f32(&p, g_fin, g_ffilter, bias ? g_fbias : 0, g_fout_a);
        ref_depthwise_conv2d_f32(&p, g_fin, g_ffilter, bias ? g_fbias : 0, g_fout_b);
        check_f32("depthwise_conv2d_f32", i, n_out);
    }
}

/* Fixed layer shapes of the reference models (micro_speech depthwise, ad01 / micro_speech FC). */
static void test_fixed_shapes(void) {
    static const int32_t fc_shapes[][2] = {{640, 48}, {128, 8}, {8, 128}, {4000, 4}, {250, 13},
                                           {257, 9},  {16, 1},  {3, 5},   {130, 6}};
    mao_conv_params p;
    mao_fc_params f;
    int32_t i, n_out;
    /* every FC shape fits the buffers: batches (<= 2) * accum_depth and out_depth * accum_depth
     * <= BUF */
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = 49;
    p.in_w = 40;
    p.in_c = 1;
    p.k_h = 10;
    p.k_w = 8;
    p.stride_h = p.stride_w = 2;
    p.dil_h = p.dil_w = 1;
    p.depth_multiplier = 8;
    p.out_c = 8;
    p.out_h = out_size(1, 49, 10, 2, 1);
    p.out_w = out_size(1, 40, 8, 2, 1);
    p.pad_h = pad_size(2, 1, 49, 10, p.out_h);
    p.pad_w = pad_size(2, 1, 40, 8, p.out_w);
    p.input_offset = 128;
    p.output_offset = -128;
    p.act_min = -128;
    p.act_max = 127;
    n_out = p.out_h * p.out_w * p.out_c;
    fill_s8(g_in, 49 * 40);
    fill_s8(g_filter, 10 * 8 * 8);
    requant_params(8, 80);
    mao_depthwise_conv2d_s8(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_a, g_scratch);
    ref_depthwise_conv2d_s8(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_b);
    check_s8("depthwise_conv2d_s8 micro_speech", 0, n_out);
    for (i = 0; i < (int32_t)(sizeof fc_shapes / sizeof fc_shapes[0]); ++i) {
        memset(&f, 0, sizeof f);
        f.batches = 1 + i % 2;
        f.accum_depth = fc_shapes[i][0];
        f.out_depth = fc_shapes[i][1];
        f.input_offset = rnd_range(-127, 128);
        f.output_offset = rnd_range(-128, 127);
        act_range(&f.act_min, &f.act_max);
        requant_params(f.out_depth, f.accum_depth);
        f.out_mult = g_mult[0];
        f.out_shift = g_shift[0];
        fill_s8(g_in, f.batches * f.accum_depth);
        fill_s8(g_filter, f.out_depth * f.accum_depth);
        mao_fully_connected_s8_per_channel(&f, g_in, g_filter, g_bias, g_mult, g_shift, g_out_a);
        ref_fully_connected_s8_per_channel(&f, g_in, g_filter, g_bias, g_mult, g_shift, g_out_b);
        check_s8("fully_connected_s8_per_channel fixed", i, f.batches * f.out_depth);
        /* the folded kernel with the offset folded into the bias = the plain one */
        {
            static int32_t folded[1024];
            int32_t o, d;
            for (o = 0; o < f.out_depth; ++o) {
                int32_t sum = 0;
                for (d = 0; d < f.accum_depth; ++d)
                    sum += g_filter[o * f.accum_depth + d];
                folded[o] = g_bias[o] + f.input_offset * sum;
            }
            mao_fully_connected_s8_folded(&f, g_in, g_filter, folded, g_out_a);
            ref_fully_connected_s8(&f, g_in, g_filter, g_bias, g_out_b);
            check_s8("fully_connected_s8_folded fixed", i, f.batches * f.out_depth);
        }
        mao_fully_connected_s8(&f, g_in, g_filter, g_bias, g_out_a);
        check_s8("fully_connected_s8 fixed", i, f.batches * f.out_depth);
    }
}

static void test_fc(int32_t cases) {
    int32_t i;
    for (i = 0; i < cases; ++i) {
        mao_fc_params p;
        int32_t n_out, o, d;
        const int32_t *bias;
        static int32_t folded[1024];
        memset(&p, 0, sizeof p);
        p.batches = rnd_range(1, 3);
        p.accum_depth = i % 8 == 7 ? rnd_range(200, 700) : rnd_range(1, 70);
        p.out_depth = rnd_range(1, 19);
        p.input_offset = rnd_range(-127, 128);
        p.filter_offset = rnd() % 4 == 0 ? rnd_range(-10, 10) : 0;
        p.output_offset = rnd_range(-128, 127);
        act_range(&p.act_min, &p.act_max);
        p.f_act_min = rnd() % 2 ? -3.4e38f : -1.5f;
        p.f_act_max = rnd() % 2 ? 3.4e38f : 2.0f;
        requant_params(p.out_depth, p.accum_depth);
        p.out_mult = g_mult[0];
        p.out_shift = g_shift[0];
        n_out = p.batches * p.out_depth;
        fill_s8(g_in, p.batches * p.accum_depth);
        fill_s8(g_filter, p.out_depth * p.accum_depth);
        bias = rnd() % 4 == 0 ? 0 : g_bias;

        mao_fully_connected_s8(&p, g_in, g_filter, bias, g_out_a);
        ref_fully_connected_s8(&p, g_in, g_filter, bias, g_out_b);
        check_s8("fully_connected_s8", i, n_out);

        mao_fully_connected_s8_per_channel(&p, g_in, g_filter, bias, g_mult, g_shift, g_out_a);
        ref_fully_connected_s8_per_channel(&p, g_in, g_filter, bias, g_mult, g_shift, g_out_b);
        check_s8("fully_connected_s8_per_channel", i, n_out);

        /* folded: filter_offset 0; reference = the unfolded portable kernel */
        p.filter_offset = 0;
        for (o = 0; o < p.out_depth; ++o) {
            int32_t sum = 0;
            for (d = 0; d < p.accum_depth; ++d)
                sum += g_filter[o * p.accum_depth + d];
            folded[o] = (bias ? bias[o] : 0) + p.input_offset * sum;
        }
        mao_fully_connected_s8_folded(&p, g_in, g_filter, folded, g_out_a);
        ref_fully_connected_s8(&p, g_in, g_filter, bias, g_out_b);
        check_s8("fully_connected_s8_folded", i, n_out);

        fill_f32(g_fin, p.batches * p.accum_depth);
        fill_f32(g_ffilter, p.out_depth * p.accum_depth);
        fill_f32(g_fbias, p.out_depth);
        mao_fully_connected_f32(&p, g_fin, g_ffilter, bias ? g_fbias : 0, g_fout_a);
        ref_fully_connected_f32(&p, g_fin, g_ffilter, bias ? g_fbias : 0, g_fout_b);
        check_f32("fully_connected_f32", i, n_out);
    }
}

static void test_pool(int32_t cases) {
    int32_t i;
    for (i = 0; i < cases; ++i) {
        mao_pool_params p;
        const int same = (int)(rnd() & 1);
        int32_t n_out;
        memset(&p, 0, sizeof p);
        p.batches = rnd_range(1, 2);
        p.in_h = rnd_range(1, 12);
        p.in_w = rnd_range(1, 12);
        p.channels = rnd() % 2 ? 4 * rnd_range(1, 6) : rnd_range(1, 13);
        p.filter_h = rnd_range(1, 4);
        p.filter_w = rnd_range(1, 4);
        if (i % 16 == 15) { /* global pooling with > 256 taps */
            p.in_h = p.filter_h = rnd_range(17, 20);
            p.in_w = p.filter_w = rnd_range(16, 20);
        }
        p.stride_h = rnd_range(1, 3);
        p.stride_w = rnd_range(1, 3);
        p.out_h = out_size(same, p.in_h, p.filter_h, p.stride_h, 1);
        p.out_w = out_size(same, p.in_w, p.filter_w, p.stride_w, 1);
        if (p.out_h <= 0 || p.out_w <= 0) continue;
        p.pad_h = same ? pad_size(p.stride_h, 1, p.in_h, p.filter_h, p.out_h) : 0;
        p.pad_w = same ? pad_size(p.stride_w, 1, p.in_w, p.filter_w, p.out_w) : 0;
        act_range(&p.act_min, &p.act_max);
        n_out = p.batches * p.out_h * p.out_w * p.channels;
        fill_s8(g_in, p.batches * p.in_h * p.in_w * p.channels);
        if (i % 5 == 0) memset(g_in, 127, (size_t)(p.batches * p.in_h * p.in_w * p.channels));
        if (i % 5 == 1) memset(g_in, 0x80, (size_t)(p.batches * p.in_h * p.in_w * p.channels));
        mao_avg_pool_s8(&p, g_in, g_out_a);
        ref_avg_pool_s8(&p, g_in, g_out_b);
        check_s8("avg_pool_s8", i, n_out);
        mao_max_pool_s8(&p, g_in, g_out_a);
        ref_max_pool_s8(&p, g_in, g_out_b);
        check_s8("max_pool_s8", i, n_out);
    }
}

int main(void) {
    test_fixed_shapes();
    test_conv(400);
    test_depthwise(600);
    test_fc(300);
    test_pool(300);
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
