/* int8 MEAN: the int32 sum of each output's elements, the input zero point taken out, then one
 * requantization with the 1/count factor folded into the multiplier (TFLM QuantizedMeanOrSum). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"
#include "mao_reduce.h"

void mao_mean_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out) {
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = mao_reduce_offset(o, p->outer_rank, p->outer_dims, p->outer_strides);
        int32_t sum = 0;
        int32_t i;
        for (i = 0; i < p->count; ++i)
            sum = mao_wrap_add(
                sum,
                in[base + mao_reduce_offset(i, p->inner_rank, p->inner_dims, p->inner_strides)]);
        {
            /* The reference forms sum - zp * count in 64 bits and keeps the low 32. */
            const int32_t shifted =
                mao_wrap_sub(sum, (int32_t)(uint32_t)((uint64_t)(int64_t)p->input_zp *
                                                      (uint64_t)(int64_t)p->count));
            const int32_t value =
                mao_multiply_by_quantized_multiplier(shifted, p->multiplier, p->shift) +
                p->output_zp;
            out[o] = (int8_t)mao_clamp_i32(value, -128, 127);
        }
    }
}
