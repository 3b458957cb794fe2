// Properties of the compile-time kernel parameter helpers that can be checked without TFLite:
// exact values for powers of two, reconstruction accuracy, rounding/renormalisation edge cases,
// padding geometry and error reporting.
#include "backends/cpu/kernel_params.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "ir/error.h"

namespace microaot::cpu {
namespace {

double reconstruct(QuantizedMultiplier q) {
    return std::ldexp(static_cast<double>(q.multiplier), q.shift - 31);
}

TEST(QuantizeMultiplier, PowersOfTwoAreExact) {
    EXPECT_EQ(quantize_multiplier(0.5), (QuantizedMultiplier{1 << 30, 0}));
    EXPECT_EQ(quantize_multiplier(1.0), (QuantizedMultiplier{1 << 30, 1}));
    EXPECT_EQ(quantize_multiplier(0.25), (QuantizedMultiplier{1 << 30, -1}));
    EXPECT_EQ(quantize_multiplier(std::ldexp(1.0, -20)), (QuantizedMultiplier{1 << 30, -19}));
    EXPECT_EQ(quantize_multiplier(8.0), (QuantizedMultiplier{1 << 30, 4}));
}

TEST(QuantizeMultiplier, ZeroGivesZero) {
    EXPECT_EQ(quantize_multiplier(0.0), (QuantizedMultiplier{0, 0}));
}

TEST(QuantizeMultiplier, ThreeQuarters) {
    // 0.75 = 0.75 * 2^0 -> 0.75 * 2^31 exactly.
    EXPECT_EQ(quantize_multiplier(0.75), (QuantizedMultiplier{3 << 29, 0}));
}

TEST(QuantizeMultiplier, RoundingUpToTwoPow31Renormalises) {
    // 1 - 2^-32 has fraction (2^31 - 0.5) / 2^31: rounds half away to 2^31, then halves.
    const double just_below_one = 1.0 - std::ldexp(1.0, -32);
    EXPECT_EQ(quantize_multiplier(just_below_one), (QuantizedMultiplier{1 << 30, 1}));
}

TEST(QuantizeMultiplier, TinyValuesFlushToZero) {
    // frexp exponent -31 is kept, -32 and below flush.
    EXPECT_EQ(quantize_multiplier(std::ldexp(1.0, -32)), (QuantizedMultiplier{1 << 30, -31}));
    EXPECT_EQ(quantize_multiplier(std::ldexp(1.0, -33)), (QuantizedMultiplier{0, 0}));
    EXPECT_EQ(quantize_multiplier(1e-30), (QuantizedMultiplier{0, 0}));
}

TEST(QuantizeMultiplier, RandomValuesReconstructWithinHalfAnUlp) {
    std::mt19937_64 rng(12345);
    std::uniform_real_distribution<double> log2_dist(-30.0, 10.0);
    for (int i = 0; i < 20000; ++i) {
        const double real = std::exp2(log2_dist(rng));
        const QuantizedMultiplier q = quantize_multiplier(real);
        ASSERT_GE(q.multiplier, 1 << 30) << real;
        ASSERT_LE(q.multiplier, INT32_MAX) << real;
        ASSERT_GE(q.shift, -31);
        ASSERT_LE(q.shift, 11);
        // |error| <= half a unit of the 31-bit significand.
        ASSERT_LE(std::fabs(reconstruct(q) - real), std::ldexp(1.0, q.shift - 32)) << real;
    }
}

TEST(QuantizeMultiplier, RejectsNegativeAndNonFinite) {
    EXPECT_THROW(quantize_multiplier(-0.5), CompileError);
    EXPECT_THROW(quantize_multiplier(std::nan("")), CompileError);
    EXPECT_THROW(quantize_multiplier(INFINITY), CompileError);
}

// The kernels shift left by at most 31: 2^30 (shift 31) is the largest power of two they take.
// A MEAN whose input scale was set to FLT_MAX once reached the kernel with shift 132.
TEST(CheckedKernelMultiplier, RefusesShiftsBeyond31) {
    EXPECT_EQ(checked_kernel_multiplier(std::ldexp(1.0, 30), "m").shift, 31);
    EXPECT_THROW(checked_kernel_multiplier(std::ldexp(1.0, 31), "m"), CompileError);
    EXPECT_THROW(checked_kernel_multiplier(3.4028234663852886e38 / 0.05, "m"), CompileError);
}

TEST(Padding, SameAndValidGeometry) {
    // SAME: out = ceil(in / stride), total padding split with the odd pixel at the end.
    EXPECT_EQ(compute_out_size(Padding::Same, 10, 3, 1), 10);
    EXPECT_EQ(compute_padding(1, 1, 10, 3, 10), 1);
    EXPECT_EQ(compute_out_size(Padding::Same, 5, 4, 2), 3);
    EXPECT_EQ(compute_padding(2, 1, 5, 4, 3), 1); // total 3 -> top 1, bottom 2
    EXPECT_EQ(compute_out_size(Padding::Same, 49, 10, 2), 25);
    EXPECT_EQ(compute_padding(2, 1, 49, 10, 25), 4); // total 9
    // VALID: no padding.
    EXPECT_EQ(compute_out_size(Padding::Valid, 5, 4, 2), 1);
    EXPECT_EQ(compute_padding(2, 1, 5, 4, 1), 0);
    EXPECT_EQ(compute_out_size(Padding::Valid, 32, 3, 1), 30);
    // Dilation widens the filter: effective 5.
    EXPECT_EQ(compute_out_size(Padding::Valid, 9, 3, 1, 2), 5);
    EXPECT_EQ(compute_out_size(Padding::Same, 9, 3, 1, 2), 9);
    EXPECT_EQ(compute_padding(1, 2, 9, 3, 9), 2);
}

TEST(Padding, SamePaddingIsBalanced) {
    for (int in = 1; in <= 20; ++in) {
        for (int filter = 1; filter <= 5; ++filter) {
            for (int stride = 1; stride <= 3; ++stride) {
                const AxisPadding ap = compute_axis_padding(Padding::Same, in, filter, stride);
                EXPECT_EQ(ap.out_size, (in + stride - 1) / stride);
                const int total = std::max(0, (ap.out_size - 1) * stride + filter - in);
                // Top/left gets the smaller half; bottom/right at most one more.
                const int bottom = total - ap.pad;
                EXPECT_LE(ap.pad, bottom);
                EXPECT_LE(bottom - ap.pad, 1);
                // The first window starts inside the input or in the padding right before it.
                EXPECT_LT(ap.pad, filter);
            }
        }
    }
}

TEST(Padding, RejectsBadGeometry) {
    EXPECT_THROW(compute_out_size(Padding::Same, 10, 3, 0), CompileError);
    EXPECT_THROW(compute_out_size(Padding::Valid, 2, 5, 1), CompileError);
    EXPECT_THROW(compute_out_size(Padding::Valid, 0, 1, 1), CompileError);
}

TEST(ActivationRange, Int8) {
    EXPECT_EQ(activation_range_int8(Activation::None, 0.1f, 3).min, -128);
    EXPECT_EQ(activation_range_int8(Activation::None, 0.1f, 3).max, 127);
    EXPECT_EQ(activation_range_int8(Activation::Relu, 0.1f, 5).min, 5);
    EXPECT_EQ(activation_range_int8(Activation::Relu, 0.1f, 5).max, 127);
    // RELU6 at scale 0.125, zp -10: 6 / 0.125 = 48 -> 38.
    EXPECT_EQ(activation_range_int8(Activation::Relu6, 0.125f, -10).min, -10);
    EXPECT_EQ(activation_range_int8(Activation::Relu6, 0.125f, -10).max, 38);
    // 6 / 4 = 1.5 rounds half away from zero to 2.
    EXPECT_EQ(activation_range_int8(Activation::Relu6, 4.0f, 0).max, 2);
    // -1 / 4 = -0.25 -> 0; 1 / 4 -> 0.
    EXPECT_EQ(activation_range_int8(Activation::ReluN1To1, 4.0f, 0).min, 0);
    EXPECT_EQ(activation_range_int8(Activation::ReluN1To1, 0.5f, 1).min, -1);
    EXPECT_EQ(activation_range_int8(Activation::ReluN1To1, 0.5f, 1).max, 3);
    // Bounds outside int8 are clipped.
    EXPECT_EQ(activation_range_int8(Activation::Relu6, 0.001f, -128).max, 127);
    EXPECT_THROW(activation_range_int8(Activation::Relu, 0.0f, 0), CompileError);
}

TEST(ActivationRange, Float) {
    EXPECT_EQ(activation_range_float(Activation::None).min, -FLT_MAX);
    EXPECT_EQ(activation_range_float(Activation::None).max, FLT_MAX);
    EXPECT_EQ(activation_range_float(Activation::Relu).min, 0.0f);
    EXPECT_EQ(activation_range_float(Activation::Relu6).max, 6.0f);
    EXPECT_EQ(activation_range_float(Activation::ReluN1To1).min, -1.0f);
}

TEST(ConvMultipliers, PerTensorScaleIsBroadcastAndPerChannelIsUsed) {
    const std::vector<float> one_scale{0.5f};
    const auto broadcast = conv_per_channel_multipliers(0.25f, one_scale, 0.125f, 3);
    ASSERT_EQ(broadcast.size(), 3u);
    for (const auto &q : broadcast)
        EXPECT_EQ(q, (QuantizedMultiplier{1 << 30, 1})); // 1.0
    const std::vector<float> scales{0.5f, 0.25f};
    const auto per_channel = conv_per_channel_multipliers(1.0f, scales, 1.0f, 2);
    EXPECT_EQ(per_channel[0], (QuantizedMultiplier{1 << 30, 0}));
    EXPECT_EQ(per_channel[1], (QuantizedMultiplier{1 << 30, -1}));
    EXPECT_THROW(conv_per_channel_multipliers(1.0f, scales, 1.0f, 3), CompileError);
    EXPECT_THROW(conv_per_channel_multipliers(1.0f, {}, 1.0f, 3), CompileError);
}

TEST(FullyConnectedMultiplier, MatchesRealScaleRatio) {
    EXPECT_EQ(fully_connected_multiplier(0.5f, 0.25f, 0.5f), (QuantizedMultiplier{1 << 30, -1}));
    const QuantizedMultiplier q = fully_connected_multiplier(0.0123f, 0.0045f, 0.0567f);
    const double real = 0.0123 * 0.0045 / 0.0567;
    EXPECT_NEAR(reconstruct(q), real, real * 1e-6);
}

TEST(FoldInputOffset, HandComputed) {
    const std::vector<int8_t> w{1, 2, 3, -1, 0, 4};
    const std::vector<int32_t> bias{10, -5};
    const auto folded = fold_fc_input_offset(w, 2, 3, bias, 3);
    ASSERT_EQ(folded.size(), 2u);
    EXPECT_EQ(folded[0], 10 + 3 * 6);
    EXPECT_EQ(folded[1], -5 + 3 * 3);
    const auto no_bias = fold_fc_input_offset(w, 2, 3, {}, -2);
    EXPECT_EQ(no_bias[0], -12);
    EXPECT_EQ(no_bias[1], -6);
    EXPECT_THROW(fold_fc_input_offset(w, 2, 2, bias, 3), CompileError);
    const std::vector<int32_t> huge{INT32_MAX, 0};
    EXPECT_THROW(fold_fc_input_offset(w, 2, 3, huge, 1), CompileError);
}

TEST(Softmax, PowerOfTwoScale) {
    // beta * scale * 2^26 = 2^-4 * 2^26 = 2^22 -> (2^30, 23); radius = 31 * 2^26 / 2^23 = 248.
    const SoftmaxInt8Params p = softmax_int8_params(1.0f / 16.0f, 1.0f);
    EXPECT_EQ(p.input_multiplier, 1 << 30);
    EXPECT_EQ(p.input_left_shift, 23);
    EXPECT_EQ(p.diff_min, -248);
}

TEST(Softmax, TypicalScaleKeepsInvariant) {
    // The rescaled diff_min must stay representable: |diff_min| * 2^shift <= 31 * 2^26.
    for (float scale : {0.0039f, 0.05f, 0.1f, 0.5f, 1.0f, 4.0f}) {
        const SoftmaxInt8Params p = softmax_int8_params(scale, 1.0f);
        EXPECT_GE(p.input_multiplier, 1 << 30);
        EXPECT_GE(p.input_left_shift, 0);
        EXPECT_LE(p.input_left_shift, 31);
        EXPECT_LE(std::ldexp(static_cast<double>(-p.diff_min), p.input_left_shift),
                  31.0 * std::ldexp(1.0, 26));
        EXPECT_GT(std::ldexp(static_cast<double>(1 - p.diff_min), p.input_left_shift),
                  31.0 * std::ldexp(1.0, 26));
    }
    EXPECT_THROW(softmax_int8_params(0.0f, 1.0f), CompileError);
    EXPECT_THROW(softmax_int8_params(1e-12f, 1.0f), CompileError);
}

TEST(Add, PowerOfTwoScales) {
    const AddQuantizedParams p =
        add_quantized_params(0.25f, 3, 0.5f, -7, 1.0f, 2, Activation::None);
    EXPECT_EQ(p.left_shift, 20);
    EXPECT_EQ(p.input1_offset, -3);
    EXPECT_EQ(p.input2_offset, 7);
    EXPECT_EQ(p.output_offset, 2);
    // twice_max = 1: input1 0.25, input2 0.5, output 1 / 2^20.
    EXPECT_EQ(p.input1_multiplier, 1 << 30);
    EXPECT_EQ(p.input1_shift, -1);
    EXPECT_EQ(p.input2_multiplier, 1 << 30);
    EXPECT_EQ(p.input2_shift, 0);
    EXPECT_EQ(p.output_multiplier, 1 << 30);
    EXPECT_EQ(p.output_shift, -19);
    EXPECT_EQ(p.act_min, -128);
    EXPECT_EQ(p.act_max, 127);
    const AddQuantizedParams relu =
        add_quantized_params(0.25f, 3, 0.5f, -7, 1.0f, 2, Activation::Relu);
    EXPECT_EQ(relu.act_min, 2);
    // Output scale so small that the output multiplier reaches 1.
    EXPECT_THROW(add_quantized_params(1.0f, 0, 1.0f, 0, 1e-7f, 0, Activation::None), CompileError);
}

TEST(Add, Int16ShiftsBy15AndClampsToInt16) {
    const AddQuantizedParams p =
        add_quantized_params(0.25f, 0, 0.5f, 0, 1.0f, 0, Activation::None, QuantizedStorage::Int16);
    EXPECT_EQ(p.left_shift, 15);
    // twice_max = 1: output multiplier 1 / 2^15 = 2^30 * 2^-14 / 2^31.
    EXPECT_EQ(p.output_multiplier, 1 << 30);
    EXPECT_EQ(p.output_shift, -14);
    EXPECT_EQ(p.act_min, -32768);
    EXPECT_EQ(p.act_max, 32767);
    // RELU6 at scale 1/1024: 6 * 1024.
    const AddQuantizedParams relu6 = add_quantized_params(
        0.25f, 0, 0.5f, 0, 1.0f / 1024.0f, 0, Activation::Relu6, QuantizedStorage::Int16);
    EXPECT_EQ(relu6.act_min, 0);
    EXPECT_EQ(relu6.act_max, 6144);
}

// The int64 requantization of the 16x8 kernels shifts right by 15 - shift >= 8: shifts up to 7
// (real multipliers below 128) pass, 8 is refused.
TEST(Int64Requantize, ShiftLimit) {
    EXPECT_NO_THROW(require_int64_multiplier_shift(quantize_multiplier(127.9), "m"));
    EXPECT_EQ(quantize_multiplier(127.9).shift, 7);
    EXPECT_NO_THROW(require_int64_multiplier_shift(quantize_multiplier(1e-12), "m"));
    EXPECT_EQ(quantize_multiplier(128.0).shift, 8);
    EXPECT_THROW(require_int64_multiplier_shift(quantize_multiplier(128.0), "m"), CompileError);
}

TEST(Broadcast, StridesAndShapes) {
    const std::vector<int64_t> a{2, 3};
    const std::vector<int64_t> b{3};
    const Broadcast4D bc = broadcast_4d(a, b);
    EXPECT_EQ(bc.out_dims, (std::array<int32_t, 4>{1, 1, 2, 3}));
    EXPECT_EQ(bc.in1_strides[2], 3);
    EXPECT_EQ(bc.in1_strides[3], 1);
    EXPECT_EQ(bc.in2_strides[2], 0);
    EXPECT_EQ(bc.in2_strides[3], 1);
    const std::vector<int64_t> c{1, 4, 1, 2};
    const std::vector<int64_t> d{3, 4, 5, 1};
    const Broadcast4D bc2 = broadcast_4d(c, d);
    EXPECT_EQ(bc2.out_dims, (std::array<int32_t, 4>{3, 4, 5, 2}));
    EXPECT_EQ(bc2.in1_strides, (std::array<int32_t, 4>{0, 2, 0, 1}));
    EXPECT_EQ(bc2.in2_strides, (std::array<int32_t, 4>{20, 5, 1, 0}));
    const std::vector<int64_t> bad{2, 4};
    EXPECT_THROW(broadcast_4d(a, bad), CompileError);
    const std::vector<int64_t> rank5{1, 1, 1, 1, 1};
    EXPECT_THROW(broadcast_4d(rank5, b), CompileError);
}

} // namespace
} // namespace microaot::cpu
