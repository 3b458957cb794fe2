/* float32 FULLY_CONNECTED; same order as the TFLite reference: float sum over the inputs,
 * then + bias, then the clamp. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

void mao_fully_connected_f32(const mao_fc_params *p, const float *in, const float *filter,
                             const float *bias, float *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const float *in_row = in + b * p->accum_depth;
        int32_t o;
        for (o = 0; o < p->out_depth; ++o) {
            const float *w_row = filter + o * p->accum_depth;
            float total = 0.0f;
            float bias_value;
            int32_t d;
            for (d = 0; d < p->accum_depth; ++d) {
                /* Separate statement: keeps compilers from fusing into an FMA. */
                const float product = in_row[d] * w_row[d];
                total += product;
            }
            bias_value = bias != 0 ? bias[o] : 0.0f;
            out[b * p->out_depth + o] =
                mao_clamp_f32(total + bias_value, p->f_act_min, p->f_act_max);
        }
    }
}
