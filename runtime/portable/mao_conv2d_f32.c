/* float32 CONV_2D; same summation order as the TFLite reference Conv (ky, kx, ic), bias added
 * after the sum, then the clamp. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static float conv_window_sum_f32(const mao_conv_params *p, const float *in_batch,
                                 const float *filter_oc, int32_t in_y_origin, int32_t in_x_origin) {
    float total = 0.0f;
    int32_t ky;
    for (ky = 0; ky < p->k_h; ++ky) {
        const int32_t in_y = in_y_origin + p->dil_h * ky;
        int32_t kx;
        if (in_y < 0 || in_y >= p->in_h) continue;
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t in_x = in_x_origin + p->dil_w * kx;
            const float *in_px;
            const float *f_px;
            int32_t ic;
            if (in_x < 0 || in_x >= p->in_w) continue;
            in_px = in_batch + (in_y * p->in_w + in_x) * p->in_c;
            f_px = filter_oc + (ky * p->k_w + kx) * p->in_c;
            for (ic = 0; ic < p->in_c; ++ic) {
                /* Separate statement: keeps compilers from fusing into an FMA. */
                const float product = in_px[ic] * f_px[ic];
                total += product;
            }
        }
    }
    return total;
}

void mao_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                    const float *bias, float *out) {
    const int32_t filter_oc_size = p->k_h * p->k_w * p->in_c;
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
                int32_t oc;
                for (oc = 0; oc < p->out_c; ++oc) {
                    const float total = conv_window_sum_f32(
                        p, in_batch, filter + oc * filter_oc_size, in_y_origin, in_x_origin);
                    const float bias_value = bias != 0 ? bias[oc] : 0.0f;
                    out_px[oc] = mao_clamp_f32(total + bias_value, p->f_act_min, p->f_act_max);
                }
            }
        }
    }
}
