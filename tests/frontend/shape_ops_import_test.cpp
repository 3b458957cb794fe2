// SQUEEZE, EXPAND_DIMS, SHAPE and ZEROS_LIKE import (ops-shape2 group): their options read as
// TFLite defines them, each refusal a one-line error naming the operator, damaged models a
// CompileError, and the shape subgraph of a dynamic batch folded to constants.
#include "frontends/tflite/importer.h"
#include "ir/error.h"
#include "ir/ops.h"
#include "model_builder.h"
#include "passes/builtin_passes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <random>

namespace microaot::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr int8_t kInt32 = 2, kInt64 = 4;
constexpr int32_t kSqueeze = 43, kExpandDims = 70, kShape = 77, kZerosLike = 93, kStridedSlice = 45,
                  kPack = 83, kReshape = 22;

std::vector<uint8_t> int32_bytes(const std::vector<int32_t> &values) {
    std::vector<uint8_t> out(values.size() * 4);
    std::memcpy(out.data(), values.data(), out.size());
    return out;
}

TensorSpec tensor(std::string name, std::vector<int32_t> shape, int8_t type = kFloat32,
                  uint32_t buffer = 0) {
    return {std::move(name), std::move(shape), type, buffer, {}, {}, 0, false};
}

OperatorSpec op(uint32_t opcode, std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
    OperatorSpec o;
    o.opcode_index = opcode;
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    return o;
}

std::string import_error(const ModelSpec &spec) {
    try {
        tflite::import_model(build_model(spec), "m");
    } catch (const CompileError &e) {
        std::string message = e.what();
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    }
    return "";
}

struct Options {
    std::optional<std::vector<int32_t>> squeeze_dims = std::vector<int32_t>{-2};
    int32_t axis = -1;
    int8_t axis_type = kInt32;
    bool axis_constant = true;
    std::optional<int8_t> out_type = kInt32;
    int8_t shape_type = kInt32;
};

// x [1,3,1,2] -SQUEEZE-> s [1,3,2] -EXPAND_DIMS(axis)-> e [1,3,2,1] -SHAPE-> d [4], and
// ZEROS_LIKE(e) -> z. Tensors: x 0, s 1, axis 2, e 3, d 4, z 5.
ModelSpec model(const Options &o = {}) {
    ModelSpec m;
    m.operator_codes = {{kSqueeze, kSqueeze, ""},
                        {kExpandDims, kExpandDims, ""},
                        {kShape, kShape, ""},
                        {kZerosLike, kZerosLike, ""}};
    std::vector<uint8_t> axis_bytes = int32_bytes({o.axis});
    if (o.axis_type == kInt64) axis_bytes = {uint8_t(o.axis), 0, 0, 0, 0, 0, 0, 0};
    if (o.axis_type == kInt64 && o.axis < 0)
        std::fill(axis_bytes.begin() + 1, axis_bytes.end(), 0xff);
    m.buffers = {{}, {axis_bytes}};
    m.tensors = {tensor("x", {1, 3, 1, 2}),
                 tensor("s", {1, 3, 2}),
                 tensor("axis", {}, o.axis_type, o.axis_constant ? 1u : 0u),
                 tensor("e", {1, 3, 2, 1}),
                 tensor("d", {4}, o.shape_type),
                 tensor("z", {1, 3, 2, 1})};
    OperatorSpec squeeze = op(0, {0}, {1});
    if (o.squeeze_dims) {
        squeeze.options_type = fb::BuiltinOptions::SqueezeOptions;
        squeeze.options = [dims = *o.squeeze_dims](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateSqueezeOptions(b, b.CreateVector(dims)).Union();
        };
    }
    OperatorSpec shape = op(2, {3}, {4});
    if (o.out_type) {
        shape.options_type = fb::BuiltinOptions::ShapeOptions;
        shape.options = [t = *o.out_type](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateShapeOptions(b, t).Union();
        };
    }
    m.operators = {squeeze, op(1, {1, 2}, {3}), shape, op(3, {3}, {5})};
    m.inputs = o.axis_constant ? std::vector<int32_t>{0} : std::vector<int32_t>{0, 2};
    m.outputs = {4, 5};
    return m;
}

TEST(ShapeOpsImport, OptionsAsTfliteDefinesThem) {
    ir::Graph g = tflite::import_model(build_model(model()), "m");
    ASSERT_EQ(g.nodes.size(), 4u);
    EXPECT_EQ(g.nodes[0].kind, ir::OpKind::Squeeze);
    EXPECT_EQ(g.nodes[1].kind, ir::OpKind::ExpandDims);
    EXPECT_EQ(g.nodes[1].attr<ir::AxisAttrs>().axis, 3); // -1 of rank 3 + 1
    EXPECT_EQ(g.nodes[1].inputs.size(), 1u);             // the axis became an attribute
    EXPECT_EQ(g.nodes[2].kind, ir::OpKind::Shape);
    EXPECT_EQ(g.nodes[3].kind, ir::OpKind::ZerosLike);
    // No squeeze_dims (or an empty list): every size-1 axis, here to [3, 2].
    for (auto dims :
         {std::optional<std::vector<int32_t>>{}, std::optional(std::vector<int32_t>{})}) {
        ModelSpec m = model({.squeeze_dims = dims, .axis = 0});
        m.tensors[1].shape = {3, 2};
        m.tensors[3].shape = m.tensors[5].shape = {1, 3, 2};
        m.tensors[4].shape = {3};
        EXPECT_EQ(import_error(m), "");
    }
    // An int64 axis, an int64 SHAPE, SHAPE without options (its output type decides).
    EXPECT_EQ(import_error(model({.axis = 3, .axis_type = kInt64})), "");
    EXPECT_EQ(import_error(model({.out_type = kInt64, .shape_type = kInt64})), "");
    EXPECT_EQ(import_error(model({.out_type = std::nullopt})), "");
}

TEST(ShapeOpsImport, RefusedOptionsNameTheOperator) {
    EXPECT_THAT(import_error(model({.squeeze_dims = std::vector<int32_t>{1}})),
                AllOf(HasSubstr("SQUEEZE"), HasSubstr("squeeze_dims 1 names axis 1 of size 3")));
    EXPECT_THAT(import_error(model({.squeeze_dims = std::vector<int32_t>{4}})),
                AllOf(HasSubstr("SQUEEZE"), HasSubstr("axis 4 out of range for rank 4")));
    EXPECT_THAT(import_error(model({.squeeze_dims = std::vector<int32_t>(9, 2)})),
                AllOf(HasSubstr("SQUEEZE"), HasSubstr("9 squeeze_dims (at most 8)")));
    EXPECT_THAT(
        import_error(model({.squeeze_dims = std::vector<int32_t>{0}})),
        AllOf(HasSubstr("SQUEEZE"), HasSubstr("output shape [1x3x2] differs from [3x1x2]")));
    EXPECT_THAT(import_error(model({.axis_constant = false})),
                AllOf(HasSubstr("EXPAND_DIMS"),
                      HasSubstr("axis (tensor 2 'axis') must be a constant int32 or int64")));
    EXPECT_THAT(import_error(model({.axis = 4})),
                AllOf(HasSubstr("EXPAND_DIMS"), HasSubstr("axis 4 out of range for rank 4")));
    EXPECT_THAT(import_error(model({.axis = -5})),
                AllOf(HasSubstr("EXPAND_DIMS"), HasSubstr("axis -5 out of range for rank 4")));
    EXPECT_THAT(import_error(model({.axis = 0})),
                AllOf(HasSubstr("EXPAND_DIMS"), HasSubstr("differs from [1x1x3x2]")));
    EXPECT_THAT(import_error(model({.out_type = kFloat32})),
                AllOf(HasSubstr("SHAPE"), HasSubstr("out_type 0 is not int32 or int64")));
    EXPECT_THAT(import_error(model({.out_type = kInt64})),
                AllOf(HasSubstr("SHAPE"),
                      HasSubstr("out_type int64 differs from the output's type int32")));
    EXPECT_THAT(import_error(model({.out_type = std::nullopt, .shape_type = kFloat32})),
                AllOf(HasSubstr("SHAPE"), HasSubstr("must be int32 or int64, is float32")));
    ModelSpec two_axes = model();
    two_axes.buffers[1].data = int32_bytes({1, 2});
    two_axes.tensors[2].shape = {2};
    EXPECT_THAT(import_error(two_axes),
                AllOf(HasSubstr("EXPAND_DIMS"), HasSubstr("axis must hold one value")));
    ModelSpec wrong = model();
    wrong.operators[0].options_type = fb::BuiltinOptions::AddOptions;
    wrong.operators[0].options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateAddOptions(b).Union();
    };
    EXPECT_THAT(import_error(wrong), AllOf(HasSubstr("SQUEEZE"), HasSubstr("SqueezeOptions")));
    ModelSpec zeros = model();
    zeros.operators[3].inputs = {3, 3};
    EXPECT_THAT(import_error(zeros),
                AllOf(HasSubstr("ZEROS_LIKE"), HasSubstr("ZEROS_LIKE takes one input")));
}

// Truncated, bit-flipped and word-overwritten versions of the model import or raise
// CompileError, never anything else.
TEST(ShapeOpsImport, MutantsImportOrRaiseCompileError) {
    const std::vector<uint8_t> original = build_model(model());
    std::mt19937 rng(5u);
    int rejected = 0, accepted = 0;
    auto check = [&](const std::vector<uint8_t> &bytes, const std::string &what) {
        try {
            tflite::import_model(bytes, "mutant");
            ++accepted;
        } catch (const CompileError &) {
            ++rejected;
        } catch (const std::exception &e) {
            ADD_FAILURE() << what << ": unexpected " << typeid(e).name() << ": " << e.what();
        }
    };
    for (std::size_t length = 0; length < original.size(); length += 3)
        check({original.begin(), original.begin() + long(length)}, "truncated");
    std::vector<uint8_t> copy = original;
    for (int i = 0; i < 4000; ++i) {
        std::size_t at = rng() % copy.size();
        uint8_t saved = copy[at];
        copy[at] ^= uint8_t(1u << (rng() % 8));
        check(copy, "bit flip at " + std::to_string(at));
        copy[at] = saved;
    }
    static constexpr uint32_t kWords[] = {0, 1, 2, 4, 0x7fffffffu, 0x80000000u, 0xffffffffu};
    for (int i = 0; i < 4000; ++i) {
        std::size_t at = (rng() % (copy.size() / 4)) * 4;
        uint32_t saved, value = kWords[rng() % std::size(kWords)];
        std::memcpy(&saved, &copy[at], 4);
        std::memcpy(&copy[at], &value, 4);
        check(copy, "word at " + std::to_string(at));
        std::memcpy(&copy[at], &saved, 4);
    }
    EXPECT_GT(rejected, 0);
    EXPECT_GT(accepted, 0);
}

// A converter's dynamic batch: y = RESHAPE(x, PACK(STRIDED_SLICE(SHAPE(x), [0], [1], [1],
// shrink), 6)). SHAPE folds (shapes are static), then the slice and the pack: RESHAPE's shape
// input is the constant [1, 6] and no shape operator is left.
TEST(ShapeOpsImport, DynamicBatchShapeSubgraphFolds) {
    ModelSpec m;
    m.operator_codes = {{kShape, kShape, ""},
                        {kStridedSlice, kStridedSlice, ""},
                        {kPack, kPack, ""},
                        {kReshape, kReshape, ""}};
    m.buffers = {{}, {int32_bytes({0})}, {int32_bytes({1})}, {int32_bytes({6})}};
    m.tensors = {tensor("x", {1, 2, 3}),          tensor("shape", {3}, kInt32),
                 tensor("begin", {1}, kInt32, 1), tensor("end", {1}, kInt32, 2),
                 tensor("batch", {}, kInt32),     tensor("six", {}, kInt32, 3),
                 tensor("dims", {2}, kInt32),     tensor("y", {1, 6})};
    OperatorSpec slice = op(1, {1, 2, 3, 3}, {4});
    slice.options_type = fb::BuiltinOptions::StridedSliceOptions;
    slice.options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateStridedSliceOptions(b, 0, 0, 0, 0, 1).Union();
    };
    OperatorSpec pack = op(2, {4, 5}, {6});
    pack.options_type = fb::BuiltinOptions::PackOptions;
    pack.options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreatePackOptions(b, 2, 0).Union();
    };
    m.operators = {op(0, {0}, {1}), slice, pack, op(3, {0, 6}, {7})};
    m.inputs = {0};
    m.outputs = {7};
    ir::Graph g = tflite::import_model(build_model(m), "m");
    passes::PassContext context;
    passes::fold_constants(g, context);
    ASSERT_EQ(g.nodes.size(), 1u) << ::testing::PrintToString(context.log);
    EXPECT_EQ(g.nodes[0].kind, ir::OpKind::Reshape);
    const ir::Tensor &dims = g.tensor(g.nodes[0].inputs.at(1));
    ASSERT_TRUE(dims.is_constant());
    EXPECT_EQ(*dims.data, int32_bytes({1, 6}));
}

} // namespace
} // namespace microaot::test
