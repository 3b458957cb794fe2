// The int8 lookup tables of the unary operators against the real functions they approximate,
// computed here independently in double: every entry within the error TFLM's fixed-point or
// float arithmetic can introduce (the exact values are checked against TFLite Micro itself by
// the conformance suite), plus the saturation and edge rules each kernel has.
#include "backends/cpu/unary_tables.h"

#include "ir/error.h"

#include <cmath>
#include <functional>
#include <gtest/gtest.h>

namespace microaot::cpu {
namespace {

// Input/output quantizations that cover small and large scales and extreme zero points.
const Int8Quant kQuants[] = {
    {0.0078125f, 0, 0.05f, -10}, {0.05f, -128, 0.1f, 127}, {0.2f, 127, 0.02f, 0},
    {0.003f, 40, 0.25f, -128},   {1.7f, -3, 0.5f, 60},
};

double dequantize(int v, float scale, int32_t zp) {
    return double(scale) * double(v - zp);
}

// Every entry of `table` (index = the input byte) within `tolerance` output steps of
// f(real input), clamped to int8, with output scale/zero point `scale`/`zp`.
void expect_close(const Int8Table &table, const Int8Quant &q, float scale, int32_t zp,
                  const std::function<double(double)> &f, double tolerance) {
    for (int v = -128; v <= 127; ++v) {
        double expected = f(dequantize(v, q.input_scale, q.input_zero_point)) / scale + zp;
        expected = std::fmin(127.0, std::fmax(-128.0, expected));
        int got = table[uint8_t(int8_t(v))];
        EXPECT_LE(std::fabs(got - expected), tolerance)
            << "input " << v << " (scale " << q.input_scale << ", zp " << q.input_zero_point
            << "): got " << got << ", real " << expected;
    }
}

double sigmoid(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

TEST(UnaryTables, LogisticAndTanhFollowTheFunctionsWithinOneStep) {
    for (const Int8Quant &q : kQuants) {
        expect_close(logistic_table(q), q, 1.0f / 256.0f, -128, sigmoid, 1.0);
        expect_close(
            tanh_table(q), q, 1.0f / 128.0f, 0, [](double x) { return std::tanh(x); }, 1.0);
    }
}

TEST(UnaryTables, LogisticAndTanhAreMonotonicAndSymmetric) {
    for (const Int8Quant &q : kQuants) {
        Int8Table l = logistic_table(q), t = tanh_table(q);
        for (int v = -128; v < 127; ++v) {
            EXPECT_LE(l[uint8_t(int8_t(v))], l[uint8_t(int8_t(v + 1))]);
            EXPECT_LE(t[uint8_t(int8_t(v))], t[uint8_t(int8_t(v + 1))]);
        }
        // The zero point maps to the function's value at 0.
        EXPECT_EQ(l[uint8_t(int8_t(q.input_zero_point))], 0);
        EXPECT_EQ(t[uint8_t(int8_t(q.input_zero_point))], 0);
    }
}

TEST(UnaryTables, HardSwishFollowsTheFunction) {
    auto hard_swish = [](double x) { return x * std::fmin(6.0, std::fmax(0.0, x + 3.0)) / 6.0; };
    for (const Int8Quant &q : kQuants) {
        // TFLM's int16 path truncates in one product and keeps 15 bits: within two steps.
        Int8Quant small_output = q;
        small_output.output_scale = std::max(q.output_scale, q.input_scale);
        expect_close(hard_swish_table(small_output), small_output, small_output.output_scale,
                     small_output.output_zero_point, hard_swish, 2.0);
    }
}

TEST(UnaryTables, HardSwishRefusesAnOutputMultiplierAboveOne) {
    // TFLM requires the output multiplier's exponent to be <= 0.
    EXPECT_THROW(hard_swish_table({1.0f, 0, 1.0f / 512.0f, 0}), CompileError);
}

TEST(UnaryTables, LeakyReluEluAbsReluN1To1FollowTheFunctions) {
    for (const Int8Quant &q : kQuants) {
        // MultiplyByQuantizedMultiplier rounds twice (TFLM's default): up to one step.
        for (float alpha : {0.0f, 0.2f, 1.5f})
            expect_close(
                leaky_relu_table(q, alpha), q, q.output_scale, q.output_zero_point,
                [alpha](double x) { return x > 0 ? x : double(alpha) * x; }, 1.0);
        expect_close(
            elu_table(q), q, q.output_scale, q.output_zero_point,
            [](double x) { return x < 0 ? std::expm1(x) : x; }, 0.51);
        expect_close(
            abs_table(q), q, q.output_scale, q.output_zero_point,
            [](double x) { return std::fabs(x); }, 1.0);
        expect_close(
            relu_n1_to_1_table(q), q, q.output_scale, q.output_zero_point,
            [](double x) { return std::fmin(1.0, std::fmax(-1.0, x)); }, 1.0);
    }
    EXPECT_THROW(leaky_relu_table(kQuants[0], -0.5f), CompileError);
}

TEST(UnaryTables, RsqrtFollowsTheFunctionAboveTheZeroPoint) {
    for (const Int8Quant &q : kQuants) {
        Int8Table table = rsqrt_table(q);
        for (int v = -128; v <= 127; ++v) {
            double x = dequantize(v, q.input_scale, q.input_zero_point);
            int got = table[uint8_t(int8_t(v))];
            if (x <= 0) {
                EXPECT_EQ(got, 127) << v; // the zero point, and TFLM's undefined negatives
                continue;
            }
            double expected =
                std::fmin(127.0, std::fmax(-128.0, 1.0 / std::sqrt(x) / q.output_scale +
                                                       q.output_zero_point));
            // The Newton-Raphson reciprocal square root is good to about 2^-20 relative.
            EXPECT_LE(std::fabs(got - expected), 0.5 + 1e-4 * std::fabs(expected)) << v;
        }
    }
}

TEST(UnaryTables, BadScalesAreCompileErrors) {
    EXPECT_THROW(logistic_table({0.0f, 0, 1.0f, 0}), CompileError);
    EXPECT_THROW(tanh_table({NAN, 0, 1.0f, 0}), CompileError);
    EXPECT_THROW(elu_table({1.0f, 0, -1.0f, 0}), CompileError);
    // Scales whose TFLM multipliers would need shifts beyond what the arithmetic takes (a hostile
    // model): refused, never undefined shifts.
    EXPECT_THROW(logistic_table({1e-30f, 0, 1.0f / 256.0f, -128}), CompileError);
    EXPECT_THROW(tanh_table({1e6f, 0, 1.0f / 128.0f, 0}), CompileError);
    EXPECT_THROW(leaky_relu_table({1e30f, 0, 1e-30f, 0}, 0.5f), CompileError);
    EXPECT_THROW(rsqrt_table({1e-30f, 0, 1e-10f, 0}), CompileError);
}

} // namespace
} // namespace microaot::cpu
