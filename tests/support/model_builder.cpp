#include "model_builder.h"

#include <cstring>

namespace microaot::test {
namespace {

flatbuffers::Offset<fb::Tensor> write_tensor(flatbuffers::FlatBufferBuilder &b,
                                             const TensorSpec &t) {
    flatbuffers::Offset<fb::QuantizationParameters> quant;
    if (!t.scale.empty() || !t.zero_point.empty())
        quant = fb::CreateQuantizationParameters(
            b, b.CreateVector(t.scale), b.CreateVector(t.zero_point), fb::QuantizationDetails::NONE,
            0, t.quantized_dimension);
    return fb::CreateTensor(b, b.CreateVector(t.shape), t.type, t.buffer, b.CreateString(t.name),
                            quant, t.is_variable);
}

flatbuffers::Offset<fb::Operator> write_operator(flatbuffers::FlatBufferBuilder &b,
                                                 const OperatorSpec &op) {
    flatbuffers::Offset<void> options = op.options ? op.options(b) : 0;
    return fb::CreateOperator(b, op.opcode_index, b.CreateVector(op.inputs),
                              b.CreateVector(op.outputs), op.options_type, options);
}

flatbuffers::Offset<fb::Buffer> write_buffer(flatbuffers::FlatBufferBuilder &b,
                                             const BufferSpec &buf) {
    flatbuffers::Offset<flatbuffers::Vector<uint8_t>> data;
    if (!buf.data.empty()) {
        b.ForceVectorAlignment(buf.data.size(), 1, 16);
        data = b.CreateVector(buf.data);
    }
    return fb::CreateBuffer(b, data, buf.offset, buf.size);
}

} // namespace

std::vector<uint8_t> build_model(const ModelSpec &spec) {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<fb::OperatorCode>> codes;
    for (const auto &c : spec.operator_codes)
        codes.push_back(fb::CreateOperatorCode(
            b, c.deprecated_builtin_code, c.custom_code.empty() ? 0 : b.CreateString(c.custom_code),
            1, c.builtin_code));
    std::vector<flatbuffers::Offset<fb::Tensor>> tensors;
    for (const auto &t : spec.tensors)
        tensors.push_back(write_tensor(b, t));
    std::vector<flatbuffers::Offset<fb::Operator>> ops;
    for (const auto &op : spec.operators)
        ops.push_back(write_operator(b, op));
    std::vector<flatbuffers::Offset<fb::SubGraph>> subgraphs;
    subgraphs.push_back(fb::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(spec.inputs),
                                           b.CreateVector(spec.outputs), b.CreateVector(ops),
                                           b.CreateString("main")));
    for (int i = 0; i < spec.extra_empty_subgraphs; ++i)
        subgraphs.push_back(fb::CreateSubGraph(b));
    std::vector<flatbuffers::Offset<fb::Buffer>> buffers;
    for (const auto &buf : spec.buffers)
        buffers.push_back(write_buffer(b, buf));
    auto model = fb::CreateModel(b, 3, b.CreateVector(codes), b.CreateVector(subgraphs),
                                 b.CreateString("test model"), b.CreateVector(buffers));
    fb::FinishModelBuffer(b, model);
    return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

std::vector<uint8_t> float_bytes(const std::vector<float> &values) {
    std::vector<uint8_t> out(values.size() * sizeof(float));
    std::memcpy(out.data(), values.data(), out.size());
    return out;
}

ModelSpec fully_connected_model() {
    ModelSpec m;
    m.operator_codes = {{9, 9, ""}};
    m.tensors = {
        {"x", {1, 4}, kFloat32, 0, {}, {}, 0, false},
        {"w", {3, 4}, kFloat32, 1, {}, {}, 0, false},
        {"b", {3}, kFloat32, 2, {}, {}, 0, false},
        {"y", {1, 3}, kFloat32, 0, {}, {}, 0, false},
    };
    OperatorSpec fc;
    fc.opcode_index = 0;
    fc.inputs = {0, 1, 2};
    fc.outputs = {3};
    fc.options_type = fb::BuiltinOptions::FullyConnectedOptions;
    fc.options = [](flatbuffers::FlatBufferBuilder &b) {
        return fb::CreateFullyConnectedOptions(b, /*RELU*/ 1).Union();
    };
    m.operators = {fc};
    m.inputs = {0};
    m.outputs = {3};
    m.buffers = {{},
                 {float_bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), 0, 0},
                 {float_bytes({0.5f, -0.5f, 1.0f}), 0, 0}};
    return m;
}

} // namespace microaot::test
