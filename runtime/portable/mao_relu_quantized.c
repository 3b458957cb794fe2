/* int8 and int16 RELU / RELU6 as TFLite Micro's reference activations compute them
 * (ReluQuantized<T>, Relu6Quantized<T>). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static int32_t relu_element(const mao_activation_params *p, int32_t v) {
    if (p->out_mult != 0)
        v = p->output_zp +
            mao_multiply_by_quantized_multiplier(v - p->input_zp, p->out_mult, p->out_shift);
    return mao_clamp_i32(v, p->act_min, p->act_max);
}

void mao_relu_s8(const mao_activation_params *p, const int8_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int8_t)relu_element(p, in[i]);
}

void mao_relu_s16(const mao_activation_params *p, const int16_t *in, int16_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int16_t)relu_element(p, in[i]);
}
