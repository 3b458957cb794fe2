/* PAD: copies the input into the middle of the output and fills the rest with one value (see
 * mao_kernels.h). Works row by row: an output row either lies in the padding of an outer axis
 * (all pad value) or reads one input row between its own before/after pad runs. */
#include "mao_kernels.h"

/* Byte loops only: they may alias any element type, and compilers widen them. */
static void copy_elements(unsigned char *dst, const unsigned char *src, int32_t count,
                          int32_t size) {
    const int64_t bytes = (int64_t)count * size;
    int64_t b;
    for (b = 0; b < bytes; ++b)
        dst[b] = src[b];
}

/* Writes `count` copies of the element at `value`. */
static void fill_elements(unsigned char *dst, const unsigned char *value, int32_t count,
                          int32_t size) {
    int32_t i, b;
    if (size == 1) {
        for (i = 0; i < count; ++i)
            dst[i] = value[0];
        return;
    }
    for (i = 0; i < count; ++i)
        for (b = 0; b < size; ++b)
            dst[(int64_t)i * size + b] = value[b];
}

void mao_pad(const mao_pad_params *p, const void *in, const void *pad_value, void *out) {
    const unsigned char *src = (const unsigned char *)in;
    const unsigned char *value = (const unsigned char *)pad_value;
    unsigned char *dst = (unsigned char *)out;
    const int32_t last = p->rank - 1, size = p->elem_size;
    const int32_t row_in = p->in_dims[last];
    const int32_t row_out = p->before[last] + row_in + p->after[last];
    int32_t out_dims[MAO_MAX_DIMS], coord[MAO_MAX_DIMS];
    int64_t in_stride[MAO_MAX_DIMS];
    int64_t rows = 1, r;
    int32_t d;
    for (d = last; d >= 0; --d) {
        out_dims[d] = p->before[d] + p->in_dims[d] + p->after[d];
        in_stride[d] = d == last ? 1 : in_stride[d + 1] * p->in_dims[d + 1];
        coord[d] = 0;
        if (d < last) rows *= out_dims[d];
    }
    for (r = 0; r < rows; ++r) {
        /* Where this row's input row starts, or -1 when an outer axis is in its padding. */
        int64_t source = 0;
        for (d = 0; d < last && source >= 0; ++d) {
            const int32_t i = coord[d] - p->before[d];
            source = (i < 0 || i >= p->in_dims[d]) ? -1 : source + i * in_stride[d];
        }
        if (source < 0) {
            fill_elements(dst, value, row_out, size);
        } else {
            fill_elements(dst, value, p->before[last], size);
            copy_elements(dst + (int64_t)p->before[last] * size, src + source * size, row_in, size);
            fill_elements(dst + ((int64_t)p->before[last] + row_in) * size, value, p->after[last],
                          size);
        }
        dst += (int64_t)row_out * size;
        for (d = last - 1; d >= 0; --d) { /* next row: odometer over the outer axes */
            if (++coord[d] < out_dims[d]) break;
            coord[d] = 0;
        }
    }
}
