/* float_kernel.c - see float_kernel.h. Built with -ffp-contract=off on both sides so no
 * multiply-add is fused on one side only. */
#include "float_kernel.h"

#include <math.h>
#include <string.h>

#define INPUTS 16

static uint32_t next_random(uint32_t *state) {
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Values in [-4, 4) with 8 fractional bits: exact in single precision. */
static float random_value(uint32_t *state) {
    return (float)((int32_t)(next_random(state) % 2048u) - 1024) / 256.0f;
}

void float_kernel_run(uint32_t seed, float outputs[FLOAT_KERNEL_OUTPUTS]) {
    float inputs[INPUTS];
    uint32_t state = seed;
    for (int i = 0; i < INPUTS; ++i)
        inputs[i] = random_value(&state);
    float norm_squared = 1e-6f;
    for (int o = 0; o < FLOAT_KERNEL_OUTPUTS; ++o) {
        float sum = random_value(&state) / 3.0f;
        for (int i = 0; i < INPUTS; ++i)
            sum += random_value(&state) * 0.1f * inputs[i];
        outputs[o] = sum > 0.0f ? sum : 0.0f;
        norm_squared += outputs[o] * outputs[o];
    }
    float inverse_norm = 1.0f / sqrtf(norm_squared);
    for (int o = 0; o < FLOAT_KERNEL_OUTPUTS; ++o)
        outputs[o] *= inverse_norm;
}

uint32_t float_kernel_bits(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}
