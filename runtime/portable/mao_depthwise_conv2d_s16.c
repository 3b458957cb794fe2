/* int16 DEPTHWISE_CONV_2D with int8 weights ("16x8"), per-channel requantization; mirrors TFLM
 * reference DepthwiseConvPerChannel for int16 input: no input or output offset (the compiler
 * requires zero points 0), an int64 accumulator and bias (TFLM's only 16x8 depthwise form), the
 * int64 MultiplyByQuantizedMultiplier. Output channel oc = ic * depth_multiplier + m. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Sum over the filter window for one output pixel and output channel oc (input channel ic). */
static int64_t depthwise_window_sum_s16(const mao_conv_params *p, const int16_t *in_batch,
                                        const int8_t *filter, int32_t ic, int32_t oc,
                                        int32_t in_y_origin, int32_t in_x_origin) {
    int64_t acc = 0;
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
            acc += f_val * in_val;
        }
    }
    return acc;
}

void mao_depthwise_conv2d_s16(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                              const int64_t *bias, const int32_t *out_mult,
                              const int32_t *out_shift, int16_t *out, void *scratch) {
    int32_t b;
    (void)scratch;
    for (b = 0; b < p->batches; ++b) {
        const int16_t *in_batch = in + b * p->in_h * p->in_w * p->in_c;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t in_y_origin = oy * p->stride_h - p->pad_h;
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const int32_t in_x_origin = ox * p->stride_w - p->pad_w;
                int16_t *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t ic;
                for (ic = 0; ic < p->in_c; ++ic) {
                    int32_t m;
                    for (m = 0; m < p->depth_multiplier; ++m) {
                        const int32_t oc = ic * p->depth_multiplier + m;
                        int64_t acc = depthwise_window_sum_s16(p, in_batch, filter, ic, oc,
                                                               in_y_origin, in_x_origin);
                        int32_t scaled;
                        if (bias != 0) acc += bias[oc];
                        scaled = mao_multiply_by_quantized_multiplier_i64(acc, out_mult[oc],
                                                                          out_shift[oc]);
                        out_px[oc] = (int16_t)mao_clamp_i32(scaled, p->act_min, p->act_max);
                    }
                }
            }
        }
    }
}
