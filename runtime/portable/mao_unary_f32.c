/* float32 activations and unary math, as TFLM's reference kernels compute them (see
 * mao_unary_params in mao_kernels.h). One function per operator: a model links only those it
 * calls (and only their libm functions). */
#include <math.h>

#include "mao_kernels.h"

void mao_logistic_f32(const mao_unary_params *p, const float *in, float *out) {
    /* TFLM's cutoffs: above, 1 / (1 + expf(-x)) rounds to 1; below, it equals expf(x) to float
     * precision. */
    const float cutoff_upper = 16.619047164916992188f;
    const float cutoff_lower = -9.0f;
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i) {
        const float v = in[i];
        if (v > cutoff_upper)
            out[i] = 1.0f;
        else if (v < cutoff_lower)
            out[i] = expf(v);
        else
            out[i] = 1.0f / (1.0f + expf(-v));
    }
}

void mao_tanh_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i)
        out[i] = tanhf(in[i]);
}

void mao_hard_swish_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i) {
        const float v = in[i];
        /* std::min(6, std::max(0, v + 3)), NaN included. */
        const float shifted = v + 3.0f;
        const float lower_bounded = 0.0f < shifted ? shifted : 0.0f;
        const float relu6 = lower_bounded < 6.0f ? lower_bounded : 6.0f;
        out[i] = v * relu6 / 6.0f;
    }
}

void mao_leaky_relu_f32(const mao_unary_params *p, const float *in, float *out) {
    const float alpha = p->alpha;
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i) {
        const float v = in[i];
        out[i] = v > 0.0f ? v : v * alpha;
    }
}

void mao_relu_n1_to_1_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i) {
        const float v = in[i];
        const float lower_bounded = v < -1.0f ? -1.0f : v;
        out[i] = lower_bounded > 1.0f ? 1.0f : lower_bounded;
    }
}

void mao_elu_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i) {
        const float v = in[i];
        out[i] = v < 0.0f ? expm1f(v) : v;
    }
}

void mao_abs_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i)
        out[i] = fabsf(in[i]);
}

void mao_neg_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i)
        out[i] = -in[i];
}

void mao_sqrt_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i)
        out[i] = sqrtf(in[i]);
}

void mao_rsqrt_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i)
        out[i] = 1.0f / sqrtf(in[i]);
}

void mao_exp_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i)
        out[i] = expf(in[i]);
}

void mao_log_f32(const mao_unary_params *p, const float *in, float *out) {
    const int32_t size = p->size;
    int32_t i;
    for (i = 0; i < size; ++i)
        out[i] = logf(in[i]);
}
