// Every operator record's rules, each broken once: a small valid graph per operator, and for
// every rule a change that breaks it, which the verifier must report in one line naming the
// node, the operator and the problem. A meta-test requires a valid graph for every OpKind, so an
// operator cannot be added without its verifier tests.
#include "graph_builder.h"
#include "ir/error.h"
#include "ir/ops.h"
#include "ir/verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace microaot::test {
namespace {

using namespace microaot::testing;
using ::testing::HasSubstr;

ir::Quantization q8(float scale = 0.5f, int64_t zp = 0) {
    return {{scale}, {zp}, 0};
}

std::vector<uint8_t> zeros(const ir::Tensor &t) {
    return std::vector<uint8_t>(std::size_t(t.byte_size()), 0);
}

ir::TensorId constant(ir::Graph &g, const std::string &name, ir::Shape shape,
                      ir::DType dtype = ir::DType::Float32, ir::Quantization q = {}) {
    ir::TensorId id = activation(g, name, std::move(shape), dtype, std::move(q));
    g.tensor(id).data = zeros(g.tensor(id));
    return id;
}

// One node reading graph inputs/constants and writing the graph output `y`.
ir::Graph single(ir::OpKind kind, ir::Attrs attrs, std::vector<ir::TensorId> inputs, ir::TensorId y,
                 ir::Graph g) {
    add_node(g, kind, std::move(attrs), std::move(inputs), y);
    g.outputs = {y};
    return g;
}

ir::Window2D window(int k, int stride = 1, int pad = 0) {
    return {k, k, stride, stride, 1, 1, pad, pad, pad, pad};
}

// ---- A valid graph per operator -------------------------------------------------------------

ir::Graph conv2d() {
    ir::Graph g;
    auto x = input(g, "x", {1, 5, 5, 2});
    auto w = constant(g, "w", {3, 3, 3, 2});
    auto b = constant(g, "b", {3});
    auto y = activation(g, "y", {1, 5, 5, 3});
    return single(ir::OpKind::Conv2D, ir::Conv2DAttrs{window(3, 1, 1)}, {x, w, b}, y, g);
}

ir::Graph depthwise() {
    ir::Graph g;
    auto x = input(g, "x", {1, 4, 4, 2});
    auto w = constant(g, "w", {1, 3, 3, 4});
    auto y = activation(g, "y", {1, 2, 2, 4});
    return single(ir::OpKind::DepthwiseConv2D, ir::DepthwiseConv2DAttrs{window(3), 2}, {x, w}, y,
                  g);
}

ir::Graph fully_connected() {
    ir::Graph g;
    auto x = input(g, "x", {2, 6});
    auto w = constant(g, "w", {4, 6});
    auto b = constant(g, "b", {4});
    auto y = activation(g, "y", {2, 4});
    return single(ir::OpKind::FullyConnected, ir::FullyConnectedAttrs{}, {x, w, b}, y, g);
}

ir::Graph pool(ir::OpKind kind) {
    ir::Graph g;
    auto x = input(g, "x", {1, 4, 4, 3});
    auto y = activation(g, "y", {1, 2, 2, 3});
    return single(kind, ir::Pool2DAttrs{window(2, 2)}, {x}, y, g);
}

ir::Graph softmax() {
    ir::Graph g;
    auto x = input(g, "x", {2, 5});
    auto y = activation(g, "y", {2, 5});
    return single(ir::OpKind::Softmax, ir::SoftmaxAttrs{}, {x}, y, g);
}

ir::Graph add() {
    ir::Graph g;
    auto a = input(g, "a", {2, 3, 4});
    auto b = input(g, "b", {3, 1});
    auto y = activation(g, "y", {2, 3, 4});
    return single(ir::OpKind::Add, ir::BinaryAttrs{}, {a, b}, y, g);
}

ir::Graph reshape() {
    ir::Graph g;
    auto x = input(g, "x", {2, 6});
    auto y = activation(g, "y", {3, 4});
    return single(ir::OpKind::Reshape, ir::NoAttrs{}, {x}, y, g);
}

ir::Graph unary(ir::OpKind kind) {
    ir::Graph g;
    auto x = input(g, "x", {1, 7}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {1, 7}, ir::DType::Int8, q8());
    return single(kind, ir::NoAttrs{}, {x}, y, g);
}

// Two outputs: [2, 5, 3] -> [2, 2, 3] + [2, 3, 3] along axis 1.
ir::Graph split() {
    ir::Graph g;
    auto x = input(g, "x", {2, 5, 3});
    auto a = activation(g, "a", {2, 2, 3});
    auto b = activation(g, "b", {2, 3, 3});
    ir::Node n{ir::OpKind::Split, ir::SplitAttrs{1}, {x}, {a, b}};
    g.nodes.push_back(n);
    g.outputs = {a, b};
    return g;
}

// [2, 3, 4] reduced over axes 0 and 2 without keep_dims: [3].
ir::Graph reduce(ir::OpKind kind) {
    ir::Graph g;
    auto x = input(g, "x", {2, 3, 4}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {3}, ir::DType::Int8, q8(0.25f, 3));
    return single(kind, ir::ReduceAttrs{{0, 2}, false}, {x}, y, g);
}

// [2, 3] int8 padded by [1, 0] and [2, 1] with PADV2's value input.
ir::Graph pad() {
    ir::Graph g;
    auto x = input(g, "x", {2, 3}, ir::DType::Int8, q8());
    auto v = constant(g, "v", {}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {3, 6}, ir::DType::Int8, q8());
    return single(ir::OpKind::Pad, ir::PadAttrs{{1, 2}, {0, 1}}, {x, v}, y, g);
}

// [2, 5] float32 -> int8 (QUANTIZE) or int8 -> float32 (DEQUANTIZE).
ir::Graph quantize(ir::OpKind kind) {
    ir::Graph g;
    bool q = kind == ir::OpKind::Quantize;
    auto x = input(g, "x", {2, 5}, q ? ir::DType::Float32 : ir::DType::Int8,
                   q ? ir::Quantization{} : q8());
    auto y = activation(g, "y", {2, 5}, q ? ir::DType::Int8 : ir::DType::Float32,
                        q ? q8(0.25f, -3) : ir::Quantization{});
    return single(kind, ir::NoAttrs{}, {x}, y, g);
}

// Activations and unary math over [2, 5]: int8 where TFLite Micro has an int8 kernel (LOGISTIC
// and TANH with their fixed output quantization), float32 otherwise.
ir::Graph unary_math(ir::OpKind kind) {
    ir::Graph g;
    bool int8 = kind != ir::OpKind::Neg && kind != ir::OpKind::Sqrt && kind != ir::OpKind::Exp &&
                kind != ir::OpKind::Log;
    ir::Quantization out_q = kind == ir::OpKind::Logistic ? q8(1.0f / 256.0f, -128)
                             : kind == ir::OpKind::Tanh   ? q8(1.0f / 128.0f, 0)
                                                          : q8(0.25f, 3);
    auto x = input(g, "x", {2, 5}, int8 ? ir::DType::Int8 : ir::DType::Float32,
                   int8 ? q8() : ir::Quantization{});
    auto y = activation(g, "y", {2, 5}, int8 ? ir::DType::Int8 : ir::DType::Float32,
                        int8 ? out_q : ir::Quantization{});
    ir::Attrs a = ir::NoAttrs{};
    if (kind == ir::OpKind::LeakyRelu) a = ir::LeakyReluAttrs{0.2f};
    return single(kind, a, {x}, y, g);
}

// [2, 5] float32 -> int32.
ir::Graph cast() {
    ir::Graph g;
    auto x = input(g, "x", {2, 5});
    auto y = activation(g, "y", {2, 5}, ir::DType::Int32);
    return single(ir::OpKind::Cast, ir::NoAttrs{}, {x}, y, g);
}

// ops-binary group: [2, 3, 4] op [3, 1] -> [2, 3, 4] (BinaryAttrs where the operator fuses an
// activation).
ir::Graph binary(ir::OpKind kind) {
    ir::Graph g;
    auto a = input(g, "a", {2, 3, 4});
    auto b = input(g, "b", {3, 1});
    auto y = activation(g, "y", {2, 3, 4});
    bool fused = ir::op_def(kind).has(ir::kFusedActivation);
    return single(kind, fused ? ir::Attrs{ir::BinaryAttrs{}} : ir::Attrs{ir::NoAttrs{}}, {a, b}, y,
                  g);
}

ir::Graph prelu() {
    ir::Graph g;
    auto x = input(g, "x", {1, 3, 4}, ir::DType::Int8, q8());
    auto alpha = input(g, "alpha", {3, 1}, ir::DType::Int8, q8(0.01f, 2));
    auto y = activation(g, "y", {1, 3, 4}, ir::DType::Int8, q8(0.25f, -5));
    return single(ir::OpKind::Prelu, ir::NoAttrs{}, {x, alpha}, y, g);
}

// REDUCE_MAX keeps the input's quantization.
ir::Graph reduce_max() {
    ir::Graph g;
    auto x = input(g, "x", {2, 3, 4}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {3}, ir::DType::Int8, q8());
    return single(ir::OpKind::ReduceMax, ir::ReduceAttrs{{0, 2}, false}, {x}, y, g);
}

// ---- ops-shape group ----

// [2, 3] and [2, 1] int8 concatenated along axis 1 into [2, 4].
ir::Graph concatenation() {
    ir::Graph g;
    auto a = input(g, "a", {2, 3}, ir::DType::Int8, q8());
    auto b = constant(g, "b", {2, 1}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {2, 4}, ir::DType::Int8, q8());
    return single(ir::OpKind::Concatenation, ir::AxisAttrs{1}, {a, b}, y, g);
}

// Two [2, 3] int8 inputs packed along axis 1 into [2, 2, 3]; UNPACK the other way round.
ir::Graph pack() {
    ir::Graph g;
    auto a = input(g, "a", {2, 3}, ir::DType::Int8, q8());
    auto b = input(g, "b", {2, 3}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {2, 2, 3}, ir::DType::Int8, q8());
    return single(ir::OpKind::Pack, ir::AxisAttrs{1}, {a, b}, y, g);
}

ir::Graph unpack() {
    ir::Graph g;
    auto x = input(g, "x", {2, 2, 3});
    auto y0 = activation(g, "y0", {2, 3}), y1 = activation(g, "y1", {2, 3});
    g.nodes.push_back(ir::Node{ir::OpKind::Unpack, ir::AxisAttrs{1}, {x}, {y0, y1}});
    g.outputs = {y0, y1};
    return g;
}

// [2, 3, 4] float32 transposed by [2, 0, 1] into [4, 2, 3].
ir::Graph transpose() {
    ir::Graph g;
    auto x = input(g, "x", {2, 3, 4});
    auto y = activation(g, "y", {4, 2, 3});
    return single(ir::OpKind::Transpose, ir::TransposeAttrs{{2, 0, 1}}, {x}, y, g);
}

// [4, 5] int8: rows 3 and 1 (stride -2), columns 1 to 3.
ir::Graph strided_slice() {
    ir::Graph g;
    auto x = input(g, "x", {4, 5}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {2, 3}, ir::DType::Int8, q8());
    return single(ir::OpKind::StridedSlice, ir::SliceAttrs{{3, 1}, {-2, 1}, {2, 3}}, {x}, y, g);
}

// [3, 1] float32 broadcast to [2, 3, 4].
ir::Graph broadcast_to() {
    ir::Graph g;
    auto x = input(g, "x", {3, 1});
    auto y = activation(g, "y", {2, 3, 4});
    return single(ir::OpKind::BroadcastTo, ir::NoAttrs{}, {x}, y, g);
}

// [1, 4, 6, 3] int8 <-> [1, 2, 3, 12] with blocks of 2.
ir::Graph space_depth(ir::OpKind kind) {
    ir::Graph g;
    ir::Shape space = {1, 4, 6, 3}, depth = {1, 2, 3, 12};
    bool to_depth = kind == ir::OpKind::SpaceToDepth;
    auto x = input(g, "x", to_depth ? space : depth, ir::DType::Int8, q8());
    auto y = activation(g, "y", to_depth ? depth : space, ir::DType::Int8, q8());
    return single(kind, ir::BlockAttrs{2}, {x}, y, g);
}

// [2, 5, 3] int8, two [2, 4] index rows gathered along axis 1 with one batch axis: [2, 4, 3].
ir::Graph gather() {
    ir::Graph g;
    auto x = input(g, "x", {2, 5, 3}, ir::DType::Int8, q8());
    auto idx = constant(g, "idx", {2, 4}, ir::DType::Int32);
    auto y = activation(g, "y", {2, 4, 3}, ir::DType::Int8, q8());
    return single(ir::OpKind::Gather, ir::GatherAttrs{1, 1}, {x, idx}, y, g);
}

// [2, 5, 3] int8 -> [2, 3] int32 indices along axis 1.
ir::Graph arg(ir::OpKind kind) {
    ir::Graph g;
    auto x = input(g, "x", {2, 5, 3}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {2, 3}, ir::DType::Int32);
    return single(kind, ir::AxisAttrs{1}, {x}, y, g);
}

// [1, 3, 4, 2] int8 resized to [1, 5, 7, 2].
ir::Graph resize(ir::OpKind kind) {
    ir::Graph g;
    auto x = input(g, "x", {1, 3, 4, 2}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {1, 5, 7, 2}, ir::DType::Int8, q8());
    return single(kind, ir::ResizeAttrs{}, {x}, y, g);
}

// [1,3,3,2] -> [1,6,6,4] through a 3x3 filter at stride 2 (TFLite SAME: pad 0 at the start).
ir::Graph transpose_conv() {
    ir::Graph g;
    auto x = input(g, "x", {1, 3, 3, 2});
    auto w = constant(g, "w", {4, 3, 3, 2});
    auto b = constant(g, "b", {4});
    auto y = activation(g, "y", {1, 6, 6, 4});
    ir::Window2D win{3, 3, 2, 2, 1, 1, 0, 0, 0, 0};
    return single(ir::OpKind::TransposeConv2D, ir::Conv2DAttrs{win}, {x, w, b}, y, g);
}

// ops-matmul group. [2, 1, 3, 4] x [5, 4, 6] int8 -> [2, 5, 3, 6] (batch axes broadcast both
// ways); with adj_x the lhs is [2, 1, 4, 3], with adj_y the rhs [5, 6, 4].
ir::Graph batch_matmul() {
    ir::Graph g;
    auto a = input(g, "a", {2, 1, 3, 4}, ir::DType::Int8, q8(0.5f, -128));
    auto b = input(g, "b", {5, 4, 6}, ir::DType::Int8, q8(0.25f, 127));
    auto y = activation(g, "y", {2, 5, 3, 6}, ir::DType::Int8, q8(2.0f, 3));
    return single(ir::OpKind::BatchMatMul, ir::BatchMatMulAttrs{}, {a, b}, y, g);
}

// [2, 3, 5] int8 normalized over its last axis, output at scale 1/128, zero point 0.
ir::Graph l2_normalization() {
    ir::Graph g;
    auto x = input(g, "x", {2, 3, 5}, ir::DType::Int8, q8(0.1f, -7));
    auto y = activation(g, "y", {2, 3, 5}, ir::DType::Int8, q8(1.0f / 128.0f, 0));
    return single(ir::OpKind::L2Normalization, ir::NoAttrs{}, {x}, y, g);
}

// ops-shape2 group: [1, 3, 1, 2] int8 squeezed to [3, 2]; [3, 2] expanded to [3, 1, 2]; the
// shape of a [1, 4, 3] float32 tensor as int32; int8 zeros (any output quantization).
ir::Graph squeeze() {
    ir::Graph g;
    auto x = input(g, "x", {1, 3, 1, 2}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {3, 2}, ir::DType::Int8, q8());
    return single(ir::OpKind::Squeeze, ir::NoAttrs{}, {x}, y, g);
}

ir::Graph expand_dims() {
    ir::Graph g;
    auto x = input(g, "x", {3, 2}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {3, 1, 2}, ir::DType::Int8, q8());
    return single(ir::OpKind::ExpandDims, ir::AxisAttrs{1}, {x}, y, g);
}

ir::Graph shape() {
    ir::Graph g;
    auto x = input(g, "x", {1, 4, 3});
    auto y = activation(g, "y", {3}, ir::DType::Int32);
    return single(ir::OpKind::Shape, ir::NoAttrs{}, {x}, y, g);
}

ir::Graph zeros_like() {
    ir::Graph g;
    auto x = input(g, "x", {2, 3}, ir::DType::Int8, q8());
    auto y = activation(g, "y", {2, 3}, ir::DType::Int8, q8(0.25f, 3));
    return single(ir::OpKind::ZerosLike, ir::NoAttrs{}, {x}, y, g);
}

const std::map<ir::OpKind, std::function<ir::Graph()>> &valid_graphs() {
    static const std::map<ir::OpKind, std::function<ir::Graph()>> graphs = {
        {ir::OpKind::Conv2D, conv2d},
        {ir::OpKind::DepthwiseConv2D, depthwise},
        {ir::OpKind::FullyConnected, fully_connected},
        {ir::OpKind::AveragePool2D, [] { return pool(ir::OpKind::AveragePool2D); }},
        {ir::OpKind::MaxPool2D, [] { return pool(ir::OpKind::MaxPool2D); }},
        {ir::OpKind::Softmax, softmax},
        {ir::OpKind::Add, add},
        {ir::OpKind::Reshape, reshape},
        {ir::OpKind::Relu, [] { return unary(ir::OpKind::Relu); }},
        {ir::OpKind::Relu6, [] { return unary(ir::OpKind::Relu6); }},
        {ir::OpKind::Split, split},
        {ir::OpKind::Mean, [] { return reduce(ir::OpKind::Mean); }},
        {ir::OpKind::Pad, pad},
        {ir::OpKind::Quantize, [] { return quantize(ir::OpKind::Quantize); }},
        {ir::OpKind::Dequantize, [] { return quantize(ir::OpKind::Dequantize); }},
        // Activations and unary math
        {ir::OpKind::Logistic, [] { return unary_math(ir::OpKind::Logistic); }},
        {ir::OpKind::Tanh, [] { return unary_math(ir::OpKind::Tanh); }},
        {ir::OpKind::HardSwish, [] { return unary_math(ir::OpKind::HardSwish); }},
        {ir::OpKind::LeakyRelu, [] { return unary_math(ir::OpKind::LeakyRelu); }},
        {ir::OpKind::ReluN1To1, [] { return unary_math(ir::OpKind::ReluN1To1); }},
        {ir::OpKind::Elu, [] { return unary_math(ir::OpKind::Elu); }},
        {ir::OpKind::Abs, [] { return unary_math(ir::OpKind::Abs); }},
        {ir::OpKind::Neg, [] { return unary_math(ir::OpKind::Neg); }},
        {ir::OpKind::Sqrt, [] { return unary_math(ir::OpKind::Sqrt); }},
        {ir::OpKind::Rsqrt, [] { return unary_math(ir::OpKind::Rsqrt); }},
        {ir::OpKind::Exp, [] { return unary_math(ir::OpKind::Exp); }},
        {ir::OpKind::Log, [] { return unary_math(ir::OpKind::Log); }},
        {ir::OpKind::Cast, cast},
        // ops-binary group
        {ir::OpKind::Mul, [] { return binary(ir::OpKind::Mul); }},
        {ir::OpKind::Sub, [] { return binary(ir::OpKind::Sub); }},
        {ir::OpKind::SquaredDifference, [] { return binary(ir::OpKind::SquaredDifference); }},
        {ir::OpKind::Maximum, [] { return binary(ir::OpKind::Maximum); }},
        {ir::OpKind::Minimum, [] { return binary(ir::OpKind::Minimum); }},
        {ir::OpKind::Sum, [] { return reduce(ir::OpKind::Sum); }},
        {ir::OpKind::ReduceMax, reduce_max},
        {ir::OpKind::Prelu, prelu},
        {ir::OpKind::Div, [] { return binary(ir::OpKind::Div); }},
        // ops-shape group
        {ir::OpKind::Concatenation, concatenation},
        {ir::OpKind::Pack, pack},
        {ir::OpKind::Unpack, unpack},
        {ir::OpKind::Transpose, transpose},
        {ir::OpKind::StridedSlice, strided_slice},
        {ir::OpKind::BroadcastTo, broadcast_to},
        {ir::OpKind::SpaceToDepth, [] { return space_depth(ir::OpKind::SpaceToDepth); }},
        {ir::OpKind::DepthToSpace, [] { return space_depth(ir::OpKind::DepthToSpace); }},
        {ir::OpKind::Gather, gather},
        {ir::OpKind::ArgMax, [] { return arg(ir::OpKind::ArgMax); }},
        {ir::OpKind::ArgMin, [] { return arg(ir::OpKind::ArgMin); }},
        {ir::OpKind::ResizeNearestNeighbor,
         [] { return resize(ir::OpKind::ResizeNearestNeighbor); }},
        {ir::OpKind::ResizeBilinear, [] { return resize(ir::OpKind::ResizeBilinear); }},
        {ir::OpKind::TransposeConv2D, transpose_conv},
        // ops-matmul group
        {ir::OpKind::BatchMatMul, batch_matmul},
        {ir::OpKind::L2Normalization, l2_normalization},
        // ops-shape2 group
        {ir::OpKind::Squeeze, squeeze},
        {ir::OpKind::ExpandDims, expand_dims},
        {ir::OpKind::Shape, shape},
        {ir::OpKind::ZerosLike, zeros_like},
    };
    return graphs;
}

std::string error_of(const ir::Graph &g) {
    try {
        ir::verify(g);
    } catch (const CompileError &e) {
        return e.what();
    }
    return "";
}

// The verifier's message after `breakit` changed the valid graph of `kind`.
std::string broken(ir::OpKind kind, const std::function<void(ir::Graph &)> &breakit) {
    ir::Graph g = valid_graphs().at(kind)();
    breakit(g);
    return error_of(g);
}

ir::Tensor &t(ir::Graph &g, const std::string &name) {
    for (auto &tensor : g.tensors)
        if (tensor.name == name) return tensor;
    throw std::logic_error("no tensor " + name);
}

template <class A> A &attrs(ir::Graph &g) {
    return std::get<A>(g.nodes[0].attrs);
}

// ---- Tests ----------------------------------------------------------------------------------

TEST(OpRules, EveryOperatorHasAValidGraph) {
    for (const ir::OpDef &def : ir::all_ops()) {
        SCOPED_TRACE(std::string(def.name));
        auto it = valid_graphs().find(def.kind);
        ASSERT_NE(it, valid_graphs().end()) << "add a valid graph and its rule tests here";
        EXPECT_EQ(error_of(it->second()), "");
    }
}

// A node carrying another operator's attributes is a CompileError naming both types, for every
// operator and every wrong attrs type (never std::bad_variant_access).
TEST(OpRules, AttrsOfTheWrongTypeAreACompileError) {
    for (const ir::OpDef &def : ir::all_ops()) {
        for (std::size_t other = 0; other < std::variant_size_v<ir::Attrs>; ++other) {
            if (other == def.attrs) continue;
            ir::Graph g = valid_graphs().at(def.kind)();
            ir::Attrs wrong;
            // Default-construct alternative `other`.
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                ((I == other ? (void)(wrong = std::variant_alternative_t<I, ir::Attrs>{}) : void()),
                 ...);
            }
            (std::make_index_sequence<std::variant_size_v<ir::Attrs>>{});
            g.nodes[0].attrs = wrong;
            std::string message = error_of(g);
            EXPECT_THAT(message,
                        HasSubstr("attributes are " + std::string(ir::attrs_type_name(other)) +
                                  ", expected " + std::string(ir::attrs_type_name(def.attrs))))
                << def.name;
        }
    }
}

TEST(OpRules, AttrAccessOfTheWrongTypeThrowsCompileError) {
    ir::Graph g = conv2d();
    EXPECT_THROW(g.nodes[0].attr<ir::Pool2DAttrs>(), CompileError);
}

struct Case {
    ir::OpKind kind;
    std::function<void(ir::Graph &)> breakit;
    std::string expected;
};

class Rules : public ::testing::TestWithParam<Case> {};

TEST_P(Rules, BrokenRuleIsOneLineNamingNodeAndOperator) {
    const Case &c = GetParam();
    std::string message = broken(c.kind, c.breakit);
    EXPECT_THAT(message, HasSubstr(c.expected)) << message;
    EXPECT_THAT(message, HasSubstr(std::string(ir::op_name(c.kind)))) << message;
    EXPECT_THAT(message, HasSubstr("node 0")) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

using G = ir::Graph;
using K = ir::OpKind;
const Case kCases[] = {
    // Generic slot checks (any operator).
    {K::Conv2D, [](G &g) { g.nodes[0].inputs.push_back(0); }, "takes at most 3 inputs"},
    {K::Conv2D, [](G &g) { g.nodes[0].inputs = {0}; }, "required input 1 ('filter') is missing"},
    {K::Conv2D, [](G &g) { g.nodes[0].outputs.push_back(0); }, "must have 1 output"},
    {K::Conv2D,
     [](G &g) {
         t(g, "w").data.reset();
         g.inputs.push_back(1);
     },
     "input 1 ('filter', tensor 'w') must be a constant"},
    // CONV_2D
    {K::Conv2D,
     [](G &g) {
         t(g, "x").shape = {5, 5, 2};
     },
     "must have rank 4"},
    {K::Conv2D, [](G &g) { t(g, "w").dtype = ir::DType::Int32; }, "filter dtype mismatch"},
    {K::Conv2D,
     [](G &g) {
         t(g, "w").shape = {3, 3, 3, 3};
         t(g, "w").data->resize(3 * 3 * 3 * 3 * 4);
     },
     "not a multiple of filter channels"},
    {K::Conv2D,
     [](G &g) {
         t(g, "y").shape = {1, 5, 5, 4};
     },
     "output channels differ"},
    {K::Conv2D,
     [](G &g) {
         t(g, "b").shape = {2};
         t(g, "b").data->resize(8);
     },
     "bias 'b' has 2 elements, expected 3"},
    {K::Conv2D, [](G &g) { t(g, "b").dtype = ir::DType::Int32; }, "bias 'b' must be float32"},
    {K::Conv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.kernel_h = 2; },
     "window 2x3 differs from filter"},
    {K::Conv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.pad_top = 0; }, "does not match input"},
    {K::Conv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.pad_left = -1; },
     "pads must not be negative"},
    {K::Conv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.dilation_w = 0; }, "must be positive"},
    {K::Conv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.dilation_h = 1 << 30; },
     "is too large"},
    {K::Conv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.pad_bottom = 1 << 30 | 1; },
     "pads are too large"},
    {K::Conv2D,
     [](G &g) {
         t(g, "x").dtype = ir::DType::Int8;
         t(g, "x").quant = q8();
     },
     "unsupported activation dtypes int8 -> float32"},
    {K::Conv2D,
     [](G &g) {
         for (auto n : {"x", "y"}) {
             t(g, n).dtype = ir::DType::Int8;
             t(g, n).quant = q8();
         }
         t(g, "w").dtype = ir::DType::Int8;
         t(g, "w").data->resize(54);
     },
     "weights 'w' are not quantized"},
    {K::Conv2D,
     [](G &g) {
         for (auto n : {"x", "y"}) {
             t(g, n).dtype = ir::DType::Int8;
             t(g, n).quant = q8();
         }
         t(g, "w").dtype = ir::DType::Int8;
         t(g, "w").data->resize(54);
         t(g, "w").quant = {{1, 1, 1}, {0, 0, 0}, 1};
     },
     "per-channel scales must run along axis 0"},
    {K::Conv2D,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int8;
         t(g, "x").quant = {{0.5f, 0.5f}, {0, 0}, 3};
         t(g, "y").quant = q8();
     },
     "needs per-tensor quantization"},
    // DEPTHWISE_CONV_2D
    {K::DepthwiseConv2D,
     [](G &g) {
         t(g, "w").shape[0] = 2;
         t(g, "w").data->resize(2 * 36 * 4);
     },
     "depthwise filter must be [1,kh,kw,out_channels]"},
    {K::DepthwiseConv2D, [](G &g) { attrs<ir::DepthwiseConv2DAttrs>(g).depth_multiplier = 3; },
     "output channels must equal input channels * depth_multiplier"},
    {K::DepthwiseConv2D, [](G &g) { attrs<ir::DepthwiseConv2DAttrs>(g).window.stride_h = 2; },
     "does not match input"},
    {K::DepthwiseConv2D,
     [](G &g) {
         t(g, "w").shape = {1, 3, 3};
         t(g, "w").data->resize(9 * 4);
     },
     "must have rank 4"},
    // FULLY_CONNECTED
    {K::FullyConnected,
     [](G &g) {
         t(g, "w").shape = {4, 6, 1};
     },
     "must have rank 2"},
    {K::FullyConnected,
     [](G &g) {
         t(g, "x").shape = {2, 5};
     },
     "not a whole number of rows"},
    {K::FullyConnected,
     [](G &g) {
         t(g, "y").shape = {2, 5};
     },
     "should hold 2 x 4 values"},
    {K::FullyConnected,
     [](G &g) {
         t(g, "b").shape = {5};
         t(g, "b").data->resize(20);
     },
     "bias 'b' has 5 elements"},
    // AVERAGE_POOL_2D / MAX_POOL_2D
    {K::AveragePool2D,
     [](G &g) {
         t(g, "y").shape = {1, 2, 2, 4};
     },
     "pooling must keep the channel count"},
    {K::MaxPool2D, [](G &g) { attrs<ir::Pool2DAttrs>(g).window.stride_w = 1; },
     "does not match input"},
    {K::MaxPool2D, [](G &g) { attrs<ir::Pool2DAttrs>(g).window.dilation_h = 2; },
     "pooling windows are not dilated"},
    {K::AveragePool2D,
     [](G &g) {
         t(g, "x").shape = {4, 4, 3};
     },
     "must have rank 4"},
    // SOFTMAX
    {K::Softmax,
     [](G &g) {
         t(g, "y").shape = {5, 2};
     },
     "differs from input"},
    {K::Softmax, [](G &g) { attrs<ir::SoftmaxAttrs>(g).axis = 2; },
     "softmax axis 2 out of range for rank 2"},
    {K::Softmax,
     [](G &g) {
         t(g, "x").shape = {};
         t(g, "y").shape = {};
     },
     "rank >= 1"},
    // ADD
    {K::Add,
     [](G &g) {
         t(g, "b").shape = {2, 1};
     },
     "does not broadcast to"},
    {K::Add,
     [](G &g) {
         t(g, "b").shape = {1, 2, 3, 4};
     },
     "operand rank exceeds output"},
    {K::Add,
     [](G &g) {
         t(g, "y").shape = {2, 3, 1};
     },
     "does not broadcast to"},
    {K::Add,
     [](G &g) {
         t(g, "a").shape = {1, 3, 4};
         t(g, "b").shape = {1, 1};
     },
     "is not the broadcast of"},
    {K::Add, [](G &g) { t(g, "b").dtype = ir::DType::Int32; },
     "unsupported activation dtypes int32 -> float32"},
    // RESHAPE
    {K::Reshape,
     [](G &g) {
         t(g, "y").shape = {3, 5};
     },
     "changes the element count"},
    {K::Reshape,
     [](G &g) {
         t(g, "y").dtype = ir::DType::Int8;
         t(g, "y").quant = q8();
     },
     "reshape must keep dtype and quantization"},
    // RELU / RELU6
    {K::Relu,
     [](G &g) {
         t(g, "y").shape = {7, 1};
     },
     "differs from input"},
    {K::Relu6, [](G &g) { t(g, "y").dtype = ir::DType::Int16; }, "unsupported activation dtypes"},
    // SPLIT
    {K::Split, [](G &g) { attrs<ir::SplitAttrs>(g).axis = 3; }, "split axis 3 out of range"},
    {K::Split,
     [](G &g) {
         t(g, "b").shape = {2, 2, 3};
     },
     "outputs take 4 along axis 1, the "
     "input has 5"},
    {K::Split,
     [](G &g) {
         t(g, "b").shape = {2, 3, 4};
     },
     "differs from input [2x5x3] off the "
     "split axis"},
    {K::Split,
     [](G &g) {
         t(g, "a").shape = {2, 2};
     },
     "must have the input's rank"},
    {K::Split, [](G &g) { t(g, "a").dtype = ir::DType::Int32; },
     "must keep the input's dtype and quantization"},
    {K::Split, [](G &g) { g.nodes[0].outputs.clear(); }, "must have at least 1 output, has 0"},
    // MEAN
    {K::Mean,
     [](G &g) {
         attrs<ir::ReduceAttrs>(g).axes = {0, 3};
     },
     "reduction axis 3 out of range for rank 3"},
    {K::Mean,
     [](G &g) {
         attrs<ir::ReduceAttrs>(g).axes = {2, 0};
     },
     "axes must be ascending without repeats"},
    {K::Mean, [](G &g) { attrs<ir::ReduceAttrs>(g).keep_dims = true; },
     "output shape [3] should be [1x3x1]"},
    {K::Mean,
     [](G &g) {
         t(g, "y").shape = {2, 3};
     },
     "should be [3] for input [2x3x4]"},
    {K::Mean, [](G &g) { t(g, "y").dtype = ir::DType::Float32; },
     "unsupported activation dtypes int8 -> float32"},
    {K::Mean,
     [](G &g) {
         t(g, "x").quant = {{0.5f, 0.5f}, {0, 0}, 0};
     },
     "needs per-tensor quantization"},
    // PAD
    {K::Pad, [](G &g) { attrs<ir::PadAttrs>(g).before = {1}; },
     "paddings for 1 and 2 axes, the input has rank 2"},
    {K::Pad, [](G &g) { attrs<ir::PadAttrs>(g).after[1] = 2; },
     "differs from input [2x3] padded by [2, 2] on axis 1"},
    {K::Pad, [](G &g) { attrs<ir::PadAttrs>(g).before[0] = -1; },
     "paddings [-1, 0] of axis 0 must be in [0, 2^30]"},
    {K::Pad,
     [](G &g) {
         t(g, "y").shape = {3, 6, 1};
     },
     "must have the input's rank 2"},
    {K::Pad, [](G &g) { t(g, "y").quant = q8(0.25f); },
     "must keep the input's dtype and quantization"},
    {K::Pad,
     [](G &g) {
         t(g, "v").shape = {2};
         t(g, "v").data->resize(2);
     },
     "pad value 'v' must be a scalar"},
    {K::Pad, [](G &g) { t(g, "v").quant = q8(0.5f, 3); },
     "pad value 'v' must have the output's dtype and quantization"},
    {K::Pad,
     [](G &g) {
         attrs<ir::PadAttrs>(g).mode = ir::PadMode::Reflect;
         attrs<ir::PadAttrs>(g).before[1] = 3;
         g.nodes[0].inputs.pop_back();
     },
     "REFLECT paddings [3, 1] of axis 1 exceed 2 for size 3"},
    {K::Pad, [](G &g) { attrs<ir::PadAttrs>(g).mode = ir::PadMode::Symmetric; },
     "a mirror pad takes no pad value"},
    // QUANTIZE, DEQUANTIZE
    {K::Quantize, [](G &g) { t(g, "y").dtype = ir::DType::Int32; },
     "unsupported dtypes float32 -> int32 (float32 -> int8/int16;"},
    {K::Quantize, [](G &g) { t(g, "y").shape = {10}; },
     "output shape [10] differs from input [2x5]"},
    {K::Quantize,
     [](G &g) {
         t(g, "y").quant = {{0.5f, 0.5f}, {0, 0}, 0};
     },
     "needs per-tensor quantization"},
    {K::Dequantize, [](G &g) { t(g, "y").dtype = ir::DType::Int8; },
     "unsupported dtypes int8 -> int8 (int8, uint8 or int16 -> float32)"},
    {K::Dequantize,
     [](G &g) {
         t(g, "y").shape = {5, 2};
     },
     "output shape [5x2] differs from input [2x5]"},
    // Activations and unary math
    {K::Logistic, [](G &g) { t(g, "y").quant = q8(1.0f / 128.0f, -128); },
     "int8 output 'y' must have scale 0.00390625 and zero point -128"},
    {K::Logistic, [](G &g) { t(g, "y").dtype = ir::DType::Int16; },
     "unsupported dtypes int8 -> int16 (float32 or int8, the same in and out)"},
    {K::Tanh, [](G &g) { t(g, "y").quant = q8(1.0f / 128.0f, 5); },
     "int8 output 'y' must have scale 0.0078125 and zero point 0"},
    {K::Tanh, [](G &g) { t(g, "y").shape = {10}; }, "output shape [10] differs from input [2x5]"},
    {K::HardSwish,
     [](G &g) {
         t(g, "x").quant = {{0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, {0, 0, 0, 0, 0}, 1};
     },
     "needs per-tensor quantization"},
    {K::LeakyRelu, [](G &g) { attrs<ir::LeakyReluAttrs>(g).alpha = -0.5f; },
     "int8 alpha -0.5 is negative (not supported)"},
    {K::LeakyRelu, [](G &g) { attrs<ir::LeakyReluAttrs>(g).alpha = INFINITY; },
     "alpha must be finite"},
    {K::ReluN1To1,
     [](G &g) {
         t(g, "y").shape = {5, 2};
     },
     "output shape [5x2] differs from input [2x5]"},
    {K::Elu, [](G &g) { t(g, "x").dtype = ir::DType::Int16; },
     "unsupported dtypes int16 -> int8 (float32 or int8, the same in and out)"},
    {K::Abs,
     [](G &g) {
         t(g, "y").shape = {2, 6};
     },
     "output shape [2x6] differs from input [2x5]"},
    {K::Rsqrt, [](G &g) { t(g, "y").dtype = ir::DType::Float32; },
     "unsupported dtypes int8 -> float32 (float32 or int8, the same in and out)"},
    {K::Neg,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int8;
         t(g, "x").quant = t(g, "y").quant = q8();
     },
     "unsupported dtypes int8 -> int8 (float32 only)"},
    {K::Sqrt,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int8;
         t(g, "x").quant = t(g, "y").quant = q8();
     },
     "unsupported dtypes int8 -> int8 (float32 only)"},
    {K::Exp,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int8;
         t(g, "x").quant = t(g, "y").quant = q8();
     },
     "unsupported dtypes int8 -> int8 (float32 only)"},
    {K::Log,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int8;
         t(g, "x").quant = t(g, "y").quant = q8();
     },
     "unsupported dtypes int8 -> int8 (float32 only)"},
    {K::Cast, [](G &g) { t(g, "x").dtype = ir::DType::Bool; },
     "unsupported dtypes bool -> int32 (int8, int16, int32, float32 -> those or bool)"},
    {K::Cast, [](G &g) { t(g, "x").dtype = ir::DType::Int64; },
     "unsupported dtypes int64 -> int32 (int8, int16, int32, float32 -> those or bool)"},
    {K::Cast, [](G &g) { t(g, "y").shape = {10}; }, "output shape [10] differs from input [2x5]"},
    // ops-binary group: MUL, SUB, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM, DIV (ADD's rules)
    {K::Mul,
     [](G &g) {
         t(g, "b").shape = {2, 1};
     },
     "does not broadcast to"},
    {K::Mul, [](G &g) { t(g, "b").dtype = ir::DType::Int8; },
     "unsupported activation dtypes int8 -> float32"},
    {K::Sub,
     [](G &g) {
         t(g, "b").shape = {1, 2, 3, 4};
     },
     "operand rank exceeds output"},
    {K::Sub,
     [](G &g) {
         t(g, "y").shape = {2, 3, 1};
     },
     "does not broadcast to"},
    {K::SquaredDifference,
     [](G &g) {
         t(g, "a").shape = {1, 3, 4};
         t(g, "b").shape = {1, 1};
     },
     "is not the broadcast of"},
    {K::Maximum, [](G &g) { t(g, "a").dtype = ir::DType::Int32; },
     "unsupported activation dtypes int32 -> float32"},
    {K::Minimum,
     [](G &g) {
         t(g, "b").shape = {4, 1};
     },
     "does not broadcast to"},
    {K::Div, [](G &g) { t(g, "y").dtype = ir::DType::Int16; },
     "unsupported activation dtypes float32 -> int16"},
    // PRELU
    {K::Prelu,
     [](G &g) {
         t(g, "alpha").shape = {2, 1};
     },
     "does not broadcast to"},
    {K::Prelu,
     [](G &g) {
         t(g, "x").shape = {3, 1};
         t(g, "alpha").shape = {1, 3, 4};
     },
     "output shape [1x3x4] differs from input [3x1]"},
    {K::Prelu, [](G &g) { t(g, "alpha").quant = {}; }, "needs per-tensor quantization"},
    // SUM, REDUCE_MAX
    {K::Sum, [](G &g) { attrs<ir::ReduceAttrs>(g).keep_dims = true; },
     "output shape [3] should be [1x3x1]"},
    {K::ReduceMax,
     [](G &g) {
         attrs<ir::ReduceAttrs>(g).axes = {1, 1};
     },
     "axes must be ascending without repeats"},
    {K::ReduceMax, [](G &g) { t(g, "y").quant = q8(0.25f, 0); },
     "output 'y' must keep the input's quantization"},
    // ops-shape group
    // CONCATENATION
    {K::Concatenation, [](G &g) { attrs<ir::AxisAttrs>(g).axis = 2; },
     "axis 2 out of range for rank 2"},
    {K::Concatenation, [](G &g) { t(g, "b").quant = q8(0.25f); },
     "'b' must have the dtype and quantization of 'y'"},
    {K::Concatenation,
     [](G &g) {
         t(g, "y").shape = {2, 5};
     },
     "inputs give 4 along axis 1, the output has 5"},
    {K::Concatenation,
     [](G &g) {
         t(g, "b").shape = {1, 1};
         t(g, "b").data->resize(1);
     },
     "input 'b' [1x1] differs from output [2x4] off axis 1"},
    {K::Concatenation, [](G &g) { attrs<ir::AxisAttrs>(g).axis = 0; },
     "differs from output [2x4] off axis 0"},
    // PACK, UNPACK
    {K::Pack, [](G &g) { attrs<ir::AxisAttrs>(g).axis = 3; }, "axis 3 out of range for rank 3"},
    {K::Pack,
     [](G &g) {
         t(g, "y").shape = {2, 3, 3};
     },
     "output [2x3x3] must have 2 (the input count) along axis 1"},
    {K::Pack,
     [](G &g) {
         t(g, "b").shape = {3, 2};
     },
     "input 'b' [3x2] must be [2x3]: the output without axis 1"},
    {K::Pack, [](G &g) { t(g, "b").dtype = ir::DType::Int16; },
     "'b' must have the dtype of 'y' (int8, is int16)"},
    {K::Unpack, [](G &g) { attrs<ir::AxisAttrs>(g).axis = -1; }, "axis -1 out of range for rank 3"},
    {K::Unpack, [](G &g) { attrs<ir::AxisAttrs>(g).axis = 2; },
     "input [2x2x3] must have 2 (the output count) along axis 2"},
    {K::Unpack,
     [](G &g) {
         t(g, "y1").shape = {3, 2};
     },
     "output 'y1' [3x2] must be [2x3]: the input without axis 1"},
    // TRANSPOSE
    {K::Transpose,
     [](G &g) {
         attrs<ir::TransposeAttrs>(g).perm = {2, 0, 0};
     },
     "perm [2,0,0] is not a permutation of the 3 input axes"},
    {K::Transpose,
     [](G &g) {
         attrs<ir::TransposeAttrs>(g).perm = {1, 0};
     },
     "perm [1,0] is not a permutation of the 3 input axes"},
    {K::Transpose,
     [](G &g) {
         attrs<ir::TransposeAttrs>(g).perm = {0, 3, 1};
     },
     "is not a permutation"},
    {K::Transpose,
     [](G &g) {
         t(g, "y").shape = {4, 3, 2};
     },
     "output [4x3x2] should be [4x2x3] (input [2x3x4] permuted)"},
    {K::Transpose, [](G &g) { t(g, "y").dtype = ir::DType::Int32; },
     "'x' must have the dtype of 'y' (int32, is float32)"},
    // STRIDED_SLICE
    {K::StridedSlice, [](G &g) { attrs<ir::SliceAttrs>(g).stride = {-2}; },
     "begin, stride and size must have 2 entries (the input rank)"},
    {K::StridedSlice, [](G &g) { attrs<ir::SliceAttrs>(g).stride[1] = 0; },
     "axis 1: stride 0 and size 3 (stride non-zero, size >= 0)"},
    {K::StridedSlice, [](G &g) { attrs<ir::SliceAttrs>(g).begin[0] = 1; },
     "axis 0: elements 1 to -1 (step -2) leave the input's 4"},
    {K::StridedSlice, [](G &g) { attrs<ir::SliceAttrs>(g).begin[1] = 3; },
     "axis 1: elements 3 to 5 (step 1) leave the input's 5"},
    {K::StridedSlice, [](G &g) { t(g, "y").shape = {3, 2}; },
     "output [3x2] does not hold the selected block [2x3]"},
    {K::StridedSlice, [](G &g) { attrs<ir::SliceAttrs>(g).size[0] = -1; },
     "axis 0: stride -2 and size -1"},
    // BROADCAST_TO
    {K::BroadcastTo, [](G &g) { t(g, "y").shape = {2, 4, 4}; },
     "input [3x1] does not broadcast to [2x4x4]"},
    {K::BroadcastTo, [](G &g) { t(g, "y").shape = {3}; }, "input [3x1] does not broadcast to [3]"},
    {K::BroadcastTo, [](G &g) { t(g, "y").dtype = ir::DType::Int8; },
     "'x' must have the dtype of 'y' (int8, is float32)"},
    // SPACE_TO_DEPTH, DEPTH_TO_SPACE
    {K::SpaceToDepth, [](G &g) { attrs<ir::BlockAttrs>(g).block_size = 0; },
     "block size 0 must be in [1, 32768]"},
    {K::SpaceToDepth, [](G &g) { attrs<ir::BlockAttrs>(g).block_size = 3; },
     "input [1x4x6x3] and output [1x2x3x12] do not differ by block size 3"},
    {K::SpaceToDepth, [](G &g) { t(g, "y").shape = {1, 2, 3, 3, 4}; },
     "input and output must have rank 4"},
    {K::DepthToSpace, [](G &g) { t(g, "y").shape = {1, 4, 6, 2}; },
     "output [1x4x6x2] and input [1x2x3x12] do not differ by block size 2"},
    {K::DepthToSpace, [](G &g) { t(g, "y").dtype = ir::DType::Int16; },
     "'x' must have the dtype of 'y' (int16, is int8)"},
    // GATHER
    {K::Gather, [](G &g) { attrs<ir::GatherAttrs>(g).axis = 3; }, "axis 3 out of range for rank 3"},
    {K::Gather, [](G &g) { attrs<ir::GatherAttrs>(g).batch_dims = 2; },
     "batch_dims 2 must be in [0, 1] (the axis and the indices' rank)"},
    {K::Gather,
     [](G &g) {
         t(g, "idx").dtype = ir::DType::Int16;
         t(g, "idx").data->resize(16);
     },
     "indices 'idx' must be int32, are int16"},
    {K::Gather, [](G &g) { t(g, "y").shape = {2, 8, 3}; }, "output [2x8x3] should be [2x4x3]"},
    {K::Gather,
     [](G &g) {
         t(g, "idx").shape = {1, 4};
         t(g, "idx").data->resize(16);
     },
     "indices [1x4] and input [2x5x3] differ in batch axis 0"},
    {K::Gather, [](G &g) { t(g, "y").dtype = ir::DType::Float32; },
     "'x' must have the dtype of 'y' (float32, is int8)"},
    // ARG_MAX, ARG_MIN
    {K::ArgMax, [](G &g) { attrs<ir::AxisAttrs>(g).axis = 3; }, "axis 3 out of range for rank 3"},
    {K::ArgMax, [](G &g) { t(g, "y").dtype = ir::DType::Int16; }, "output must be int32, is int16"},
    {K::ArgMax, [](G &g) { t(g, "y").shape = {2, 5}; }, "output [2x5] should be [2x3]"},
    {K::ArgMin,
     [](G &g) {
         t(g, "x").dtype = ir::DType::Int32;
         t(g, "x").quant = {};
     },
     "input 'x' must be int8 or float32, is int32"},
    {K::ArgMin,
     [](G &g) {
         t(g, "x").shape = {2, 0, 3};
     },
     "axis 1 is empty"},
    // RESIZE_NEAREST_NEIGHBOR
    {K::ResizeNearestNeighbor, [](G &g) { t(g, "y").shape = {1, 5, 7, 3}; },
     "output [1x5x7x3] must keep the batch and channels of input [1x3x4x2]"},
    {K::ResizeNearestNeighbor, [](G &g) { t(g, "y").shape = {5, 7, 2}; },
     "input and output must have rank 4"},
    {K::ResizeNearestNeighbor, [](G &g) { t(g, "y").shape = {1, 0, 7, 2}; },
     "sizes must be positive"},
    {K::ResizeNearestNeighbor,
     [](G &g) { attrs<ir::ResizeAttrs>(g) = {true, true}; },
     "align_corners and half_pixel_centers exclude each other"},
    {K::ResizeNearestNeighbor, [](G &g) { t(g, "y").dtype = ir::DType::Float32; },
     "'x' must have the dtype of 'y' (float32, is int8)"},
    // RESIZE_BILINEAR
    {K::ResizeBilinear, [](G &g) { t(g, "y").shape = {2, 5, 7, 2}; },
     "output [2x5x7x2] must keep the batch and channels of input [1x3x4x2]"},
    {K::ResizeBilinear, [](G &g) { attrs<ir::ResizeAttrs>(g) = {true, true}; },
     "align_corners and half_pixel_centers exclude each other"},
    {K::ResizeBilinear,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int32;
         t(g, "x").quant = t(g, "y").quant = {};
     },
     "input 'x' must be int8 or float32, is int32"},
    {K::TransposeConv2D,
     [](G &g) {
         t(g, "w").shape = {4, 3, 3, 3};
         t(g, "w").data->resize(4 * 3 * 3 * 3 * 4);
     },
     "filter depth 3 differs from the input's 2 channels"},
    {K::TransposeConv2D,
     [](G &g) {
         t(g, "y").shape = {1, 6, 6, 5};
     },
     "output must keep the batch and have the filter's output channels"},
    {K::TransposeConv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.kernel_w = 2; },
     "window 3x2 differs from filter 'w'"},
    {K::TransposeConv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.dilation_h = 2; },
     "no dilation and no end pads"},
    {K::TransposeConv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.pad_top = 3; },
     "pads must be smaller than the filter"},
    {K::TransposeConv2D, [](G &g) { attrs<ir::Conv2DAttrs>(g).window.stride_w = 0; },
     "must be positive"},
    {K::TransposeConv2D,
     [](G &g) {
         t(g, "b").shape = {3};
         t(g, "b").data->resize(12);
     },
     "bias 'b' has 3 elements"},
    // ops-matmul group: BATCH_MATMUL
    {K::BatchMatMul,
     [](G &g) {
         t(g, "a").dtype = t(g, "b").dtype = t(g, "y").dtype = ir::DType::Int16;
     },
     "'a' must be int8 or float32, is int16"},
    {K::BatchMatMul,
     [](G &g) { t(g, "b").quant = {std::vector<float>(6, 0.5f), std::vector<int64_t>(6, 0), 2}; },
     "quantized tensor 'b' needs per-tensor quantization"},
    {K::BatchMatMul,
     [](G &g) {
         t(g, "b").dtype = ir::DType::Float32;
         t(g, "b").quant = {};
     },
     "operands and output must have one dtype, are int8, float32 -> int8"},
    {K::BatchMatMul,
     [](G &g) {
         t(g, "a").shape = {1, 1, 2, 1, 3, 4};
         t(g, "y").shape = {1, 1, 2, 5, 3, 6};
     },
     "operand 'a' [1x1x2x1x3x4] must have rank 2 to 5"},
    {K::BatchMatMul, [](G &g) { t(g, "b").shape = {4, 6}; }, "output shape [2x5x3x6] should be "
                                                             "[2x1x3x6]"},
    {K::BatchMatMul, [](G &g) { t(g, "a").shape = {2, 3, 3, 4}; },
     "batch axes of [2x3x3x4] and [5x4x6] do not broadcast"},
    {K::BatchMatMul, [](G &g) { attrs<ir::BatchMatMulAttrs>(g).adj_x = true; },
     "depths differ: 3 (lhs [2x1x3x4] adjoint) and 4 (rhs [5x4x6])"},
    {K::BatchMatMul, [](G &g) { attrs<ir::BatchMatMulAttrs>(g).adj_y = true; },
     "depths differ: 4 (lhs [2x1x3x4]) and 6 (rhs [5x4x6] adjoint)"},
    {K::BatchMatMul,
     [](G &g) {
         attrs<ir::BatchMatMulAttrs>(g) = {true, true};
         t(g, "a").shape = {2, 1, 4, 3};
         t(g, "b").shape = {5, 6, 4};
         t(g, "y").shape = {2, 5, 6, 3};
     },
     "output shape [2x5x6x3] should be [2x5x3x6]"},
    // L2_NORMALIZATION
    {K::L2Normalization,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int32;
         t(g, "x").quant = t(g, "y").quant = {};
     },
     "'x' must be int8 or float32, is int32"},
    {K::L2Normalization, [](G &g) { t(g, "x").quant = {}; },
     "quantized tensor 'x' needs per-tensor quantization"},
    {K::L2Normalization,
     [](G &g) {
         t(g, "y").dtype = ir::DType::Float32;
         t(g, "y").quant = {};
     },
     "input and output dtypes differ: int8 -> float32"},
    {K::L2Normalization,
     [](G &g) { t(g, "x").shape = t(g, "y").shape = {1, 2, 3, 5, 1}; },
     "input [1x2x3x5x1] must have rank 1 to 4"},
    {K::L2Normalization, [](G &g) { t(g, "x").shape = t(g, "y").shape = {}; },
     "input [] must have rank 1 to 4"},
    {K::L2Normalization, [](G &g) { t(g, "y").shape = {2, 15}; },
     "output shape [2x15] differs from input [2x3x5]"},
    {K::L2Normalization, [](G &g) { t(g, "y").quant = q8(0.5f, 0); },
     "int8 output 'y' must have scale 1/128 and zero point 0"},
    {K::L2Normalization, [](G &g) { t(g, "y").quant = q8(1.0f / 128.0f, 1); },
     "int8 output 'y' must have scale 1/128 and zero point 0"},
    // ops-shape2 group: SQUEEZE
    {K::Squeeze, [](G &g) { t(g, "y").shape = {2, 3}; },
     "output [2x3] is not input [1x3x1x2] without some size-1 axes"},
    {K::Squeeze, [](G &g) { t(g, "y").shape = {1, 3, 1, 2, 1}; },
     "output [1x3x1x2x1] is not input [1x3x1x2] without some size-1 axes"},
    {K::Squeeze, [](G &g) { t(g, "y").quant = q8(0.25f); },
     "output 'y' must keep the input's dtype and quantization"},
    {K::Squeeze, [](G &g) { t(g, "x").shape = {1, 1, 1, 1, 1, 1, 1, 3, 2}; },
     "input rank 9 exceeds 8 (TFLite Micro's limit)"},
    // EXPAND_DIMS
    {K::ExpandDims, [](G &g) { attrs<ir::AxisAttrs>(g).axis = 3; },
     "axis 3 out of range for input rank 2"},
    {K::ExpandDims, [](G &g) { attrs<ir::AxisAttrs>(g).axis = -1; },
     "axis -1 out of range for input rank 2"},
    {K::ExpandDims, [](G &g) { t(g, "y").shape = {1, 3, 2}; },
     "output [1x3x2] is not input [3x2] with a size-1 axis at 1 ([3x1x2])"},
    {K::ExpandDims, [](G &g) { t(g, "y").dtype = ir::DType::Int16; },
     "output 'y' must keep the input's dtype and quantization"},
    // SHAPE
    {K::Shape, [](G &g) { t(g, "y").dtype = ir::DType::Float32; },
     "output 'y' must be int32 or int64, is float32"},
    {K::Shape, [](G &g) { t(g, "y").quant = q8(); }, "output 'y' must not be quantized"},
    {K::Shape, [](G &g) { t(g, "y").shape = {4}; }, "output [4] must be [3], the input's rank"},
    // ZEROS_LIKE
    {K::ZerosLike, [](G &g) { t(g, "y").shape = {3, 2}; },
     "output shape [3x2] differs from input [2x3]"},
    {K::ZerosLike, [](G &g) { t(g, "y").dtype = ir::DType::Float32; },
     "unsupported dtypes int8 -> float32"},
    {K::ZerosLike,
     [](G &g) {
         t(g, "x").dtype = t(g, "y").dtype = ir::DType::Int16;
     },
     "unsupported dtypes int16 -> int16"},
};

INSTANTIATE_TEST_SUITE_P(AllOperators, Rules, ::testing::ValuesIn(kCases));

// int32 ADD/SUB/MUL (shape arithmetic, folded at compile time): valid, and each rule broken.
ir::Graph int32_mul() {
    ir::Graph g;
    auto a = input(g, "a", {2, 3}, ir::DType::Int32);
    auto b = input(g, "b", {3}, ir::DType::Int32);
    auto y = activation(g, "y", {2, 3}, ir::DType::Int32);
    return single(ir::OpKind::Mul, ir::BinaryAttrs{}, {a, b}, y, g);
}

TEST(OpRules, Int32ArithmeticOfShapeSubgraphs) {
    EXPECT_EQ(error_of(int32_mul()), "");
    const std::pair<std::function<void(G &)>, std::string> broken_rules[] = {
        {[](G &g) { t(g, "b").dtype = ir::DType::Float32; },
         "int32 arithmetic: 'b' must be int32 without quantization, is float32"},
        {[](G &g) { t(g, "a").quant = q8(); },
         "int32 arithmetic: 'a' must be int32 without quantization, is int32"},
        {[](G &g) { attrs<ir::BinaryAttrs>(g).activation = ir::Activation::Relu; },
         "int32 arithmetic takes no fused activation"},
        {[](G &g) { t(g, "b").shape = {2}; }, "output [2x3] is not the broadcast of [2x3] and [2]"},
    };
    for (const auto &[breakit, expected] : broken_rules) {
        ir::Graph g = int32_mul();
        breakit(g);
        std::string message = error_of(g);
        EXPECT_THAT(message, HasSubstr(expected));
        EXPECT_THAT(message, HasSubstr("MUL"));
    }
}

// QUANTIZE between every pair of storage types, DEQUANTIZE from each: exactly the pairs TFLite
// Micro's quantize_common.cc / dequantize.cc have kernels for are accepted (the list below is
// that table, written out pair by pair).
TEST(OpRules, QuantizeTakesTheTypePairsTfliteMicroHas) {
    using D = ir::DType;
    const D types[] = {D::Float32, D::Int8, D::UInt8, D::Int16, D::Int32};
    const std::set<std::pair<D, D>> quantize_pairs = {
        {D::Float32, D::Int8}, {D::Float32, D::Int16}, {D::Int8, D::Int8},  {D::Int8, D::UInt8},
        {D::Int8, D::Int16},   {D::Int8, D::Int32},    {D::UInt8, D::Int8}, {D::Int16, D::Int8},
        {D::Int16, D::Int16},  {D::Int16, D::Int32},   {D::Int32, D::Int8}, {D::Int32, D::Int16}};
    const std::set<D> dequantize_inputs = {D::Int8, D::UInt8, D::Int16};
    auto quant_for = [](D d) { return d == D::Float32 ? ir::Quantization{} : q8(0.25f, 1); };
    for (ir::OpKind kind : {ir::OpKind::Quantize, ir::OpKind::Dequantize}) {
        for (D x : types) {
            for (D y : types) {
                ir::Graph g = quantize(kind);
                t(g, "x").dtype = x;
                t(g, "x").quant = quant_for(x);
                t(g, "y").dtype = y;
                t(g, "y").quant = quant_for(y);
                bool expected = kind == ir::OpKind::Quantize
                                    ? quantize_pairs.count({x, y}) > 0
                                    : dequantize_inputs.count(x) > 0 && y == D::Float32;
                std::string message = error_of(g);
                EXPECT_EQ(message.empty(), expected)
                    << ir::dtype_name(x) << " -> " << ir::dtype_name(y) << ": " << message;
                if (!expected) {
                    EXPECT_THAT(message, HasSubstr("unsupported dtypes"));
                }
            }
        }
    }
}

// int16 ("16x8") CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: int8 weights, an int64 bias,
// or an int32 one where TFLite Micro has that form (CONV_2D and FULLY_CONNECTED, not
// DEPTHWISE_CONV_2D, whose kernel reads the bias as int64).
TEST(OpRules, Int16WeightedOperatorsTakeTheBiasTypesTfliteMicroHas) {
    using D = ir::DType;
    auto make_int16 = [](ir::Graph g) {
        for (auto n : {"x", "y"}) {
            t(g, n).dtype = D::Int16;
            t(g, n).quant = q8();
        }
        t(g, "w").dtype = D::Int8;
        t(g, "w").quant = q8();
        t(g, "w").data->resize(std::size_t(ir::element_count(t(g, "w").shape)));
        return g;
    };
    auto with_bias = [](ir::Graph g, D dtype) {
        if (g.nodes[0].input(2) == ir::kNoTensor) {
            ir::TensorId b = constant(g, "b", {t(g, "y").shape.back()}, dtype);
            g.nodes[0].inputs.resize(3, ir::kNoTensor);
            g.nodes[0].inputs[2] = b;
        } else {
            t(g, "b").dtype = dtype;
            t(g, "b").data->assign(std::size_t(t(g, "b").byte_size()), 0);
        }
        return g;
    };
    for (auto [name, graph, takes_int32] : {std::tuple{"CONV_2D", conv2d(), true},
                                            std::tuple{"FULLY_CONNECTED", fully_connected(), true},
                                            std::tuple{"DEPTHWISE_CONV_2D", depthwise(), false}}) {
        ir::Graph int16 = make_int16(graph);
        EXPECT_EQ(error_of(with_bias(int16, D::Int64)), "") << name;
        std::string int32 = error_of(with_bias(int16, D::Int32));
        if (takes_int32) {
            EXPECT_EQ(int32, "") << name;
        } else {
            EXPECT_THAT(int32, HasSubstr("bias 'b' must be int64, is int32")) << name;
        }
        EXPECT_THAT(error_of(with_bias(int16, D::Float32)),
                    HasSubstr(takes_int32 ? "must be int64 or int32, is float32"
                                          : "must be int64, is float32"))
            << name;
    }
}

// Every operator has at least one broken-rule case above.
TEST(OpRules, EveryOperatorHasBrokenRuleCases) {
    std::set<ir::OpKind> covered;
    for (const Case &c : kCases)
        covered.insert(c.kind);
    for (const ir::OpDef &def : ir::all_ops())
        EXPECT_TRUE(covered.contains(def.kind)) << def.name << " has no rule test";
}

} // namespace
} // namespace microaot::test
