// The typed graph IR every stage works on: tensors + nodes in topological order.
//
// Invariants (checked by verify(), see docs/ARCHITECTURE.md):
//  - every tensor index used by a node or listed as graph input/output is in range;
//  - a tensor is exactly one of: constant (has data), graph input, or produced by exactly one node;
//  - nodes are in topological order: a node only reads constants, graph inputs or earlier outputs;
//  - constant data size == element count * dtype size; dims are >= 0;
//  - quantization has one (per-tensor) or shape[axis] (per-channel) positive finite scales;
//  - each node carries the attrs type, operand counts and output counts of its operator's
//    record, and satisfies the record's shape/dtype rules (ir/ops.cpp).
#pragma once

#include "ir/attrs.h"
#include "ir/error.h"
#include "ir/types.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace microaot::ir {

// Index of a tensor in Graph::tensors; kNoTensor marks an absent optional input (TFLite's -1).
using TensorId = int;
inline constexpr TensorId kNoTensor = -1;

struct Tensor {
    std::string name;
    DType dtype = DType::Float32;
    Shape shape;
    Quantization quant;
    // Set for constants (weights, biases, shape operands); nullopt for activations.
    std::optional<std::vector<uint8_t>> data;

    bool is_constant() const { return data.has_value(); }
    int64_t byte_size() const { return element_count(shape) * int64_t(dtype_size(dtype)); }
};

struct Node {
    OpKind kind = OpKind::Reshape;
    Attrs attrs;
    std::vector<TensorId> inputs; // kNoTensor for an absent optional input
    std::vector<TensorId> outputs;

    // The attributes as T; CompileError when the node carries another type (the verifier
    // rejects such nodes, so after verification this cannot fail).
    template <class T> const T &attr() const {
        if (const T *a = std::get_if<T>(&attrs)) return *a;
        throw CompileError("node attributes do not have the type its operator expects");
    }
    template <class T> T &attr() {
        if (T *a = std::get_if<T>(&attrs)) return *a;
        throw CompileError("node attributes do not have the type its operator expects");
    }
    // The tensor at input `i`, or kNoTensor when absent/out of range.
    TensorId input(std::size_t i) const { return i < inputs.size() ? inputs[i] : kNoTensor; }
};

struct Graph {
    std::string name;
    std::vector<Tensor> tensors;
    std::vector<Node> nodes;
    std::vector<TensorId> inputs;
    std::vector<TensorId> outputs;
    // Graph inputs/outputs whose layout differs from the source model's (ONNX NCHW held as
    // NHWC), by tensor name: one line the generated header prints beside the tensor.
    std::map<std::string, std::string> layout_notes;

    const Tensor &tensor(TensorId id) const { return tensors.at(static_cast<std::size_t>(id)); }
    Tensor &tensor(TensorId id) { return tensors.at(static_cast<std::size_t>(id)); }
    TensorId add_tensor(Tensor t) {
        tensors.push_back(std::move(t));
        return static_cast<TensorId>(tensors.size() - 1);
    }
};

// Activation helpers shared by every stage.
std::string_view activation_name(Activation a);
// Activation fused into a node's attrs, if the operator carries one.
std::optional<Activation> fused_activation(const Node &node);
void set_fused_activation(Node &node, Activation a);

} // namespace microaot::ir
