/* BATCH_MATMUL with broadcast batch axes and adjoint operands read in place (see
 * mao_batch_matmul_params in mao_kernels.h), as TFLM's reference BatchMatMul: each output is
 * one sum over the depth in increasing order (int32 for int8, then one requantization; float
 * from 0.0f). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Element offsets of batch index `batch` (row-major over p->batch_dims) in lhs and rhs. */
static void batch_offsets(const mao_batch_matmul_params *p, int32_t batch, int32_t *lhs_at,
                          int32_t *rhs_at) {
    int32_t d, rest = batch;
    *lhs_at = 0;
    *rhs_at = 0;
    for (d = MAO_MATMUL_MAX_BATCH_DIMS - 1; d >= 0; --d) {
        const int32_t i = rest % p->batch_dims[d];
        rest /= p->batch_dims[d];
        *lhs_at += i * p->lhs_batch_strides[d];
        *rhs_at += i * p->rhs_batch_strides[d];
    }
}

static int32_t batch_count(const mao_batch_matmul_params *p) {
    int32_t d, count = 1;
    for (d = 0; d < MAO_MATMUL_MAX_BATCH_DIMS; ++d)
        count *= p->batch_dims[d];
    return count;
}

void mao_batch_matmul_s8(const mao_batch_matmul_params *p, const int8_t *lhs, const int8_t *rhs,
                         int8_t *out) {
    const int32_t batches = batch_count(p);
    int32_t batch, m, n, k;
    for (batch = 0; batch < batches; ++batch) {
        int32_t lhs_at, rhs_at;
        batch_offsets(p, batch, &lhs_at, &rhs_at);
        for (m = 0; m < p->rows; ++m) {
            const int8_t *a = lhs + lhs_at + m * p->lhs_row_stride;
            for (n = 0; n < p->cols; ++n) {
                const int8_t *b = rhs + rhs_at + n * p->rhs_col_stride;
                int32_t acc = 0, value;
                for (k = 0; k < p->depth; ++k)
                    acc = mao_wrap_add(acc,
                                       ((int32_t)a[k * p->lhs_depth_stride] + p->lhs_offset) *
                                           ((int32_t)b[k * p->rhs_depth_stride] + p->rhs_offset));
                value = mao_multiply_by_quantized_multiplier(acc, p->out_mult, p->out_shift);
                *out++ = (int8_t)mao_clamp_i32(value + p->output_offset, -128, 127);
            }
        }
    }
}

void mao_batch_matmul_f32(const mao_batch_matmul_params *p, const float *lhs, const float *rhs,
                          float *out) {
    const int32_t batches = batch_count(p);
    int32_t batch, m, n, k;
    for (batch = 0; batch < batches; ++batch) {
        int32_t lhs_at, rhs_at;
        batch_offsets(p, batch, &lhs_at, &rhs_at);
        for (m = 0; m < p->rows; ++m) {
            const float *a = lhs + lhs_at + m * p->lhs_row_stride;
            for (n = 0; n < p->cols; ++n) {
                const float *b = rhs + rhs_at + n * p->rhs_col_stride;
                float total = 0.0f;
                for (k = 0; k < p->depth; ++k) {
                    /* Separate statement: keeps compilers from fusing into an FMA. */
                    const float product = a[k * p->lhs_depth_stride] * b[k * p->rhs_depth_stride];
                    total += product;
                }
                *out++ = total;
            }
        }
    }
}
