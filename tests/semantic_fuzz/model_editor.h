// A TFLite model as plain editable data: subgraph 0's tensors, operators with their options as
// named fields, buffers and operator codes. Read with microaot's flatbuffer reader,
// written back with FlatBufferBuilder (tests/support/model_builder), so that any scalar can be
// set to any value, also where the original file left a field at its default.
#pragma once

#include "model_builder.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace microaot::semantic_fuzz {

// One scalar field of an operator's options table; integers are held exactly in a double.
struct OptionField {
    double value = 0;
    bool is_float = false;
    bool is_byte = false; // int8/uint8/bool fields: enums and flags
};

struct EditableOperator {
    uint32_t opcode_index = 0;
    std::vector<int32_t> inputs, outputs;
    test::fb::BuiltinOptions options_type = test::fb::BuiltinOptions::NONE;
    // Every options table is read and written through the schema's reflection data, so every
    // operator's options are editable: scalar fields and integer vectors by schema name
    // ("stride_w", "beta", "new_shape", "squeeze_dims", ...).
    std::map<std::string, OptionField> fields;
    std::map<std::string, std::vector<int64_t>> vectors;
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
