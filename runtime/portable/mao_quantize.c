/* QUANTIZE (float -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float), as TFLM's reference
 * kernels compute them (see mao_quantize_params in mao_kernels.h). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* round(q) half away from zero, clamped to int8 after adding zp; no libm. Quotients beyond
 * +-2^20 saturate whatever zp is; within that range q - trunc(q) is exact. */
static int8_t quantize_one(float q, int32_t zp) {
    int32_t t;
    float frac;
    if (q != q) return (int8_t)mao_clamp_i32(zp, -128, 127);
    if (q > 1048576.0f) return 127;
    if (q < -1048576.0f) return -128;
    t = (int32_t)q;
    frac = q - (float)t;
    if (frac >= 0.5f)
        ++t;
    else if (frac <= -0.5f)
        --t;
    return (int8_t)mao_clamp_i32(t + zp, -128, 127);
}

void mao_quantize_f32_s8(const mao_quantize_params *p, const float *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = quantize_one(in[i] / p->scale, p->output_zp);
}

void mao_requantize_s8(const mao_quantize_params *p, const int8_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i) {
        const int32_t v =
            mao_multiply_by_quantized_multiplier(in[i] - p->input_zp, p->multiplier, p->shift) +
            p->output_zp;
        out[i] = (int8_t)mao_clamp_i32(v, -128, 127);
    }
}

void mao_dequantize_s8_f32(const mao_quantize_params *p, const int8_t *in, float *out) {
    const double scale = (double)p->scale;
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (float)(scale * (double)(in[i] - p->input_zp));
}
