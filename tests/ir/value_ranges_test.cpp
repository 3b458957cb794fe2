// ir::check_value_ranges (issue 17, items 1-3): the int32 arithmetic of the kernels is proven at
// compile time or the graph is refused. Each bound is probed on both sides: the largest graph
// whose worst case exactly reaches INT32_MAX verifies, one step more is refused.
#include "graph_builder.h"
#include "ir/error.h"
#include "ir/value_ranges.h"
#include "ir/verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace microaot::test {
namespace {

using namespace microaot::testing;
using ::testing::HasSubstr;

std::string range_error(const ir::Graph &g) {
    try {
        ir::check_value_ranges(g);
    } catch (const CompileError &e) {
        return e.what();
    }
    return "";
}

ir::TensorId int32_bias(ir::Graph &g, int32_t value) {
    ir::TensorId id = activation(g, "bias", {1}, ir::DType::Int32, int8_quant(1.0f, 0));
    std::vector<uint8_t> bytes(4);
    std::memcpy(bytes.data(), &value, 4);
    g.tensor(id).data = std::move(bytes);
    return id;
}

// int8 y[1x1] = FULLY_CONNECTED(x[1xdepth], w[1xdepth] all `weight`, bias), x zero point `x_zp`.
ir::Graph int8_fc(int64_t depth, int8_t weight, int32_t bias, int64_t x_zp = 0) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, depth}, ir::DType::Int8, int8_quant(0.5f, x_zp));
    ir::TensorId w =
        int8_constant(g, "w", {1, depth}, std::vector<int8_t>(depth, weight), int8_quant(0.5f, 0));
    ir::TensorId b = int32_bias(g, bias);
    ir::TensorId y = activation(g, "y", {1, 1}, ir::DType::Int8, int8_quant(1.0f, 0));
    add_node(g, ir::OpKind::FullyConnected, ir::FullyConnectedAttrs{}, {x, w, b}, y);
    g.outputs = {y};
    return g;
}

// x = -128 against w = -127 gives +16256 per tap: 132104 taps reach 2147482624, 1023 below
// INT32_MAX, so a bias of 1023 is the largest that fits.
TEST(ValueRanges, FullyConnectedAccumulatorAtTheBound) {
    constexpr int64_t kDepth = 132104;
    static_assert(kDepth * 128 * 127 + 1023 == INT32_MAX);
    EXPECT_EQ(range_error(int8_fc(kDepth, -127, 1023)), "");
    EXPECT_THAT(range_error(int8_fc(kDepth, -127, 1024)),
                HasSubstr("int32 accumulator of output channel 0 can reach 2147483648"));
    EXPECT_THAT(range_error(int8_fc(kDepth, -127, -1024)), HasSubstr("does not fit"));
    // One more tap without a bias also overflows.
    EXPECT_THAT(range_error(int8_fc(kDepth + 1, -127, 0)), HasSubstr("132105 taps"));
}

// A non-zero input zero point widens the bound per unit of weight to 128 + |zp| (x - zp lies
// in [-255, 255] for zp = -128; the bound takes 256): 66000 taps of 127 reach 2145792000.
TEST(ValueRanges, InputZeroPointWidensTheBound) {
    constexpr int64_t kDepth = 66000;
    static_assert(kDepth * 256 * 127 + 1'691'647 == INT32_MAX);
    EXPECT_EQ(range_error(int8_fc(kDepth, 127, 1'691'647, -128)), "");
    EXPECT_THAT(range_error(int8_fc(kDepth, 127, 1'691'648, -128)), HasSubstr("can reach"));
    // The same graph with zero point 0 has room to spare.
    EXPECT_EQ(range_error(int8_fc(kDepth, 127, 1'691'648, 0)), "");
}

// int16 y[1x1] = FULLY_CONNECTED(x[1xdepth] int16, w[1xdepth] all `weight`, bias of `bias_type`
// with value `bias`, or none).
ir::Graph int16_fc(int64_t depth, int8_t weight, int64_t bias, ir::DType bias_type,
                   bool with_bias = true) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, depth}, ir::DType::Int16, int8_quant(0.5f, 0));
    ir::TensorId w =
        int8_constant(g, "w", {1, depth}, std::vector<int8_t>(depth, weight), int8_quant(0.5f, 0));
    ir::TensorId b = ir::kNoTensor;
    if (with_bias) {
        b = activation(g, "bias", {1}, bias_type, int8_quant(1.0f, 0));
        std::size_t size = bias_type == ir::DType::Int64 ? 8 : 4;
        std::vector<uint8_t> bytes(size);
        if (size == 8) {
            std::memcpy(bytes.data(), &bias, 8);
        } else {
            int32_t narrow = int32_t(bias);
            std::memcpy(bytes.data(), &narrow, 4);
        }
        g.tensor(b).data = std::move(bytes);
    }
    ir::TensorId y = activation(g, "y", {1, 1}, ir::DType::Int16, int8_quant(1.0f, 0));
    add_node(g, ir::OpKind::FullyConnected, ir::FullyConnectedAttrs{}, {x, w, b}, y);
    g.outputs = {y};
    return g;
}

// With an int32 bias the 16x8 kernels accumulate in int32: x = -32768 against w = -127 gives
// 4161536 per tap, so 516 taps reach 2147352576 and a bias of 131071 is the largest that fits.
TEST(ValueRanges, Int16Int32AccumulatorAtTheBound) {
    static_assert(int64_t(516) * 32768 * 127 + 131071 == INT32_MAX);
    EXPECT_EQ(range_error(int16_fc(516, -127, 131071, ir::DType::Int32)), "");
    EXPECT_THAT(range_error(int16_fc(516, -127, 131072, ir::DType::Int32)),
                HasSubstr("the int32 accumulator of output channel 0 can reach 2147483648"));
}

// With an int64 bias (or none) the accumulator is int64 and must stay below 2^47, the int64
// MultiplyByQuantizedMultiplier's precondition: 33818640 taps of -127 against x = -32768 reach
// 140737487831040 and leave room for a bias of 524287 below 2^47.
TEST(ValueRanges, Int16Int64AccumulatorBelow2To47) {
    constexpr int64_t kDepth = 33'818'640;
    constexpr int64_t kRoom = (int64_t(1) << 47) - 1 - kDepth * 32768 * 127;
    static_assert(kRoom == 524287);
    EXPECT_EQ(range_error(int16_fc(kDepth, -127, kRoom, ir::DType::Int64)), "");
    EXPECT_THAT(range_error(int16_fc(kDepth, -127, kRoom + 1, ir::DType::Int64)),
                HasSubstr("int64 accumulator (below 2^47 for MultiplyByQuantizedMultiplier) of "
                          "output channel 0 can reach 140737488355328"));
    // Without a bias TFLite Micro accumulates in int64 too; a huge int64 bias alone is refused.
    EXPECT_EQ(range_error(int16_fc(kDepth, -127, 0, ir::DType::Int64, false)), "");
    EXPECT_THAT(range_error(int16_fc(1, 1, int64_t(1) << 50, ir::DType::Int64)),
                HasSubstr("does not fit"));
}

// int16 AVERAGE_POOL_2D sums in int32: 65535 taps of 32768 plus half the count are exactly
// INT32_MAX, 65536 taps do not fit.
TEST(ValueRanges, Int16AveragePoolSum) {
    auto pool = [](int32_t taps) {
        ir::Graph g;
        ir::TensorId x = input(g, "x", {1, 1, taps, 1}, ir::DType::Int16, int8_quant(0.5f, 0));
        ir::TensorId y = activation(g, "y", {1, 1, 1, 1}, ir::DType::Int16, int8_quant(0.5f, 0));
        ir::Pool2DAttrs a;
        a.window.kernel_w = taps;
        a.window.stride_w = taps;
        add_node(g, ir::OpKind::AveragePool2D, a, {x}, y);
        g.outputs = {y};
        return g;
    };
    static_assert(int64_t(65535) * 32768 + 65535 / 2 == INT32_MAX);
    EXPECT_EQ(range_error(pool(65535)), "");
    EXPECT_THAT(range_error(pool(65536)), HasSubstr("an average over 65536 taps sums up to"));
}

// The actual weights count, not the worst int8: zeros add nothing.
TEST(ValueRanges, ZeroWeightsAddNothing) {
    EXPECT_EQ(range_error(int8_fc(1'000'000, 0, INT32_MAX)), "");
}

// int8 AVERAGE_POOL_2D over one 1 x taps window: the sum reaches taps * 128 and the rounding adds
// taps / 2; 16711935 taps give exactly INT32_MAX.
ir::Graph int8_average_pool(int32_t taps) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 1, taps, 1}, ir::DType::Int8, int8_quant(0.5f, 0));
    ir::TensorId y = activation(g, "y", {1, 1, 1, 1}, ir::DType::Int8, int8_quant(0.5f, 0));
    ir::Pool2DAttrs a;
    a.window.kernel_w = taps;
    a.window.stride_w = taps;
    add_node(g, ir::OpKind::AveragePool2D, a, {x}, y);
    g.outputs = {y};
    return g;
}

TEST(ValueRanges, AveragePoolSumAtTheBound) {
    static_assert(int64_t(16'711'935) * 128 + 16'711'935 / 2 == INT32_MAX);
    EXPECT_EQ(range_error(int8_average_pool(16'711'935)), "");
    EXPECT_THAT(range_error(int8_average_pool(16'711'936)),
                HasSubstr("an average over 16711936 taps sums up to 2147483776"));
}

// Window index arithmetic: input extent + pads + max(stride, dilation) must fit int32, also for
// a 1x1 filter (whose dilated extent is 1 whatever the dilation).
ir::Graph int8_conv_1x1(int64_t width, int dilation, int pad_right) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 1, width, 1}, ir::DType::Int8, int8_quant(0.5f, 0));
    ir::TensorId w = int8_constant(g, "w", {1, 1, 1, 1}, {1}, int8_quant(0.5f, 0));
    ir::TensorId y =
        activation(g, "y", {1, 1, width + pad_right, 1}, ir::DType::Int8, int8_quant(1.0f, 0));
    ir::Conv2DAttrs a;
    a.window.dilation_w = dilation;
    a.window.pad_right = pad_right;
    add_node(g, ir::OpKind::Conv2D, a, {x, w, ir::kNoTensor}, y);
    g.outputs = {y};
    return g;
}

TEST(ValueRanges, WindowIndexArithmetic) {
    EXPECT_EQ(range_error(int8_conv_1x1(1000, 1000, 0)), "");
    EXPECT_THAT(range_error(int8_conv_1x1(8, INT32_MAX, 0)),
                HasSubstr("does not fit the kernels' int32 index arithmetic"));
    constexpr int64_t kWidth = INT32_MAX - 100;
    EXPECT_EQ(range_error(int8_conv_1x1(kWidth, 1, 99)), "");
    EXPECT_THAT(range_error(int8_conv_1x1(kWidth, 1, 100)), HasSubstr("width 2147483547"));
}

// ir::verify runs the check: a graph that breaks no operator rule but overflows is refused.
TEST(ValueRanges, VerifyRunsTheCheck) {
    EXPECT_NO_THROW(ir::verify(int8_fc(100, 127, 0)));
    try {
        ir::verify(int8_fc(132104, -127, 1024));
        ADD_FAILURE() << "an overflowing accumulator verified";
    } catch (const CompileError &e) {
        EXPECT_THAT(e.what(), HasSubstr("node 0 (FULLY_CONNECTED, output 'y'): the int32 "
                                        "accumulator"));
    }
}

} // namespace
} // namespace microaot::test
