/*
 * microaot portable kernel runtime: public API.
 *
 * Plain C99, no allocation, no globals. Every kernel matches TensorFlow Lite Micro's reference
 * kernels bit-exactly (int8) or operation-for-operation (float32) when the parameters are derived
 * as documented below. The helpers in backends/cpu/kernel_params.h compute the derived values.
 *
 * Layouts follow TFLite: activations NHWC, conv filter OHWI, depthwise filter 1HW(C*M),
 * fully-connected weights [out][in], biases int32 (int8 kernels), int64 or int32 (int16 "16x8"
 * kernels: int16 activations, int8 weights) or float (float kernels).
 *
 * Conventions used in the field comments:
 *   "zp"  = zero point, "scale" = tensor scale (float32, as stored in the .tflite file).
 *   QuantizeMultiplier(x)      = microaot::cpu::quantize_multiplier(x) (TFLite's frexp-based one).
 *   ActRangeInt8(act, s, zp)   = microaot::cpu::activation_range_int8(...)
 *   ActRangeFloat(act)         = microaot::cpu::activation_range_float(...)
 *   Padding                    = microaot::cpu::compute_padding(...), i.e. TFLite's
 *                                ComputePaddingHeightWidth: the top/left padding only.
 *
 * Aliasing: unless stated otherwise, outputs must not overlap inputs.
 *
 * Float kernels: compile with -ffp-contract=off (or strict ISO mode, e.g. -std=c99, under gcc) so
 * that the multiply-accumulate order matches the reference (no fused multiply-add).
 */
#ifndef MAO_KERNELS_H
#define MAO_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAO_KERNELS_API_VERSION 2

/* ------------------------------------------------------------------------------------------ */
/* Convolution (CONV_2D) and depthwise convolution (DEPTHWISE_CONV_2D).                        */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t batches; /* N of input and output */
    int32_t in_h;    /* input H */
    int32_t in_w;    /* input W */
    int32_t in_c;    /* input C; conv: equals filter I (no grouped conv) */
    int32_t out_h;   /* output H = TFLite ComputeOutSize(padding, in_h, k_h, stride_h, dil_h) */
    int32_t out_w;   /* output W, same formula on the width */
    int32_t out_c;   /* output C; conv: filter O; depthwise: in_c * depth_multiplier */
    int32_t k_h;     /* filter H */
    int32_t k_w;     /* filter W */
    int32_t stride_h;
    int32_t stride_w;
    int32_t dil_h; /* dilation_h_factor (1 when absent) */
    int32_t dil_w; /* dilation_w_factor (1 when absent) */
    int32_t pad_h; /* top padding: Padding(stride_h, dil_h, in_h, k_h, out_h) (0 for VALID) */
    int32_t pad_w; /* left padding: Padding(stride_w, dil_w, in_w, k_w, out_w) */
    int32_t depth_multiplier; /* depthwise only: out_c / in_c; conv: ignored (set 1) */
    int32_t input_offset;     /* int8: -input_zp; int16 and float: unused (0) */
    int32_t output_offset;    /* int8: output_zp; int16 and float: unused (0) */
    int32_t act_min; /* int8/int16: ActRange(fused_act, output_scale, output_zp).min, in the
                        activation type's range */
    int32_t act_max; /* int8/int16: ActRange(...).max */
    float f_act_min; /* float: ActRangeFloat(fused_act).min (-FLT_MAX for NONE) */
    float f_act_max; /* float: ActRangeFloat(fused_act).max (+FLT_MAX for NONE) */
} mao_conv_params;

/*
 * int8 CONV_2D with per-output-channel requantization (TFLM reference ConvPerChannel).
 * filter: int8 OHWI (symmetric, zp 0). bias: int32 [out_c] or NULL.
 * out_mult[c], out_shift[c] = QuantizeMultiplier((double)input_scale * (double)filter_scale[c]
 *     / (double)output_scale), for every output channel c (filter_scale[0] repeated when the
 *     filter is per-tensor quantized). cpu::conv_per_channel_multipliers() does exactly this.
 * scratch: workspace the compiler planned for this call (the portable kernel needs none and
 *     ignores it; the Cortex-M4 kernel needs 4 * (K / 4) + 6 words, plus K bytes when in_c is
 *     not a multiple of 4, K = k_h * k_w * in_c, 4-byte aligned).
 */
void mao_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                   const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                   int8_t *out, void *scratch);

/*
 * int8 DEPTHWISE_CONV_2D, per-channel (TFLM reference DepthwiseConvPerChannel).
 * filter: int8 [1][k_h][k_w][out_c], output channel oc = ic * depth_multiplier + m.
 * out_mult/out_shift: as for mao_conv2d_s8, one per output channel (filter quantized_dimension 3).
 * scratch: as for mao_conv2d_s8 (the Cortex-M4 kernel needs 80 + 8 * k_h * k_w bytes, 8-byte
 *     aligned, when depth_multiplier is 1 and in_c >= 4; the portable one none).
 */
void mao_depthwise_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                             const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int8_t *out, void *scratch);

/*
 * int16 CONV_2D with int8 weights ("16x8", TFLM reference ConvPerChannel for int16 input).
 * Input and output zero points are 0 (TFLM's kernel reads no offset; the compiler refuses
 * others), input_offset/output_offset unused. filter, out_mult, out_shift as for mao_conv2d_s8.
 * mao_conv2d_s16: int64 bias [out_c] or NULL, int64 accumulator, TFLite's int64
 *     MultiplyByQuantizedMultiplier (multiplier rounded to 16 bits; needs |acc| < 2^47 and
 *     out_shift < 8, which the compiler proves).
 * mao_conv2d_s16_bias32: int32 bias [out_c], int32 accumulator and the int32 (double-rounding)
 *     MultiplyByQuantizedMultiplier, TFLM's form for an int32 bias.
 * scratch: unused (the Cortex-M4 runtime uses these portable kernels).
 */
void mao_conv2d_s16(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                    const int64_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                    int16_t *out, void *scratch);
void mao_conv2d_s16_bias32(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                           const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                           int16_t *out, void *scratch);

/* int16 DEPTHWISE_CONV_2D with int8 weights (TFLM reference DepthwiseConvPerChannel for int16
 * input): as mao_conv2d_s16 (int64 bias or NULL, int64 accumulator, zero points 0) with the
 * depthwise filter layout of mao_depthwise_conv2d_s8. TFLM has no int32-bias form. */
void mao_depthwise_conv2d_s16(const mao_conv_params *p, const int16_t *in, const int8_t *filter,
                              const int64_t *bias, const int32_t *out_mult,
                              const int32_t *out_shift, int16_t *out, void *scratch);

/* float32 CONV_2D (reference Conv): sum over (ky, kx, ic) in float, then + bias, then clamp.
 * bias may be NULL. */
void mao_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                    const float *bias, float *out);

/* float32 DEPTHWISE_CONV_2D (reference DepthwiseConv). bias may be NULL. */
void mao_depthwise_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                              const float *bias, float *out);

/*
 * TRANSPOSE_CONV (TFLM reference TransposeConv), int8 per-channel and float32. filter: OHWI
 * [out_c][k_h][k_w][in_c]; pad_h/pad_w: rows/columns dropped at the start of the full
 * (in - 1) * stride + k result (TFLite's padding computed over the output size); dil_* and
 * depth_multiplier unused (1). out_mult/out_shift as for mao_conv2d_s8; scratch unused.
 */
void mao_transpose_conv2d_s8(const mao_conv_params *p, const int8_t *in, const int8_t *filter,
                             const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int8_t *out, void *scratch);
void mao_transpose_conv2d_f32(const mao_conv_params *p, const float *in, const float *filter,
                              const float *bias, float *out);

/* ------------------------------------------------------------------------------------------ */
/* Fully connected.                                                                            */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t batches;       /* product of all input dims / accum_depth (TFLM flattens the input) */
    int32_t accum_depth;   /* weights dim 1 (inputs per output) */
    int32_t out_depth;     /* weights dim 0 (number of outputs) */
    int32_t input_offset;  /* -input_zp (ignored by mao_fully_connected_s8_folded) */
    int32_t filter_offset; /* -filter_zp (0 for TFLite int8 weights) */
    int32_t output_offset; /* output_zp */
    /* Per-tensor requantization, as TFLM's GetQuantizedConvolutionMultipler computes it (the
     * input*filter scale product is formed in float32 first):
     * QuantizeMultiplier((double)(input_scale * filter_scale) / (double)output_scale).
     * cpu::fully_connected_multiplier() does exactly this. Unused by the per-channel variant. */
    int32_t out_mult;
    int32_t out_shift;
    int32_t act_min; /* ActRange(fused_act, output_scale, output_zp).min (int8 or int16) */
    int32_t act_max; /* ActRange(...).max */
    float f_act_min; /* ActRangeFloat(fused_act).min */
    float f_act_max; /* ActRangeFloat(fused_act).max */
} mao_fc_params;

/* int8 FULLY_CONNECTED, per-tensor (TFLM reference integer FullyConnected).
 * acc = sum_i (w[o][i] + filter_offset) * (x[i] + input_offset) + bias[o]. bias may be NULL. */
void mao_fully_connected_s8(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                            const int32_t *bias, int8_t *out);

/*
 * int8 FULLY_CONNECTED with the input zero point folded into the bias at compile time:
 *   folded_bias[o] = bias[o] + input_offset * sum_i w[o][i]   (int32, bias 0 when absent).
 * Requires filter_offset == 0; then the result equals mao_fully_connected_s8 bit for bit.
 * folded_bias must not be NULL. cpu::fold_fc_input_offset() computes it.
 */
void mao_fully_connected_s8_folded(const mao_fc_params *p, const int8_t *in, const int8_t *filter,
                                   const int32_t *folded_bias, int8_t *out);

/* int8 FULLY_CONNECTED with per-output-channel requantization (TFLM FullyConnectedPerChannel,
 * used when the weights have one scale per output row). out_mult/out_shift[o] =
 * QuantizeMultiplier((double)input_scale * (double)filter_scale[o] / (double)output_scale).
 * filter_offset is ignored (symmetric weights). bias may be NULL. */
void mao_fully_connected_s8_per_channel(const mao_fc_params *p, const int8_t *in,
                                        const int8_t *filter, const int32_t *bias,
                                        const int32_t *out_mult, const int32_t *out_shift,
                                        int8_t *out);

/*
 * int16 FULLY_CONNECTED with int8 weights ("16x8", TFLM reference integer FullyConnected and
 * FullyConnectedPerChannel for int16 input):
 *   acc = sum_i (w[o][i] + filter_offset) * (x[i] + input_offset) + bias[o],
 *   y = clamp(MultiplyByQuantizedMultiplier(acc, out_mult[o], out_shift[o]) + output_offset).
 * out_mult/out_shift: one per output, QuantizeMultiplier((double)input_scale *
 *     (double)filter_scale[o] / (double)output_scale) for per-channel weights, the per-tensor
 *     multiplier of mao_fc_params (cpu::fully_connected_multiplier()) repeated otherwise.
 *     p->out_mult/p->out_shift are unused.
 * mao_fully_connected_s16: int64 bias or NULL, int64 accumulator and TFLite's int64
 *     MultiplyByQuantizedMultiplier (|acc| < 2^47 and out_shift < 8, proven by the compiler).
 * mao_fully_connected_s16_bias32: int32 bias, int32 accumulator and the int32 (double-rounding)
 *     MultiplyByQuantizedMultiplier.
 */
void mao_fully_connected_s16(const mao_fc_params *p, const int16_t *in, const int8_t *filter,
                             const int64_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                             int16_t *out);
void mao_fully_connected_s16_bias32(const mao_fc_params *p, const int16_t *in, const int8_t *filter,
                                    const int32_t *bias, const int32_t *out_mult,
                                    const int32_t *out_shift, int16_t *out);

/* float32 FULLY_CONNECTED (reference FullyConnected): float sum, + bias, clamp. bias may be NULL */
void mao_fully_connected_f32(const mao_fc_params *p, const float *in, const float *filter,
                             const float *bias, float *out);

/* ------------------------------------------------------------------------------------------ */
/* Pooling (AVERAGE_POOL_2D, MAX_POOL_2D).                                                     */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t batches;
    int32_t in_h;
    int32_t in_w;
    int32_t channels; /* input C == output C */
    int32_t out_h;    /* ComputeOutSize(padding, in_h, filter_h, stride_h, 1) */
    int32_t out_w;
    int32_t filter_h;
    int32_t filter_w;
    int32_t stride_h;
    int32_t stride_w;
    int32_t pad_h;   /* Padding(stride_h, 1, in_h, filter_h, out_h) */
    int32_t pad_w;   /* Padding(stride_w, 1, in_w, filter_w, out_w) */
    int32_t act_min; /* int8/int16: ActRange(fused_act, output_scale, output_zp) (TFLM requires
                        input and output quantization to be equal) */
    int32_t act_max;
    float f_act_min; /* float: ActRangeFloat(fused_act) */
    float f_act_max;
} mao_pool_params;

/* int8 average pool: sum of valid (in-image) taps, rounded half away from zero division by the
 * number of valid taps, clamp. */
void mao_avg_pool_s8(const mao_pool_params *p, const int8_t *in, int8_t *out);
void mao_max_pool_s8(const mao_pool_params *p, const int8_t *in, int8_t *out);
/* int16 average and max pool: as the int8 ones (int32 sum, TFLM's int16 AveragePool/MaxPool). */
void mao_avg_pool_s16(const mao_pool_params *p, const int16_t *in, int16_t *out);
void mao_max_pool_s16(const mao_pool_params *p, const int16_t *in, int16_t *out);
/* float average pool: float sum of valid taps / count of valid taps, clamp. */
void mao_avg_pool_f32(const mao_pool_params *p, const float *in, float *out);
void mao_max_pool_f32(const mao_pool_params *p, const float *in, float *out);

/* ------------------------------------------------------------------------------------------ */
/* Softmax over the innermost dimension.                                                       */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t outer; /* number of rows = product of all dims except the last */
    int32_t depth; /* last dim */
    /* int8 only, from cpu::softmax_int8_params(input_scale, beta) (TFLM PreprocessSoftmaxScaling
     * with 5 integer bits, then diff_min = -CalculateInputRadius(5, input_left_shift)).
     * TFLM requires the int8 output to have scale 1/256 and zp -128. */
    int32_t input_multiplier;
    int32_t input_left_shift;
    int32_t diff_min;
    float beta; /* float only: the operator's beta */
} mao_softmax_params;

/* int8 -> int8 softmax (reference SoftmaxInt8 path). out may equal in exactly. */
void mao_softmax_s8(const mao_softmax_params *p, const int8_t *in, int8_t *out);
/* float softmax: max, expf((x - max) * beta), sum, divide. out may equal in exactly. */
void mao_softmax_f32(const mao_softmax_params *p, const float *in, float *out);

/* ------------------------------------------------------------------------------------------ */
/* Element-wise ADD with up to 4-D broadcasting.                                               */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    /* Output shape, right-aligned into 4 dims (leading 1s); the output is written contiguously.
     * The compiler passes the merged walk of cpu::binary_broadcast (see mao_binary_params). */
    int32_t out_dims[4];
    /* Element strides of each input for each output dim, in the same right-aligned 4-D frame:
     * the input's row-major stride where its dim equals out_dims[d], 0 where it is broadcast
     * (input dim 1 or absent). cpu::broadcast_strides() computes them. */
    int32_t in1_strides[4];
    int32_t in2_strides[4];
    /* int8 / int16, from cpu::add_quantized_params(input1_scale, input1_zp, input2_scale,
     * input2_zp, output_scale, output_zp, act, storage) which mirrors TFLM's CalculateOpDataAdd
     * (L = left_shift): */
    int32_t left_shift;        /* 20 (int8), 15 (int16) */
    int32_t input1_offset;     /* -input1_zp */
    int32_t input1_multiplier; /* QuantizeMultiplier(s1 / (2 * max(s1, s2))) (shift <= 0) */
    int32_t input1_shift;
    int32_t input2_offset; /* -input2_zp */
    int32_t input2_multiplier;
    int32_t input2_shift;
    int32_t output_offset;     /* output_zp */
    int32_t output_multiplier; /* QuantizeMultiplier(2 * max(s1, s2) / ((1 << L) * s_out)) */
    int32_t output_shift;
    int32_t act_min; /* ActRange(fused_act, output_scale, output_zp), in the output type */
    int32_t act_max;
    float f_act_min; /* float: ActRangeFloat(fused_act) */
    float f_act_max;
} mao_add_params;

/* out may equal in1 (or in2) exactly when that input is not broadcast. */
void mao_add_s8(const mao_add_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
void mao_add_s16(const mao_add_params *p, const int16_t *in1, const int16_t *in2, int16_t *out);
void mao_add_f32(const mao_add_params *p, const float *in1, const float *in2, float *out);

/* ------------------------------------------------------------------------------------------ */
/* Standalone activations (RELU, RELU6) that could not be fused into their producer.           */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    int32_t size;      /* number of elements */
    int32_t input_zp;  /* int8/int16: input zero point (subtracted before requantization) */
    int32_t output_zp; /* int8/int16: output zero point */
    /* int8/int16 RELU (TFLM ReluQuantized): QuantizeMultiplier((double)input_scale /
     * (double)output_scale).
     * out_mult == 0 selects a plain clamp of the input values (TFLM's RELU6 clamps in the
     * input's quantized domain without rescaling). */
    int32_t out_mult;
    int32_t out_shift;
    /* RELU: [max(qmin, output_zp), qmax]; RELU6: [input_zp, input_zp + round(6/s_in)]
     * clamped to [qmin, qmax], the int8 or int16 range. */
    int32_t act_min;
    int32_t act_max;
    float f_act_min; /* float: 0 */
    float f_act_max; /* float: FLT_MAX for RELU, 6 for RELU6 */
} mao_activation_params;

/* out may equal in exactly. */
void mao_relu_s8(const mao_activation_params *p, const int8_t *in, int8_t *out);
void mao_relu_s16(const mao_activation_params *p, const int16_t *in, int16_t *out);
void mao_relu_f32(const mao_activation_params *p, const float *in, float *out);

/* QUANTIZE and DEQUANTIZE (TFLM reference AffineQuantize, Requantize, Dequantize), element by
 * element over `size` elements, for every type pair TFLM has a kernel for:
 *   mao_quantize_f32_<o>:     out = clamp(round_half_away(in / scale) + output_zp), the quotient
 *                             in float; NaN gives output_zp.
 *   mao_requantize_<i>_<o>:   out = clamp(MBQM(in - input_zp, multiplier, shift) + output_zp),
 *                             multiplier/shift = QuantizeMultiplier(input_scale / output_scale);
 *                             the int32 subtraction and addition wrap, as in the reference.
 *   mao_dequantize_<i>_f32:   out = (float)((double)scale * (in - input_zp)).
 * `scale` is the output's (quantize) or the input's (dequantize) scale; clamp is to the output
 * type's range. */
typedef struct {
    int32_t size;
    float scale;
    int32_t input_zp;
    int32_t output_zp;
    int32_t multiplier;
    int32_t shift;
} mao_quantize_params;

void mao_quantize_f32_s8(const mao_quantize_params *p, const float *in, int8_t *out);
void mao_quantize_f32_s16(const mao_quantize_params *p, const float *in, int16_t *out);
void mao_requantize_s8_s8(const mao_quantize_params *p, const int8_t *in, int8_t *out);
void mao_requantize_s8_u8(const mao_quantize_params *p, const int8_t *in, uint8_t *out);
void mao_requantize_s8_s16(const mao_quantize_params *p, const int8_t *in, int16_t *out);
void mao_requantize_s8_s32(const mao_quantize_params *p, const int8_t *in, int32_t *out);
void mao_requantize_u8_s8(const mao_quantize_params *p, const uint8_t *in, int8_t *out);
void mao_requantize_s16_s8(const mao_quantize_params *p, const int16_t *in, int8_t *out);
void mao_requantize_s16_s16(const mao_quantize_params *p, const int16_t *in, int16_t *out);
void mao_requantize_s16_s32(const mao_quantize_params *p, const int16_t *in, int32_t *out);
void mao_requantize_s32_s8(const mao_quantize_params *p, const int32_t *in, int8_t *out);
void mao_requantize_s32_s16(const mao_quantize_params *p, const int32_t *in, int16_t *out);
void mao_dequantize_s8_f32(const mao_quantize_params *p, const int8_t *in, float *out);
void mao_dequantize_u8_f32(const mao_quantize_params *p, const uint8_t *in, float *out);
void mao_dequantize_s16_f32(const mao_quantize_params *p, const int16_t *in, float *out);

/* ------------------------------------------------------------------------------------------ */
/* Reductions (MEAN, SUM, REDUCE_MAX) over any set of axes.                                    */
/* ------------------------------------------------------------------------------------------ */

#define MAO_REDUCE_MAX_GROUPS 4

/* The input seen as dimension groups: size-1 axes dropped, adjacent axes that are both kept or
 * both reduced merged. Output o (row-major over the kept groups) reduces the elements at
 * offset(o over outer) + offset(i over inner), i = 0 .. count-1 in increasing input order, where
 * offset(k over G) decomposes k row-major over G's dims and sums index * stride. Unused entries
 * are 0. */
typedef struct {
    int32_t outputs;    /* output elements (the product of outer_dims, 1 for none) */
    int32_t outer_rank; /* kept groups, outermost first */
    int32_t outer_dims[MAO_REDUCE_MAX_GROUPS];
    int32_t outer_strides[MAO_REDUCE_MAX_GROUPS]; /* input element strides */
    int32_t inner_rank;                           /* reduced groups, outermost first */
    int32_t inner_dims[MAO_REDUCE_MAX_GROUPS];
    int32_t inner_strides[MAO_REDUCE_MAX_GROUPS];
    int32_t count; /* elements reduced into each output: the product of the reduced axes */
    /* int8 / int16 MEAN / SUM (TFLM QuantizedMeanOrSum): out = MBQM(sum - input_zp * count,
     * multiplier, shift) + output_zp, clamped to the output type. multiplier/shift =
     * QuantizeMultiplier(input_scale / output_scale); for MEAN with the 1/count factor folded in
     * as the reference does: s = min(floor(log2(count)), 32, 31 + shift),
     * multiplier = (multiplier << s) / count, shift -= s. Unused by float and REDUCE_MAX. */
    int32_t input_zp;
    int32_t output_zp;
    int32_t multiplier;
    int32_t shift;
} mao_reduce_params;

/* MEAN. int8: as above. float: the sum in increasing input order, divided by (float)count. */
void mao_mean_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out);
void mao_mean_s16(const mao_reduce_params *p, const int16_t *in, int16_t *out);
void mao_mean_f32(const mao_reduce_params *p, const float *in, float *out);

/* ------------------------------------------------------------------------------------------ */
/* Data movement.                                                                              */
/* ------------------------------------------------------------------------------------------ */

/* Byte copy for RESHAPE when the planner could not alias input and output. dst and src must not
 * overlap unless dst == src (then it does nothing). */
void mao_copy(void *dst, const void *src, int32_t num_bytes);

/* SPLIT of a row-major tensor viewed as [outer][row] bytes (row = the sum of out_row) into
 * `count` outputs: output k is [outer][out_row[k]] bytes, the k-th consecutive block of each row.
 * Outputs must not overlap the input. Any element type (bytes are copied). */
void mao_split(int32_t outer, int32_t count, const int32_t *out_row, const void *in,
               void *const *outs);

/* Tensors of up to MAO_MAX_DIMS axes (after the compiler merged the axes it can). */
#define MAO_MAX_DIMS 6

/* PAD / PADV2 (TFLM reference Pad, any element type): out has in_dims[d] + before[d] + after[d]
 * elements along axis d, row-major; elements outside the input take *pad_value (one element of
 * elem_size bytes: PADV2's value, else 0, or the output zero point for int8).
 * out must not overlap in. */
typedef struct {
    int32_t rank;      /* 1..MAO_MAX_DIMS */
    int32_t elem_size; /* bytes per element */
    int32_t in_dims[MAO_MAX_DIMS];
    int32_t before[MAO_MAX_DIMS]; /* >= 0 */
    int32_t after[MAO_MAX_DIMS];  /* >= 0 */
} mao_pad_params;

void mao_pad(const mao_pad_params *p, const void *in, const void *pad_value, void *out);

/* ------------------------------------------------------------------------------------------ */
/* Activations and unary math (LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU_N1_TO_1, ELU, ABS,  */
/* NEG, SQRT, RSQRT, EXP, LOG), element by element over `size` elements; out may be in.        */
/* ------------------------------------------------------------------------------------------ */

/* int8: out[i] = table[(uint8_t)in[i]], a 256-entry table the compiler computed with TFLM's
 * reference arithmetic for every possible input (see backends/cpu/unary_tables.h). */
typedef struct {
    int32_t size;
} mao_lut_params;

void mao_lut_s8(const mao_lut_params *p, const int8_t *table, const int8_t *in, int8_t *out);

/* int16 LEAKY_RELU (TFLM QuantizeLeakyRelu<int16_t>): x = in - input_zp; out = clamp(output_zp +
 * MBQM(x, identity) for x >= 0, MBQM(x, alpha) for x < 0), the multipliers
 * QuantizeMultiplier(s_in / s_out) and QuantizeMultiplier(s_in * alpha / s_out). */
typedef struct {
    int32_t size;
    int32_t input_zp;
    int32_t output_zp;
    int32_t identity_multiplier;
    int32_t identity_shift;
    int32_t alpha_multiplier;
    int32_t alpha_shift;
} mao_leaky_relu_params;

void mao_leaky_relu_s16(const mao_leaky_relu_params *p, const int16_t *in, int16_t *out);

/* float32, as TFLM's reference kernels: LOGISTIC 1 / (1 + expf(-x)) (1 above 16.619047, expf(x)
 * below -9), TANH tanhf, HARD_SWISH x * min(6, max(0, x + 3)) / 6, LEAKY_RELU x > 0 ? x :
 * x * alpha, RELU_N1_TO_1 min(max(x, -1), 1), ELU x < 0 ? expm1f(x) : x, ABS fabsf, NEG -x,
 * SQRT sqrtf, RSQRT 1 / sqrtf(x), EXP expf, LOG logf. `alpha` is read by LEAKY_RELU only. */
typedef struct {
    int32_t size;
    float alpha;
} mao_unary_params;

void mao_logistic_f32(const mao_unary_params *p, const float *in, float *out);
void mao_tanh_f32(const mao_unary_params *p, const float *in, float *out);
void mao_hard_swish_f32(const mao_unary_params *p, const float *in, float *out);
void mao_leaky_relu_f32(const mao_unary_params *p, const float *in, float *out);
void mao_relu_n1_to_1_f32(const mao_unary_params *p, const float *in, float *out);
void mao_elu_f32(const mao_unary_params *p, const float *in, float *out);
void mao_abs_f32(const mao_unary_params *p, const float *in, float *out);
void mao_neg_f32(const mao_unary_params *p, const float *in, float *out);
void mao_sqrt_f32(const mao_unary_params *p, const float *in, float *out);
void mao_rsqrt_f32(const mao_unary_params *p, const float *in, float *out);
void mao_exp_f32(const mao_unary_params *p, const float *in, float *out);
void mao_log_f32(const mao_unary_params *p, const float *in, float *out);

/* CAST (each stored value as TFLM's reference converts it): integers narrow by keeping their
 * low bits, a float becomes an integer by truncation toward zero saturated to the output type's
 * range (NaN: 0), an integer becomes the nearest float. in_type/out_type: MAO_CAST_INT8,
 * MAO_CAST_INT16, MAO_CAST_INT32, MAO_CAST_FLOAT32, and MAO_CAST_BOOL as out_type. */
enum {
    MAO_CAST_INT8 = 0,
    MAO_CAST_INT16 = 1,
    MAO_CAST_INT32 = 2,
    MAO_CAST_FLOAT32 = 3,
    MAO_CAST_BOOL = 4 /* output only: 1 where the input is not 0 (NaN included), else 0 */
};
typedef struct {
    int32_t size;
    int32_t in_type;
    int32_t out_type;
} mao_cast_params;

void mao_cast(const mao_cast_params *p, const void *in, void *out);
/* ops-binary: element-wise binary operators with broadcasting (MUL, SUB, SQUARED_DIFFERENCE,  */
/* MAXIMUM, MINIMUM, DIV, PRELU).                                                              */
/* ------------------------------------------------------------------------------------------ */

#define MAO_BINARY_MAX_DIMS 6

/* The output (row-major, written contiguously) as `rank` dimensions after the compiler dropped
 * size-1 output axes and merged adjacent axes that both inputs walk alike; each input is read
 * through per-dimension element strides, 0 where it is broadcast (cpu::binary_broadcast).
 * The arithmetic of each operator is TFLite Micro's reference, with the fields below derived as
 * its Prepare does (cpu::*_int8_params in backends/cpu/binary_params.h). */
typedef struct {
    int32_t rank; /* 1..MAO_BINARY_MAX_DIMS */
    int32_t out_dims[MAO_BINARY_MAX_DIMS];
    int32_t in1_strides[MAO_BINARY_MAX_DIMS];
    int32_t in2_strides[MAO_BINARY_MAX_DIMS];
    /* int8 only: -input1_zp, -input2_zp (PRELU: -alpha_zp), output_zp. */
    int32_t input1_offset;
    int32_t input2_offset;
    int32_t output_offset;
    /* int8 SUB (20) and SQUARED_DIFFERENCE (7): the inputs' left shift before rescaling. */
    int32_t left_shift;
    /* int8 SUB / SQUARED_DIFFERENCE: each input's rescaling multiplier; PRELU: input1_* is the
     * multiplier of the x >= 0 branch (input_scale / output_scale). */
    int32_t input1_multiplier;
    int32_t input1_shift;
    int32_t input2_multiplier;
    int32_t input2_shift;
    /* int8: the output multiplier (MUL: s1 * s2 / s_out; PRELU: of the x < 0 branch,
     * input_scale * alpha_scale / output_scale). */
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t act_min; /* int8: ActRangeInt8(fused_act, output_scale, output_zp), else [-128, 127] */
    int32_t act_max;
    float f_act_min; /* float: ActRangeFloat(fused_act) */
    float f_act_max;
} mao_binary_params;

/* out may equal in1 (or in2) exactly when that input is not broadcast. */
/* MUL: int8 MBQM((x + off1) * (y + off2), output_multiplier, output_shift) + output_offset;
 * float x * y; both clamped to the activation range. */
void mao_mul_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
void mao_mul_s16(const mao_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out);
void mao_mul_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out);
/* SUB: int8 as ADD with input2 subtracted (left_shift 20, cpu::sub_int8_params); float x - y;
 * both clamped to the activation range. */
void mao_sub_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
void mao_sub_s16(const mao_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out);
void mao_sub_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out);
/* SQUARED_DIFFERENCE: int8 with left_shift 7 (cpu::squared_difference_int8_params), clamped to
 * [-128, 127]; float (x - y)^2. */
void mao_squared_difference_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2,
                               int8_t *out);
void mao_squared_difference_f32(const mao_binary_params *p, const float *in1, const float *in2,
                                float *out);
/* MAXIMUM / MINIMUM: the stored values compared (no field but the walk is used). */
void mao_maximum_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
void mao_minimum_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
void mao_maximum_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out);
void mao_minimum_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out);
/* DIV: float x / y clamped to the activation range. int8 (cpu::div_int8_params, output
 * multiplier QuantizeMultiplier(s1 / (s2 * s_out)) in float): TFLM's DivElementwise, the divisor
 * (y + off2, sign moved to the dividend) through its fixed-point reciprocal. */
void mao_div_s8(const mao_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
void mao_div_f32(const mao_binary_params *p, const float *in1, const float *in2, float *out);
/* PRELU: in2 is alpha. int8 (cpu::prelu_int8_params): x + off1 >= 0 ? MBQM(x + off1,
 * input1_multiplier, input1_shift) : MBQM((x + off1) * (alpha + off2), output_multiplier,
 * output_shift), plus output_offset, clamped to int8; float x >= 0 ? x : x * alpha. */
void mao_prelu_s8(const mao_binary_params *p, const int8_t *in, const int8_t *alpha, int8_t *out);
void mao_prelu_f32(const mao_binary_params *p, const float *in, const float *alpha, float *out);

/* ops-binary: SUM (mao_reduce_params above). int8: MEAN's requantization without the 1/count
 * factor (multiplier = QuantizeMultiplier(s_in / s_out)); float: the sum in increasing input
 * order. */
void mao_sum_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out);
void mao_sum_s16(const mao_reduce_params *p, const int16_t *in, int16_t *out);
void mao_sum_f32(const mao_reduce_params *p, const float *in, float *out);
/* ops-binary: REDUCE_MAX, the largest element (int8 requires equal input and output
 * quantization, as TFLM does; only the walk is used). */
void mao_reduce_max_s8(const mao_reduce_params *p, const int8_t *in, int8_t *out);
void mao_reduce_max_f32(const mao_reduce_params *p, const float *in, float *out);
/* ---- Data movement, shape and indexing (ops-shape group) ---------------------------------- */

/* Strided element copy (CONCATENATION, ...; any element type): for every index (i0, ..) of
 * dims[0..rank), out[out_offset + sum(i_d * out_strides[d])] =
 * in[in_offset + sum(i_d * in_strides[d])], offsets and strides in elements. Input strides may be
 * 0 or negative; the compiler checks every addressed element lies inside its tensor. out must
 * not overlap in. */
typedef struct {
    int32_t rank;      /* 1..MAO_MAX_DIMS */
    int32_t elem_size; /* bytes per element */
    int32_t dims[MAO_MAX_DIMS];
    int32_t in_strides[MAO_MAX_DIMS];
    int32_t out_strides[MAO_MAX_DIMS];
    int32_t in_offset;
    int32_t out_offset;
} mao_strided_copy_params;

void mao_strided_copy(const mao_strided_copy_params *p, const void *in, void *out);

/* GATHER (TFLM reference Gather, any element type): the input as [batches][outer][axis_size]
 * [inner] elements, indices as [batches][coords]; out[b][o][c] = in[b][o][indices[b][c]] (rows
 * of inner elements). An index outside [0, axis_size), undefined in TFLM, gives a zero row. */
typedef struct {
    int32_t batches;
    int32_t outer;
    int32_t axis_size;
    int32_t coords;
    int32_t inner;
    int32_t elem_size; /* bytes per element */
} mao_gather_params;

void mao_gather(const mao_gather_params *p, const void *in, const int32_t *indices, void *out);

/* ARG_MAX / ARG_MIN (TFLM reference ArgMinMax): the input as [outer][axis_size][inner], out
 * [outer][inner] int32 indices: the first index whose value is strictly greater (max) or less
 * (min) than all earlier ones along the axis (ties and float NaN keep the earlier index). */
typedef struct {
    int32_t outer;
    int32_t axis_size; /* >= 1 */
    int32_t inner;
} mao_arg_params;

void mao_arg_max_s8(const mao_arg_params *p, const int8_t *in, int32_t *out);
void mao_arg_min_s8(const mao_arg_params *p, const int8_t *in, int32_t *out);
void mao_arg_max_f32(const mao_arg_params *p, const float *in, int32_t *out);
void mao_arg_min_f32(const mao_arg_params *p, const float *in, int32_t *out);

/* RESIZE_NEAREST_NEIGHBOR (TFLM reference, any element type): NHWC; output pixel (y, x) of each
 * batch is input pixel (rows[y], cols[x]), pixels of pixel_bytes (channels * element size). The
 * tables hold TFLM's GetNearestNeighbor, computed by the compiler. */
typedef struct {
    int32_t batches;
    int32_t in_height;
    int32_t in_width;
    int32_t out_height;
    int32_t out_width;
    int32_t pixel_bytes;
    const int32_t *rows; /* out_height entries in [0, in_height) */
    const int32_t *cols; /* out_width entries in [0, in_width) */
} mao_resize_nearest_params;

void mao_resize_nearest(const mao_resize_nearest_params *p, const void *in, void *out);

/* RESIZE_BILINEAR (TFLM reference ResizeBilinear for float, ResizeBilinearInteger for int8):
 * NHWC; output row y blends input rows row_lower[y] and row_upper[y] with weight row_weight[y]
 * (float) or row_weight_1024[y] (int8, in 1/1024) on the upper one; columns likewise. float:
 * v00*(1-wy)*(1-wx) + v10*wy*(1-wx) + v01*(1-wy)*wx + v11*wy*wx + 0.0f in that order. int8: the
 * same products in int64 with 1024 - w, then (sum +- 2^19) / 2^20 (rounded half away from zero).
 * The compiler computes the tables as TFLM does; the unused weight tables may be NULL. */
typedef struct {
    int32_t batches;
    int32_t in_height;
    int32_t in_width;
    int32_t out_height;
    int32_t out_width;
    int32_t channels;
    const int32_t *row_lower, *row_upper;
    const float *row_weight;
    const int32_t *row_weight_1024;
    const int32_t *col_lower, *col_upper;
    const float *col_weight;
    const int32_t *col_weight_1024;
} mao_resize_bilinear_params;

void mao_resize_bilinear_s8(const mao_resize_bilinear_params *p, const int8_t *in, int8_t *out);
void mao_resize_bilinear_f32(const mao_resize_bilinear_params *p, const float *in, float *out);

/* ------------------------------------------------------------------------------------------ */
/* hybrid group: dynamic-range CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED (float32          */
/* activations, int8 weights; TensorFlow Lite's reference hybrid kernels, TFLM has none).      */
/* ------------------------------------------------------------------------------------------ */

/*
 * Each kernel quantizes its input per batch row into scratch: symmetric (SymmetricQuantizeFloats:
 * q in [-127, 127], offset 0) or asymmetric (AsymmetricQuantizeFloats: q in [-128, 127] with a
 * nudged offset); acc = sum w * (q - offset) in int32 over the in-image taps; then, with s the
 * row's input scale and fs the filter scale(s):
 *   FULLY_CONNECTED:   out = act(bias + (float)acc * (s * fs[per_channel ? o : 0]))
 *                      (all-zero input: act(bias)); asymmetric = the asymmetric_quantize_inputs
 *                      option.
 *   CONV_2D:           per-tensor (one scale, or all scales equal): symmetric,
 *                      out = act((float)acc * (s * fs[0]) + bias);
 *                      per-channel: asymmetric, out = act((float)acc * fs[oc] * s + bias).
 *   DEPTHWISE_CONV_2D: asymmetric, out = act((float)acc * (fs[oc] * s) + bias), fs per channel.
 * bias may be NULL. filter layouts as the int8 kernels (filter zero points 0).
 * scratch: 8 * batches + batches * row bytes, 4-byte aligned (row = accum_depth for FC,
 *     in_h * in_w * in_c for the convolutions); cpu::hybrid_scratch_bytes() computes it.
 */
void mao_fully_connected_hybrid(const mao_fc_params *p, const float *in, const int8_t *filter,
                                const float *bias, const float *filter_scales, int32_t per_channel,
                                int32_t asymmetric, float *out, void *scratch);
void mao_conv2d_hybrid(const mao_conv_params *p, const float *in, const int8_t *filter,
                       const float *bias, const float *filter_scales, int32_t per_channel,
                       float *out, void *scratch);
void mao_depthwise_conv2d_hybrid(const mao_conv_params *p, const float *in, const int8_t *filter,
                                 const float *bias, const float *filter_scales, float *out,
                                 void *scratch);
/* Matrix products and normalization (ops-matmul group).                                       */
/* ------------------------------------------------------------------------------------------ */

#define MAO_MATMUL_MAX_BATCH_DIMS 3

/* BATCH_MATMUL (TFLM reference BatchMatMul): for every output batch index (b0, b1, b2), the
 * [rows x cols] product out[m][n] = sum over k = 0..depth-1 of lhs[m][k] * rhs[k][n], where
 * lhs[m][k] is lhs + b . lhs_batch_strides + m * lhs_row_stride + k * lhs_depth_stride (element
 * strides; an adjoint operand is read transposed through them, a broadcast batch axis has
 * stride 0), rhs[k][n] likewise. Output row-major [batch...][rows][cols].
 * int8: acc = sum (lhs + lhs_offset) * (rhs + rhs_offset) in int32; out = clamp(MBQM(acc,
 * out_mult, out_shift) + output_offset, -128, 127); lhs_offset = -lhs_zp, rhs_offset = -rhs_zp,
 * out_mult/out_shift = QuantizeMultiplier((double)(lhs_scale * rhs_scale) / (double)out_scale).
 * float: the sum in float, from 0.0f, in increasing k. */
typedef struct {
    int32_t batch_dims[MAO_MATMUL_MAX_BATCH_DIMS]; /* output batch axes, 1 where absent */
    int32_t lhs_batch_strides[MAO_MATMUL_MAX_BATCH_DIMS];
    int32_t rhs_batch_strides[MAO_MATMUL_MAX_BATCH_DIMS];
    int32_t rows;
    int32_t cols;
    int32_t depth;
    int32_t lhs_row_stride;
    int32_t lhs_depth_stride;
    int32_t rhs_depth_stride;
    int32_t rhs_col_stride;
    int32_t lhs_offset; /* int8 only */
    int32_t rhs_offset;
    int32_t output_offset;
    int32_t out_mult;
    int32_t out_shift;
} mao_batch_matmul_params;

void mao_batch_matmul_s8(const mao_batch_matmul_params *p, const int8_t *lhs, const int8_t *rhs,
                         int8_t *out);
void mao_batch_matmul_f32(const mao_batch_matmul_params *p, const float *lhs, const float *rhs,
                          float *out);

/* L2_NORMALIZATION over the last axis, `outer` rows of `depth` elements.
 * int8 (TFLM reference_integer_ops::L2Normalization): s = sum (x - input_zp)^2 in int32,
 * (m, shift) = GetInvSqrtQuantizedMultiplierExp(s, -1), out = clamp(MBQM(x - input_zp, m,
 * shift + 7), -128, 127) (the output is at scale 1/128, zero point 0).
 * float (reference L2Normalization): out = x / max(sqrtf(sum x * x), 1e-6f). */
typedef struct {
    int32_t outer;
    int32_t depth;
    int32_t input_zp; /* int8 only */
} mao_l2_norm_params;

void mao_l2_normalization_s8(const mao_l2_norm_params *p, const int8_t *in, int8_t *out);
void mao_l2_normalization_f32(const mao_l2_norm_params *p, const float *in, float *out);
/* ---- Views and shape queries (ops-shape2 group) ------------------------------------------- */

/* SHAPE (TFLM's Shape): out[i] = dims[i] for the rank dimensions, as int32 or int64. */
void mao_shape_s32(const int32_t *dims, int32_t rank, int32_t *out);
void mao_shape_s64(const int32_t *dims, int32_t rank, int64_t *out);
/* ZEROS_LIKE (TFLM's ZerosLike, every element type): num_bytes zero bytes; 0 in the stored type
 * (an int8 output holds 0, not its zero point). */
void mao_zeros(void *dst, int32_t num_bytes);

#ifdef __cplusplus
}
#endif

#endif /* MAO_KERNELS_H */
