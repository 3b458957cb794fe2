// ir::verify: the fixture passes, and each invariant of ir/graph.h violated once is reported.
#include "graph_fixtures.h"
#include "ir/error.h"
#include "ir/verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace microaot::test {
namespace {

using ::testing::HasSubstr;

// The verifier's message for the fixture after `breakit` changed it ("" if it still verifies).
std::string verify_error(const std::function<void(ir::Graph &)> &breakit) {
    ir::Graph g = conv_relu_graph();
    breakit(g);
    try {
        ir::verify(g);
    } catch (const CompileError &e) {
        return e.what();
    }
    return "";
}

TEST(Verifier, FixtureIsValid) {
    EXPECT_EQ(verify_error([](ir::Graph &) {}), "");
}

TEST(Verifier, NodeInputIndexInRange) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.nodes[1].inputs[0] = 17; }),
                HasSubstr("refers to tensor 17"));
}

TEST(Verifier, GraphInputAndOutputIndicesInRange) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.inputs = {9}; }), HasSubstr("graph input"));
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.outputs = {-3}; }), HasSubstr("graph output"));
}

TEST(Verifier, TensorProducedOnce) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.nodes[1].outputs = {3}; }), HasSubstr("already"));
}

TEST(Verifier, ConstantIsNotAnOutput) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.nodes[1].outputs = {2}; }),
                HasSubstr("already a constant"));
}

TEST(Verifier, GraphInputIsNotConstantOrRepeated) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.inputs = {0, 0}; }), HasSubstr("listed twice"));
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.inputs = {0, 1}; }), HasSubstr("constant"));
}

TEST(Verifier, TopologicalOrder) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { std::swap(g.nodes[0], g.nodes[1]); }),
                HasSubstr("used before it is computed"));
}

TEST(Verifier, GraphOutputIsComputed) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.nodes.pop_back(); }),
                HasSubstr("never computed"));
}

TEST(Verifier, ConstantSizeMatchesShape) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.tensors[2].data->pop_back(); }),
                HasSubstr("constant holds 11 bytes"));
}

TEST(Verifier, DimensionsNonNegative) {
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.tensors[4].shape[1] = -4; }),
                HasSubstr("negative dimension"));
}

TEST(Verifier, QuantizationScalesAndZeroPoints) {
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[0].dtype = ir::DType::Int8;
                    g.tensors[0].quant = {{0.5f}, {128}, 0};
                }),
                HasSubstr("zero point 128 is outside the int8 range [-128, 127]"));
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[1].quant = {{0.5f}, {}, 0};
                }),
                HasSubstr("1 scales but 0 zero points"));
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[1].quant = {{-1.0f}, {0}, 0};
                }),
                HasSubstr("not positive"));
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[1].quant = {{NAN}, {0}, 0};
                }),
                HasSubstr("not positive"));
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[1].quant = {{1, 1}, {0, 0}, 0};
                }),
                HasSubstr("2 per-channel scales for 3 channels"));
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[1].quant = {{1, 1}, {0, 0}, 4};
                }),
                HasSubstr("axis 4 out of range"));
}

TEST(Verifier, OperatorArityAndOutputs) {
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.nodes[1].inputs = {3, 3};
                }),
                HasSubstr("takes at most 1 inputs, has 2"));
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.nodes[0].inputs[1] = ir::kNoTensor; }),
                HasSubstr("required input 1 ('filter') is missing"));
    EXPECT_THAT(verify_error([](ir::Graph &g) { g.nodes[1].outputs.clear(); }),
                HasSubstr("must have 1 output, has 0"));
}

TEST(Verifier, OperatorRules) {
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[3].shape = {1, 3, 4, 3};
                }),
                HasSubstr("node 0: CONV_2D"));
    EXPECT_THAT(verify_error([](ir::Graph &g) {
                    g.tensors[4].shape = {1, 4, 4, 2};
                }),
                HasSubstr("node 1: RELU"));
    EXPECT_THAT(
        verify_error([](ir::Graph &g) { g.nodes[0].attr<ir::Conv2DAttrs>().window.stride_h = 0; }),
        HasSubstr("must be positive"));
}

} // namespace
} // namespace microaot::test
