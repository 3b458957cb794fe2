/* int8 element-wise operators through a compile-time lookup table (mao_lut_params in
 * mao_kernels.h): one load per element, in place allowed. */
#include "mao_kernels.h"

void mao_lut_s8(const mao_lut_params *p, const int8_t *table, const int8_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = table[(uint8_t)in[i]];
}
