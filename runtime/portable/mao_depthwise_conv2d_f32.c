/* float32 DEPTHWISE_CONV_2D; same order as the TFLite reference DepthwiseConv (ky, kx), bias
 * added after the sum, then the clamp. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static float depthwise_window_sum_f32(const mao_conv_params *p, const float *in_batch,
                                      const float *filter, int32_t ic, int32_t oc,
                                      int32_t in_y_origin, int32_t in_x_origin) {
    float total = 0.0f;
    int32_t ky;
    for (ky = 0; ky < p->k_h; ++ky) {
        const int32_t in_y = in_y_origin + p->dil_h * ky;
        int32_t kx;
        if (in_y < 0 || in_y >= p->in_h) continue;
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t in_x = in_x_origin + p->dil_w * kx;
            float product;
            if (in_x < 0 || in_x >= p->in_w) continue;
            product = in_batch[(in_y * p->in_w + in_x) * p->in_c + ic] *
                      filter[(ky * p->k_w + kx) * p->out_c + oc];
            total += product;
        }
    }
    return total;
}

void mao_depthwise_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                              const float *bias, float *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const float *in_batch = in + b * p->in_h * p->in_w * p->in_c;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t in_y_origin = oy * p->stride_h - p->pad_h;
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const int32_t in_x_origin = ox * p->stride_w - p->pad_w;
                float *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t ic;
                for (ic = 0; ic < p->in_c; ++ic) {
                    int32_t m;
                    for (m = 0; m < p->depth_multiplier; ++m) {
                        const int32_t oc = ic * p->depth_multiplier + m;
                        const float total = depthwise_window_sum_f32(p, in_batch, filter, ic, oc,
                                                                     in_y_origin, in_x_origin);
                        const float bias_value = bias != 0 ? bias[oc] : 0.0f;
                        out_px[oc] = mao_clamp_f32(total + bias_value, p->f_act_min, p->f_act_max);
                    }
                }
            }
        }
    }
}
