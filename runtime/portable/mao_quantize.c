/* QUANTIZE (float -> int8/int16, requantization between integer types) and DEQUANTIZE
 * (int8/uint8/int16 -> float), as TFLM's reference kernels compute them (see
 * mao_quantize_params in mao_kernels.h). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* round(q) half away from zero plus zp, clamped to [lo, hi]; no libm. Quotients beyond +-2^20
 * saturate whatever zp is (|zp| < 2^16); within that range q - trunc(q) is exact. */
static int32_t quantize_one(float q, int32_t zp, int32_t lo, int32_t hi) {
    int32_t t;
    float frac;
    if (q != q) return mao_clamp_i32(zp, lo, hi);
    if (q > 1048576.0f) return hi;
    if (q < -1048576.0f) return lo;
    t = (int32_t)q;
    frac = q - (float)t;
    if (frac >= 0.5f)
        ++t;
    else if (frac <= -0.5f)
        --t;
    return mao_clamp_i32(t + zp, lo, hi);
}

void mao_quantize_f32_s8(const mao_quantize_params *p, const float *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int8_t)quantize_one(in[i] / p->scale, p->output_zp, INT8_MIN, INT8_MAX);
}

void mao_quantize_f32_s16(const mao_quantize_params *p, const float *in, int16_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int16_t)quantize_one(in[i] / p->scale, p->output_zp, INT16_MIN, INT16_MAX);
}

/* TFLM Requantize in int32: the subtraction and addition wrap as the reference's do on a
 * two's-complement machine (only an int32 input or output can reach the wrap). */
static int32_t requantize_one(int32_t x, const mao_quantize_params *p, int32_t lo, int32_t hi) {
    const int32_t scaled =
        mao_multiply_by_quantized_multiplier(mao_wrap_sub(x, p->input_zp), p->multiplier, p->shift);
    return mao_clamp_i32(mao_wrap_add(scaled, p->output_zp), lo, hi);
}

/* One requantizing kernel per (input, output) type pair TFLM has. */
void mao_requantize_s8_s8(const mao_quantize_params *p, const int8_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int8_t)requantize_one(in[i], p, INT8_MIN, INT8_MAX);
}

void mao_requantize_s8_u8(const mao_quantize_params *p, const int8_t *in, uint8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (uint8_t)requantize_one(in[i], p, 0, UINT8_MAX);
}

void mao_requantize_s8_s16(const mao_quantize_params *p, const int8_t *in, int16_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int16_t)requantize_one(in[i], p, INT16_MIN, INT16_MAX);
}

void mao_requantize_s8_s32(const mao_quantize_params *p, const int8_t *in, int32_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int32_t)requantize_one(in[i], p, INT32_MIN, INT32_MAX);
}

void mao_requantize_u8_s8(const mao_quantize_params *p, const uint8_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int8_t)requantize_one(in[i], p, INT8_MIN, INT8_MAX);
}

void mao_requantize_s16_s8(const mao_quantize_params *p, const int16_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int8_t)requantize_one(in[i], p, INT8_MIN, INT8_MAX);
}

void mao_requantize_s16_s16(const mao_quantize_params *p, const int16_t *in, int16_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int16_t)requantize_one(in[i], p, INT16_MIN, INT16_MAX);
}

void mao_requantize_s16_s32(const mao_quantize_params *p, const int16_t *in, int32_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int32_t)requantize_one(in[i], p, INT32_MIN, INT32_MAX);
}

void mao_requantize_s32_s8(const mao_quantize_params *p, const int32_t *in, int8_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int8_t)requantize_one(in[i], p, INT8_MIN, INT8_MAX);
}

void mao_requantize_s32_s16(const mao_quantize_params *p, const int32_t *in, int16_t *out) {
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (int16_t)requantize_one(in[i], p, INT16_MIN, INT16_MAX);
}

void mao_dequantize_s8_f32(const mao_quantize_params *p, const int8_t *in, float *out) {
    const double scale = (double)p->scale;
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (float)(scale * (double)(in[i] - p->input_zp));
}

void mao_dequantize_u8_f32(const mao_quantize_params *p, const uint8_t *in, float *out) {
    const double scale = (double)p->scale;
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (float)(scale * (double)(in[i] - p->input_zp));
}

void mao_dequantize_s16_f32(const mao_quantize_params *p, const int16_t *in, float *out) {
    const double scale = (double)p->scale;
    int32_t i;
    for (i = 0; i < p->size; ++i)
        out[i] = (float)(scale * (double)(in[i] - p->input_zp));
}
