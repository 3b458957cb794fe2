// Builds small TFLite flatbuffers for importer tests, with every field under the test's control
// so a test can break exactly one thing.
#pragma once

#include "frontends/tflite/tflite_subset_generated.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace microaot::test {

namespace fb = microaot::tflite_fb;

// TFLite TensorType numbers used by the tests.
inline constexpr int8_t kFloat32 = 0;
inline constexpr int8_t kFloat16 = 1;
inline constexpr int8_t kInt8 = 9;

struct TensorSpec {
    std::string name;
    std::vector<int32_t> shape;
    int8_t type = kFloat32;
    uint32_t buffer = 0;
    std::vector<float> scale;
    std::vector<int64_t> zero_point;
    int32_t quantized_dimension = 0;
    bool is_variable = false;
};

struct BufferSpec {
    std::vector<uint8_t> data;
    uint64_t offset = 0; // external data (> 2 GB models), relative to the file start
    uint64_t size = 0;
};

struct OperatorCodeSpec {
    int8_t deprecated_builtin_code = 0;
    int32_t builtin_code = 0;
    std::string custom_code;
};

using OptionsWriter =
    std::function<flatbuffers::Offset<void>(flatbuffers::FlatBufferBuilder &builder)>;

struct OperatorSpec {
    uint32_t opcode_index = 0;
    std::vector<int32_t> inputs;
    std::vector<int32_t> outputs;
    fb::BuiltinOptions options_type = fb::BuiltinOptions::NONE;
    OptionsWriter options; // may be empty when options_type is NONE
};

struct ModelSpec {
    std::vector<OperatorCodeSpec> operator_codes;
    std::vector<TensorSpec> tensors;
    std::vector<OperatorSpec> operators;
    std::vector<int32_t> inputs;
    std::vector<int32_t> outputs;
    std::vector<BufferSpec> buffers; // buffer 0 is the empty sentinel by TFLite convention
    int extra_empty_subgraphs = 0;
};

std::vector<uint8_t> build_model(const ModelSpec &spec);

// float32 y[1x3] = FULLY_CONNECTED(x[1x4], w[3x4], b[3]) with RELU: tensors x=0, w=1, b=2, y=3,
// buffers 1 (w) and 2 (b).
ModelSpec fully_connected_model();

std::vector<uint8_t> float_bytes(const std::vector<float> &values);

} // namespace microaot::test
