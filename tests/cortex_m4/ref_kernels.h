/* Declarations of the renamed portable kernels compiled by ref_kernels.c. */
#ifndef CM4_TEST_REF_KERNELS_H
#define CM4_TEST_REF_KERNELS_H

#include "mao_kernels.h"

void ref_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                   const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                   int8_t *out);
void ref_depthwise_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                             const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int8_t *out);
void ref_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                    const float *bias, float *out);
void ref_depthwise_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                              const float *bias, float *out);
void ref_fully_connected_s8(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                            const int32_t *bias, int8_t *out);
void ref_fully_connected_s8_folded(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *out);
void ref_fully_connected_s8_per_channel(const mao_fc_params *p, const int8_t *in,
                                        const int8_t *filter, const int32_t *bias,
                                        const int32_t *out_mult, const int32_t *out_shift,
                                        int8_t *out);
void ref_fully_connected_f32(const mao_fc_params *p, const float *in, const float *filter,
                             const float *bias, float *out);
void ref_avg_pool_s8(const mao_pool_params *p, const int8_t *in, int8_t *out);
void ref_max_pool_s8(const mao_pool_params *p, const int8_t *in, int8_t *out);
void ref_avg_pool_f32(const mao_pool_params *p, const float *in, float *out);
void ref_max_pool_f32(const mao_pool_params *p, const float *in, float *out);

#endif
