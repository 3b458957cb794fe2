/* int8 AVERAGE_POOL_2D, Cortex-M4 DSP version of runtime/portable/mao_avg_pool_s8.c (same API,
 * bit-exact). */
#include "mao_cm4_simd.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#include "mao_pool_window.h"

/*
 * Strategy: four channels per word; window sums are kept as two int16 pairs (SXTAB16 adds
 * channels 0,2 and 1,3 of each input word), exact while the window has at most 256 taps
 * (|sum| <= 256 * 128); larger windows and the channel % 4 tail use int32 scalar sums. Then the
 * reference's rounding division per channel. Stack (gcc 12 -O2): 136 bytes.
 */
static inline int8_t cm4_avg_finish(int32_t sum, int32_t count, int32_t lo, int32_t hi) {
    int32_t avg;
    if (count == 0) return (int8_t)mao_clamp_i32(0, lo, hi);
    avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    return (int8_t)mao_clamp_i32(avg, lo, hi);
}

/* Pooling is a small share of any model's time: optimized for size. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("Os")))
#endif
void mao_avg_pool_s8(const mao_pool_params *p, const int8_t *in, int8_t *out) {
    const int32_t ch = p->channels;
    const int32_t lo = p->act_min, hi = p->act_max;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        int32_t oy;
        for (oy = 0; oy < p->out_h; ++oy) {
            int32_t ox;
            for (ox = 0; ox < p->out_w; ++ox) {
                const mao_pool_window w = mao_pool_window_at(p, oy, ox);
                const int32_t rows = w.y_end > w.y_start ? w.y_end - w.y_start : 0;
                const int32_t cols = w.x_end > w.x_start ? w.x_end - w.x_start : 0;
                const int32_t count = rows * cols;
                const int32_t c4 = count <= 256 ? (ch & ~3) : 0;
                int8_t *out_px = out + mao_pool_out_offset(p, b, oy, ox);
                int32_t c;
                for (c = 0; c < c4; c += 4) {
                    uint32_t s02 = 0, s13 = 0;
                    int32_t fy;
                    for (fy = w.y_start; fy < w.y_end; ++fy) {
                        const int8_t *src = in +
                                            mao_pool_in_offset(p, b, w.in_y_origin + fy,
                                                               w.in_x_origin + w.x_start) +
                                            c;
                        int32_t fx;
                        for (fx = w.x_start; fx < w.x_end; ++fx) {
                            const uint32_t v = cm4_read_s8x4(src);
                            s02 = CM4_SXTAB16(s02, v);
                            s13 = CM4_SXTAB16_ROR8(s13, v);
                            src += ch;
                        }
                    }
                    out_px[c] = cm4_avg_finish((int16_t)(s02 & 0xFFFFu), count, lo, hi);
                    out_px[c + 1] = cm4_avg_finish((int16_t)(s13 & 0xFFFFu), count, lo, hi);
                    out_px[c + 2] = cm4_avg_finish((int16_t)(s02 >> 16), count, lo, hi);
                    out_px[c + 3] = cm4_avg_finish((int16_t)(s13 >> 16), count, lo, hi);
                }
                for (; c < ch; ++c) {
                    int32_t sum = 0;
                    int32_t fy;
                    for (fy = w.y_start; fy < w.y_end; ++fy) {
                        int32_t fx;
                        for (fx = w.x_start; fx < w.x_end; ++fx) {
                            sum += in[mao_pool_in_offset(p, b, w.in_y_origin + fy,
                                                         w.in_x_origin + fx) +
                                      c];
                        }
                    }
                    out_px[c] = cm4_avg_finish(sum, count, lo, hi);
                }
            }
        }
    }
}
