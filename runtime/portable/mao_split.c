/* SPLIT: each input row is cut into consecutive blocks, one per output (see mao_kernels.h). */
#include "mao_kernels.h"

void mao_split(int32_t outer, int32_t count, const int32_t *out_row, const void *in,
               void *const *outs) {
    const unsigned char *src = (const unsigned char *)in;
    int32_t o, k, i;
    for (o = 0; o < outer; ++o) {
        for (k = 0; k < count; ++k) {
            unsigned char *dst = (unsigned char *)outs[k] + (int64_t)o * out_row[k];
            for (i = 0; i < out_row[k]; ++i)
                dst[i] = *src++;
        }
    }
}
