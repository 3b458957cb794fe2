// Compile-time derivation of the numbers the portable C kernels (runtime/portable/mao_kernels.h)
// need, computed exactly as TensorFlow Lite Micro prepares its reference kernels so that the
// generated code is bit-exact with it. Plain numbers in, plain numbers out: no IR types.
//
// Bad values (non-positive scales, impossible shapes, multipliers out of the range TFLite
// accepts) raise microaot::CompileError naming the offending value; callers add the operator.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace microaot::cpu {

// A real multiplier M represented as multiplier * 2^shift / 2^31 (multiplier in [2^30, 2^31) or
// 0). shift > 0 is a left shift.
struct QuantizedMultiplier {
    int32_t multiplier = 0;
    int32_t shift = 0;
    bool operator==(const QuantizedMultiplier &) const = default;
};

// TFLite QuantizeMultiplier: frexp, round half away from zero of q * 2^31, renormalise when the
// rounding reaches 2^31, and flush to (0, 0) when shift < -31. real must be finite and >= 0.
QuantizedMultiplier quantize_multiplier(double real);

// quantize_multiplier for the C kernels, which shift left by at most 31: a larger multiplier
// raises CompileError naming `what`.
QuantizedMultiplier checked_kernel_multiplier(double real, const char *what);

enum class Padding { Same, Valid };

// TFLite ComputeOutSize.
int32_t compute_out_size(Padding padding, int32_t in_size, int32_t filter_size, int32_t stride,
                         int32_t dilation = 1);

// TFLite ComputePaddingWithOffset's returned value: the top/left padding (the extra odd pixel
// goes to the bottom/right and is implicit in the kernels' bounds checks).
int32_t compute_padding(int32_t stride, int32_t dilation, int32_t in_size, int32_t filter_size,
                        int32_t out_size);

// Output size and top/left padding of one spatial axis, as ComputePaddingHeightWidth does.
struct AxisPadding {
    int32_t out_size = 0;
    int32_t pad = 0;
};
AxisPadding compute_axis_padding(Padding padding, int32_t in_size, int32_t filter_size,
                                 int32_t stride, int32_t dilation = 1);

enum class Activation { None, Relu, Relu6, ReluN1To1 };

struct IntRange {
    int32_t min = 0;
    int32_t max = 0;
};
struct FloatRange {
    float min = 0.0f;
    float max = 0.0f;
};

// The storage type of a quantized activation.
enum class QuantizedStorage { Int8, Int16 };

// TFLite CalculateActivationRangeQuantized (quantize in float, round half away from zero,
// intersect with the storage type's range).
IntRange activation_range_quantized(Activation act, float output_scale, int32_t output_zero_point,
                                    QuantizedStorage storage);
inline IntRange activation_range_int8(Activation act, float output_scale,
                                      int32_t output_zero_point) {
    return activation_range_quantized(act, output_scale, output_zero_point, QuantizedStorage::Int8);
}
// TFLite CalculateActivationRange<float> (NONE -> [-FLT_MAX, FLT_MAX]).
FloatRange activation_range_float(Activation act);

// One multiplier per output channel: QuantizeMultiplier(double(input_scale) *
// double(filter_scale[c]) / double(output_scale)); a single filter scale is broadcast to all
// out_channels (TFLM PopulateConvolutionQuantizationParams). Also right for per-channel FC.
std::vector<QuantizedMultiplier> conv_per_channel_multipliers(float input_scale,
                                                              std::span<const float> filter_scales,
                                                              float output_scale,
                                                              int32_t out_channels);

// The int64 MultiplyByQuantizedMultiplier of the 16x8 kernels (int64 accumulators) takes shifts
// in [-31, 7] (TFLite asserts it; a larger one makes its shift negative): a multiplier with
// shift >= 8 (a real multiplier of 128 or more) raises CompileError naming `what`.
void require_int64_multiplier_shift(const QuantizedMultiplier &m, const char *what);

// Per-tensor FULLY_CONNECTED multiplier as TFLM's GetQuantizedConvolutionMultipler computes it:
// the input*filter product is formed in float, then divided in double.
QuantizedMultiplier fully_connected_multiplier(float input_scale, float filter_scale,
                                               float output_scale);

// Compile-time weight-sum correction for mao_fully_connected_s8_folded:
// folded[o] = bias[o] + input_offset * sum_i weights[o][i] (bias empty = zeros).
// weights is [out_depth][accum_depth] row-major. Throws if any value leaves int32.
std::vector<int32_t> fold_fc_input_offset(std::span<const int8_t> weights, int32_t out_depth,
                                          int32_t accum_depth, std::span<const int32_t> bias,
                                          int32_t input_offset);

// TFLM int8 softmax preparation: PreprocessSoftmaxScaling(beta, input_scale, 5 integer bits)
// then diff_min = -CalculateInputRadius(5, input_left_shift).
struct SoftmaxInt8Params {
    int32_t input_multiplier = 0;
    int32_t input_left_shift = 0;
    int32_t diff_min = 0;
};
SoftmaxInt8Params softmax_int8_params(float input_scale, float beta);

// TFLM CalculateOpDataAdd for int8 (left_shift 20) and int16 (left_shift 15); multipliers below
// one.
struct AddQuantizedParams {
    int32_t left_shift = 0;
    int32_t input1_offset = 0;
    int32_t input1_multiplier = 0;
    int32_t input1_shift = 0;
    int32_t input2_offset = 0;
    int32_t input2_multiplier = 0;
    int32_t input2_shift = 0;
    int32_t output_offset = 0;
    int32_t output_multiplier = 0;
    int32_t output_shift = 0;
    int32_t act_min = 0;
    int32_t act_max = 0;
};
AddQuantizedParams add_quantized_params(float input1_scale, int32_t input1_zero_point,
                                        float input2_scale, int32_t input2_zero_point,
                                        float output_scale, int32_t output_zero_point,
                                        Activation act,
                                        QuantizedStorage storage = QuantizedStorage::Int8);

// Output shape and per-input element strides for mao_add_params, right-aligned into 4 dims.
// Each input dim must equal the output dim or be 1 (broadcast, stride 0); ranks up to 4.
struct Broadcast4D {
    std::array<int32_t, 4> out_dims{};
    std::array<int32_t, 4> in1_strides{};
    std::array<int32_t, 4> in2_strides{};
};
Broadcast4D broadcast_4d(std::span<const int64_t> in1_shape, std::span<const int64_t> in2_shape);

} // namespace microaot::cpu
