/* int8 FULLY_CONNECTED with the input offset folded into the bias, Cortex-M4 DSP version of
 * the portable kernel (same API, bit-exact). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

/* Without the variants that requantize in the asm. */
#define CM4_FC_NO_FUSED 1
#include "mao_cm4_fc_core.h"

void mao_fully_connected_s8_folded(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *out) {
    /* The input offset is already in folded_bias; filter_offset is 0 by contract. */
    cm4_fc_core(p, in, filter, folded_bias, 0, 0, &p->out_mult, &p->out_shift, 0, out);
}
