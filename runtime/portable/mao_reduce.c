/* Reductions over any set of axes (see mao_reduce_params in mao_kernels.h): each output (the kept
 * dimension groups, row-major) reduces its elements in increasing input order, the order in which
 * TFLM's reference accumulates them, so float sums come out bit for bit. */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#include <float.h>

/* k decomposed row-major over dims[0 .. rank-1], each index times its stride. */
static int32_t group_offset(int32_t k, int32_t rank, const int32_t *dims, const int32_t *strides) {
    int32_t offset = 0;
    int32_t d;
    for (d = rank - 1; d >= 0; --d) {
        offset += (k % dims[d]) * strides[d];
        k /= dims[d];
    }
    return offset;
}

static int32_t output_base(const mao_reduce_params *p, int32_t o) {
    return group_offset(o, p->outer_rank, p->outer_dims, p->outer_strides);
}

static int32_t inner_offset(const mao_reduce_params *p, int32_t i) {
    return group_offset(i, p->inner_rank, p->inner_dims, p->inner_strides);
}

/* int8 and int16 MEAN and SUM: the int32 sum of each output's elements, the input zero point
 * taken out, then one requantization (TFLM QuantizedMeanOrSum; for MEAN the 1/count factor is
 * folded into the multiplier at compile time). The sums wrap as the reference's int32 does. */
static int32_t zero_point_sum(const mao_reduce_params *p) {
    /* The reference forms zp * count in 64 bits and keeps the low 32. */
    return (int32_t)(uint32_t)((uint64_t)(int64_t)p->input_zp * (uint64_t)(int64_t)p->count);
}

static int32_t requantized_sum(const mao_reduce_params *p, int32_t sum, int32_t zero_sum) {
    return mao_multiply_by_quantized_multiplier(mao_wrap_sub(sum, zero_sum), p->multiplier,
                                                p->shift) +
           p->output_zp;
}

static void requantized_sums_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out) {
    const int32_t zero_sum = zero_point_sum(p);
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = output_base(p, o);
        int32_t sum = 0;
        int32_t i;
        for (i = 0; i < p->count; ++i)
            sum = mao_wrap_add(sum, in[base + inner_offset(p, i)]);
        out[o] = (int8_t)mao_clamp_i32(requantized_sum(p, sum, zero_sum), INT8_MIN, INT8_MAX);
    }
}

static void requantized_sums_s16(const mao_reduce_params *p, const int16_t *in, int16_t *out) {
    const int32_t zero_sum = zero_point_sum(p);
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = output_base(p, o);
        int32_t sum = 0;
        int32_t i;
        for (i = 0; i < p->count; ++i)
            sum = mao_wrap_add(sum, in[base + inner_offset(p, i)]);
        out[o] = (int16_t)mao_clamp_i32(requantized_sum(p, sum, zero_sum), INT16_MIN, INT16_MAX);
    }
}

void mao_mean_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out) {
    requantized_sums_s8(p, in, out);
}

void mao_mean_s16(const mao_reduce_params *p, const int16_t *in, int16_t *out) {
    requantized_sums_s16(p, in, out);
}

/* float MEAN: the sum in increasing input order, divided by the element count. */
void mao_mean_f32(const mao_reduce_params *p, const float *in, float *out) {
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = output_base(p, o);
        float sum = 0.0f;
        int32_t i;
        for (i = 0; i < p->count; ++i)
            sum += in[base + inner_offset(p, i)];
        out[o] = sum / (float)p->count;
    }
}

/* ops-binary group. */

void mao_sum_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out) {
    requantized_sums_s8(p, in, out);
}

void mao_sum_s16(const mao_reduce_params *p, const int16_t *in, int16_t *out) {
    requantized_sums_s16(p, in, out);
}

/* float SUM: TFLM's ReduceGeneric adds each element to its output in increasing input order. */
void mao_sum_f32(const mao_reduce_params *p, const float *in, float *out) {
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = output_base(p, o);
        float sum = 0.0f;
        int32_t i;
        for (i = 0; i < p->count; ++i)
            sum += in[base + inner_offset(p, i)];
        out[o] = sum;
    }
}

/* REDUCE_MAX from the type's lowest value, replacing it by each larger element (TFLM
 * ReduceGeneric with `in > current ? in : current`). */
void mao_reduce_max_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out) {
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = output_base(p, o);
        int8_t best = -128;
        int32_t i;
        for (i = 0; i < p->count; ++i) {
            const int8_t v = in[base + inner_offset(p, i)];
            best = v > best ? v : best;
        }
        out[o] = best;
    }
}

void mao_reduce_max_f32(const mao_reduce_params *p, const float *in, float *out) {
    int32_t o;
    for (o = 0; o < p->outputs; ++o) {
        const int32_t base = output_base(p, o);
        float best = -FLT_MAX;
        int32_t i;
        for (i = 0; i < p->count; ++i) {
            const float v = in[base + inner_offset(p, i)];
            best = v > best ? v : best;
        }
        out[o] = best;
    }
}
