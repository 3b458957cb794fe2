// Importer behaviour on hand-built models: each test breaks one thing and checks the one-line
// CompileError names what is wrong and where; a few check accepted corner cases.
#include "frontends/registry.h"
#include "frontends/tflite/importer.h"
#include "ir/error.h"
#include "model_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <optional>

namespace microaot::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The CompileError message of importing `bytes`, or "" when it imports.
std::string import_error(const std::vector<uint8_t> &bytes) {
    try {
        tflite::import_model(bytes, "m");
    } catch (const CompileError &e) {
        std::string message = e.what();
        EXPECT_EQ(message.find('\n'), std::string::npos) << "error spans lines: " << message;
        return message;
    }
    return "";
}

std::string import_error(const ModelSpec &spec) {
    return import_error(build_model(spec));
}

TEST(ImportErrors, ValidModelImports) {
    ir::Graph g = tflite::import_model(build_model(fully_connected_model()), "fc");
    ASSERT_EQ(g.nodes.size(), 1u);
    EXPECT_EQ(g.nodes[0].kind, ir::OpKind::FullyConnected);
    EXPECT_EQ(g.nodes[0].attr<ir::FullyConnectedAttrs>().activation, ir::Activation::Relu);
    EXPECT_EQ(g.tensor(1).data, float_bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
    EXPECT_FALSE(g.tensor(0).is_constant());
}

TEST(ImportErrors, NotAFlatbuffer) {
    std::string text = "this is plainly a text file, not a model";
    EXPECT_THAT(import_error(std::vector<uint8_t>(text.begin(), text.end())),
                HasSubstr("not a TFLite model"));
    EXPECT_THAT(import_error(std::vector<uint8_t>{1, 2, 3}), HasSubstr("too short"));
}

TEST(ImportErrors, WrongIdentifier) {
    auto bytes = build_model(fully_connected_model());
    std::memcpy(bytes.data() + 4, "XYZ1", 4);
    EXPECT_THAT(import_error(bytes), AllOf(HasSubstr("'XYZ1'"), HasSubstr("TFL3")));
}

TEST(ImportErrors, Truncated) {
    auto bytes = build_model(fully_connected_model());
    bytes.resize(bytes.size() / 2);
    EXPECT_THAT(import_error(bytes), HasSubstr("corrupt TFLite model"));
}

TEST(ImportErrors, OperatorInputOutOfRange) {
    ModelSpec m = fully_connected_model();
    m.operators[0].inputs[1] = 99;
    EXPECT_THAT(import_error(m), AllOf(HasSubstr("node 0"), HasSubstr("input 1 refers to tensor "
                                                                      "99")));
    m = fully_connected_model();
    m.operators[0].inputs[0] = -2;
    EXPECT_THAT(import_error(m), HasSubstr("refers to tensor -2"));
}

TEST(ImportErrors, OperatorOutputOutOfRange) {
    ModelSpec m = fully_connected_model();
    m.operators[0].outputs[0] = -1; // -1 marks optional inputs only
    EXPECT_THAT(import_error(m), HasSubstr("output 0 refers to tensor -1"));
}

TEST(ImportErrors, SubgraphOutputOutOfRange) {
    ModelSpec m = fully_connected_model();
    m.outputs = {4};
    EXPECT_THAT(import_error(m), HasSubstr("subgraph output 0 refers to tensor 4"));
}

TEST(ImportErrors, BufferIndexOutOfRange) {
    ModelSpec m = fully_connected_model();
    m.tensors[1].buffer = 42;
    EXPECT_THAT(import_error(m),
                AllOf(HasSubstr("tensor 1 'w'"), HasSubstr("buffer index 42 out of range")));
}

TEST(ImportErrors, OpcodeIndexOutOfRange) {
    ModelSpec m = fully_connected_model();
    m.operators[0].opcode_index = 5;
    EXPECT_THAT(import_error(m), AllOf(HasSubstr("node 0"), HasSubstr("opcode index 5")));
}

TEST(ImportErrors, NegativeDimension) {
    ModelSpec m = fully_connected_model();
    m.tensors[3].shape = {1, -3};
    EXPECT_THAT(import_error(m), AllOf(HasSubstr("tensor 3 'y'"), HasSubstr("negative dimension")));
}

TEST(ImportErrors, OverflowingDimensions) {
    ModelSpec m = fully_connected_model();
    m.tensors[0].shape = {65536, 65536, 65536};
    EXPECT_THAT(import_error(m), AllOf(HasSubstr("tensor 0 'x'"), HasSubstr("more than 2^31")));
    // A zero dimension must not hide the overflow of the others.
    m.tensors[0].shape = {0, 2147483647, 2147483647, 2147483647};
    EXPECT_THAT(import_error(m), HasSubstr("more than 2^31"));
}

TEST(ImportErrors, BufferTooSmall) {
    ModelSpec m = fully_connected_model();
    m.buffers[1].data.resize(10);
    EXPECT_THAT(import_error(m), HasSubstr("tensor 1 'w': buffer 1 holds 10 bytes, shape "
                                           "float32[3x4] needs 48"));
}

TEST(ImportErrors, UnsupportedOperatorNamesOpNodeAndOutput) {
    ModelSpec m = fully_connected_model();
    m.operator_codes[0] = {27, 27, ""}; // SVDF (no import record)
    m.operators[0].options_type = fb::BuiltinOptions::NONE;
    m.operators[0].options = nullptr;
    EXPECT_THAT(import_error(m),
                AllOf(HasSubstr("unsupported operator: SVDF (x1, first at node 0, output tensor 3 "
                                "'y')")));
}

// Every unsupported operator is named at once, with its count, first node and output.
TEST(ImportErrors, AllUnsupportedOperatorsAreNamedTogether) {
    ModelSpec m = fully_connected_model();
    m.operator_codes = {{27, 27, ""}, {127, 4000, ""}}; // SVDF, an unknown code
    m.operators[0].options_type = fb::BuiltinOptions::NONE;
    m.operators[0].options = nullptr;
    m.operators.push_back(m.operators[0]);
    m.operators.push_back(m.operators[0]);
    m.operators.back().opcode_index = 1;
    std::string message = import_error(m);
    EXPECT_THAT(message, HasSubstr("unsupported operators: SVDF (x2, first at node 0"));
    EXPECT_THAT(message, HasSubstr("builtin code 4000 (x1, first at node 2"));
    EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(ImportErrors, UnknownBuiltinCodeIsNamedByNumber) {
    ModelSpec m = fully_connected_model();
    m.operator_codes[0] = {127, 4000, ""};
    EXPECT_THAT(import_error(m), HasSubstr("builtin code 4000"));
}

TEST(ImportErrors, CustomOperatorIsNamed) {
    ModelSpec m = fully_connected_model();
    m.operator_codes[0] = {32, 32, "TFLite_Detection_PostProcess"};
    EXPECT_THAT(import_error(m), HasSubstr("custom operator 'TFLite_Detection_PostProcess'"));
}

TEST(ImportErrors, ControlFlowIsRejected) {
    ModelSpec m = fully_connected_model();
    m.extra_empty_subgraphs = 2;
    m.operator_codes[0] = {119, 119, ""}; // WHILE
    m.operators[0].options_type = fb::BuiltinOptions::WhileOptions;
    m.operators[0].options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateWhileOptions(b, 1, 2).Union();
    };
    EXPECT_THAT(import_error(m),
                AllOf(HasSubstr("WHILE"), HasSubstr("control flow"), HasSubstr("subgraph 1, 2")));
}

TEST(ImportErrors, ExtraSubgraphsWithoutControlFlowImportSubgraphZero) {
    ModelSpec m = fully_connected_model();
    m.extra_empty_subgraphs = 1;
    EXPECT_EQ(import_error(m), "");
}

TEST(ImportErrors, BuiltinCodeIsTheLargerOfBothFields) {
    ModelSpec m = fully_connected_model();
    m.operator_codes[0] = {9, 0, ""}; // legacy byte only (old converters)
    EXPECT_EQ(import_error(m), "");
    m.operator_codes[0] = {127, 150, ""}; // placeholder byte, real code (GELU) in the int field
    EXPECT_THAT(import_error(m), HasSubstr("unsupported operator: GELU"));
}

TEST(ImportErrors, UnsupportedDtype) {
    ModelSpec m = fully_connected_model();
    m.tensors[3].type = kFloat16;
    EXPECT_THAT(import_error(m), AllOf(HasSubstr("tensor 3 'y'"), HasSubstr("FLOAT16")));
}

TEST(ImportErrors, QuantizationArrayLengths) {
    ModelSpec m = fully_connected_model();
    m.tensors[1].scale = {0.5f, 0.25f, 0.125f};
    m.tensors[1].zero_point = {0, 0};
    EXPECT_THAT(import_error(m), HasSubstr("3 quantization scales but 2 zero points"));
    m.tensors[1].zero_point = {0, 0, 0};
    m.tensors[1].quantized_dimension = 1; // 4 channels on axis 1
    EXPECT_THAT(import_error(m), HasSubstr("3 per-channel scales for 4 channels"));
    m.tensors[1].quantized_dimension = 7;
    EXPECT_THAT(import_error(m), HasSubstr("quantized_dimension 7"));
}

TEST(ImportErrors, UnsupportedFusedActivation) {
    ModelSpec m = fully_connected_model();
    m.operators[0].options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateFullyConnectedOptions(b, /*TANH*/ 4).Union();
    };
    EXPECT_THAT(import_error(m), AllOf(HasSubstr("node 0"), HasSubstr("TANH")));
}

TEST(ImportErrors, WrongOptionsType) {
    ModelSpec m = fully_connected_model();
    m.operators[0].options_type = fb::BuiltinOptions::SoftmaxOptions;
    m.operators[0].options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateSoftmaxOptions(b, 1.0f).Union();
    };
    EXPECT_THAT(import_error(m), HasSubstr("expected FullyConnectedOptions"));
}

TEST(ImportErrors, OptionalBiasIsAbsent) {
    ModelSpec m = fully_connected_model();
    m.operators[0].inputs[2] = -1;
    ir::Graph g = tflite::import_model(build_model(m), "m");
    EXPECT_EQ(g.nodes[0].input(2), ir::kNoTensor);
}

// int16 ("16x8") FULLY_CONNECTED: int16 x and y, int8 weights, bias absent; options asking for
// int32 accumulation without a bias (TFLite Micro's int32 form, which the IR cannot express) are
// refused, other bias types import.
TEST(ImportErrors, Int16WithoutBiasAskingForInt32Accumulation) {
    constexpr int8_t kInt16 = 7, kInt32 = 2, kInt64 = 4;
    auto model = [](int8_t quantized_bias_type) {
        ModelSpec m = fully_connected_model();
        for (int t : {0, 3}) {
            m.tensors[t].type = kInt16;
            m.tensors[t].scale = {0.5f};
            m.tensors[t].zero_point = {0};
        }
        m.tensors[1].type = kInt8;
        m.tensors[1].scale = {0.25f};
        m.tensors[1].zero_point = {0};
        m.buffers[1].data.resize(12);
        m.operators[0].inputs[2] = -1;
        m.operators[0].options = [quantized_bias_type](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateFullyConnectedOptions(b, 0, 0, false, false, quantized_bias_type)
                .Union();
        };
        return m;
    };
    EXPECT_THAT(import_error(model(kInt32)),
                AllOf(HasSubstr("node 0"),
                      HasSubstr("int16 FULLY_CONNECTED without a bias and quantized_bias_type "
                                "INT32 (int32 accumulation) is not supported")));
    EXPECT_EQ(import_error(model(kInt64)), "");
    EXPECT_EQ(import_error(model(0)), "");
}

TEST(ImportErrors, GraphInputWithBufferIsNotConstant) {
    ModelSpec m = fully_connected_model();
    m.buffers.push_back({float_bytes({1, 2, 3, 4}), 0, 0});
    m.tensors[0].buffer = 3;
    ir::Graph g = tflite::import_model(build_model(m), "m");
    EXPECT_FALSE(g.tensor(0).is_constant());
}

TEST(ImportErrors, VariableTensorIsRejected) {
    ModelSpec m = fully_connected_model();
    m.tensors[2].is_variable = true;
    EXPECT_THAT(import_error(m),
                AllOf(HasSubstr("node 0"), HasSubstr("tensor 2 'b'"), HasSubstr("variable")));
}

TEST(ImportErrors, InconsistentGraphFailsVerification) {
    ModelSpec m = fully_connected_model();
    m.tensors[3].shape = {1, 5}; // 3 units cannot make 5 outputs
    EXPECT_THAT(import_error(m), HasSubstr("FULLY_CONNECTED"));
}

// Buffers of >2 GB models live after the flatbuffer, addressed by offset/size from the file start.
TEST(ImportErrors, ExternalBufferData) {
    auto weights = float_bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    ModelSpec m = fully_connected_model();
    m.buffers[1] = {{}, 1u << 20, weights.size()}; // placeholder offset of the same width
    std::size_t flatbuffer_size = build_model(m).size();
    m.buffers[1].offset = flatbuffer_size;
    auto bytes = build_model(m);
    ASSERT_EQ(bytes.size(), flatbuffer_size);
    bytes.insert(bytes.end(), weights.begin(), weights.end());
    ir::Graph g = tflite::import_model(bytes, "m");
    EXPECT_EQ(g.tensor(1).data, weights);

    bytes.resize(bytes.size() - 4); // external range now runs past the end of the file
    EXPECT_THAT(import_error(bytes), AllOf(HasSubstr("tensor 1 'w'"), HasSubstr("beyond")));
}

TEST(ImportErrors, MissingFile) {
    EXPECT_THROW(frontends::import_file("no/such/model.tflite"), CompileError);
}

// LEAKY_RELU's one option: alpha read from LeakyReluOptions (0 without options, as TFLite's
// parser leaves it); values the kernels cannot take and options of the wrong type are one-line
// errors naming the operator.
ModelSpec leaky_relu_model(int8_t type, std::optional<float> alpha) {
    ModelSpec m;
    m.operator_codes = {{98, 98, ""}};
    std::vector<float> scale = type == kInt8 ? std::vector<float>{0.05f} : std::vector<float>{};
    std::vector<int64_t> zp = type == kInt8 ? std::vector<int64_t>{3} : std::vector<int64_t>{};
    m.tensors = {{"x", {2, 3}, type, 0, scale, zp, 0, false},
                 {"y", {2, 3}, type, 0, scale, zp, 0, false}};
    OperatorSpec op;
    op.opcode_index = 0;
    op.inputs = {0};
    op.outputs = {1};
    if (alpha) {
        op.options_type = fb::BuiltinOptions::LeakyReluOptions;
        op.options = [a = *alpha](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateLeakyReluOptions(b, a).Union();
        };
    }
    m.operators = {op};
    m.inputs = {0};
    m.outputs = {1};
    m.buffers = {{}};
    return m;
}

TEST(ImportErrors, LeakyReluAlpha) {
    ir::Graph g = tflite::import_model(build_model(leaky_relu_model(kInt8, 0.25f)), "leaky");
    EXPECT_EQ(g.nodes.at(0).attr<ir::LeakyReluAttrs>().alpha, 0.25f);
    g = tflite::import_model(build_model(leaky_relu_model(kFloat32, std::nullopt)), "leaky");
    EXPECT_EQ(g.nodes.at(0).attr<ir::LeakyReluAttrs>().alpha, 0.0f);
    // float32 takes any finite alpha, int8 no negative one.
    g = tflite::import_model(build_model(leaky_relu_model(kFloat32, -0.5f)), "leaky");
    EXPECT_EQ(g.nodes.at(0).attr<ir::LeakyReluAttrs>().alpha, -0.5f);
    EXPECT_THAT(import_error(leaky_relu_model(kInt8, -0.5f)),
                AllOf(HasSubstr("LEAKY_RELU"), HasSubstr("int8 alpha -0.5 is negative")));
    EXPECT_THAT(import_error(leaky_relu_model(kFloat32, NAN)),
                AllOf(HasSubstr("LEAKY_RELU"), HasSubstr("alpha must be finite")));
    ModelSpec wrong = leaky_relu_model(kFloat32, 0.5f);
    wrong.operators[0].options_type = fb::BuiltinOptions::AddOptions;
    wrong.operators[0].options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateAddOptions(b).Union();
    };
    EXPECT_THAT(import_error(wrong), AllOf(HasSubstr("LEAKY_RELU"), HasSubstr("LeakyReluOptions")));
}

} // namespace
} // namespace microaot::test
