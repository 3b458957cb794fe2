/* int16 LEAKY_RELU as TFLite Micro's reference QuantizeLeakyRelu computes it (see
 * mao_leaky_relu_params in mao_kernels.h). int8 runs a compile-time table instead (mao_lut_s8):
 * 65,536 int16 entries would cost more flash than the arithmetic costs cycles. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

void mao_leaky_relu_s16(const mao_leaky_relu_params *p, const int16_t *in, int16_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i) {
        const int32_t x = in[i] - p->input_zp;
        const int32_t scaled =
            x >= 0
                ? mao_multiply_by_quantized_multiplier(x, p->identity_multiplier, p->identity_shift)
                : mao_multiply_by_quantized_multiplier(x, p->alpha_multiplier, p->alpha_shift);
        out[i] = (int16_t)mao_clamp_i32(mao_wrap_add(p->output_zp, scaled), INT16_MIN, INT16_MAX);
    }
}
