/* int8 element-wise operators through a compile-time lookup table (mao_lut_params in
 * mao_kernels.h): one table load per element, in place allowed. Unrolled by four: the loop
 * control would otherwise cost as much as the lookup. */
#include "mao_kernels.h"

void mao_lut_s8(const mao_lut_params *p, const int8_t *table, const int8_t *in, int8_t *out) {
    const int32_t size = p->size;
    int32_t i = 0;
    for (; i + 4 <= size; i += 4) {
        const int8_t a = table[(uint8_t)in[i]];
        const int8_t b = table[(uint8_t)in[i + 1]];
        const int8_t c = table[(uint8_t)in[i + 2]];
        const int8_t d = table[(uint8_t)in[i + 3]];
        out[i] = a;
        out[i + 1] = b;
        out[i + 2] = c;
        out[i + 3] = d;
    }
    for (; i < size; ++i)
        out[i] = table[(uint8_t)in[i]];
}
