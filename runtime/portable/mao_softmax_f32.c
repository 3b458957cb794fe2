/* float32 SOFTMAX; mirrors the TFLite reference: row max, expf((x - max) * beta) stored in the
 * output and summed in order, then each output divided by the sum. */
#include <float.h>
#include <math.h>

#include "mao_kernels.h"

static void softmax_row_f32(const mao_softmax_params *p, const float *in, float *out) {
    float max = -FLT_MAX;
    float sum = 0.0f;
    int32_t c;
    for (c = 0; c < p->depth; ++c) {
        if (max < in[c]) max = in[c];
    }
    for (c = 0; c < p->depth; ++c) {
        const float scaled = (in[c] - max) * p->beta;
        const float exp_c = expf(scaled);
        out[c] = exp_c;
        sum += exp_c;
    }
    for (c = 0; c < p->depth; ++c)
        out[c] = out[c] / sum;
}

void mao_softmax_f32(const mao_softmax_params *p, const float *in, float *out) {
    int32_t i;
    for (i = 0; i < p->outer; ++i) {
        softmax_row_f32(p, in + i * p->depth, out + i * p->depth);
    }
}
