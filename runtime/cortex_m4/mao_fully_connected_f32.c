/* float32 FULLY_CONNECTED, Cortex-M4F version of the portable kernel (same API; same operations
 * in the same order, so bit-identical). Compile with -ffp-contract=off. */
#include "mao_cm4_float.h"
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/*
 * Strategy: four weight rows at a time share each input load; every row's accumulator sums in
 * the reference order (inputs in order, then the bias); VMLA for the multiply-accumulate.
 * Stack (arm-none-eabi-gcc 12 -O2, -fstack-usage): 96 bytes.
 */
void mao_fully_connected_f32(const mao_fc_params *p, const float *in, const float *filter,
                             const float *bias, float *out) {
    const int32_t depth = p->accum_depth;
    int32_t b;
    for (b = 0; b < p->batches; ++b) {
        const float *x = in + b * depth;
        float *o_row = out + b * p->out_depth;
        int32_t o = 0;
        for (; o + 4 <= p->out_depth; o += 4) {
            const float *w0 = filter + o * depth;
            const float *w1 = w0 + depth;
            const float *w2 = w1 + depth;
            const float *w3 = w2 + depth;
            float t0 = 0.0f, t1 = 0.0f, t2 = 0.0f, t3 = 0.0f;
            int32_t d;
            for (d = 0; d < depth; ++d) {
                const float xv = x[d];
                t0 = cm4_fmac(t0, xv, w0[d]);
                t1 = cm4_fmac(t1, xv, w1[d]);
                t2 = cm4_fmac(t2, xv, w2[d]);
                t3 = cm4_fmac(t3, xv, w3[d]);
            }
            t0 += bias != 0 ? bias[o] : 0.0f;
            t1 += bias != 0 ? bias[o + 1] : 0.0f;
            t2 += bias != 0 ? bias[o + 2] : 0.0f;
            t3 += bias != 0 ? bias[o + 3] : 0.0f;
            o_row[o] = mao_clamp_f32(t0, p->f_act_min, p->f_act_max);
            o_row[o + 1] = mao_clamp_f32(t1, p->f_act_min, p->f_act_max);
            o_row[o + 2] = mao_clamp_f32(t2, p->f_act_min, p->f_act_max);
            o_row[o + 3] = mao_clamp_f32(t3, p->f_act_min, p->f_act_max);
        }
        for (; o < p->out_depth; ++o) {
            const float *w0 = filter + o * depth;
            float t = 0.0f;
            int32_t d;
            for (d = 0; d < depth; ++d)
                t = cm4_fmac(t, x[d], w0[d]);
            t += bias != 0 ? bias[o] : 0.0f;
            o_row[o] = mao_clamp_f32(t, p->f_act_min, p->f_act_max);
        }
    }
}
