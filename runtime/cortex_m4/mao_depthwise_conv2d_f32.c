/* float32 DEPTHWISE_CONV_2D, Cortex-M4F version of the portable kernel (same API; same
 * operations in the same order, so bit-identical). Compile with -ffp-contract=off. */
#include "mao_cm4_float.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/*
 * Strategy: four output channels of one pixel at a time (depth_multiplier 1), each accumulator
 * summing in the reference order (ky, kx over the in-image taps, then the bias); VMLA for the
 * multiply-accumulate. Other depth multipliers and the tail: one channel at a time.
 * Stack (arm-none-eabi-gcc 12 -O2, -fstack-usage): 224 bytes.
 */
void mao_depthwise_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                              const float *bias, float *out) {
    const int32_t in_c = p->in_c, out_c = p->out_c, dm = p->depth_multiplier;
    const int32_t c4 = dm == 1 ? (in_c & ~3) : 0;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const float *in_b = in + b * p->in_h * p->in_w * in_c;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            const int32_t ky0 = cm4_first_valid(iy0, p->dil_h);
            const int32_t ky1 = cm4_end_valid(iy0, p->dil_h, p->in_h, p->k_h);
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                const int32_t kx0 = cm4_first_valid(ix0, p->dil_w);
                const int32_t kx1 = cm4_end_valid(ix0, p->dil_w, p->in_w, p->k_w);
                float *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * out_c;
                int32_t c;
                for (c = 0; c < c4; c += 4) {
                    float t0 = 0.0f, t1 = 0.0f, t2 = 0.0f, t3 = 0.0f;
                    int32_t ky;
                    for (ky = ky0; ky < ky1; ++ky) {
                        const float *x =
                            in_b + ((iy0 + ky * p->dil_h) * p->in_w + ix0 + kx0 * p->dil_w) * in_c +
                            c;
                        const float *w = filter + (ky * p->k_w + kx0) * out_c + c;
                        int32_t kx;
                        for (kx = kx0; kx < kx1; ++kx) {
                            t0 = cm4_fmac(t0, x[0], w[0]);
                            t1 = cm4_fmac(t1, x[1], w[1]);
                            t2 = cm4_fmac(t2, x[2], w[2]);
                            t3 = cm4_fmac(t3, x[3], w[3]);
                            x += p->dil_w * in_c;
                            w += out_c;
                        }
                    }
                    t0 += bias != 0 ? bias[c] : 0.0f;
                    t1 += bias != 0 ? bias[c + 1] : 0.0f;
                    t2 += bias != 0 ? bias[c + 2] : 0.0f;
                    t3 += bias != 0 ? bias[c + 3] : 0.0f;
                    out_px[c] = mao_clamp_f32(t0, p->f_act_min, p->f_act_max);
                    out_px[c + 1] = mao_clamp_f32(t1, p->f_act_min, p->f_act_max);
                    out_px[c + 2] = mao_clamp_f32(t2, p->f_act_min, p->f_act_max);
                    out_px[c + 3] = mao_clamp_f32(t3, p->f_act_min, p->f_act_max);
                }
                for (; c < in_c; ++c) {
                    int32_t m;
                    for (m = 0; m < dm; ++m) {
                        const int32_t oc = c * dm + m;
                        float t = 0.0f;
                        int32_t ky;
                        for (ky = ky0; ky < ky1; ++ky) {
                            const int32_t iy = iy0 + ky * p->dil_h;
                            int32_t kx;
                            for (kx = kx0; kx < kx1; ++kx) {
                                t = cm4_fmac(t,
                                             in_b[(iy * p->in_w + ix0 + kx * p->dil_w) * in_c + c],
                                             filter[(ky * p->k_w + kx) * out_c + oc]);
                            }
                        }
                        t += bias != 0 ? bias[oc] : 0.0f;
                        out_px[oc] = mao_clamp_f32(t, p->f_act_min, p->f_act_max);
                    }
                }
            }
        }
    }
}
