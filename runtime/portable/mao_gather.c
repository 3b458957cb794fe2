/* GATHER: copies one input row per index (see mao_kernels.h). */
#include "mao_kernels.h"

void mao_gather(const mao_gather_params *p, const void *in, const int32_t *indices, void *out) {
    const unsigned char *src = (const unsigned char *)in;
    unsigned char *dst = (unsigned char *)out;
    const int64_t row = (int64_t)p->inner * p->elem_size;
    int32_t b, o, c;
    int64_t k;
    for (b = 0; b < p->batches; ++b)
        for (o = 0; o < p->outer; ++o)
            for (c = 0; c < p->coords; ++c, dst += row) {
                const int32_t index = indices[(int64_t)b * p->coords + c];
                const unsigned char *from;
                if (index < 0 || index >= p->axis_size) {
                    for (k = 0; k < row; ++k)
                        dst[k] = 0;
                    continue;
                }
                from = src + (((int64_t)b * p->outer + o) * p->axis_size + index) * row;
                for (k = 0; k < row; ++k)
                    dst[k] = from[k];
            }
}
