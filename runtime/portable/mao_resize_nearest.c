/* RESIZE_NEAREST_NEIGHBOR: one pixel copy per output pixel through the compiler's tables (see
 * mao_kernels.h). */
#include "mao_kernels.h"

void mao_resize_nearest(const mao_resize_nearest_params *p, const void *in, void *out) {
    const unsigned char *src = (const unsigned char *)in;
    unsigned char *dst = (unsigned char *)out;
    const int64_t row_bytes = (int64_t)p->in_width * p->pixel_bytes;
    const int64_t image_bytes = (int64_t)p->in_height * row_bytes;
    int32_t b, y, x, k;
    for (b = 0; b < p->batches; ++b)
        for (y = 0; y < p->out_height; ++y) {
            const unsigned char *row = src + b * image_bytes + p->rows[y] * row_bytes;
            for (x = 0; x < p->out_width; ++x) {
                const unsigned char *pixel = row + (int64_t)p->cols[x] * p->pixel_bytes;
                for (k = 0; k < p->pixel_bytes; ++k)
                    dst[k] = pixel[k];
                dst += p->pixel_bytes;
            }
        }
}
