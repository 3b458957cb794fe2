/* Private header of runtime/cortex_m4: SIMD helpers shared by the int8 kernels (ACLE DSP
 * intrinsics on Cortex-M4, plain C models of them elsewhere). Static inline, so each kernel file
 * that includes it compiles exactly as if the helpers were written out in it. */
#ifndef MAO_CM4_SIMD_H
#define MAO_CM4_SIMD_H

#include <stdint.h>
#include <string.h>

#include "mao_cm4_common.h"

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
CM4_HELPER int32_t cm4_lo16(uint32_t x) {
    return (int32_t)(int16_t)(x & 0xFFFFu);
}
CM4_HELPER int32_t cm4_hi16(uint32_t x) {
    return (int32_t)(int16_t)(x >> 16);
}
#define CM4_SXTB16(x) cm4_pack16(cm4_byte((uint32_t)(x), 0), cm4_byte((uint32_t)(x), 2))
#define CM4_SXTB16_ROR8(x) cm4_pack16(cm4_byte((uint32_t)(x), 1), cm4_byte((uint32_t)(x), 3))
#define CM4_SXTAB16(a, x)                                                                          \
    cm4_pack16(cm4_lo16(a) + cm4_byte((uint32_t)(x), 0), cm4_hi16(a) + cm4_byte((uint32_t)(x), 2))
#define CM4_SXTAB16_ROR8(a, x)                                                                     \
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

#endif /* MAO_CM4_SIMD_H */
