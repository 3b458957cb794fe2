// Tiny helpers for building IR graphs by hand in pass tests.
#pragma once

#include "ir/graph.h"

#include <cstring>
#include <string>
#include <vector>

namespace microaot::testing {

inline ir::TensorId activation(ir::Graph &g, const std::string &name, ir::Shape shape,
                               ir::DType dtype = ir::DType::Float32, ir::Quantization q = {}) {
    ir::Tensor t;
    t.name = name;
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.quant = std::move(q);
    return g.add_tensor(std::move(t));
}

inline ir::TensorId input(ir::Graph &g, const std::string &name, ir::Shape shape,
                          ir::DType dtype = ir::DType::Float32, ir::Quantization q = {}) {
    ir::TensorId id = activation(g, name, std::move(shape), dtype, std::move(q));
    g.inputs.push_back(id);
    return id;
}

inline ir::TensorId float_constant(ir::Graph &g, const std::string &name, ir::Shape shape,
                                   const std::vector<float> &values) {
    ir::TensorId id = activation(g, name, std::move(shape));
    std::vector<uint8_t> bytes(values.size() * sizeof(float));
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    g.tensor(id).data = std::move(bytes);
    return id;
}

inline ir::TensorId int8_constant(ir::Graph &g, const std::string &name, ir::Shape shape,
                                  const std::vector<int8_t> &values, ir::Quantization q) {
    ir::TensorId id = activation(g, name, std::move(shape), ir::DType::Int8, std::move(q));
    std::vector<uint8_t> bytes(values.size());
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    g.tensor(id).data = std::move(bytes);
    return id;
}

inline std::vector<float> floats_of(const ir::Tensor &t) {
    std::vector<float> out(t.data->size() / sizeof(float));
    if (!out.empty()) std::memcpy(out.data(), t.data->data(), t.data->size());
    return out;
}

inline void add_node(ir::Graph &g, ir::OpKind kind, ir::Attrs attrs,
                     std::vector<ir::TensorId> inputs, ir::TensorId output) {
    ir::Node n;
    n.kind = kind;
    n.attrs = std::move(attrs);
    n.inputs = std::move(inputs);
    n.outputs = {output};
    g.nodes.push_back(std::move(n));
}

inline ir::Quantization int8_quant(float scale, int64_t zero_point) {
    return ir::Quantization{{scale}, {zero_point}, 0};
}

} // namespace microaot::testing
