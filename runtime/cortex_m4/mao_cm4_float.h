/* Private header of runtime/cortex_m4: helpers shared by the float32 kernels (VMLA
 * multiply-accumulate, valid kernel-tap ranges). Static inline, so each kernel file that
 * includes it compiles exactly as if the helpers were written out in it. */
#ifndef MAO_CM4_FLOAT_H
#define MAO_CM4_FLOAT_H

#include <stdint.h>

/* Not every file uses every helper (clang warns about unused static inline functions). */
#ifndef CM4_HELPER
#if defined(__GNUC__)
#define CM4_HELPER static inline __attribute__((unused))
#else
#define CM4_HELPER static inline
#endif
#endif
/* acc + a * b with the product rounded before the addition (never fused). On the FPv4-SP FPU
 * VMLA.F32 is exactly that (a chained multiply-accumulate), one instruction instead of
 * VMUL + VADD; elsewhere plain C (compile with -ffp-contract=off). */
#if defined(__ARM_FP) && (__ARM_FP & 4) && defined(__thumb2__)
CM4_HELPER float cm4_fmac(float acc, float a, float b) {
    __asm__("vmla.f32 %0, %1, %2" : "+t"(acc) : "t"(a), "t"(b));
    return acc;
}
#else
CM4_HELPER float cm4_fmac(float acc, float a, float b) {
    const float product = a * b;
    return acc + product;
}
#endif

CM4_HELPER int32_t cm4_first_valid(int32_t origin, int32_t dil) {
    return origin >= 0 ? 0 : (-origin + dil - 1) / dil;
}
CM4_HELPER int32_t cm4_end_valid(int32_t origin, int32_t dil, int32_t size, int32_t k) {
    const int32_t room = size - origin;
    int32_t e;
    if (room <= 0) return 0;
    e = (room + dil - 1) / dil;
    return e < k ? e : k;
}

#endif /* MAO_CM4_FLOAT_H */
