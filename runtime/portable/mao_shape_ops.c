/* SHAPE and ZEROS_LIKE (ops-shape2 group). Both usually fold away at compile time (their
 * outputs depend on static shapes only); these run when the output is a graph output. */
#include "mao_kernels.h"

void mao_shape_s32(const int32_t *dims, int32_t rank, int32_t *out) {
    int32_t i;
    for (i = 0; i < rank; ++i)
        out[i] = dims[i];
}

void mao_shape_s64(const int32_t *dims, int32_t rank, int64_t *out) {
    int32_t i;
    for (i = 0; i < rank; ++i)
        out[i] = (int64_t)dims[i];
}

void mao_zeros(void *dst, int32_t num_bytes) {
    unsigned char *d = (unsigned char *)dst;
    int32_t i;
    for (i = 0; i < num_bytes; ++i)
        d[i] = 0;
}
