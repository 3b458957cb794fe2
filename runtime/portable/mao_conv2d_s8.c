/* int8 CONV_2D with per-channel requantization; mirrors TFLM reference ConvPerChannel. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Sum over the filter window of filter * (input + input_offset) for one output pixel/channel;
 * taps outside the image contribute nothing (zero padding in the real domain). */
static int32_t conv_window_sum_s8(const mao_conv_params *p, const int8_t *in_batch,
                                  const int8_t *filter_oc, int32_t in_y_origin,
                                  int32_t in_x_origin) {
    int32_t acc = 0;
    int32_t ky;
    for (ky = 0; ky < p->k_h; ++ky) {
        const int32_t in_y = in_y_origin + p->dil_h * ky;
        int32_t kx;
        if (in_y < 0 || in_y >= p->in_h) continue;
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t in_x = in_x_origin + p->dil_w * kx;
            const int8_t *in_px;
            const int8_t *f_px;
            int32_t ic;
            if (in_x < 0 || in_x >= p->in_w) continue;
            in_px = in_batch + (in_y * p->in_w + in_x) * p->in_c;
            f_px = filter_oc + (ky * p->k_w + kx) * p->in_c;
            for (ic = 0; ic < p->in_c; ++ic) {
                acc += (int32_t)f_px[ic] * ((int32_t)in_px[ic] + p->input_offset);
            }
        }
    }
    return acc;
}

void mao_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                   const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                   int8_t *out, void *scratch) {
    const int32_t filter_oc_size = p->k_h * p->k_w * p->in_c;
    (void)scratch;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int8_t *in_batch = in + b * p->in_h * p->in_w * p->in_c;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t in_y_origin = oy * p->stride_h - p->pad_h;
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const int32_t in_x_origin = ox * p->stride_w - p->pad_w;
                int8_t *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t oc;
                for (oc = 0; oc < p->out_c; ++oc) {
                    int32_t acc = conv_window_sum_s8(p, in_batch, filter + oc * filter_oc_size,
                                                     in_y_origin, in_x_origin);
                    if (bias != 0) acc += bias[oc];
                    acc = mao_multiply_by_quantized_multiplier(acc, out_mult[oc], out_shift[oc]);
                    acc += p->output_offset;
                    out_px[oc] = (int8_t)mao_clamp_i32(acc, p->act_min, p->act_max);
                }
            }
        }
    }
}
