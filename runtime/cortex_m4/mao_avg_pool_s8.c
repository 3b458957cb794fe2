/* int8 AVERAGE_POOL_2D, Cortex-M4 DSP version of runtime/portable/mao_avg_pool_s8.c (same API,
 * bit-exact). */
#include <string.h>

#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Not every file uses every helper (clang warns about unused static inline functions). */
#if defined(__GNUC__)
#define CM4_HELPER static inline __attribute__((unused))
#else
#define CM4_HELPER static inline
#endif
/* ---- SIMD helpers: ACLE DSP intrinsics on Cortex-M4, plain C models of them elsewhere. ---- */
/* Signed byte i (0..3) of a word. */
CM4_HELPER int32_t cm4_byte(uint32_t x, int32_t i) {
    return (int32_t)(int8_t)((x >> (8 * i)) & 0xFFu);
}
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>
/* gcc 12 does not fold a rotate into SXTB16/SXTAB16, so the rotated forms are inline asm. */
CM4_HELPER uint32_t cm4_sxtb16_ror8(uint32_t x) {
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}
CM4_HELPER uint32_t cm4_sxtab16_ror8(uint32_t a, uint32_t x) {
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}
#define CM4_SXTB16(x) __sxtb16(x)
#define CM4_SXTB16_ROR8(x) cm4_sxtb16_ror8(x)
#define CM4_SXTAB16(a, x) __sxtab16((a), (x))
#define CM4_SXTAB16_ROR8(a, x) cm4_sxtab16_ror8((a), (x))
#define CM4_SMLAD(x, y, acc) __smlad((x), (y), (acc))
#define CM4_SMLABB(x, y, acc) __smlabb((x), (y), (acc))
#define CM4_SMLATT(x, y, acc) __smlatt((x), (y), (acc))
#else
CM4_HELPER uint32_t cm4_pack16(int32_t lo, int32_t hi) {
    return ((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16);
}
CM4_HELPER int32_t cm4_lo16(uint32_t x) { return (int32_t)(int16_t)(x & 0xFFFFu); }
CM4_HELPER int32_t cm4_hi16(uint32_t x) { return (int32_t)(int16_t)(x >> 16); }
#define CM4_SXTB16(x) cm4_pack16(cm4_byte((uint32_t)(x), 0), cm4_byte((uint32_t)(x), 2))
#define CM4_SXTB16_ROR8(x) cm4_pack16(cm4_byte((uint32_t)(x), 1), cm4_byte((uint32_t)(x), 3))
#define CM4_SXTAB16(a, x)                                                                     \
    cm4_pack16(cm4_lo16(a) + cm4_byte((uint32_t)(x), 0), cm4_hi16(a) + cm4_byte((uint32_t)(x), 2))
#define CM4_SXTAB16_ROR8(a, x)                                                                \
    cm4_pack16(cm4_lo16(a) + cm4_byte((uint32_t)(x), 1), cm4_hi16(a) + cm4_byte((uint32_t)(x), 3))
CM4_HELPER int32_t cm4_smlad_c(uint32_t x, uint32_t y, int32_t acc) {
    const int32_t p = cm4_lo16(x) * cm4_lo16(y) + cm4_hi16(x) * cm4_hi16(y);
    return (int32_t)((uint32_t)acc + (uint32_t)p);
}
#define CM4_SMLAD(x, y, acc) cm4_smlad_c((x), (y), (acc))
#define CM4_SMLABB(x, y, acc) ((int32_t)((uint32_t)(acc) + (uint32_t)(cm4_lo16(x) * cm4_lo16(y))))
#define CM4_SMLATT(x, y, acc) ((int32_t)((uint32_t)(acc) + (uint32_t)(cm4_hi16(x) * cm4_hi16(y))))
#endif

/* Four consecutive int8 as one word (unaligned access is fine on Armv7-M; memcpy compiles to
 * a single LDR there). */
CM4_HELPER uint32_t cm4_read_s8x4(const int8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Two int16 lanes holding the same value v. */
CM4_HELPER uint32_t cm4_dup16(int32_t v) {
    return ((uint32_t)v & 0xFFFFu) | ((uint32_t)v << 16);
}

/* Bit-exact equivalent of mao_multiply_by_quantized_multiplier for multiplier != INT32_MIN
 * (QuantizeMultiplier never yields a negative multiplier). gemmlowp's SRDHM rounding
 * "(ab + nudge) / 2^31, truncating" equals floor((ab + 2^30) / 2^31) for both signs of ab.
 * lshift = max(shift, 0), rshift = max(-shift, 0) (0..31). */
CM4_HELPER int32_t cm4_requant(int32_t acc, int32_t mult, int32_t lshift, int32_t rshift) {
    const int32_t x = (int32_t)((uint32_t)acc << lshift);
    const int32_t s = (int32_t)(((int64_t)x * mult + ((int64_t)1 << 30)) >> 31);
    const int32_t mask = (int32_t)(((uint32_t)1 << rshift) - 1u);
    const int32_t threshold = (mask >> 1) + (int32_t)((uint32_t)s >> 31);
    return (s >> rshift) + ((s & mask) > threshold ? 1 : 0);
}

/* Same with TFLite's signed shift; rshift = lshift - shift avoids a branch on the sign. */
CM4_HELPER int32_t cm4_requant_shift(int32_t acc, int32_t mult, int32_t shift) {
    const int32_t lshift = shift > 0 ? shift : 0;
    return cm4_requant(acc, mult, lshift, lshift - shift);
}

CM4_HELPER int8_t cm4_finish(int32_t v, int32_t out_offset, int32_t lo, int32_t hi) {
    v += out_offset;
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
    return (int8_t)v;
}

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
                        const int8_t *src =
                            in + mao_pool_in_offset(p, b, w.in_y_origin + fy,
                                                    w.in_x_origin + w.x_start) + c;
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
                                                         w.in_x_origin + fx) + c];
                        }
                    }
                    out_px[c] = cm4_avg_finish(sum, count, lo, hi);
                }
            }
        }
    }
}
