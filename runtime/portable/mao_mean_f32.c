/* float MEAN: each output's elements summed in increasing input order (as TFLM's reference
 * accumulates them), then divided by the element count. */
#include "mao_kernels.h"
#include "mao_reduce.h"

void mao_mean_f32(const mao_reduce_params *p, const float *in, float *out) {
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = mao_reduce_offset(o, p->outer_rank, p->outer_dims, p->outer_strides);
        float sum = 0.0f;
        int32_t i;
        for (i = 0; i < p->count; ++i)
            sum += in[base + mao_reduce_offset(i, p->inner_rank, p->inner_dims, p->inner_strides)];
        out[o] = sum / (float)p->count;
    }
}
