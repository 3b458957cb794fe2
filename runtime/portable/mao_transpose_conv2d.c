/* TRANSPOSE_CONV, int8 (per-channel requantization) and float32. TFLM's reference kernels
 * scatter every input pixel into the outputs it reaches; these gather instead: per output, the
 * input pixels whose filter tap lands on it, in (iy, ix, ic) order, which is the order the
 * scatter adds them in. So the float sums are bit-identical, and the int8 kernel needs no int32
 * scratch of the output's size. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Inputs i along one axis whose tap k = o + pad - i * stride lies in [0, kernel): i in
 * [*first, *last] (empty when *first > *last). o + pad >= 0 always. */
static void transpose_conv_taps(int32_t o, int32_t pad, int32_t stride, int32_t kernel,
                                int32_t in_size, int32_t *first, int32_t *last) {
    const int32_t reach = o + pad;
    const int32_t low = reach - kernel + 1;
    *first = low <= 0 ? 0 : (low + stride - 1) / stride;
    *last = mao_min_i32(reach / stride, in_size - 1);
}

static int32_t transpose_conv_sum_s8(const mao_conv_params *p, const int8_t *in_batch,
                                     const int8_t *filter_oc, int32_t oy, int32_t ox) {
    int32_t y0, y1, x0, x1, iy;
    int32_t acc = 0;
    transpose_conv_taps(oy, p->pad_h, p->stride_h, p->k_h, p->in_h, &y0, &y1);
    transpose_conv_taps(ox, p->pad_w, p->stride_w, p->k_w, p->in_w, &x0, &x1);
    for (iy = y0; iy <= y1; ++iy) {
        const int32_t ky = oy + p->pad_h - iy * p->stride_h;
        int32_t ix;
        for (ix = x0; ix <= x1; ++ix) {
            const int32_t kx = ox + p->pad_w - ix * p->stride_w;
            const int8_t *in_px = in_batch + (iy * p->in_w + ix) * p->in_c;
            const int8_t *f_px = filter_oc + (ky * p->k_w + kx) * p->in_c;
            int32_t ic;
            for (ic = 0; ic < p->in_c; ++ic)
                acc += ((int32_t)in_px[ic] + p->input_offset) * (int32_t)f_px[ic];
        }
    }
    return acc;
}

void mao_transpose_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                             const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int8_t *out, void *scratch) {
    const int32_t filter_oc_size = p->k_h * p->k_w * p->in_c;
    int32_t b;
    (void)scratch;
    for (b = 0; b < p->batches; ++b) {
        const int8_t *in_batch = in + b * p->in_h * p->in_w * p->in_c;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                int8_t *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t oc;
                for (oc = 0; oc < p->out_c; ++oc) {
                    int32_t acc =
                        transpose_conv_sum_s8(p, in_batch, filter + oc * filter_oc_size, oy, ox);
                    if (bias != 0) acc += bias[oc];
                    acc = mao_multiply_by_quantized_multiplier(acc, out_mult[oc], out_shift[oc]);
                    acc += p->output_offset;
                    out_px[oc] = (int8_t)mao_clamp_i32(acc, p->act_min, p->act_max);
                }
            }
        }
    }
}

static float transpose_conv_sum_f32(const mao_conv_params *p, const float *in_batch,
                                    const float *filter_oc, int32_t oy, int32_t ox) {
    int32_t y0, y1, x0, x1, iy;
    float total = 0.0f;
    transpose_conv_taps(oy, p->pad_h, p->stride_h, p->k_h, p->in_h, &y0, &y1);
    transpose_conv_taps(ox, p->pad_w, p->stride_w, p->k_w, p->in_w, &x0, &x1);
    for (iy = y0; iy <= y1; ++iy) {
        const int32_t ky = oy + p->pad_h - iy * p->stride_h;
        int32_t ix;
        for (ix = x0; ix <= x1; ++ix) {
            const int32_t kx = ox + p->pad_w - ix * p->stride_w;
            const float *in_px = in_batch + (iy * p->in_w + ix) * p->in_c;
            const float *f_px = filter_oc + (ky * p->k_w + kx) * p->in_c;
            int32_t ic;
            for (ic = 0; ic < p->in_c; ++ic) {
                /* Separate statement: keeps compilers from fusing into an FMA. */
                const float product = in_px[ic] * f_px[ic];
                total += product;
            }
        }
    }
    return total;
}

void mao_transpose_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                              const float *bias, float *out) {
    const int32_t filter_oc_size = p->k_h * p->k_w * p->in_c;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const float *in_batch = in + b * p->in_h * p->in_w * p->in_c;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                float *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t oc;
                for (oc = 0; oc < p->out_c; ++oc) {
                    const float total =
                        transpose_conv_sum_f32(p, in_batch, filter + oc * filter_oc_size, oy, ox);
                    const float bias_value = bias != 0 ? bias[oc] : 0.0f;
                    out_px[oc] = mao_clamp_f32(total + bias_value, p->f_act_min, p->f_act_max);
                }
            }
        }
    }
}
