// Mirrors TFLite's quantization_util / kernel_util / TFLM *_common.cc preparation arithmetic;
// each function notes where it uses double and where float, because that decides bit-exactness.
#include "backends/cpu/kernel_params.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <string>

#include "ir/error.h"

namespace microaot::cpu {
namespace {

[[noreturn]] void fail(const std::string &message) {
    throw CompileError(message);
}

void require_positive_scale(float scale, const char *what) {
    if (!std::isfinite(scale) || !(scale > 0.0f)) {
        fail(std::string(what) + " must be a finite positive number, got " + std::to_string(scale));
    }
}

void require_positive(int64_t value, const char *what) {
    if (value <= 0) fail(std::string(what) + " must be positive, got " + std::to_string(value));
}

// TFLite QuantizeMultiplierSmallerThanOneExp: 0 < real < 1, so the shift is <= 0.
QuantizedMultiplier quantize_multiplier_smaller_than_one(double real, const char *what) {
    if (!(real > 0.0 && real < 1.0)) {
        fail(std::string(what) + " must be in (0, 1), got " + std::to_string(real));
    }
    return quantize_multiplier(real);
}

// TFLite's Quantize() inside CalculateActivationRangeQuantizedImpl: all in float.
int64_t quantize_activation_bound(float value, float scale, int32_t zero_point) {
    const float rounded = std::round(value / scale);
    if (!(rounded >= static_cast<float>(std::numeric_limits<int32_t>::min()) &&
          rounded <= static_cast<float>(std::numeric_limits<int32_t>::max()))) {
        fail("activation bound " + std::to_string(value) + " overflows int32 at output scale " +
             std::to_string(scale));
    }
    return static_cast<int64_t>(zero_point) + static_cast<int64_t>(rounded);
}

// Right-aligned 4-D row-major strides of `shape` against `out_dims`; 0 where broadcast.
std::array<int32_t, 4> broadcast_strides(std::span<const int64_t> shape,
                                         const std::array<int32_t, 4> &out_dims) {
    std::array<int64_t, 4> dims{1, 1, 1, 1};
    const size_t lead = 4 - shape.size();
    for (size_t i = 0; i < shape.size(); ++i)
        dims[lead + i] = shape[i];
    std::array<int32_t, 4> strides{};
    int64_t stride = 1;
    for (int d = 3; d >= 0; --d) {
        strides[d] = (dims[d] == 1 && out_dims[d] != 1) ? 0 : static_cast<int32_t>(stride);
        stride *= dims[d];
    }
    return strides;
}

} // namespace

QuantizedMultiplier quantize_multiplier(double real) {
    if (!std::isfinite(real) || real < 0.0) {
        fail("multiplier must be finite and non-negative, got " + std::to_string(real));
    }
    if (real == 0.0) return {0, 0};
    int exponent = 0;
    const double fraction = std::frexp(real, &exponent);
    // TfLiteRound is std::round: half away from zero.
    int64_t q_fixed = static_cast<int64_t>(std::round(fraction * (1LL << 31)));
    if (q_fixed == (1LL << 31)) {
        q_fixed /= 2;
        ++exponent;
    }
    if (exponent < -31) return {0, 0};
    return {static_cast<int32_t>(q_fixed), static_cast<int32_t>(exponent)};
}

// The kernels shift left by at most 31 (see mao_multiply_by_quantized_multiplier).
QuantizedMultiplier checked_kernel_multiplier(double real, const char *what) {
    const QuantizedMultiplier q = quantize_multiplier(real);
    if (q.shift > 31) {
        fail(std::string(what) + " is too large to requantize: " + std::to_string(real));
    }
    return q;
}

int32_t compute_out_size(Padding padding, int32_t in_size, int32_t filter_size, int32_t stride,
                         int32_t dilation) {
    require_positive(in_size, "input size");
    require_positive(filter_size, "filter size");
    require_positive(stride, "stride");
    require_positive(dilation, "dilation");
    const int64_t effective_filter_size = (static_cast<int64_t>(filter_size) - 1) * dilation + 1;
    const int64_t out =
        padding == Padding::Same
            ? (static_cast<int64_t>(in_size) + stride - 1) / stride
            : (static_cast<int64_t>(in_size) + stride - effective_filter_size) / stride;
    if (out <= 0) {
        fail("filter of effective size " + std::to_string(effective_filter_size) +
             " does not fit an input of size " + std::to_string(in_size) + " with VALID padding");
    }
    return static_cast<int32_t>(out);
}

int32_t compute_padding(int32_t stride, int32_t dilation, int32_t in_size, int32_t filter_size,
                        int32_t out_size) {
    require_positive(stride, "stride");
    require_positive(dilation, "dilation");
    require_positive(filter_size, "filter size");
    require_positive(out_size, "output size");
    // All in int64: the int32 operands can make every intermediate overflow int32.
    const int64_t effective_filter_size = (static_cast<int64_t>(filter_size) - 1) * dilation + 1;
    const int64_t total =
        (static_cast<int64_t>(out_size) - 1) * stride + effective_filter_size - in_size;
    if (total / 2 > std::numeric_limits<int32_t>::max())
        fail("padding " + std::to_string(total / 2) + " does not fit int32");
    return total > 0 ? static_cast<int32_t>(total / 2) : 0;
}

AxisPadding compute_axis_padding(Padding padding, int32_t in_size, int32_t filter_size,
                                 int32_t stride, int32_t dilation) {
    AxisPadding result;
    result.out_size = compute_out_size(padding, in_size, filter_size, stride, dilation);
    result.pad = compute_padding(stride, dilation, in_size, filter_size, result.out_size);
    return result;
}

IntRange activation_range_quantized(Activation act, float output_scale, int32_t output_zero_point,
                                    QuantizedStorage storage) {
    require_positive_scale(output_scale, "output scale");
    const bool int16 = storage == QuantizedStorage::Int16;
    const int64_t qmin = int16 ? INT16_MIN : INT8_MIN;
    const int64_t qmax = int16 ? INT16_MAX : INT8_MAX;
    int64_t lo = qmin;
    int64_t hi = qmax;
    switch (act) {
    case Activation::None:
        break;
    case Activation::Relu:
        lo = std::max(qmin, quantize_activation_bound(0.0f, output_scale, output_zero_point));
        break;
    case Activation::Relu6:
        lo = std::max(qmin, quantize_activation_bound(0.0f, output_scale, output_zero_point));
        hi = std::min(qmax, quantize_activation_bound(6.0f, output_scale, output_zero_point));
        break;
    case Activation::ReluN1To1:
        lo = std::max(qmin, quantize_activation_bound(-1.0f, output_scale, output_zero_point));
        hi = std::min(qmax, quantize_activation_bound(1.0f, output_scale, output_zero_point));
        break;
    }
    if (lo > hi) {
        fail("fused activation range is empty for output zero point " +
             std::to_string(output_zero_point));
    }
    return {static_cast<int32_t>(lo), static_cast<int32_t>(hi)};
}

FloatRange activation_range_float(Activation act) {
    switch (act) {
    case Activation::Relu:
        return {0.0f, FLT_MAX};
    case Activation::Relu6:
        return {0.0f, 6.0f};
    case Activation::ReluN1To1:
        return {-1.0f, 1.0f};
    case Activation::None:
        break;
    }
    return {-FLT_MAX, FLT_MAX};
}

std::vector<QuantizedMultiplier> conv_per_channel_multipliers(float input_scale,
                                                              std::span<const float> filter_scales,
                                                              float output_scale,
                                                              int32_t out_channels) {
    require_positive_scale(input_scale, "input scale");
    require_positive_scale(output_scale, "output scale");
    require_positive(out_channels, "output channel count");
    const bool per_channel = filter_scales.size() > 1;
    if (filter_scales.empty() ||
        (per_channel && filter_scales.size() != static_cast<size_t>(out_channels))) {
        fail("filter has " + std::to_string(filter_scales.size()) + " scales for " +
             std::to_string(out_channels) + " output channels");
    }
    std::vector<QuantizedMultiplier> result;
    result.reserve(static_cast<size_t>(out_channels));
    for (int32_t c = 0; c < out_channels; ++c) {
        const float filter_scale = filter_scales[per_channel ? static_cast<size_t>(c) : 0];
        require_positive_scale(filter_scale, "filter scale");
        const double effective = static_cast<double>(input_scale) *
                                 static_cast<double>(filter_scale) /
                                 static_cast<double>(output_scale);
        result.push_back(checked_kernel_multiplier(effective, "effective output scale"));
    }
    return result;
}

void require_int64_multiplier_shift(const QuantizedMultiplier &m, const char *what) {
    if (m.shift >= 8) {
        fail(std::string(what) + " has shift " + std::to_string(m.shift) +
             ": the int64 requantization of the 16x8 kernels takes shifts up to 7");
    }
}

QuantizedMultiplier fully_connected_multiplier(float input_scale, float filter_scale,
                                               float output_scale) {
    require_positive_scale(input_scale, "input scale");
    require_positive_scale(filter_scale, "filter scale");
    require_positive_scale(output_scale, "output scale");
    // Product in float first, exactly as GetQuantizedConvolutionMultipler does.
    const double input_product_scale = static_cast<double>(input_scale * filter_scale);
    return checked_kernel_multiplier(input_product_scale / static_cast<double>(output_scale),
                                     "effective output scale");
}

std::vector<int32_t> fold_fc_input_offset(std::span<const int8_t> weights, int32_t out_depth,
                                          int32_t accum_depth, std::span<const int32_t> bias,
                                          int32_t input_offset) {
    require_positive(out_depth, "output depth");
    require_positive(accum_depth, "accumulation depth");
    if (weights.size() != static_cast<size_t>(out_depth) * static_cast<size_t>(accum_depth)) {
        fail("weights have " + std::to_string(weights.size()) + " elements, expected " +
             std::to_string(static_cast<int64_t>(out_depth) * accum_depth));
    }
    if (!bias.empty() && bias.size() != static_cast<size_t>(out_depth)) {
        fail("bias has " + std::to_string(bias.size()) + " elements, expected " +
             std::to_string(out_depth));
    }
    std::vector<int32_t> folded(static_cast<size_t>(out_depth));
    for (int32_t o = 0; o < out_depth; ++o) {
        int64_t weight_sum = 0;
        for (int32_t i = 0; i < accum_depth; ++i) {
            weight_sum += weights[static_cast<size_t>(o) * accum_depth + i];
        }
        const int64_t b = bias.empty() ? 0 : bias[static_cast<size_t>(o)];
        const int64_t value = b + static_cast<int64_t>(input_offset) * weight_sum;
        if (value < std::numeric_limits<int32_t>::min() ||
            value > std::numeric_limits<int32_t>::max()) {
            fail("folded bias of output " + std::to_string(o) + " overflows int32");
        }
        folded[static_cast<size_t>(o)] = static_cast<int32_t>(value);
    }
    return folded;
}

SoftmaxInt8Params softmax_int8_params(float input_scale, float beta) {
    constexpr int kScaledDiffIntegerBits = 5;
    require_positive_scale(input_scale, "softmax input scale");
    if (!std::isfinite(beta) || !(beta > 0.0f)) {
        fail("softmax beta must be a finite positive number, got " + std::to_string(beta));
    }
    // PreprocessSoftmaxScaling (double rounding build): cap at 2^31 - 1, all in double.
    const double real_multiplier =
        std::min(static_cast<double>(beta) * static_cast<double>(input_scale) *
                     static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                 (1LL << 31) - 1.0);
    // QuantizeMultiplierGreaterThanOne.
    if (!(real_multiplier > 1.0)) {
        fail("softmax beta * input scale is too small: " + std::to_string(real_multiplier));
    }
    const QuantizedMultiplier q = quantize_multiplier(real_multiplier);
    // CalculateInputRadius(5, left_shift, 31).
    const double max_input_rescaled = 1.0 * ((1 << kScaledDiffIntegerBits) - 1) *
                                      static_cast<double>(1LL << (31 - kScaledDiffIntegerBits)) /
                                      static_cast<double>(1LL << q.shift);
    SoftmaxInt8Params params;
    params.input_multiplier = q.multiplier;
    params.input_left_shift = q.shift;
    params.diff_min = -static_cast<int32_t>(std::floor(max_input_rescaled));
    return params;
}

AddQuantizedParams add_quantized_params(float input1_scale, int32_t input1_zero_point,
                                        float input2_scale, int32_t input2_zero_point,
                                        float output_scale, int32_t output_zero_point,
                                        Activation act, QuantizedStorage storage) {
    require_positive_scale(input1_scale, "add input1 scale");
    require_positive_scale(input2_scale, "add input2 scale");
    require_positive_scale(output_scale, "add output scale");
    AddQuantizedParams params;
    params.left_shift = storage == QuantizedStorage::Int16 ? 15 : 20;
    params.input1_offset = -input1_zero_point;
    params.input2_offset = -input2_zero_point;
    params.output_offset = output_zero_point;
    // max in float, everything after in double, as CalculateOpDataAdd.
    const double twice_max_input_scale =
        2 * static_cast<double>(std::max(input1_scale, input2_scale));
    const double real_input1 = static_cast<double>(input1_scale) / twice_max_input_scale;
    const double real_input2 = static_cast<double>(input2_scale) / twice_max_input_scale;
    const double real_output =
        twice_max_input_scale / ((1 << params.left_shift) * static_cast<double>(output_scale));
    const QuantizedMultiplier q1 =
        quantize_multiplier_smaller_than_one(real_input1, "add input1 multiplier");
    const QuantizedMultiplier q2 =
        quantize_multiplier_smaller_than_one(real_input2, "add input2 multiplier");
    const QuantizedMultiplier qo =
        quantize_multiplier_smaller_than_one(real_output, "add output multiplier");
    params.input1_multiplier = q1.multiplier;
    params.input1_shift = q1.shift;
    params.input2_multiplier = q2.multiplier;
    params.input2_shift = q2.shift;
    params.output_multiplier = qo.multiplier;
    params.output_shift = qo.shift;
    const IntRange range =
        activation_range_quantized(act, output_scale, output_zero_point, storage);
    params.act_min = range.min;
    params.act_max = range.max;
    return params;
}

Broadcast4D broadcast_4d(std::span<const int64_t> in1_shape, std::span<const int64_t> in2_shape) {
    if (in1_shape.size() > 4 || in2_shape.size() > 4) {
        fail("broadcast supports at most 4 dimensions, got ranks " +
             std::to_string(in1_shape.size()) + " and " + std::to_string(in2_shape.size()));
    }
    Broadcast4D result;
    int64_t out_elements = 1;
    for (int d = 0; d < 4; ++d) {
        const size_t from_end = static_cast<size_t>(4 - d);
        const int64_t d1 =
            from_end <= in1_shape.size() ? in1_shape[in1_shape.size() - from_end] : 1;
        const int64_t d2 =
            from_end <= in2_shape.size() ? in2_shape[in2_shape.size() - from_end] : 1;
        require_positive(d1, "input1 dimension");
        require_positive(d2, "input2 dimension");
        if (d1 != d2 && d1 != 1 && d2 != 1) {
            fail("shapes are not broadcastable: dimension " + std::to_string(d1) + " vs " +
                 std::to_string(d2));
        }
        const int64_t out_dim = std::max(d1, d2);
        out_elements *= out_dim;
        if (out_elements > std::numeric_limits<int32_t>::max()) {
            fail("broadcast output has more than 2^31-1 elements");
        }
        result.out_dims[static_cast<size_t>(d)] = static_cast<int32_t>(out_dim);
    }
    result.in1_strides = broadcast_strides(in1_shape, result.out_dims);
    result.in2_strides = broadcast_strides(in2_shape, result.out_dims);
    return result;
}

} // namespace microaot::cpu
