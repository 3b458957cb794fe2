/* int8 RELU / RELU6 as TFLite Micro's reference activations compute them. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

void mao_relu_s8(const mao_activation_params *p, const int8_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i) {
        int32_t v = in[i];
        if (p->out_mult != 0)
            v = p->output_zp +
                mao_multiply_by_quantized_multiplier(v - p->input_zp, p->out_mult, p->out_shift);
        out[i] = (int8_t)mao_clamp_i32(v, p->act_min, p->act_max);
    }
}
