/* Private header of runtime/cortex_m4: helpers shared by the float32 kernels (VMLA
 * multiply-accumulate; the valid kernel-tap ranges are in mao_cm4_common.h). Static inline, so each
 * kernel file that includes it compiles exactly as if the helpers were written out in it. */
#ifndef MAO_CM4_FLOAT_H
#define MAO_CM4_FLOAT_H

#include <stdint.h>

#include "mao_cm4_common.h"

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

#endif /* MAO_CM4_FLOAT_H */
