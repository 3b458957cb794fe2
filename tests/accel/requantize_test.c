/* macarray_requantize_s8 (hoisted per-channel loop) against the straightforward loop over
 * mao_multiply_by_quantized_multiplier, the portable runtime's TFLite arithmetic: random and edge
 * accumulators, multipliers and shifts; any difference fails. */
#include "macarray.h"
#include "mao_fixedpoint.h"

#include <stdio.h>
#include <string.h>

enum { PIXELS = 37, CHANNELS = 13, STRIDE = 16, ROUNDS = 400 };

static uint32_t g_state = 12345u;

static uint32_t next_u32(void) {
    /* xorshift32 */
    g_state ^= g_state << 13;
    g_state ^= g_state >> 17;
    g_state ^= g_state << 5;
    return g_state;
}

static int32_t pick(const int32_t *edges, int n_edges) {
    uint32_t r = next_u32();
    if (r % 4u == 0u) return edges[(r >> 8) % (uint32_t)n_edges];
    return (int32_t)next_u32() >> (int)(next_u32() % 32u);
}

int main(void) {
    static const int32_t acc_edges[] = {0,         1,       -1,         2,     -2,    INT32_MAX,
                                        INT32_MIN, 1 << 30, -(1 << 30), 12345, -12345};
    static const int32_t mult_edges[] = {1 << 30, INT32_MAX, INT32_MIN, 0, 1, -1, 1518500250};
    int32_t acc[PIXELS * CHANNELS], mult[CHANNELS], shift[CHANNELS];
    int8_t got[PIXELS * STRIDE], want[PIXELS * STRIDE];
    int round, p, c, failures = 0;
    for (round = 0; round < ROUNDS; ++round) {
        int32_t offset = (int32_t)(next_u32() % 256u) - 128;
        int32_t lo = (int32_t)(next_u32() % 64u) - 128, hi = 127 - (int32_t)(next_u32() % 64u);
        for (p = 0; p < PIXELS * CHANNELS; ++p)
            acc[p] = pick(acc_edges, (int)(sizeof acc_edges / sizeof acc_edges[0]));
        for (c = 0; c < CHANNELS; ++c) {
            mult[c] = pick(mult_edges, (int)(sizeof mult_edges / sizeof mult_edges[0]));
            shift[c] = (int32_t)(next_u32() % 63u) - 31; /* -31 .. 31 */
        }
        memset(got, 0x5a, sizeof got);
        memset(want, 0x5a, sizeof want);
        macarray_requantize_s8(acc, PIXELS, CHANNELS, mult, shift, offset, lo, hi, got, STRIDE);
        for (p = 0; p < PIXELS; ++p)
            for (c = 0; c < CHANNELS; ++c) {
                int32_t v =
                    mao_multiply_by_quantized_multiplier(acc[p * CHANNELS + c], mult[c], shift[c]);
                want[p * STRIDE + c] = (int8_t)mao_clamp_i32(mao_wrap_add(v, offset), lo, hi);
            }
        if (memcmp(got, want, sizeof got) != 0) {
            ++failures;
            for (p = 0; p < PIXELS * STRIDE; ++p)
                if (got[p] != want[p]) {
                    printf("FAIL: round %d, output %d: %d, want %d\n", round, p, got[p], want[p]);
                    break;
                }
        }
    }
    printf("%s: %d rounds of %d outputs, %d failing\n", failures ? "FAIL" : "PASS", ROUNDS,
           PIXELS * CHANNELS, failures);
    return failures ? 1 : 0;
}
