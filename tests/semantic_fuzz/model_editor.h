// A TFLite model as plain editable data: subgraph 0's tensors, operators with their options as
// named scalar fields, buffers and operator codes. Read with microaot's flatbuffer reader,
// written back with FlatBufferBuilder (tests/support/model_builder), so that any scalar can be
// set to any value, also where the original file left a field at its default.
#pragma once

#include "model_builder.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace microaot::semantic_fuzz {

struct EditableOperator {
    uint32_t opcode_index = 0;
    std::vector<int32_t> inputs, outputs;
    test::fb::BuiltinOptions options_type = test::fb::BuiltinOptions::NONE;
    // The options table's scalar fields by schema name ("stride_w", "beta", ...); integers are
    // held exactly in a double.
    std::map<std::string, double> fields;
    std::vector<int32_t> new_shape; // ReshapeOptions
    bool has_new_shape = false;
};

struct EditableModel {
    std::vector<test::OperatorCodeSpec> operator_codes;
    std::vector<test::TensorSpec> tensors;
    std::vector<EditableOperator> operators;
    std::vector<int32_t> inputs, outputs;
    std::vector<test::BufferSpec> buffers;
};

// Throws std::runtime_error when `bytes` is not a flatbuffer this reader understands.
EditableModel read_model(const std::vector<uint8_t> &bytes);
std::vector<uint8_t> write_model(const EditableModel &model);

} // namespace microaot::semantic_fuzz
