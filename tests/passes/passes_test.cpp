// Each pass on a small hand-built graph: structure afterwards, and values computed here.
#include "graph_builder.h"

#include "passes/builtin_passes.h"

#include "ir/ops.h"
#include "ir/verifier.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>

namespace microaot {
namespace {

using namespace microaot::testing;
using ir::DType;
using ir::OpKind;

// ---- depthwise-to-conv ---------------------------------------------------------------------

// x [1,3,3,1] -> DEPTHWISE_CONV_2D (2x2, multiplier 3) -> y, with `weights` of dtype `dtype`.
ir::Graph single_channel_depthwise(DType weights) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 3, 3, 1});
    ir::TensorId w =
        weights == DType::Int8
            ? int8_constant(g, "w", {1, 2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                            ir::Quantization{{0.5f, 0.25f, 0.125f}, {0, 0, 0}, 3})
            : float_constant(g, "w", {1, 2, 2, 3},
                             {1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f, 8.f, 9.f, 10.f, 11.f, 12.f});
    ir::TensorId y = activation(g, "y", {1, 2, 2, 3});
    ir::DepthwiseConv2DAttrs attrs;
    attrs.window.kernel_h = attrs.window.kernel_w = 2;
    attrs.depth_multiplier = 3;
    add_node(g, OpKind::DepthwiseConv2D, attrs, {x, w}, y);
    g.outputs = {y};
    ir::verify(g);
    return g;
}

TEST(DepthwiseToConv, FloatSingleChannelDepthwiseBecomesAConvWithTransposedFilter) {
    ir::Graph g = single_channel_depthwise(DType::Float32);
    passes::PassContext ctx;
    passes::depthwise_to_conv(g, ctx);
    ir::verify(g);
    ASSERT_EQ(g.nodes[0].kind, OpKind::Conv2D);
    const ir::Tensor &f = g.tensor(g.nodes[0].inputs[1]);
    EXPECT_EQ(f.shape, (ir::Shape{3, 2, 2, 1}));
    // (0, y, x, m) -> (m, y, x, 0): output channel 1 reads taps 2, 5, 8, 11.
    std::vector<float> got = floats_of(f);
    EXPECT_EQ(std::vector<float>(got.begin() + 4, got.begin() + 8),
              (std::vector<float>{2.f, 5.f, 8.f, 11.f}));
}

// TFLite quantizes a hybrid depthwise's input asymmetrically and scales (scale * channel scale),
// a hybrid CONV_2D differently: the rewrite would change the result.
TEST(DepthwiseToConv, HybridDepthwiseStaysDepthwise) {
    ir::Graph g = single_channel_depthwise(DType::Int8);
    passes::PassContext ctx;
    passes::depthwise_to_conv(g, ctx);
    EXPECT_EQ(g.nodes[0].kind, OpKind::DepthwiseConv2D);
    EXPECT_EQ(g.tensor(g.nodes[0].inputs[1]).dtype, DType::Int8);
    EXPECT_TRUE(ctx.log.empty());
}

// ---- fuse-activation -----------------------------------------------------------------------

// x -> CONV_2D -> c -> RELU6 -> y (graph output)
ir::Graph conv_then(OpKind act, DType dtype = DType::Float32, ir::Quantization conv_q = {},
                    ir::Quantization act_q = {}) {
    ir::Graph g;
    ir::Quantization in_q = dtype == DType::Int8 ? int8_quant(0.5f, 0) : ir::Quantization{};
    ir::TensorId x = input(g, "x", {1, 2, 2, 1}, dtype, in_q);
    ir::TensorId w = dtype == DType::Int8
                         ? int8_constant(g, "w", {1, 1, 1, 1}, {2}, int8_quant(0.1f, 0))
                         : float_constant(g, "w", {1, 1, 1, 1}, {2.f});
    ir::TensorId c = activation(g, "c", {1, 2, 2, 1}, dtype, conv_q);
    ir::TensorId y = activation(g, "y", {1, 2, 2, 1}, dtype, act_q);
    add_node(g, OpKind::Conv2D, ir::Conv2DAttrs{}, {x, w}, c);
    add_node(g, act, ir::NoAttrs{}, {c}, y);
    g.outputs = {y};
    ir::verify(g);
    return g;
}

TEST(FuseActivation, Relu6FoldsIntoConvAndConvWritesTheGraphOutput) {
    ir::Graph g = conv_then(OpKind::Relu6);
    passes::PassContext ctx;
    passes::fuse_activation(g, ctx);
    ir::verify(g);
    ASSERT_EQ(g.nodes.size(), 1u);
    EXPECT_EQ(g.nodes[0].kind, OpKind::Conv2D);
    EXPECT_EQ(g.nodes[0].attr<ir::Conv2DAttrs>().activation, ir::Activation::Relu6);
    EXPECT_EQ(g.nodes[0].outputs[0], g.outputs[0]);
    EXPECT_EQ(ctx.log.size(), 1u);
}

TEST(FuseActivation, Int8NeedsEqualQuantization) {
    ir::Graph same =
        conv_then(OpKind::Relu, DType::Int8, int8_quant(0.25f, -3), int8_quant(0.25f, -3));
    passes::PassContext ctx;
    passes::fuse_activation(same, ctx);
    EXPECT_EQ(same.nodes.size(), 1u);
    EXPECT_EQ(same.nodes[0].attr<ir::Conv2DAttrs>().activation, ir::Activation::Relu);

    ir::Graph differ =
        conv_then(OpKind::Relu, DType::Int8, int8_quant(0.25f, -3), int8_quant(0.125f, -128));
    passes::fuse_activation(differ, ctx);
    EXPECT_EQ(differ.nodes.size(), 2u);
    EXPECT_EQ(differ.nodes[0].attr<ir::Conv2DAttrs>().activation, ir::Activation::None);
}

TEST(FuseActivation, SkipsWhenProducerAlreadyHasAnActivation) {
    ir::Graph g = conv_then(OpKind::Relu);
    g.nodes[0].attr<ir::Conv2DAttrs>().activation = ir::Activation::Relu6;
    passes::PassContext ctx;
    passes::fuse_activation(g, ctx);
    EXPECT_EQ(g.nodes.size(), 2u);
    EXPECT_EQ(g.nodes[0].attr<ir::Conv2DAttrs>().activation, ir::Activation::Relu6);
}

TEST(FuseActivation, SkipsWhenTheIntermediateHasAnotherReaderOrIsAnOutput) {
    ir::Graph g = conv_then(OpKind::Relu);
    ir::TensorId c = g.nodes[0].outputs[0];
    ir::TensorId sum = activation(g, "sum", {1, 2, 2, 1});
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {c, g.nodes[1].outputs[0]}, sum);
    g.outputs = {sum};
    ir::verify(g);
    passes::PassContext ctx;
    passes::fuse_activation(g, ctx);
    EXPECT_EQ(g.nodes.size(), 3u);

    ir::Graph out = conv_then(OpKind::Relu);
    out.outputs.push_back(out.nodes[0].outputs[0]);
    passes::fuse_activation(out, ctx);
    EXPECT_EQ(out.nodes.size(), 2u);
    EXPECT_TRUE(ctx.log.empty());
}

TEST(FuseActivation, ReluOnAGraphInputOrAfterAnOpWithoutSlotStays) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 4});
    ir::TensorId r = activation(g, "r", {1, 4});
    ir::TensorId s = activation(g, "s", {2, 2});
    ir::TensorId y = activation(g, "y", {2, 2});
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {x}, r);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {r}, s);
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {s}, y);
    g.outputs = {y};
    ir::verify(g);
    passes::PassContext ctx;
    passes::fuse_activation(g, ctx);
    EXPECT_EQ(g.nodes.size(), 3u);
}

// ---- fold-constants ------------------------------------------------------------------------

TEST(FoldConstants, ReshapeOfAConstantBecomesAConstantWithTheSameBytes) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {3, 2});
    const std::vector<float> values = {1.5f, -2.f, 3.f, 4.25f, 5.f, -6.f};
    ir::TensorId c = float_constant(g, "c", {2, 3}, values);
    ir::TensorId r = activation(g, "r", {3, 2});
    ir::TensorId y = activation(g, "y", {3, 2});
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {c}, r);
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {x, r}, y);
    g.outputs = {y};
    ir::verify(g);

    passes::PassContext ctx;
    passes::fold_constants(g, ctx);
    ir::verify(g);
    ASSERT_EQ(g.nodes.size(), 1u);
    EXPECT_EQ(g.nodes[0].kind, OpKind::Add);
    ASSERT_TRUE(g.tensor(r).is_constant());
    EXPECT_EQ(g.tensor(r).shape, (ir::Shape{3, 2}));
    EXPECT_EQ(floats_of(g.tensor(r)), values);
}

// CAST to bool folds as TFLite Micro casts (x != 0): -0 is false, NaN true; integers likewise.
TEST(FoldConstants, CastToBoolIsNotEqualToZero) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> values = {0.0f, -0.0f, 1.5f, -1e-30f, nan, -7.0f};
    ir::Graph g;
    ir::TensorId c = float_constant(g, "c", {6}, values);
    ir::TensorId b = activation(g, "b", {6}, ir::DType::Bool, {});
    add_node(g, OpKind::Cast, ir::NoAttrs{}, {c}, b);
    g.outputs = {b};
    ir::verify(g);
    std::vector<uint8_t> bytes(values.size() * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    const std::span<const uint8_t> inputs[] = {bytes};
    std::string why_not;
    auto out = ir::evaluate_node(g, g.nodes[0], inputs, why_not);
    ASSERT_TRUE(out) << why_not;
    EXPECT_EQ((*out)[0], (std::vector<uint8_t>{0, 0, 1, 1, 1, 1}));

    ir::Graph gi;
    ir::TensorId x = input(gi, "x", {4}, ir::DType::Int16, {});
    ir::TensorId bi = activation(gi, "b", {4}, ir::DType::Bool, {});
    add_node(gi, OpKind::Cast, ir::NoAttrs{}, {x}, bi);
    gi.outputs = {bi};
    ir::verify(gi);
    const std::vector<int16_t> ints = {0, -1, 256, 32767};
    std::vector<uint8_t> int_bytes(ints.size() * sizeof(int16_t));
    std::memcpy(int_bytes.data(), ints.data(), int_bytes.size());
    const std::span<const uint8_t> int_inputs[] = {int_bytes};
    auto int_out = ir::evaluate_node(gi, gi.nodes[0], int_inputs, why_not);
    ASSERT_TRUE(int_out) << why_not;
    EXPECT_EQ((*int_out)[0], (std::vector<uint8_t>{0, 1, 1, 1}));
}

TEST(FoldConstants, FloatAddBroadcastsAndAppliesItsActivation) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {2, 3});
    const std::vector<float> a = {1.f, -2.f, 3.f, -4.f, 5.f, -6.f};
    const std::vector<float> b = {0.5f, 1.f, -10.f};
    ir::TensorId ca = float_constant(g, "a", {2, 3}, a);
    ir::TensorId cb = float_constant(g, "b", {3}, b);
    ir::TensorId s = activation(g, "s", {2, 3});
    ir::TensorId y = activation(g, "y", {2, 3});
    add_node(g, OpKind::Add, ir::BinaryAttrs{ir::Activation::Relu}, {ca, cb}, s);
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {x, s}, y);
    g.outputs = {y};
    ir::verify(g);

    passes::PassContext ctx;
    passes::fold_constants(g, ctx);
    ir::verify(g);
    ASSERT_EQ(g.nodes.size(), 1u);
    std::vector<float> got = floats_of(g.tensor(s));
    ASSERT_EQ(got.size(), 6u);
    for (int row = 0; row < 2; ++row)
        for (int col = 0; col < 3; ++col) {
            float sum = a[std::size_t(row * 3 + col)] + b[std::size_t(col)];
            EXPECT_FLOAT_EQ(got[std::size_t(row * 3 + col)], sum > 0 ? sum : 0.f);
        }
    EXPECT_FLOAT_EQ(got[0], 1.5f); // 1 + 0.5
    EXPECT_FLOAT_EQ(got[2], 0.f);  // 3 - 10 clamped
}

TEST(FoldConstants, BroadcastAlongTheLeadingAxis) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {2, 3});
    ir::TensorId ca = float_constant(g, "a", {2, 1}, {10.f, 20.f});
    ir::TensorId cb = float_constant(g, "b", {1, 3}, {1.f, 2.f, 3.f});
    ir::TensorId s = activation(g, "s", {2, 3});
    ir::TensorId y = activation(g, "y", {2, 3});
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {ca, cb}, s);
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {x, s}, y);
    g.outputs = {y};
    passes::PassContext ctx;
    passes::fold_constants(g, ctx);
    EXPECT_EQ(floats_of(g.tensor(s)), (std::vector<float>{11, 12, 13, 21, 22, 23}));
}

TEST(FoldConstants, QuantizedAddAndGraphOutputsAreLeftWithAReason) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {2}, DType::Int8, int8_quant(1.f, 0));
    ir::TensorId ca = int8_constant(g, "a", {2}, {1, 2}, int8_quant(1.f, 0));
    ir::TensorId s = activation(g, "s", {2}, DType::Int8, int8_quant(1.f, 0));
    ir::TensorId y = activation(g, "y", {2}, DType::Int8, int8_quant(1.f, 0));
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {ca, ca}, s);
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {x, s}, y);
    g.outputs = {y};
    ir::verify(g);
    passes::PassContext ctx;
    passes::fold_constants(g, ctx);
    EXPECT_EQ(g.nodes.size(), 2u);
    EXPECT_FALSE(g.tensor(s).is_constant());
    ASSERT_EQ(ctx.log.size(), 1u);
    EXPECT_NE(ctx.log[0].find("int8 ADD is not evaluated"), std::string::npos) << ctx.log[0];

    ir::Graph out;
    ir::TensorId c = float_constant(out, "c", {2}, {1.f, 2.f});
    ir::TensorId r = activation(out, "r", {1, 2});
    add_node(out, OpKind::Reshape, ir::NoAttrs{}, {c}, r);
    out.outputs = {r};
    passes::fold_constants(out, ctx);
    EXPECT_EQ(out.nodes.size(), 1u);
    EXPECT_NE(ctx.log.back().find("graph output"), std::string::npos);
}

// ---- dead-code -----------------------------------------------------------------------------

TEST(DeadCode, RemovesUnusedBranchAndRenumbersEverything) {
    ir::Graph g;
    ir::TensorId unused_const = float_constant(g, "unused", {4}, {1, 2, 3, 4});
    ir::TensorId x = input(g, "x", {1, 4});
    ir::TensorId dead = activation(g, "dead", {1, 4});
    ir::TensorId a = activation(g, "a", {1, 4});
    ir::TensorId y = activation(g, "y", {2, 2});
    add_node(g, OpKind::Relu6, ir::NoAttrs{}, {x}, dead);
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {x}, a);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {a}, y);
    g.outputs = {y};
    ir::verify(g);
    (void)unused_const;

    passes::PassContext ctx;
    ctx.aliases[y] = a;    // survives, renumbered
    ctx.aliases[dead] = x; // refers to a dropped tensor: removed
    passes::remove_dead_code(g, ctx);
    ir::verify(g);

    ASSERT_EQ(g.nodes.size(), 2u);
    EXPECT_EQ(g.nodes[0].kind, OpKind::Relu);
    ASSERT_EQ(g.tensors.size(), 3u);
    EXPECT_EQ(g.tensor(g.inputs[0]).name, "x");
    EXPECT_EQ(g.tensor(g.outputs[0]).name, "y");
    EXPECT_EQ(g.tensor(g.nodes[0].outputs[0]).name, "a");
    EXPECT_EQ(g.nodes[1].inputs[0], g.nodes[0].outputs[0]);
    ASSERT_EQ(ctx.aliases.size(), 1u);
    auto [alias, source] = *ctx.aliases.begin();
    EXPECT_EQ(g.tensor(alias).name, "y");
    EXPECT_EQ(g.tensor(source).name, "a");
}

TEST(DeadCode, KeepsUnreadGraphInputsAndLiveChains) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 4});
    ir::TensorId unused_in = input(g, "unused_in", {3});
    ir::TensorId y = activation(g, "y", {1, 4});
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {x}, y);
    g.outputs = {y};
    passes::PassContext ctx;
    passes::remove_dead_code(g, ctx);
    EXPECT_EQ(g.tensors.size(), 3u);
    EXPECT_EQ(g.inputs, (std::vector<ir::TensorId>{x, unused_in}));
    EXPECT_TRUE(ctx.log.empty());
}

// ---- reshape-alias -------------------------------------------------------------------------

TEST(ReshapeAlias, ChainsResolveToTheStorageOwner) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 4});
    ir::TensorId a = activation(g, "a", {1, 4});
    ir::TensorId b = activation(g, "b", {2, 2});
    ir::TensorId c = activation(g, "c", {4});
    ir::TensorId y = activation(g, "y", {4});
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {x}, a);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {a}, b);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {b}, c);
    add_node(g, OpKind::Relu6, ir::NoAttrs{}, {c}, y);
    g.outputs = {y};
    passes::PassContext ctx;
    passes::alias_reshapes(g, ctx);
    ir::verify(g);
    EXPECT_EQ(g.nodes.size(), 4u); // the nodes stay
    EXPECT_EQ(ctx.aliases, (std::map<ir::TensorId, ir::TensorId>{{b, a}, {c, a}}));
}

TEST(ReshapeAlias, InputToOutputReshapeStaysACopy) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 4});
    ir::TensorId y = activation(g, "y", {2, 2});
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {x}, y);
    g.outputs = {y};
    passes::PassContext ctx;
    passes::alias_reshapes(g, ctx);
    EXPECT_TRUE(ctx.aliases.empty());
    ASSERT_EQ(ctx.log.size(), 1u);
    EXPECT_NE(ctx.log[0].find("copy"), std::string::npos);
}

TEST(ReshapeAlias, OutputAliasOfAnIntermediateIsNoted) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 4});
    ir::TensorId a = activation(g, "a", {1, 4});
    ir::TensorId y = activation(g, "y", {4});
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {x}, a);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {a}, y);
    g.outputs = {y};
    passes::PassContext ctx;
    passes::alias_reshapes(g, ctx);
    EXPECT_EQ(ctx.aliases.at(y), a);
    ASSERT_EQ(ctx.log.size(), 2u);
    EXPECT_NE(ctx.log[1].find("caller"), std::string::npos);
}

// ---- fold-constants: shape subgraphs (ops-shape group) --------------------------------------

ir::TensorId int32_constant(ir::Graph &g, const std::string &name, ir::Shape shape,
                            const std::vector<int32_t> &values) {
    ir::TensorId id = activation(g, name, std::move(shape), DType::Int32);
    std::vector<uint8_t> bytes(values.size() * 4);
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    g.tensor(id).data = std::move(bytes);
    return id;
}

std::vector<int32_t> int32_values(const ir::Tensor &t) {
    std::vector<int32_t> v(t.data->size() / 4);
    if (!v.empty()) std::memcpy(v.data(), t.data->data(), t.data->size());
    return v;
}

// What a converter emits for reshape(x, [shape(x)[0], -1]) with the -1 resolved: the shape
// [2, 3, 4] (a folded SHAPE), its first element (STRIDED_SLICE, axis shrunk), PACK with 12,
// CONCATENATION with a trailing 1, feeding RESHAPE. Everything but the RESHAPE folds.
TEST(FoldConstants, ShapeSubgraphFeedingAReshapeFolds) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {2, 3, 4});
    ir::TensorId shape = int32_constant(g, "shape", {3}, {2, 3, 4});
    ir::TensorId twelve = int32_constant(g, "twelve", {}, {12});
    ir::TensorId one = int32_constant(g, "one", {1}, {1});
    ir::TensorId batch = activation(g, "batch", {}, DType::Int32);
    ir::TensorId packed = activation(g, "packed", {2}, DType::Int32);
    ir::TensorId dims = activation(g, "dims", {3}, DType::Int32);
    ir::TensorId y = activation(g, "y", {2, 12, 1});
    add_node(g, OpKind::StridedSlice, ir::SliceAttrs{{0}, {1}, {1}}, {shape}, batch);
    add_node(g, OpKind::Pack, ir::AxisAttrs{0}, {batch, twelve}, packed);
    add_node(g, OpKind::Concatenation, ir::AxisAttrs{0}, {packed, one}, dims);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {x, dims}, y);
    g.outputs = {y};
    ir::verify(g);

    passes::PassContext ctx;
    passes::fold_constants(g, ctx);
    ir::verify(g);
    ASSERT_EQ(g.nodes.size(), 1u);
    EXPECT_EQ(g.nodes[0].kind, OpKind::Reshape);
    EXPECT_EQ(int32_values(g.tensor(batch)), (std::vector<int32_t>{2}));
    EXPECT_EQ(int32_values(g.tensor(packed)), (std::vector<int32_t>{2, 12}));
    EXPECT_EQ(int32_values(g.tensor(dims)), (std::vector<int32_t>{2, 12, 1}));
}

// Data movement folds bytes whatever the element type: a TRANSPOSE of an int8 constant.
TEST(FoldConstants, Int8TransposeOfAConstantFolds) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {3, 2}, DType::Int8, int8_quant(0.5f, 1));
    ir::TensorId c = int8_constant(g, "c", {2, 3}, {1, 2, 3, -4, -5, -6}, int8_quant(0.5f, 1));
    ir::TensorId t = activation(g, "t", {3, 2}, DType::Int8, int8_quant(0.5f, 1));
    ir::TensorId y = activation(g, "y", {3, 2}, DType::Int8, int8_quant(0.5f, 1));
    add_node(g, OpKind::Transpose, ir::TransposeAttrs{{1, 0}}, {c}, t);
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {x, t}, y);
    g.outputs = {y};
    passes::PassContext ctx;
    passes::fold_constants(g, ctx);
    ir::verify(g);
    ASSERT_EQ(g.nodes.size(), 1u);
    const std::vector<uint8_t> &bytes = *g.tensor(t).data;
    EXPECT_EQ(std::vector<int8_t>(bytes.begin(), bytes.end()),
              (std::vector<int8_t>{1, -4, 2, -5, 3, -6}));
}
} // namespace
} // namespace microaot
