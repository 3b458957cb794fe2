/* int8 ADD with 4-D broadcasting; the per-element arithmetic mirrors TFLM reference
 * integer_ops AddFunc (both inputs rescaled to a common 2^-20-finer scale, summed, requantized). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

static int8_t add_element_s8(const mao_add_params *p, int8_t x, int8_t y) {
    const int32_t input1_val = p->input1_offset + x;
    const int32_t input2_val = p->input2_offset + y;
    const int32_t shifted_input1_val = mao_wrap_shl(input1_val, p->left_shift);
    const int32_t shifted_input2_val = mao_wrap_shl(input2_val, p->left_shift);
    const int32_t scaled_input1_val = mao_multiply_by_quantized_multiplier(
        shifted_input1_val, p->input1_multiplier, p->input1_shift);
    const int32_t scaled_input2_val = mao_multiply_by_quantized_multiplier(
        shifted_input2_val, p->input2_multiplier, p->input2_shift);
    const int32_t raw_sum = mao_wrap_add(scaled_input1_val, scaled_input2_val);
    const int32_t raw_output =
        mao_multiply_by_quantized_multiplier(raw_sum, p->output_multiplier, p->output_shift) +
        p->output_offset;
    return (int8_t)mao_clamp_i32(raw_output, p->act_min, p->act_max);
}

void mao_add_s8(const mao_add_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
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
                    out[out_index++] = add_element_s8(p, in1[base1 + d3 * p->in1_strides[3]],
                                                      in2[base2 + d3 * p->in2_strides[3]]);
                }
            }
        }
    }
}
