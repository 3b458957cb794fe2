/* int8 MAX_POOL_2D, Cortex-M4 DSP version of runtime/portable/mao_max_pool_s8.c (same API,
 * bit-exact). */
#include <string.h>

#include "mao_cm4_simd.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#include "mao_pool_window.h"

/*
 * Strategy: four channels per word; the running maximum of four int8 lanes is SSUB8 + SEL (the
 * GE flags pick the larger lane), the activation clamp likewise. Channel % 4 tail scalar.
 * Stack (arm-none-eabi-gcc 12 -O2, -fstack-usage): 120 bytes.
 */
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
static inline uint32_t cm4_max_s8x4(uint32_t a, uint32_t b) {
    (void)__ssub8(a, b);
    return __sel(a, b);
}
#else
static inline uint32_t cm4_max_s8x4(uint32_t a, uint32_t b) {
    uint32_t r = 0;
    int32_t i;
    for (i = 0; i < 4; ++i) {
        const int32_t x = cm4_byte(a, i), y = cm4_byte(b, i);
        r |= ((uint32_t)(x >= y ? x : y) & 0xFFu) << (8 * i);
    }
    return r;
}
#endif
void mao_max_pool_s8(const mao_pool_params *p, const int8_t *in, int8_t *out) {
    const int32_t ch = p->channels;
    const int32_t c4 = ch & ~3;
    const uint32_t lo4 = 0x01010101u * ((uint32_t)p->act_min & 0xFFu);
    const int32_t clamp_hi = p->act_max < 127;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const mao_pool_window w = mao_pool_window_at(p, oy, ox);
                int8_t *out_px = out + mao_pool_out_offset(p, b, oy, ox);
                int32_t c;
                for (c = 0; c < c4; c += 4) {
                    /* Starting from act_min folds the lower clamp into the maximum. */
                    uint32_t m = lo4;
                    int32_t fy;
                    for (fy = w.y_start; fy < w.y_end; ++fy) {
                        const int8_t *src = in +
                                            mao_pool_in_offset(p, b, w.in_y_origin + fy,
                                                               w.in_x_origin + w.x_start) +
                                            c;
                        int32_t fx;
                        for (fx = w.x_start; fx < w.x_end; ++fx) {
                            m = cm4_max_s8x4(m, cm4_read_s8x4(src));
                            src += ch;
                        }
                    }
                    if (clamp_hi) {
                        int32_t j;
                        for (j = 0; j < 4; ++j) {
                            const int32_t v = cm4_byte(m, j);
                            out_px[c + j] = (int8_t)(v > p->act_max ? p->act_max : v);
                        }
                    } else {
                        memcpy(out_px + c, &m, 4);
                    }
                }
                for (; c < ch; ++c) {
                    int32_t mx = INT8_MIN;
                    int32_t fy;
                    for (fy = w.y_start; fy < w.y_end; ++fy) {
                        int32_t fx;
                        for (fx = w.x_start; fx < w.x_end; ++fx) {
                            const int32_t v = in[mao_pool_in_offset(p, b, w.in_y_origin + fy,
                                                                    w.in_x_origin + fx) +
                                                 c];
                            mx = v > mx ? v : mx;
                        }
                    }
                    out_px[c] = (int8_t)mao_clamp_i32(mx, p->act_min, p->act_max);
                }
            }
        }
    }
}
