// Import of the ops-matmul group: BATCH_MATMUL's adjoint options (absent options are false),
// L2_NORMALIZATION's fused activation (only NONE, as TFLite Micro), the dtypes and ranks TFLite
// Micro refuses, each a one-line CompileError naming the operator; and mutants of both
// operators' models (truncated, bit-flipped, words overwritten), which must import or raise
// CompileError, never anything else.
#include "frontends/tflite/importer.h"
#include "ir/error.h"
#include "model_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <random>

namespace microaot::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr int8_t kInt16 = 7;
constexpr int32_t kBatchMatMul = 126, kL2Normalization = 11;

TensorSpec tensor(std::string name, std::vector<int32_t> shape, int8_t type, float scale,
                  int64_t zp, uint32_t buffer = 0) {
    if (type == kFloat32)
        return {std::move(name), std::move(shape), type, buffer, {}, {}, 0, false};
    return {std::move(name), std::move(shape), type, buffer, {scale}, {zp}, 0, false};
}

// y [2, 3, 5] = BATCH_MATMUL(a [2, 3, 4] (or [2, 4, 3] with adj_x), b [4, 5] (or [5, 4]));
// b is a constant when asked.
ModelSpec batch_matmul_model(int8_t type, std::optional<std::pair<bool, bool>> adj,
                             bool constant_rhs = false, int8_t rhs_type = -1) {
    const bool adj_x = adj && adj->first, adj_y = adj && adj->second;
    rhs_type = rhs_type < 0 ? type : rhs_type;
    ModelSpec m;
    m.operator_codes = {{kBatchMatMul, kBatchMatMul, ""}};
    m.buffers = {{}};
    uint32_t rhs_buffer = 0;
    if (constant_rhs) {
        m.buffers.push_back({std::vector<uint8_t>(rhs_type == kFloat32 ? 80 : 20, 1), 0, 0});
        rhs_buffer = 1;
    }
    m.tensors = {tensor("a", adj_x ? std::vector<int32_t>{2, 4, 3} : std::vector<int32_t>{2, 3, 4},
                        type, 0.5f, -128),
                 tensor("b", adj_y ? std::vector<int32_t>{5, 4} : std::vector<int32_t>{4, 5},
                        rhs_type, 0.25f, 7, rhs_buffer),
                 tensor("y", {2, 3, 5}, type, 2.0f, 1)};
    OperatorSpec op;
    op.inputs = {0, 1};
    op.outputs = {2};
    if (adj) {
        op.options_type = fb::BuiltinOptions::BatchMatMulOptions;
        op.options = [=](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateBatchMatMulOptions(b, adj_x, adj_y, false).Union();
        };
    }
    m.operators = {op};
    m.inputs = constant_rhs ? std::vector<int32_t>{0} : std::vector<int32_t>{0, 1};
    m.outputs = {2};
    return m;
}

// y = L2_NORMALIZATION(x), x and y [2, 3, 6]; int8 output at scale 1/128, zero point 0.
ModelSpec l2_model(int8_t type, std::optional<int8_t> activation, int rank = 3) {
    ModelSpec m;
    m.operator_codes = {{kL2Normalization, kL2Normalization, ""}};
    m.buffers = {{}};
    std::vector<int32_t> shape = {2, 3, 6};
    while (int(shape.size()) < rank)
        shape.insert(shape.begin(), 1);
    m.tensors = {tensor("x", shape, type, 0.1f, -3), tensor("y", shape, type, 1.0f / 128.0f, 0)};
    OperatorSpec op;
    op.inputs = {0};
    op.outputs = {1};
    if (activation) {
        op.options_type = fb::BuiltinOptions::L2NormOptions;
        op.options = [a = *activation](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateL2NormOptions(b, a).Union();
        };
    }
    m.operators = {op};
    m.inputs = {0};
    m.outputs = {1};
    return m;
}

std::string import_error(const ModelSpec &spec) {
    try {
        tflite::import_model(build_model(spec), "model");
    } catch (const CompileError &e) {
        std::string message = e.what();
        EXPECT_EQ(message.find('\n'), std::string::npos) << "error spans lines: " << message;
        return message;
    }
    return "";
}

TEST(MatMulImport, BatchMatMulAdjointOptions) {
    for (int8_t type : {kInt8, kFloat32})
        for (bool adj_x : {false, true})
            for (bool adj_y : {false, true})
                for (bool constant : {false, true}) {
                    ir::Graph g = tflite::import_model(
                        build_model(batch_matmul_model(type, std::pair{adj_x, adj_y}, constant)),
                        "bmm");
                    const auto &a = g.nodes.at(0).attr<ir::BatchMatMulAttrs>();
                    EXPECT_EQ(a.adj_x, adj_x);
                    EXPECT_EQ(a.adj_y, adj_y);
                }
    ir::Graph g = tflite::import_model(build_model(batch_matmul_model(kInt8, std::nullopt)), "bmm");
    EXPECT_EQ(g.nodes.at(0).attr<ir::BatchMatMulAttrs>(), (ir::BatchMatMulAttrs{false, false}));
}

TEST(MatMulImport, BatchMatMulRefusals) {
    // int16 (TFLM has it, we do not take it yet) and hybrid float x int8 (TFLM refuses it).
    EXPECT_THAT(import_error(batch_matmul_model(kInt16, std::nullopt)),
                AllOf(HasSubstr("BATCH_MATMUL"), HasSubstr("must be int8 or float32, is int16")));
    EXPECT_THAT(import_error(batch_matmul_model(kFloat32, std::nullopt, true, kInt8)),
                AllOf(HasSubstr("BATCH_MATMUL"),
                      HasSubstr("operands and output must have one dtype, are float32, int8")));
    ModelSpec m = batch_matmul_model(kFloat32, std::pair{true, false});
    m.tensors[0].shape = {2, 3, 4}; // adj_x reads a depth of 3
    EXPECT_THAT(import_error(m), AllOf(HasSubstr("BATCH_MATMUL"), HasSubstr("depths differ")));
    m = batch_matmul_model(kFloat32, std::nullopt);
    m.tensors[0].shape = {1, 1, 1, 1, 2, 3, 4};
    m.tensors[2].shape = {1, 1, 1, 1, 2, 3, 5};
    EXPECT_THAT(import_error(m), HasSubstr("must have rank 2 to 5"));
    m = batch_matmul_model(kInt8, std::nullopt);
    m.operators[0].inputs = {0, 1, 1};
    EXPECT_THAT(import_error(m), HasSubstr("BATCH_MATMUL takes 2 inputs"));
    m = batch_matmul_model(kInt8, std::pair{false, false});
    m.operators[0].options_type = fb::BuiltinOptions::AddOptions;
    m.operators[0].options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateAddOptions(b, 0).Union();
    };
    EXPECT_THAT(import_error(m), HasSubstr("expected BatchMatMulOptions"));
    // The int32 accumulator bound: 62000 products of up to 256 * 135 fit, 62200 do not.
    m = batch_matmul_model(kInt8, std::nullopt);
    m.tensors[0].shape = {2, 3, 62000};
    m.tensors[1].shape = {62000, 5};
    EXPECT_EQ(import_error(m), "");
    m.tensors[0].shape = {2, 3, 62200};
    m.tensors[1].shape = {62200, 5};
    EXPECT_THAT(import_error(m), HasSubstr("the int32 accumulator can reach 2149632000 (62200 "
                                           "products): it does not fit"));
}

TEST(MatMulImport, L2NormalizationOptions) {
    for (int8_t type : {kInt8, kFloat32}) {
        EXPECT_NO_THROW(tflite::import_model(build_model(l2_model(type, std::nullopt)), "l2"));
        EXPECT_NO_THROW(tflite::import_model(build_model(l2_model(type, 0)), "l2"));
        EXPECT_NO_THROW(tflite::import_model(build_model(l2_model(type, 0, 4)), "l2"));
    }
    EXPECT_THAT(import_error(l2_model(kInt8, 1)),
                AllOf(HasSubstr("L2_NORMALIZATION"), HasSubstr("fused activation RELU"),
                      HasSubstr("TFLite Micro requires NONE")));
    EXPECT_THAT(import_error(l2_model(kFloat32, 3)), HasSubstr("fused activation RELU6"));
    EXPECT_THAT(import_error(l2_model(kFloat32, 99)), HasSubstr("fused activation 99"));
    EXPECT_THAT(import_error(l2_model(kFloat32, 0, 5)), HasSubstr("must have rank 1 to 4"));
    EXPECT_THAT(import_error(l2_model(kInt16, 0)), HasSubstr("must be int8 or float32, is int16"));
    ModelSpec m = l2_model(kInt8, 0);
    m.tensors[1].scale = {0.5f};
    EXPECT_THAT(import_error(m), HasSubstr("must have scale 1/128 and zero point 0"));
}

void expect_clean(const std::vector<uint8_t> &bytes, const std::string &what, int &rejected) {
    try {
        tflite::import_model(bytes, "mutant");
    } catch (const CompileError &) {
        ++rejected;
    } catch (const std::exception &e) {
        ADD_FAILURE() << what << ": unexpected " << typeid(e).name() << ": " << e.what();
    }
}

void mutate(const std::vector<uint8_t> &original, uint32_t seed) {
    ASSERT_NO_THROW(tflite::import_model(original, "original"));
    std::mt19937 rng(seed);
    int rejected = 0;
    for (std::size_t length = 0; length < original.size(); length += 3)
        expect_clean({original.begin(), original.begin() + long(length)}, "truncated", rejected);
    std::vector<uint8_t> copy = original;
    for (int i = 0; i < 2000; ++i) {
        std::size_t at = rng() % copy.size();
        uint8_t saved = copy[at];
        copy[at] ^= uint8_t(1u << (rng() % 8));
        expect_clean(copy, "bit flip at " + std::to_string(at), rejected);
        copy[at] = saved;
    }
    static constexpr uint32_t kWords[] = {0, 1, 2, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0x10000u};
    for (int i = 0; i < 2000; ++i) {
        std::size_t at = (rng() % (copy.size() / 4)) * 4;
        uint32_t saved, value = kWords[rng() % std::size(kWords)];
        std::memcpy(&saved, &copy[at], 4);
        std::memcpy(&copy[at], &value, 4);
        expect_clean(copy, "word at " + std::to_string(at), rejected);
        std::memcpy(&copy[at], &saved, 4);
    }
    EXPECT_GT(rejected, 0);
}

TEST(MatMulImport, BatchMatMulMutantsImportOrRaiseCompileError) {
    mutate(build_model(batch_matmul_model(kInt8, std::pair{true, true})), 3u);
    mutate(build_model(batch_matmul_model(kFloat32, std::pair{false, true}, true)), 5u);
}

TEST(MatMulImport, L2NormalizationMutantsImportOrRaiseCompileError) {
    mutate(build_model(l2_model(kInt8, 0)), 13u);
    mutate(build_model(l2_model(kFloat32, 0, 4)), 17u);
}

} // namespace
} // namespace microaot::test
