/* float RELU / RELU6: a clamp to [f_act_min, f_act_max]. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

void mao_relu_f32(const mao_activation_params *p, const float *in, float *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = mao_clamp_f32(in[i], p->f_act_min, p->f_act_max);
}
