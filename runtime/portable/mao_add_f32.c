/* float32 ADD with 4-D broadcasting; per element: clamp(x + y) as the TFLite reference. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

void mao_add_f32(const mao_add_params *p, const float *in1, const float *in2, float *out) {
    int32_t out_index = 0;
    int32_t d0;
    for (d0 = 0; d0 < p->out_dims[0]; ++d0) {
        int32_t d1;
        for (d1 = 0; d1 < p->out_dims[1]; ++d1) {
            int32_t d2;
            for (d2 = 0; d2 < p->out_dims[2]; ++d2) {
                const int32_t base1 =
                    d0 * p->in1_strides[0] + d1 * p->in1_strides[1] + d2 * p->in1_strides[2];
                const int32_t base2 =
                    d0 * p->in2_strides[0] + d1 * p->in2_strides[1] + d2 * p->in2_strides[2];
                int32_t d3;
                for (d3 = 0; d3 < p->out_dims[3]; ++d3) {
                    const float sum =
                        in1[base1 + d3 * p->in1_strides[3]] + in2[base2 + d3 * p->in2_strides[3]];
                    out[out_index++] = mao_clamp_f32(sum, p->f_act_min, p->f_act_max);
                }
            }
        }
    }
}
