/* ARG_MAX, ARG_MIN (see mao_kernels.h): one scan along the axis per output element, comparing
 * strictly as TFLM's GreaterFn / LessFn do. */
#include "mao_kernels.h"

#define MAO_ARG_KERNEL(name, type, better)                                                         \
    void name(const mao_arg_params *p, const type *in, int32_t *out) {                             \
        int32_t o, i, a;                                                                           \
        for (o = 0; o < p->outer; ++o)                                                             \
            for (i = 0; i < p->inner; ++i) {                                                       \
                const type *x = in + (int64_t)o * p->axis_size * p->inner + i;                     \
                type best = x[0];                                                                  \
                int32_t index = 0;                                                                 \
                for (a = 1; a < p->axis_size; ++a) {                                               \
                    const type v = x[(int64_t)a * p->inner];                                       \
                    if (v better best) {                                                           \
                        best = v;                                                                  \
                        index = a;                                                                 \
                    }                                                                              \
                }                                                                                  \
                *out++ = index;                                                                    \
            }                                                                                      \
    }

MAO_ARG_KERNEL(mao_arg_max_s8, int8_t, >)
MAO_ARG_KERNEL(mao_arg_min_s8, int8_t, <)
MAO_ARG_KERNEL(mao_arg_max_f32, float, >)
MAO_ARG_KERNEL(mao_arg_min_f32, float, <)
