/* Private header of runtime/cortex_m4: what both the int8 (mao_cm4_simd.h) and the float32
 * (mao_cm4_float.h) helpers need: the helper storage class and the valid kernel-tap range of a
 * (dilated) window that starts at `origin`, which may lie outside the image. */
#ifndef MAO_CM4_COMMON_H
#define MAO_CM4_COMMON_H

#include <stdint.h>

/* Not every file uses every helper (clang warns about unused static inline functions). */
#if defined(__GNUC__)
#define CM4_HELPER static inline __attribute__((unused))
#else
#define CM4_HELPER static inline
#endif

/* Smallest k >= 0 with origin + k * dil >= 0. */
CM4_HELPER int32_t cm4_first_valid(int32_t origin, int32_t dil) {
    return origin >= 0 ? 0 : (-origin + dil - 1) / dil;
}

/* Smallest k' with origin + k' * dil >= size, capped at k. */
CM4_HELPER int32_t cm4_end_valid(int32_t origin, int32_t dil, int32_t size, int32_t k) {
    const int32_t room = size - origin;
    int32_t e;
    if (room <= 0) return 0;
    e = (room + dil - 1) / dil;
    return e < k ? e : k;
}

#endif /* MAO_CM4_COMMON_H */
