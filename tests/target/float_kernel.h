/* float_kernel.h - single-precision work compiled both for the target and for the host; the
 * two must print identical bit patterns (IEEE-754 basic operations are correctly rounded). */
#ifndef FLOAT_KERNEL_H
#define FLOAT_KERNEL_H

#include <stdint.h>

#define FLOAT_KERNEL_OUTPUTS 8

/* Dense layer + ReLU + L2 normalisation over pseudo-random inputs derived from seed. */
void float_kernel_run(uint32_t seed, float outputs[FLOAT_KERNEL_OUTPUTS]);

/* The bit pattern of a float, for exact printing. */
uint32_t float_kernel_bits(float value);

#endif /* FLOAT_KERNEL_H */
