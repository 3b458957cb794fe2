// int8 unary operators as 256-entry lookup tables computed at compile time. An int8 element-wise
// operator with one input has 256 possible inputs; each table entry is what TensorFlow Lite
// Micro's reference kernel gives for that input: its prepare-time arithmetic (float or double
// where it uses them) and its run-time fixed-point arithmetic (gemmlowp) are reproduced here
// exactly, so the generated code (mao_lut_s8: one load per element) is bit-exact with it.
// Plain numbers in, plain numbers out: no IR types.
//
// Entry i holds the output for the input value int8_t(i) (index = the input's byte, as TFLM's
// own lookup tables are indexed). Bad values raise microaot::CompileError.
#pragma once

#include <array>
#include <cstdint>

namespace microaot::cpu {

using Int8Table = std::array<int8_t, 256>;

// Input and output quantization of one int8 operator.
struct Int8Quant {
    float input_scale = 1.0f;
    int32_t input_zero_point = 0;
    float output_scale = 1.0f;
    int32_t output_zero_point = 0;
};

// LOGISTIC (reference_integer_ops::Logistic: input in Q4.27, gemmlowp::logistic, output
// 1/256 with zero point -128) and TANH (gemmlowp::tanh, output 1/128, zero point 0). The output
// quantization is fixed by the kernel; only the input's is read.
Int8Table logistic_table(const Int8Quant &q);
Int8Table tanh_table(const Int8Quant &q);

// HARD_SWISH (reference_ops::HardSwish<int8_t>: 16-bit fixed point, "reluish" and output
// multipliers downscaled to int16).
Int8Table hard_swish_table(const Int8Quant &q);

// LEAKY_RELU (reference_ops::QuantizeLeakyRelu: an identity multiplier for x >= 0 and an alpha
// multiplier below; alpha >= 0).
Int8Table leaky_relu_table(const Int8Quant &q, float alpha);

// ELU (TFLM elu.cc PopulateLookupTable: dequantize, expf(x) - 1 below zero, requantize in float).
Int8Table elu_table(const Int8Quant &q);

// RELU_N1_TO_1 (TFLite's ReluX: requantize with the input/output scale multiplier, clamp to the
// output's quantized [-1, 1]).
Int8Table relu_n1_to_1_table(const Int8Quant &q);

// ABS (TFLM elementwise.cc: |x - zp_in| rescaled when the scales differ).
Int8Table abs_table(const Int8Quant &q);

// RSQRT (TFLM elementwise.cc: GetInvSqrtQuantizedMultiplierExp and two requantizations; the
// input at the zero point gives 127). TFLM stops with an error for an input below the zero point
// (a negative real); those entries hold 127 as well.
Int8Table rsqrt_table(const Int8Quant &q);

} // namespace microaot::cpu
