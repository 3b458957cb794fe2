/* MAXIMUM and MINIMUM with broadcasting (see mao_binary_params in mao_kernels.h), as TFLM's
 * reference: the stored values compared as they are (int8 bytes without their quantization, the
 * converter gives inputs and output one scale), x > y ? x : y and x < y ? x : y. */
#include "mao_broadcast.h"
#include "mao_kernels.h"

static void maximum_row_s8(const void *params, const void *in1, int32_t step1, const void *in2,
                           int32_t step2, void *out, int32_t count) {
    const int8_t *a = (const int8_t *)in1, *b = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    (void)params;
    for (k = 0; k < count; ++k) {
        const int8_t x = a[k * step1], z = b[k * step2];
        y[k] = x > z ? x : z;
    }
}

static void minimum_row_s8(const void *params, const void *in1, int32_t step1, const void *in2,
                           int32_t step2, void *out, int32_t count) {
    const int8_t *a = (const int8_t *)in1, *b = (const int8_t *)in2;
    int8_t *y = (int8_t *)out;
    int32_t k;
    (void)params;
    for (k = 0; k < count; ++k) {
        const int8_t x = a[k * step1], z = b[k * step2];
        y[k] = x < z ? x : z;
    }
}

static void maximum_row_f32(const void *params, const void *in1, int32_t step1, const void *in2,
                            int32_t step2, void *out, int32_t count) {
    const float *a = (const float *)in1, *b = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    (void)params;
    for (k = 0; k < count; ++k) {
        const float x = a[k * step1], z = b[k * step2];
        y[k] = x > z ? x : z;
    }
}

static void minimum_row_f32(const void *params, const void *in1, int32_t step1, const void *in2,
                            int32_t step2, void *out, int32_t count) {
    const float *a = (const float *)in1, *b = (const float *)in2;
    float *y = (float *)out;
    int32_t k;
    (void)params;
    for (k = 0; k < count; ++k) {
        const float x = a[k * step1], z = b[k * step2];
        y[k] = x < z ? x : z;
    }
}

void mao_maximum_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t),
                       maximum_row_s8, p, in1, in2, out);
}

void mao_minimum_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(int8_t),
                       minimum_row_s8, p, in1, in2, out);
}

void mao_maximum_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float),
                       maximum_row_f32, p, in1, in2, out);
}

void mao_minimum_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out) {
    mao_broadcast_walk(p->rank, p->out_dims, p->in1_strides, p->in2_strides, sizeof(float),
                       minimum_row_f32, p, in1, in2, out);
}
