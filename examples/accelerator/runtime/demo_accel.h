/* demo_accel: the driver of a (pretend) int8 convolution accelerator, called by code that
 * microaot generates with the demo_accel backend plugin. A real driver would write the
 * descriptor to the device's registers and start a job; this one computes the convolution on
 * the CPU with TensorFlow Lite Micro's reference arithmetic, so results are bit-exact. */
#ifndef DEMO_ACCEL_H
#define DEMO_ACCEL_H

#include <stdint.h>

/* Descriptor words (int32), in this order. The plugin fills them at compile time. */
enum {
    DEMO_ACCEL_BATCHES,
    DEMO_ACCEL_IN_H,
    DEMO_ACCEL_IN_W,
    DEMO_ACCEL_IN_C,
    DEMO_ACCEL_OUT_H,
    DEMO_ACCEL_OUT_W,
    DEMO_ACCEL_OUT_C,
    DEMO_ACCEL_K_H,
    DEMO_ACCEL_K_W,
    DEMO_ACCEL_STRIDE_H,
    DEMO_ACCEL_STRIDE_W,
    DEMO_ACCEL_DIL_H,
    DEMO_ACCEL_DIL_W,
    DEMO_ACCEL_PAD_H,
    DEMO_ACCEL_PAD_W,
    DEMO_ACCEL_INPUT_OFFSET,
    DEMO_ACCEL_OUTPUT_OFFSET,
    DEMO_ACCEL_ACT_MIN,
    DEMO_ACCEL_ACT_MAX,
    DEMO_ACCEL_WORDS
};

/* int8 CONV_2D, NHWC input, OHWI filter, int32 bias (or NULL), per-output-channel
 * requantization (mult[c], shift[c] as TFLite's QuantizeMultiplier). */
void demo_accel_conv2d_s8(const int32_t *desc, const int8_t *in, const int8_t *filter,
                          const int32_t *bias, const int32_t *mult, const int32_t *shift,
                          int8_t *out);

#endif
