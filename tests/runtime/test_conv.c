/* CONV_2D and DEPTHWISE_CONV_2D kernels against a reference that first materialises the padded
 * input (padding filled with the input zero point, i.e. real zero) and then runs a VALID
 * convolution with int64 accumulation and exact rounding. */
#include <float.h>
#include <string.h>

#include "kernel_test_util.h"
#include "mao_kernels.h"

enum { kMaxPadded = 4096, kMaxTensor = 2048 };

/* Padded image of one batch: rows/cols starting at -pad, enough to cover every window. */
typedef struct {
    int32_t h, w, c;
    int32_t data[kMaxPadded];
} padded_image;

static void pad_batch_s8(const mao_conv_params *p, const int8_t *in, int32_t b, int32_t zero_point,
                         padded_image *img) {
    int32_t y, x, c;
    img->h = (p->out_h - 1) * p->stride_h + (p->k_h - 1) * p->dil_h + 1;
    img->w = (p->out_w - 1) * p->stride_w + (p->k_w - 1) * p->dil_w + 1;
    img->c = p->in_c;
    for (y = 0; y < img->h; ++y) {
        for (x = 0; x < img->w; ++x) {
            const int32_t sy = y - p->pad_h, sx = x - p->pad_w;
            const int inside = sy >= 0 && sy < p->in_h && sx >= 0 && sx < p->in_w;
            for (c = 0; c < img->c; ++c) {
                img->data[(y * img->w + x) * img->c + c] =
                    inside ? in[((b * p->in_h + sy) * p->in_w + sx) * p->in_c + c] : zero_point;
            }
        }
    }
}

/* Real-domain accumulator sum w * (x - zp) of output (oy, ox, oc) over a padded image. */
static int64_t ref_acc_s8(const mao_conv_params *p, const padded_image *img, const int8_t *filter,
                          int32_t zero_point, int32_t oy, int32_t ox, int32_t oc, int depthwise) {
    int64_t acc = 0;
    int32_t ky, kx, ic;
    for (ky = 0; ky < p->k_h; ++ky) {
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t y = oy * p->stride_h + ky * p->dil_h;
            const int32_t x = ox * p->stride_w + kx * p->dil_w;
            const int32_t *px = &img->data[(y * img->w + x) * img->c];
            if (depthwise) {
                ic = oc / p->depth_multiplier;
                acc += (int64_t)filter[(ky * p->k_w + kx) * p->out_c + oc] * (px[ic] - zero_point);
            } else {
                for (ic = 0; ic < p->in_c; ++ic) {
                    acc += (int64_t)filter[((oc * p->k_h + ky) * p->k_w + kx) * p->in_c + ic] *
                           (px[ic] - zero_point);
                }
            }
        }
    }
    return acc;
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
    /* SAME: out_h = ceil(5/2) = 3, total pad (3-1)*2+3-5 = 2 -> top 1;
     * out_w = 6, effective width 5, total pad 5+5-6 = 4 -> left 2. */
    p.out_h = 3;
    p.out_w = 6;
    p.pad_h = 1;
    p.pad_w = 2;
    p.depth_multiplier = depthwise ? 2 : 1;
    p.out_c = depthwise ? p.in_c * 2 : 4;
    return p;
}

static int run_conv_s8_case(int depthwise, int identity_scale, uint64_t seed) {
    test_rng rng;
    mao_conv_params p = conv_geometry(depthwise);
    int8_t in[kMaxTensor], filter[kMaxTensor], out[kMaxTensor];
    int32_t bias[16], mult[16], shift[16];
    padded_image img;
    const int32_t input_zp = -7, output_zp = 11;
    const int32_t filter_size =
        depthwise ? p.k_h * p.k_w * p.out_c : p.out_c * p.k_h * p.k_w * p.in_c;
    const int32_t in_size = p.batches * p.in_h * p.in_w * p.in_c;
    int32_t i, b, oy, ox, oc, failures = 0;
    rng.state = seed;
    for (i = 0; i < in_size; ++i)
        in[i] = (int8_t)rng_int(&rng, -128, 127);
    for (i = 0; i < filter_size; ++i)
        filter[i] = (int8_t)rng_int(&rng, -127, 127);
    for (i = 0; i < p.out_c; ++i) {
        bias[i] = rng_int(&rng, -20000, 20000);
        if (identity_scale) {
            mult[i] = 1 << 30; /* real scale 1.0 */
            shift[i] = 1;
        } else {
            mult[i] = rng_int(&rng, 1 << 30, INT32_MAX);
            shift[i] = rng_int(&rng, -14, -10); /* right shifts >= 10: one rounding dominates */
        }
    }
    p.input_offset = -input_zp;
    p.output_offset = output_zp;
    p.act_min = identity_scale ? -128 : output_zp; /* RELU folded in */
    p.act_max = identity_scale ? 127 : 100;
    if (depthwise) {
        mao_depthwise_conv2d_s8(&p, in, filter, bias, mult, shift, out, 0);
    } else {
        mao_conv2d_s8(&p, in, filter, bias, mult, shift, out, 0);
    }
    for (b = 0; b < p.batches; ++b) {
        pad_batch_s8(&p, in, b, input_zp, &img);
        for (oy = 0; oy < p.out_h; ++oy) {
            for (ox = 0; ox < p.out_w; ++ox) {
                for (oc = 0; oc < p.out_c; ++oc) {
                    const int32_t idx = ((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc;
                    const int64_t acc =
                        ref_acc_s8(&p, &img, filter, input_zp, oy, ox, oc, depthwise) + bias[oc];
                    const exact_rounding e = exact_requantize(acc, mult[oc], shift[oc]);
                    failures += check_requantized(depthwise ? "dwconv_s8" : "conv_s8", idx,
                                                  out[idx], e, output_zp, p.act_min, p.act_max);
                }
            }
        }
    }
    return failures;
}

/* Float: small integer values make every sum exact, so results must match exactly. */
static int run_conv_f32_case(int depthwise, int relu6, uint64_t seed) {
    test_rng rng;
    mao_conv_params p = conv_geometry(depthwise);
    float in[kMaxTensor], filter[kMaxTensor], bias[16], out[kMaxTensor];
    int8_t in_q[kMaxTensor], filter_q[kMaxTensor];
    padded_image img;
    const int32_t filter_size =
        depthwise ? p.k_h * p.k_w * p.out_c : p.out_c * p.k_h * p.k_w * p.in_c;
    const int32_t in_size = p.batches * p.in_h * p.in_w * p.in_c;
    int32_t i, b, oy, ox, oc, failures = 0;
    rng.state = seed;
    for (i = 0; i < in_size; ++i) {
        in_q[i] = (int8_t)rng_int(&rng, -9, 9);
        in[i] = (float)in_q[i];
    }
    for (i = 0; i < filter_size; ++i) {
        filter_q[i] = (int8_t)rng_int(&rng, -5, 5);
        filter[i] = (float)filter_q[i];
    }
    for (i = 0; i < p.out_c; ++i)
        bias[i] = (float)rng_int(&rng, -30, 30);
    p.f_act_min = relu6 ? 0.0f : -FLT_MAX;
    p.f_act_max = relu6 ? 6.0f : FLT_MAX;
    if (depthwise) {
        mao_depthwise_conv2d_f32(&p, in, filter, bias, out);
    } else {
        mao_conv2d_f32(&p, in, filter, bias, out);
    }
    for (b = 0; b < p.batches; ++b) {
        pad_batch_s8(&p, in_q, b, 0, &img);
        for (oy = 0; oy < p.out_h; ++oy) {
            for (ox = 0; ox < p.out_w; ++ox) {
                for (oc = 0; oc < p.out_c; ++oc) {
                    const int32_t idx = ((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc;
                    const int64_t acc = ref_acc_s8(&p, &img, filter_q, 0, oy, ox, oc, depthwise) +
                                        (int64_t)bias[oc];
                    const double expected =
                        relu6 ? (acc < 0 ? 0.0 : (acc > 6 ? 6.0 : (double)acc)) : (double)acc;
                    failures += check_close(depthwise ? "dwconv_f32" : "conv_f32", idx, out[idx],
                                            expected, 0.0);
                }
            }
        }
    }
    return failures;
}

/* NULL bias must behave as a zero bias. */
static int run_conv_s8_null_bias(void) {
    mao_conv_params p = conv_geometry(0);
    int8_t in[kMaxTensor], filter[kMaxTensor], out_null[kMaxTensor], out_zero[kMaxTensor];
    int32_t zero_bias[16] = {0}, mult[16], shift[16];
    test_rng rng;
    int32_t i, failures = 0;
    const int32_t out_size = p.batches * p.out_h * p.out_w * p.out_c;
    rng.state = 99;
    for (i = 0; i < kMaxTensor; ++i) {
        in[i] = (int8_t)rng_int(&rng, -128, 127);
        filter[i] = (int8_t)rng_int(&rng, -127, 127);
    }
    for (i = 0; i < 16; ++i) {
        mult[i] = 1 << 30;
        shift[i] = -8;
    }
    p.act_min = -128;
    p.act_max = 127;
    mao_conv2d_s8(&p, in, filter, 0, mult, shift, out_null, 0);
    mao_conv2d_s8(&p, in, filter, zero_bias, mult, shift, out_zero, 0);
    for (i = 0; i < out_size; ++i)
        failures += check_int("conv_null_bias", i, out_null[i], out_zero[i]);
    return failures;
}

int test_conv(void) {
    int failures = run_conv_s8_case(0, 1, 1);
    failures += run_conv_s8_case(0, 0, 2);
    failures += run_conv_s8_case(1, 1, 3);
    failures += run_conv_s8_case(1, 0, 4);
    failures += run_conv_f32_case(0, 0, 5);
    failures += run_conv_f32_case(0, 1, 6);
    failures += run_conv_f32_case(1, 0, 7);
    failures += run_conv_f32_case(1, 1, 8);
    failures += run_conv_s8_null_bias();
    return failures;
}
