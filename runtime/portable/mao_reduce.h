/*
 * Private helper of the portable reduction kernels (not part of the public API): the input
 * offset of the k-th element of a dimension-group list (see mao_reduce_params).
 */
#ifndef MAO_REDUCE_H
#define MAO_REDUCE_H

#include <stdint.h>

/* k decomposed row-major over dims[0 .. rank-1], each index times its stride. */
static inline int32_t mao_reduce_offset(int32_t k, int32_t rank, const int32_t *dims,
                                        const int32_t *strides) {
    int32_t offset = 0;
    int32_t d;
    for (d = rank - 1; d >= 0; --d) {
        offset += (k % dims[d]) * strides[d];
        k /= dims[d];
    }
    return offset;
}

#endif /* MAO_REDUCE_H */
