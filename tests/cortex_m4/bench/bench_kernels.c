/*
 * Instruction counts of the portable (ref_*) and Cortex-M4 kernels on layer shapes from the
 * reference models. Each kernel call is one marked region (mao_region_begin/end, also
 * rig_region_* for m4count); the firmware prints the region order. Outputs are compared too.
 * Run: m4count bench.elf   (or targets/cortex-m4f-qemu/run-qemu.sh PLUGIN bench.elf)
 */
#include <stdio.h>
#include <string.h>

#include "mao_kernels.h"
#include "mao_target.h"
#include "ref_kernels.h"

#define BUF 100000
static int8_t g_in[BUF], g_filter[BUF], g_out_a[BUF], g_out_b[BUF];
static float g_fin[8192], g_ffilter[8192], g_fout_a[8192], g_fout_b[8192], g_fbias[1024];
static int32_t g_bias[1024], g_mult[1024], g_shift[1024];
/* Conv scratch (4 * (K / 4) + 6 words + K bytes, K = k_h * k_w * in_c). */
static uint32_t g_scratch[4 * 1024];
static uint32_t g_rng = 1u;
static int g_region, g_bad;

static uint32_t rnd(void) {
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 17;
    g_rng ^= g_rng << 5;
    return g_rng;
}
static void fill(void) {
    int32_t i;
    for (i = 0; i < BUF; ++i) {
        g_in[i] = (int8_t)rnd();
        g_filter[i] = (int8_t)rnd();
    }
    for (i = 0; i < 8192; ++i) {
        g_fin[i] = (float)(int32_t)(rnd() % 2001u - 1000) / 1000.0f;
        g_ffilter[i] = (float)(int32_t)(rnd() % 2001u - 1000) / 1000.0f;
    }
    for (i = 0; i < 1024; ++i) {
        g_bias[i] = (int32_t)(rnd() % 20001u) - 10000;
        g_mult[i] = (int32_t)(0x40000000u + (rnd() >> 2));
        g_shift[i] = -9;
        g_fbias[i] = 0.25f;
    }
}
static void label(const char *name, const char *impl) {
    printf("region %d: %s %s\n", g_region++, name, impl);
}
static void compare(const char *name, const void *a, const void *b, size_t n) {
    if (memcmp(a, b, n) != 0) {
        printf("MISMATCH %s\n", name);
        g_bad = 1;
    }
}

static void conv_s8(const char *name, int32_t ih, int32_t iw, int32_t ic, int32_t oc, int32_t kh,
                    int32_t kw, int32_t s, int same) {
    mao_conv_params p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = ih;
    p.in_w = iw;
    p.in_c = ic;
    p.out_c = oc;
    p.k_h = kh;
    p.k_w = kw;
    p.stride_h = p.stride_w = s;
    p.dil_h = p.dil_w = 1;
    p.out_h = same ? (ih + s - 1) / s : (ih - kh + s) / s;
    p.out_w = same ? (iw + s - 1) / s : (iw - kw + s) / s;
    if (same) {
        const int32_t th = (p.out_h - 1) * s + kh - ih, tw = (p.out_w - 1) * s + kw - iw;
        p.pad_h = th > 0 ? th / 2 : 0;
        p.pad_w = tw > 0 ? tw / 2 : 0;
    }
    p.depth_multiplier = 1;
    p.input_offset = 128;
    p.output_offset = -128;
    p.act_min = -128;
    p.act_max = 127;
    label(name, "portable");
    mao_region_begin();
    ref_conv2d_s8(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_b);
    mao_region_end();
    label(name, "cortex_m4");
    mao_region_begin();
    mao_conv2d_s8(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_a, g_scratch);
    mao_region_end();
    compare(name, g_out_a, g_out_b, (size_t)(p.out_h * p.out_w * oc));
}

static void dw_s8(const char *name, int32_t ih, int32_t iw, int32_t c, int32_t s, int32_t kh,
                  int32_t kw, int32_t dm) {
    mao_conv_params p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = ih;
    p.in_w = iw;
    p.in_c = c;
    p.out_c = c * dm;
    p.k_h = kh;
    p.k_w = kw;
    p.stride_h = p.stride_w = s;
    p.dil_h = p.dil_w = 1;
    p.out_h = (ih + s - 1) / s;
    p.out_w = (iw + s - 1) / s;
    p.pad_h = ((p.out_h - 1) * s + kh - ih) / 2;
    p.pad_w = ((p.out_w - 1) * s + kw - iw) / 2;
    p.depth_multiplier = dm;
    p.input_offset = 128;
    p.output_offset = -128;
    p.act_min = -128;
    p.act_max = 127;
    label(name, "portable");
    mao_region_begin();
    ref_depthwise_conv2d_s8(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_b);
    mao_region_end();
    label(name, "cortex_m4");
    mao_region_begin();
    mao_depthwise_conv2d_s8(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_a, g_scratch);
    mao_region_end();
    compare(name, g_out_a, g_out_b, (size_t)(p.out_h * p.out_w * p.out_c));
}

/* all: also the plain and per-channel variants (otherwise only the folded one, which the
 * compiler uses by default). */
static void fc_s8(const char *name, int32_t in_d, int32_t out_d, int all) {
    mao_fc_params p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.accum_depth = in_d;
    p.out_depth = out_d;
    p.input_offset = 128;
    p.output_offset = -128;
    p.out_mult = g_mult[0];
    p.out_shift = -9;
    p.act_min = -128;
    p.act_max = 127;
    if (all) {
        label(name, "portable");
        mao_region_begin();
        ref_fully_connected_s8(&p, g_in, g_filter, g_bias, g_out_b);
        mao_region_end();
        label(name, "cortex_m4");
        mao_region_begin();
        mao_fully_connected_s8(&p, g_in, g_filter, g_bias, g_out_a);
        mao_region_end();
        compare(name, g_out_a, g_out_b, (size_t)out_d);
        label("  per_channel", "portable");
        mao_region_begin();
        ref_fully_connected_s8_per_channel(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_b);
        mao_region_end();
        label("  per_channel", "cortex_m4");
        mao_region_begin();
        mao_fully_connected_s8_per_channel(&p, g_in, g_filter, g_bias, g_mult, g_shift, g_out_a);
        mao_region_end();
        compare("fc_s8_per_channel", g_out_a, g_out_b, (size_t)out_d);
    }
    label(name, "folded portable");
    mao_region_begin();
    ref_fully_connected_s8_folded(&p, g_in, g_filter, g_bias, g_out_b);
    mao_region_end();
    label(name, "folded cortex_m4");
    mao_region_begin();
    mao_fully_connected_s8_folded(&p, g_in, g_filter, g_bias, g_out_a);
    mao_region_end();
    compare(name, g_out_a, g_out_b, (size_t)out_d);
}

static void pools(void) {
    mao_pool_params p;
    memset(&p, 0, sizeof p);
    p.batches = 1;
    p.in_h = 25;
    p.in_w = 5;
    p.channels = 64;
    p.filter_h = 25;
    p.filter_w = 5;
    p.stride_h = p.stride_w = 1;
    p.out_h = p.out_w = 1;
    p.act_min = -128;
    p.act_max = 127;
    label("avgpool 25x5x64 global", "portable");
    mao_region_begin();
    ref_avg_pool_s8(&p, g_in, g_out_b);
    mao_region_end();
    label("avgpool 25x5x64 global", "cortex_m4");
    mao_region_begin();
    mao_avg_pool_s8(&p, g_in, g_out_a);
    mao_region_end();
    compare("avgpool", g_out_a, g_out_b, 64);
    p.in_h = p.in_w = 32;
    p.channels = 16;
    p.filter_h = p.filter_w = 2;
    p.stride_h = p.stride_w = 2;
    p.out_h = p.out_w = 16;
    label("maxpool 2x2 32x32x16", "portable");
    mao_region_begin();
    ref_max_pool_s8(&p, g_in, g_out_b);
    mao_region_end();
    label("maxpool 2x2 32x32x16", "cortex_m4");
    mao_region_begin();
    mao_max_pool_s8(&p, g_in, g_out_a);
    mao_region_end();
    compare("maxpool", g_out_a, g_out_b, 16 * 16 * 16);
}

static void floats(void) {
    mao_conv_params p;
    mao_fc_params f;
    memset(&p, 0, sizeof p);
    /* magic_wand conv 1: 128x3x1 -> 8, 4x3 SAME */
    p.batches = 1;
    p.in_h = 128;
    p.in_w = 3;
    p.in_c = 1;
    p.out_h = 128;
    p.out_w = 3;
    p.out_c = 8;
    p.k_h = 4;
    p.k_w = 3;
    p.stride_h = p.stride_w = p.dil_h = p.dil_w = 1;
    p.pad_h = 1;
    p.pad_w = 1;
    p.depth_multiplier = 1;
    p.f_act_min = 0.0f;
    p.f_act_max = 3.4e38f;
    label("f32 conv 128x3x1->8 k4x3", "portable");
    mao_region_begin();
    ref_conv2d_f32(&p, g_fin, g_ffilter, g_fbias, g_fout_b);
    mao_region_end();
    label("f32 conv 128x3x1->8 k4x3", "cortex_m4");
    mao_region_begin();
    mao_conv2d_f32(&p, g_fin, g_ffilter, g_fbias, g_fout_a);
    mao_region_end();
    compare("f32 conv1", g_fout_a, g_fout_b, 128 * 3 * 8 * sizeof(float));
    /* magic_wand conv 2: 42x1x8 -> 16, 4x1 SAME */
    p.in_h = p.out_h = 42;
    p.in_w = p.out_w = 1;
    p.in_c = 8;
    p.out_c = 16;
    p.k_w = 1;
    p.pad_w = 0;
    label("f32 conv 42x1x8->16 k4x1", "portable");
    mao_region_begin();
    ref_conv2d_f32(&p, g_fin, g_ffilter, g_fbias, g_fout_b);
    mao_region_end();
    label("f32 conv 42x1x8->16 k4x1", "cortex_m4");
    mao_region_begin();
    mao_conv2d_f32(&p, g_fin, g_ffilter, g_fbias, g_fout_a);
    mao_region_end();
    compare("f32 conv2", g_fout_a, g_fout_b, 42 * 16 * sizeof(float));
    /* depthwise 3x3 12x12x16 */
    p.in_h = p.in_w = p.out_h = p.out_w = 12;
    p.in_c = p.out_c = 16;
    p.k_h = p.k_w = 3;
    p.pad_h = p.pad_w = 1;
    label("f32 dw 3x3 12x12x16", "portable");
    mao_region_begin();
    ref_depthwise_conv2d_f32(&p, g_fin, g_ffilter, g_fbias, g_fout_b);
    mao_region_end();
    label("f32 dw 3x3 12x12x16", "cortex_m4");
    mao_region_begin();
    mao_depthwise_conv2d_f32(&p, g_fin, g_ffilter, g_fbias, g_fout_a);
    mao_region_end();
    compare("f32 dw", g_fout_a, g_fout_b, 12 * 12 * 16 * sizeof(float));
    memset(&f, 0, sizeof f);
    f.batches = 1;
    f.accum_depth = 224;
    f.out_depth = 16;
    f.f_act_min = 0.0f;
    f.f_act_max = 3.4e38f;
    label("f32 fc 224->16", "portable");
    mao_region_begin();
    ref_fully_connected_f32(&f, g_fin, g_ffilter, g_fbias, g_fout_b);
    mao_region_end();
    label("f32 fc 224->16", "cortex_m4");
    mao_region_begin();
    mao_fully_connected_f32(&f, g_fin, g_ffilter, g_fbias, g_fout_a);
    mao_region_end();
    compare("f32 fc", g_fout_a, g_fout_b, 16 * sizeof(float));
}

int main(void) {
    fill();
    conv_s8("conv 1x1 24x24x64->64", 24, 24, 64, 64, 1, 1, 1, 0);
    conv_s8("conv 1x1 25x5x64->64 (kws)", 25, 5, 64, 64, 1, 1, 1, 0);
    conv_s8("conv 10x4 s2 49x10x1->64 (kws first)", 49, 10, 1, 64, 10, 4, 2, 1);
    conv_s8("conv 3x3 s2 96x96x3->8 (vww first)", 96, 96, 3, 8, 3, 3, 2, 1);
    conv_s8("conv 3x3 8x8x64->64 (resnet)", 8, 8, 64, 64, 3, 3, 1, 1);
    dw_s8("dw 3x3 48x48x32", 48, 48, 32, 1, 3, 3, 1);
    dw_s8("dw 3x3 25x5x64 (kws)", 25, 5, 64, 1, 3, 3, 1);
    dw_s8("dw 3x3 s2 48x48x32 (vww)", 48, 48, 32, 2, 3, 3, 1);
    dw_s8("dw 3x3 6x6x256 (vww)", 6, 6, 256, 1, 3, 3, 1);
    dw_s8("dw 10x8 s2 49x40x1 m8 (micro_speech)", 49, 40, 1, 2, 10, 8, 8);
    fc_s8("fc 640->128 (ad01)", 640, 128, 1);
    fc_s8("fc 128->128 (ad01)", 128, 128, 0);
    fc_s8("fc 128->8 (ad01)", 128, 8, 0);
    fc_s8("fc 8->128 (ad01)", 8, 128, 0);
    fc_s8("fc 128->640 (ad01)", 128, 640, 0);
    fc_s8("fc 4000->4 (micro_speech)", 4000, 4, 1);
    fc_s8("fc 16->16 (hello_world)", 16, 16, 0);
    fc_s8("fc 16->1 (hello_world)", 16, 1, 0);
    fc_s8("fc 250->3 (odd sizes)", 250, 3, 0);
    fc_s8("fc 250->13 (odd sizes)", 250, 13, 0);
    pools();
    floats();
    printf(g_bad ? "outputs differ\n" : "outputs match\n");
    return g_bad;
}
