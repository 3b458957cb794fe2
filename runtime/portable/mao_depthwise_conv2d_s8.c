/* int8 DEPTHWISE_CONV_2D with per-channel requantization; mirrors TFLM reference
 * DepthwiseConvPerChannel. Output channel oc = ic * depth_multiplier + m. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Sum over the filter window for one output pixel and output channel oc (input channel ic). */
static int32_t depthwise_window_sum_s8(const mao_conv_params *p, const int8_t *in_batch,
                                       const int8_t *filter, int32_t ic, int32_t oc,
                                       int32_t in_y_origin, int32_t in_x_origin) {
    int32_t acc = 0;
    int32_t ky;
    for (ky = 0; ky < p->k_h; ++ky) {
        const int32_t in_y = in_y_origin + p->dil_h * ky;
        int32_t kx;
        if (in_y < 0 || in_y >= p->in_h) continue;
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t in_x = in_x_origin + p->dil_w * kx;
            int32_t in_val;
            int32_t f_val;
            if (in_x < 0 || in_x >= p->in_w) continue;
            in_val = in_batch[(in_y * p->in_w + in_x) * p->in_c + ic];
            f_val = filter[(ky * p->k_w + kx) * p->out_c + oc];
            acc += f_val * (in_val + p->input_offset);
        }
    }
    return acc;
}

void mao_depthwise_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                             const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int8_t *out, void *scratch) {
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
                int32_t ic;
                for (ic = 0; ic < p->in_c; ++ic) {
                    int32_t m;
                    for (m = 0; m < p->depth_multiplier; ++m) {
                        const int32_t oc = ic * p->depth_multiplier + m;
                        int32_t acc = depthwise_window_sum_s8(p, in_batch, filter, ic, oc,
                                                              in_y_origin, in_x_origin);
                        if (bias != 0) acc += bias[oc];
                        acc =
                            mao_multiply_by_quantized_multiplier(acc, out_mult[oc], out_shift[oc]);
                        acc += p->output_offset;
                        out_px[oc] = (int8_t)mao_clamp_i32(acc, p->act_min, p->act_max);
                    }
                }
            }
        }
    }
}
