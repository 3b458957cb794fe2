/* int16 CONV_2D with int8 weights ("16x8"), per-channel requantization; mirrors TFLM reference
 * ConvPerChannel for int16 input: no input or output offset (TFLM's 16x8 kernel reads none, the
 * compiler requires zero points 0), an int64 accumulator with an int64 bias, or an int32 one with
 * an int32 bias, and the matching MultiplyByQuantizedMultiplier. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Sum over the filter window of filter * input for one output pixel/channel; taps outside the
 * image contribute nothing. The compiler proves the sum fits the kernel's accumulator. */
static int64_t conv_window_sum_s16(const mao_conv_params *p, const int16_t *in_batch,
                                   const int8_t *filter_oc, int32_t in_y_origin,
                                   int32_t in_x_origin) {
    int64_t acc = 0;
    int32_t ky;
    for (ky = 0; ky < p->k_h; ++ky) {
        const int32_t in_y = in_y_origin + p->dil_h * ky;
        int32_t kx;
        if (in_y < 0 || in_y >= p->in_h) continue;
        for (kx = 0; kx < p->k_w; ++kx) {
            const int32_t in_x = in_x_origin + p->dil_w * kx;
            const int16_t *in_px;
            const int8_t *f_px;
            int32_t ic;
            if (in_x < 0 || in_x >= p->in_w) continue;
            in_px = in_batch + (in_y * p->in_w + in_x) * p->in_c;
            f_px = filter_oc + (ky * p->k_w + kx) * p->in_c;
            for (ic = 0; ic < p->in_c; ++ic) {
                acc += (int32_t)f_px[ic] * (int32_t)in_px[ic];
            }
        }
    }
    return acc;
}

/* One output value from its window sum: bias, requantization and clamp. */
typedef int32_t (*conv_requantize_s16)(int64_t window_sum, const void *bias, int32_t oc,
                                       int32_t mult, int32_t shift);

static int32_t requantize_bias64(int64_t window_sum, const void *bias, int32_t oc, int32_t mult,
                                 int32_t shift) {
    int64_t acc = window_sum;
    if (bias != 0) acc += ((const int64_t *)bias)[oc];
    return mao_multiply_by_quantized_multiplier_i64(acc, mult, shift);
}

static int32_t requantize_bias32(int64_t window_sum, const void *bias, int32_t oc, int32_t mult,
                                 int32_t shift) {
    int32_t acc = (int32_t)window_sum;
    if (bias != 0) acc += ((const int32_t *)bias)[oc];
    return mao_multiply_by_quantized_multiplier(acc, mult, shift);
}

static void conv2d_s16(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                       const void *bias, const int32_t *out_mult, const int32_t *out_shift,
                       int16_t *out, conv_requantize_s16 requantize) {
    const int32_t filter_oc_size = p->k_h * p->k_w * p->in_c;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int16_t *in_batch = in + b * p->in_h * p->in_w * p->in_c;
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            const int32_t in_y_origin = oy * p->stride_h - p->pad_h;
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const int32_t in_x_origin = ox * p->stride_w - p->pad_w;
                int16_t *out_px = out + ((b * p->out_h + oy) * p->out_w + ox) * p->out_c;
                int32_t oc;
                for (oc = 0; oc < p->out_c; ++oc) {
                    const int64_t sum = conv_window_sum_s16(
                        p, in_batch, filter + oc * filter_oc_size, in_y_origin, in_x_origin);
                    const int32_t scaled = requantize(sum, bias, oc, out_mult[oc], out_shift[oc]);
                    out_px[oc] = (int16_t)mao_clamp_i32(scaled, p->act_min, p->act_max);
                }
            }
        }
    }
}

void mao_conv2d_s16(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                    const int64_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                    int16_t *out, void *scratch) {
    (void)scratch;
    conv2d_s16(p, in, filter, bias, out_mult, out_shift, out, requantize_bias64);
}

void mao_conv2d_s16_bias32(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                           const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                           int16_t *out, void *scratch) {
    (void)scratch;
    conv2d_s16(p, in, filter, bias, out_mult, out_shift, out, requantize_bias32);
}
