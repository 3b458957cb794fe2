/* int8 FULLY_CONNECTED (per-tensor), Cortex-M4 DSP version of the portable kernel (same API,
 * bit-exact). */
#include "mao_fixedpoint.h"
#include "mao_kernels.h"

#include "mao_cm4_fc_core.h"

void mao_fully_connected_s8(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                            const int32_t *bias, int8_t *out) {
    cm4_fc_core(p, in, filter, bias, p->input_offset, p->filter_offset, &p->out_mult, &p->out_shift,
                0, out);
}
