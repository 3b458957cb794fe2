/* float32 CONV_2D, Cortex-M4F version of runtime/portable/mao_conv2d_f32.c (same API; same
 * operations in the same order, so bit-identical). Compile with -ffp-contract=off. */
#include "mao_cm4_float.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/*
 * Strategy: four output channels of one pixel at a time, each with its own accumulator that
 * adds the products in exactly the reference order (ky, kx, ic over the in-image taps, then the
 * bias), so results are bit-identical; each input value is loaded once for the four channels
 * and the multiply-accumulate is one VMLA. Stack (gcc 12 -O2): 272 bytes.
 */
void mao_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                    const float *bias, float *out) {
    const int32_t K = p->k_h * p->k_w * p->in_c;
    const int32_t in_c = p->in_c;
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
                float *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t oc = 0;
                for (; oc + 4 <= p->out_c; oc += 4) {
                    float t0 = 0.0f, t1 = 0.0f, t2 = 0.0f, t3 = 0.0f;
                    int32_t ky;
                    for (ky = ky0; ky < ky1; ++ky) {
                        const int32_t iy = iy0 + ky * p->dil_h;
                        int32_t kx;
                        for (kx = kx0; kx < kx1; ++kx) {
                            const float *x = in_b + (iy * p->in_w + ix0 + kx * p->dil_w) * in_c;
                            const float *w0 = filter + oc * K + (ky * p->k_w + kx) * in_c;
                            const float *w1 = w0 + K;
                            const float *w2 = w1 + K;
                            const float *w3 = w2 + K;
                            int32_t ic;
                            for (ic = 0; ic < in_c; ++ic) {
                                const float xv = x[ic];
                                t0 = cm4_fmac(t0, xv, w0[ic]);
                                t1 = cm4_fmac(t1, xv, w1[ic]);
                                t2 = cm4_fmac(t2, xv, w2[ic]);
                                t3 = cm4_fmac(t3, xv, w3[ic]);
                            }
                        }
                    }
                    t0 += bias != 0 ? bias[oc] : 0.0f;
                    t1 += bias != 0 ? bias[oc + 1] : 0.0f;
                    t2 += bias != 0 ? bias[oc + 2] : 0.0f;
                    t3 += bias != 0 ? bias[oc + 3] : 0.0f;
                    out_px[oc] = mao_clamp_f32(t0, p->f_act_min, p->f_act_max);
                    out_px[oc + 1] = mao_clamp_f32(t1, p->f_act_min, p->f_act_max);
                    out_px[oc + 2] = mao_clamp_f32(t2, p->f_act_min, p->f_act_max);
                    out_px[oc + 3] = mao_clamp_f32(t3, p->f_act_min, p->f_act_max);
                }
                for (; oc < p->out_c; ++oc) {
                    float t = 0.0f;
                    int32_t ky;
                    for (ky = ky0; ky < ky1; ++ky) {
                        const int32_t iy = iy0 + ky * p->dil_h;
                        int32_t kx;
                        for (kx = kx0; kx < kx1; ++kx) {
                            const float *x = in_b + (iy * p->in_w + ix0 + kx * p->dil_w) * in_c;
                            const float *w0 = filter + oc * K + (ky * p->k_w + kx) * in_c;
                            int32_t ic;
                            for (ic = 0; ic < in_c; ++ic)
                                t = cm4_fmac(t, x[ic], w0[ic]);
                        }
                    }
                    t += bias != 0 ? bias[oc] : 0.0f;
                    out_px[oc] = mao_clamp_f32(t, p->f_act_min, p->f_act_max);
                }
            }
        }
    }
}
