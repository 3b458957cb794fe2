/* int8 FULLY_CONNECTED with the input offset folded into the bias, Cortex-M4 DSP version of
 * the portable kernel (same API, bit-exact). */
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

/*
 * Strategy: four weight rows at a time share each input word: per 4 inputs, 1 load and 2
 * SXTAB16 (input offset added in the same instruction), then per row 1 load, 2 SXTB16 (or
 * SXTAB16 with the filter offset) and 2 SMLAD. Leftover rows one at a time, the accum_depth % 4
 * tail in scalar code. Stack (gcc 12 -O2): about 176 bytes.
 */
static void cm4_fc_core(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                        const int32_t *bias, int32_t in_off, int32_t f_off,
                        const int32_t *mult, const int32_t *shift, int32_t qstep, int8_t *out) {
    const int32_t depth = p->accum_depth;
    const int32_t groups = depth >> 2;
    const int32_t rem = depth & 3;
    const uint32_t in2 = cm4_dup16(in_off);
    const uint32_t f2 = cm4_dup16(f_off);
    const int32_t oo = p->output_offset, lo = p->act_min, hi = p->act_max;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int8_t *x_row = in + b * depth;
        int8_t *out_row = out + b * p->out_depth;
        int32_t o = 0;
        for (; o + 4 <= p->out_depth; o += 4) {
            const int8_t *w0 = filter + o * depth;
            const int8_t *w1 = w0 + depth;
            const int8_t *w2 = w1 + depth;
            const int8_t *w3 = w2 + depth;
            const int8_t *x = x_row;
            int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int32_t g;
            for (g = groups; g > 0; --g) {
                const uint32_t xr = cm4_read_s8x4(x);
                const uint32_t x02 = CM4_SXTAB16(in2, xr);
                const uint32_t x13 = CM4_SXTAB16_ROR8(in2, xr);
                uint32_t wr;
                x += 4;
                wr = cm4_read_s8x4(w0);
                w0 += 4;
                a0 = CM4_SMLAD(x02, CM4_SXTAB16(f2, wr), a0);
                a0 = CM4_SMLAD(x13, CM4_SXTAB16_ROR8(f2, wr), a0);
                wr = cm4_read_s8x4(w1);
                w1 += 4;
                a1 = CM4_SMLAD(x02, CM4_SXTAB16(f2, wr), a1);
                a1 = CM4_SMLAD(x13, CM4_SXTAB16_ROR8(f2, wr), a1);
                wr = cm4_read_s8x4(w2);
                w2 += 4;
                a2 = CM4_SMLAD(x02, CM4_SXTAB16(f2, wr), a2);
                a2 = CM4_SMLAD(x13, CM4_SXTAB16_ROR8(f2, wr), a2);
                wr = cm4_read_s8x4(w3);
                w3 += 4;
                a3 = CM4_SMLAD(x02, CM4_SXTAB16(f2, wr), a3);
                a3 = CM4_SMLAD(x13, CM4_SXTAB16_ROR8(f2, wr), a3);
            }
            for (g = 0; g < rem; ++g) {
                const int32_t xv = (int32_t)x[g] + in_off;
                a0 += ((int32_t)w0[g] + f_off) * xv;
                a1 += ((int32_t)w1[g] + f_off) * xv;
                a2 += ((int32_t)w2[g] + f_off) * xv;
                a3 += ((int32_t)w3[g] + f_off) * xv;
            }
            if (bias != 0) {
                a0 += bias[o];
                a1 += bias[o + 1];
                a2 += bias[o + 2];
                a3 += bias[o + 3];
            }
            {
                const int32_t *m = mult + o * qstep;
                const int32_t *s = shift + o * qstep;
                int32_t acc[4];
                int32_t j;
                acc[0] = a0;
                acc[1] = a1;
                acc[2] = a2;
                acc[3] = a3;
                for (j = 0; j < 4; ++j) {
                    const int32_t sh = s[j * qstep];
                    out_row[o + j] = cm4_finish(
                        cm4_requant(acc[j], m[j * qstep], sh > 0 ? sh : 0, sh > 0 ? 0 : -sh), oo,
                        lo, hi);
                }
            }
        }
        for (; o < p->out_depth; ++o) {
            const int8_t *w0 = filter + o * depth;
            const int8_t *x = x_row;
            int32_t a0 = 0;
            int32_t g;
            int32_t sh;
            for (g = groups; g > 0; --g) {
                const uint32_t xr = cm4_read_s8x4(x);
                const uint32_t wr = cm4_read_s8x4(w0);
                x += 4;
                w0 += 4;
                a0 = CM4_SMLAD(CM4_SXTAB16(in2, xr), CM4_SXTAB16(f2, wr), a0);
                a0 = CM4_SMLAD(CM4_SXTAB16_ROR8(in2, xr), CM4_SXTAB16_ROR8(f2, wr), a0);
            }
            for (g = 0; g < rem; ++g) a0 += ((int32_t)w0[g] + f_off) * ((int32_t)x[g] + in_off);
            if (bias != 0) a0 += bias[o];
            sh = shift[o * qstep];
            out_row[o] = cm4_finish(
                cm4_requant(a0, mult[o * qstep], sh > 0 ? sh : 0, sh > 0 ? 0 : -sh), oo, lo, hi);
        }
    }
}
void mao_fully_connected_s8_folded(const mao_fc_params *p, const int8_t *in,
                                   const int8_t *filter, const int32_t *folded_bias,
                                   int8_t *out) {
    /* The input offset is already in folded_bias; filter_offset is 0 by contract. */
    cm4_fc_core(p, in, filter, folded_bias, 0, 0, &p->out_mult, &p->out_shift, 0, out);
}
