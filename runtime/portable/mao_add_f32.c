/* float32 ADD with 4-D broadcasting; per element: clamp(x + y) as the TFLite reference. */
#include "mao_broadcast.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static void add_row_f32(const void *params, const void *in1, int32_t step1, const void *in2,
                        int32_t step2, void *out, int32_t count) {
    const mao_add_params *p = (const mao_add_params *)params;
    const float *a = (const float *)in1, *b = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    for (k = 0; k < count; ++k)
        y[k] = mao_clamp_f32(a[k * step1] + b[k * step2], p->f_act_min, p->f_act_max);
}

void mao_add_f32(const mao_add_params *p, const float *in1, const float *in2, float *out) {
    mao_broadcast_walk(4, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float), add_row_f32,
                       p, in1, in2, out);
}
