/* int16 FULLY_CONNECTED with int8 weights ("16x8"); mirrors TFLM reference integer
 * FullyConnected / FullyConnectedPerChannel for int16 input: acc = sum (w + filter_offset) *
 * (x + input_offset) + bias, an int64 accumulator with an int64 bias or an int32 one with an
 * int32 bias and the matching MultiplyByQuantizedMultiplier, + output_offset, clamp. One
 * multiplier per output (the per-tensor one repeated when the weights have one scale). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* sum_d (w[d] + filter_offset) * (x[d] + input_offset); the compiler proves it fits the
 * kernel's accumulator. */
static int64_t fc_row_sum_s16(const mao_fc_params *p, const int16_t *in_row, const int8_t *w_row) {
    int64_t acc = 0;
    int32_t d;
    for (d = 0; d < p->accum_depth; ++d) {
        acc += (int64_t)((int32_t)w_row[d] + p->filter_offset) *
               ((int32_t)in_row[d] + p->input_offset);
    }
    return acc;
}

void mao_fully_connected_s16(const mao_fc_params *p, const int16_t *in, const int8_t *filter,
                             const int64_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int16_t *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int16_t *in_row = in + b * p->accum_depth;
        int32_t o;
        for (o = 0; o < p->out_depth; ++o) {
            int64_t acc = fc_row_sum_s16(p, in_row, filter + o * p->accum_depth);
            int32_t scaled;
            if (bias != 0) acc += bias[o];
            scaled = mao_multiply_by_quantized_multiplier_i64(acc, out_mult[o], out_shift[o]);
            scaled = mao_wrap_add(scaled, p->output_offset);
            out[b * p->out_depth + o] = (int16_t)mao_clamp_i32(scaled, p->act_min, p->act_max);
        }
    }
}

void mao_fully_connected_s16_bias32(const mao_fc_params *p, const int16_t *in, const int8_t *filter,
                                    const int32_t *bias, const int32_t *out_mult,
                                    const int32_t *out_shift, int16_t *out) {
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const int16_t *in_row = in + b * p->accum_depth;
        int32_t o;
        for (o = 0; o < p->out_depth; ++o) {
            int32_t acc = (int32_t)fc_row_sum_s16(p, in_row, filter + o * p->accum_depth);
            int32_t scaled;
            if (bias != 0) acc += bias[o];
            scaled = mao_multiply_by_quantized_multiplier(acc, out_mult[o], out_shift[o]);
            scaled = mao_wrap_add(scaled, p->output_offset);
            out[b * p->out_depth + o] = (int16_t)mao_clamp_i32(scaled, p->act_min, p->act_max);
        }
    }
}
