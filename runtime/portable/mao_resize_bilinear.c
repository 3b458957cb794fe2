/* RESIZE_BILINEAR (see mao_kernels.h): four taps per output element through the compiler's
 * tables. */
#include "mao_kernels.h"

void mao_resize_bilinear_f32(const mao_resize_bilinear_params *p, const float *in, float *out) {
    const int64_t row = (int64_t)p->in_width * p->channels;
    const int64_t image = (int64_t)p->in_height * row;
    int32_t b, y, x, c;
    for (b = 0; b < p->batches; ++b)
        for (y = 0; y < p->out_height; ++y) {
            const float *lo = in + b * image + p->row_lower[y] * row;
            const float *hi = in + b * image + p->row_upper[y] * row;
            const float wy = p->row_weight[y];
            for (x = 0; x < p->out_width; ++x) {
                const int64_t c0 = (int64_t)p->col_lower[x] * p->channels;
                const int64_t c1 = (int64_t)p->col_upper[x] * p->channels;
                const float wx = p->col_weight[x];
                for (c = 0; c < p->channels; ++c)
                    *out++ = lo[c0 + c] * (1 - wy) * (1 - wx) + hi[c0 + c] * wy * (1 - wx) +
                             lo[c1 + c] * (1 - wy) * wx + hi[c1 + c] * wy * wx + 0.0f;
            }
        }
}

void mao_resize_bilinear_s8(const mao_resize_bilinear_params *p, const int8_t *in, int8_t *out) {
    const int64_t row = (int64_t)p->in_width * p->channels;
    const int64_t image = (int64_t)p->in_height * row;
    int32_t b, y, x, c;
    for (b = 0; b < p->batches; ++b)
        for (y = 0; y < p->out_height; ++y) {
            const int8_t *lo = in + b * image + p->row_lower[y] * row;
            const int8_t *hi = in + b * image + p->row_upper[y] * row;
            const int64_t wy = p->row_weight_1024[y];
            for (x = 0; x < p->out_width; ++x) {
                const int64_t c0 = (int64_t)p->col_lower[x] * p->channels;
                const int64_t c1 = (int64_t)p->col_upper[x] * p->channels;
                const int64_t wx = p->col_weight_1024[x];
                for (c = 0; c < p->channels; ++c) {
                    const int64_t sum = lo[c0 + c] * (1024 - wy) * (1024 - wx) +
                                        hi[c0 + c] * wy * (1024 - wx) +
                                        lo[c1 + c] * (1024 - wy) * wx + hi[c1 + c] * wy * wx;
                    const int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);
                    *out++ = (int8_t)((sum + round) / (1 << 20));
                }
            }
        }
}
