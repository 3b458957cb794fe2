/* The portable kernels under other names (ref_*), so that one test binary can call both them
 * and the Cortex-M4 kernels of the same name. Compiled as one translation unit: the portable
 * files' private helpers have distinct names. */
#define mao_conv2d_s8 ref_conv2d_s8
#define mao_depthwise_conv2d_s8 ref_depthwise_conv2d_s8
#define mao_conv2d_f32 ref_conv2d_f32
#define mao_depthwise_conv2d_f32 ref_depthwise_conv2d_f32
#define mao_fully_connected_s8 ref_fully_connected_s8
#define mao_fully_connected_s8_folded ref_fully_connected_s8_folded
#define mao_fully_connected_s8_per_channel ref_fully_connected_s8_per_channel
#define mao_fully_connected_f32 ref_fully_connected_f32
#define mao_avg_pool_s8 ref_avg_pool_s8
#define mao_max_pool_s8 ref_max_pool_s8
#define mao_avg_pool_f32 ref_avg_pool_f32
#define mao_max_pool_f32 ref_max_pool_f32

#include "mao_avg_pool_f32.c"
#include "mao_avg_pool_s8.c"
#include "mao_conv2d_f32.c"
#include "mao_conv2d_s8.c"
#include "mao_depthwise_conv2d_f32.c"
#include "mao_depthwise_conv2d_s8.c"
#include "mao_fully_connected_f32.c"
#include "mao_fully_connected_s8.c"
#include "mao_fully_connected_s8_folded.c"
#include "mao_fully_connected_s8_per_channel.c"
#include "mao_max_pool_f32.c"
#include "mao_max_pool_s8.c"
