/* Private helper shared by the element-wise binary kernels (ADD, MUL, SUB, ...): walks a
 * broadcast output row by row. The output is written contiguously; each input is read through
 * its per-dimension element strides (0 where it is broadcast), as TFLite's reference broadcast
 * loops read it. The innermost dimension is one call of the kernel's row function. */
#ifndef MAO_BROADCAST_H
#define MAO_BROADCAST_H

#include <stddef.h>
#include <stdint.h>

/* out[k] = op(in1[k * step1], in2[k * step2]) for k in [0, count); steps are element strides. */
typedef void (*mao_broadcast_row)(const void *params, const void *in1, int32_t step1,
                                  const void *in2, int32_t step2, void *out, int32_t count);

#define MAO_BROADCAST_WALK_MAX_DIMS 8

/* rank in 1..MAO_BROADCAST_WALK_MAX_DIMS; dims, strides1 and strides2 have `rank` entries,
 * outermost first; elem_size is the byte size of one element (inputs and output alike). */
static inline void mao_broadcast_walk(int32_t rank, const int32_t *dims, const int32_t *strides1,
                                      const int32_t *strides2, size_t elem_size,
                                      mao_broadcast_row row, const void *params, const void *in1,
                                      const void *in2, void *out) {
    int32_t index[MAO_BROADCAST_WALK_MAX_DIMS] = {0};
    const int32_t inner = dims[rank - 1];
    const unsigned char *a = (const unsigned char *)in1;
    const unsigned char *b = (const unsigned char *)in2;
    unsigned char *y = (unsigned char *)out;
    int32_t offset1 = 0, offset2 = 0, rows = 1, r, d;
    for (d = 0; d < rank - 1; ++d)
        rows *= dims[d];
    for (r = 0; r < rows; ++r) {
        row(params, a + (size_t)offset1 * elem_size, strides1[rank - 1],
            b + (size_t)offset2 * elem_size, strides2[rank - 1],
            y + (size_t)r * (size_t)inner * elem_size, inner);
        /* Next row: an odometer over the outer dimensions, innermost of them first. */
        for (d = rank - 2; d >= 0; --d) {
            offset1 += strides1[d];
            offset2 += strides2[d];
            if (++index[d] < dims[d]) break;
            offset1 -= strides1[d] * dims[d];
            offset2 -= strides2[d] * dims[d];
            index[d] = 0;
        }
    }
}

#endif /* MAO_BROADCAST_H */
