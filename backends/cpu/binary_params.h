// Compile-time numbers of the element-wise binary kernels (mao_binary_params in
// runtime/portable/mao_kernels.h): the merged broadcast walk and the int8 requantization of each
// operator, computed as TensorFlow Lite Micro's Prepare functions compute them (float where
// they use float, double where they use double). Plain numbers in, plain numbers out.
#pragma once

#include "backends/cpu/kernel_params.h"

#include <cstdint>
#include <span>
#include <vector>

namespace microaot::cpu {

// The output of broadcasting two shapes (numpy rules, right-aligned), as the dimensions the
// kernel walks: size-1 output axes dropped, adjacent axes merged where both inputs advance
// through them alike (one stride run, or broadcast along both). Strides are element strides of
// each input, 0 where it is broadcast. A single-element output is one dimension of size 1.
struct BinaryBroadcast {
    std::vector<int32_t> out_dims;
    std::vector<int32_t> in1_strides;
    std::vector<int32_t> in2_strides;
};
// CompileError when the shapes do not broadcast or the output exceeds 2^31-1 elements.
BinaryBroadcast binary_broadcast(std::span<const int64_t> in1_shape,
                                 std::span<const int64_t> in2_shape);

// The integer fields of mao_binary_params (zero where an operator does not use them); int16
// where TFLite Micro has the operator in int16 (MUL, SUB; MAXIMUM/MINIMUM use none).
struct BinaryInt8Params {
    int32_t input1_offset = 0;
    int32_t input2_offset = 0;
    int32_t output_offset = 0;
    int32_t left_shift = 0;
    QuantizedMultiplier input1{};
    QuantizedMultiplier input2{};
    QuantizedMultiplier output{};
    int32_t act_min = -128;
    int32_t act_max = 127;
};

struct QuantParams {
    float scale = 0.0f;
    int32_t zero_point = 0;
};

// MUL (CalculateOpDataMul): QuantizeMultiplier(double(s1) * double(s2) / double(s_out)); the
// activation range in the storage type (int16 MUL also needs zero points 0: the lowering checks).
BinaryInt8Params mul_int8_params(QuantParams in1, QuantParams in2, QuantParams out, Activation act,
                                 QuantizedStorage storage = QuantizedStorage::Int8);

// SUB (CalculateOpDataSub): left_shift 20 (int16: 15); twice the larger input scale, the input
// ratios and the output ratio in double, each then quantized below one.
BinaryInt8Params sub_int8_params(QuantParams in1, QuantParams in2, QuantParams out, Activation act,
                                 QuantizedStorage storage = QuantizedStorage::Int8);

// SQUARED_DIFFERENCE (its PrepareQuantized): left_shift 7, ratios in double except
// (1 << 14) * output_scale (float); the output multiplier may exceed one. Range [-128, 127].
BinaryInt8Params squared_difference_int8_params(QuantParams in1, QuantParams in2, QuantParams out);

// PRELU (CalculatePreluParams): input1 = QuantizeMultiplier(s_in / s_out) for x >= 0, output =
// QuantizeMultiplier(s_in * s_alpha / s_out) for x < 0; input2_offset = -alpha_zp.
BinaryInt8Params prelu_int8_params(QuantParams input, QuantParams alpha, QuantParams out);

// DIV (CalculateOpDataDiv): QuantizeMultiplier(s1 / (s2 * s_out)) with the ratio in float (a
// shift above 31 is refused).
BinaryInt8Params div_int8_params(QuantParams in1, QuantParams in2, QuantParams out, Activation act);

} // namespace microaot::cpu
