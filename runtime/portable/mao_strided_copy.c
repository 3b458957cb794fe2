/* Strided element copy (see mao_kernels.h): an odometer over the outer dimensions and one loop
 * over the innermost, which is a plain byte run when both sides are contiguous there. */
#include "mao_kernels.h"

void mao_strided_copy(const mao_strided_copy_params *p, const void *in, void *out) {
    const unsigned char *src = (const unsigned char *)in;
    unsigned char *dst = (unsigned char *)out;
    const int32_t last = p->rank - 1, size = p->elem_size;
    const int32_t run = p->dims[last];
    const int64_t in_step = (int64_t)p->in_strides[last] * size;
    const int64_t out_step = (int64_t)p->out_strides[last] * size;
    int32_t coord[MAO_MAX_DIMS];
    int64_t rows = 1, r, from = p->in_offset, to = p->out_offset;
    int32_t d, i, b;
    for (d = 0; d < last; ++d) {
        coord[d] = 0;
        rows *= p->dims[d];
    }
    if (run <= 0) return;
    for (r = 0; r < rows; ++r) {
        const unsigned char *s = src + from * size;
        unsigned char *o = dst + to * size;
        if (in_step == size && out_step == size) {
            const int64_t bytes = (int64_t)run * size;
            int64_t k;
            for (k = 0; k < bytes; ++k)
                o[k] = s[k];
        } else {
            /* Indexed, not stepped pointers: a negative stride must not step before the input. */
            for (i = 0; i < run; ++i)
                for (b = 0; b < size; ++b)
                    o[i * out_step + b] = s[i * in_step + b];
        }
        for (d = last - 1; d >= 0; --d) { /* next row: odometer over the outer dimensions */
            from += p->in_strides[d];
            to += p->out_strides[d];
            if (++coord[d] < p->dims[d]) break;
            from -= (int64_t)p->in_strides[d] * p->dims[d];
            to -= (int64_t)p->out_strides[d] * p->dims[d];
            coord[d] = 0;
        }
    }
}
