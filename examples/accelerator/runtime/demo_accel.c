/* demo_accel driver: see demo_accel.h. */
#include "demo_accel.h"

/* microaot's portable fixed-point helpers (copied into the output with this file); NAME.c
 * includes mao_kernels.h whenever runtime files are used, so ship it too. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#define D(word) desc[DEMO_ACCEL_##word]

/* Accumulator of one output value: taps outside the image contribute nothing. */
static int32_t window_sum(const int32_t *desc, const int8_t *in, const int8_t *filter_oc,
                          int32_t y0, int32_t x0) {
    int32_t acc = 0, ky, kx, c;
    for (ky = 0; ky < D(K_H); ++ky) {
        const int32_t iy = y0 + D(DIL_H) * ky;
        if (iy < 0 || iy >= D(IN_H)) continue;
        for (kx = 0; kx < D(K_W); ++kx) {
            const int32_t ix = x0 + D(DIL_W) * kx;
            const int8_t *px, *f;
            if (ix < 0 || ix >= D(IN_W)) continue;
            px = in + (iy * D(IN_W) + ix) * D(IN_C);
            f = filter_oc + (ky * D(K_W) + kx) * D(IN_C);
            for (c = 0; c < D(IN_C); ++c)
                acc += (int32_t)f[c] * ((int32_t)px[c] + D(INPUT_OFFSET));
        }
    }
    return acc;
}

void demo_accel_conv2d_s8(const int32_t *desc, const int8_t *in, const int8_t *filter,
                          const int32_t *bias, const int32_t *mult, const int32_t *shift,
                          int8_t *out) {
    const int32_t filter_size = D(K_H) * D(K_W) * D(IN_C);
    int32_t b, oy, ox, oc;
    for (b = 0; b < D(BATCHES); ++b) {
        const int8_t *in_b = in + b * D(IN_H) * D(IN_W) * D(IN_C);
        for (oy = 0; oy < D(OUT_H); ++oy) {
            for (ox = 0; ox < D(OUT_W); ++ox) {
                int8_t *o = out + ((b * D(OUT_H) + oy) * D(OUT_W) + ox) * D(OUT_C);
                for (oc = 0; oc < D(OUT_C); ++oc) {
                    int32_t acc =
                        window_sum(desc, in_b, filter + oc * filter_size,
                                   oy * D(STRIDE_H) - D(PAD_H), ox * D(STRIDE_W) - D(PAD_W));
                    if (bias != 0) acc += bias[oc];
                    acc = mao_multiply_by_quantized_multiplier(acc, mult[oc], shift[oc]);
                    o[oc] = (int8_t)mao_clamp_i32(acc + D(OUTPUT_OFFSET), D(ACT_MIN), D(ACT_MAX));
                }
            }
        }
    }
}
