/* ARG_MAX, ARG_MIN (see mao_kernels.h): one scan along the axis per output element, comparing
 * strictly as TFLM's GreaterFn / LessFn do. */
#include "mao_kernels.h"

static void arg_s8(const mao_arg_params *p, const int8_t *in, int32_t *out, int max) {
    int32_t o, i, a;
    for (o = 0; o < p->outer; ++o)
        for (i = 0; i < p->inner; ++i) {
            const int8_t *x = in + (int64_t)o * p->axis_size * p->inner + i;
            int8_t best = x[0];
            int32_t index = 0;
            for (a = 1; a < p->axis_size; ++a) {
                const int8_t v = x[(int64_t)a * p->inner];
                if (max ? v > best : v < best) {
                    best = v;
                    index = a;
                }
            }
            *out++ = index;
        }
}

static void arg_f32(const mao_arg_params *p, const float *in, int32_t *out, int max) {
    int32_t o, i, a;
    for (o = 0; o < p->outer; ++o)
        for (i = 0; i < p->inner; ++i) {
            const float *x = in + (int64_t)o * p->axis_size * p->inner + i;
            float best = x[0];
            int32_t index = 0;
            for (a = 1; a < p->axis_size; ++a) {
                const float v = x[(int64_t)a * p->inner];
                if (max ? v > best : v < best) {
                    best = v;
                    index = a;
                }
            }
            *out++ = index;
        }
}

void mao_arg_max_s8(const mao_arg_params *p, const int8_t *in, int32_t *out) {
    arg_s8(p, in, out, 1);
}
void mao_arg_min_s8(const mao_arg_params *p, const int8_t *in, int32_t *out) {
    arg_s8(p, in, out, 0);
}
void mao_arg_max_f32(const mao_arg_params *p, const float *in, int32_t *out) {
    arg_f32(p, in, out, 1);
}
void mao_arg_min_f32(const mao_arg_params *p, const float *in, int32_t *out) {
    arg_f32(p, in, out, 0);
}
