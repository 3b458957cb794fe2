/* int8 FULLY_CONNECTED with per-output-channel requantization; mirrors TFLM reference
 * FullyConnectedPerChannel (symmetric weights, no filter offset). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

void mao_fully_connected_s8_per_channel(const mao_fc_params *p, const int8_t *in,
                                        const int8_t *filter, const int32_t *bias,
                                        const int32_t *out_mult, const int32_t *out_shift,
                                        int8_t *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int8_t *in_row = in + b * p->accum_depth;
        int32_t o;
        for (o = 0; o < p->out_depth; ++o) {
            const int8_t *w_row = filter + o * p->accum_depth;
            int32_t acc = 0;
            int32_t d;
            for (d = 0; d < p->accum_depth; ++d) {
                acc += (int32_t)w_row[d] * ((int32_t)in_row[d] + p->input_offset);
            }
            if (bias != 0) acc += bias[o];
            acc = mao_multiply_by_quantized_multiplier(acc, out_mult[o], out_shift[o]);
            acc += p->output_offset;
            out[b * p->out_depth + o] = (int8_t)mao_clamp_i32(acc, p->act_min, p->act_max);
        }
    }
}
