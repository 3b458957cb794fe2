/* int8 FULLY_CONNECTED with the input zero point pre-folded into the bias:
 * sum_i w*(x + off) + bias == sum_i w*x + (bias + off * sum_i w), exactly, in int32. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

void mao_fully_connected_s8_folded(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int8_t *in_row = in + b * p->accum_depth;
        int32_t o;
        for (o = 0; o < p->out_depth; ++o) {
            const int8_t *w_row = filter + o * p->accum_depth;
            int32_t acc = folded_bias[o];
            int32_t d;
            for (d = 0; d < p->accum_depth; ++d) {
                acc += (int32_t)w_row[d] * (int32_t)in_row[d];
            }
            acc = mao_multiply_by_quantized_multiplier(acc, p->out_mult, p->out_shift);
            acc += p->output_offset;
            out[b * p->out_depth + o] = (int8_t)mao_clamp_i32(acc, p->act_min, p->act_max);
        }
    }
}
