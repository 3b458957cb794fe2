// The typed graph IR every stage works on: tensors + nodes in topological order.
//
// Invariants (checked by verify(), see docs/ARCHITECTURE.md):
//  - every tensor index used by a node or listed as graph input/output is in range;
//  - a tensor is exactly one of: constant (has data), graph input, or produced by exactly one node;
//  - nodes are in topological order: a node only reads constants, graph inputs or earlier outputs;
//  - constant data size == element count * dtype size; dims are >= 0;
//  - quantization has one (per-tensor) or shape[axis] (per-channel) positive finite scales;
//  - each node satisfies its operator's own shape/dtype rules (ir/ops.cpp).
#pragma once

#include "ir/types.h"

#include <cstdint>
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

enum class Activation { None, Relu, Relu6, ReluN1To1 };
enum class Padding { Same, Valid };

struct Conv2DAttrs {
    int stride_h = 1, stride_w = 1;
    int dilation_h = 1, dilation_w = 1;
    Padding padding = Padding::Valid;
    Activation activation = Activation::None;
    bool operator==(const Conv2DAttrs &) const = default;
};
struct DepthwiseConv2DAttrs {
    int stride_h = 1, stride_w = 1;
    int dilation_h = 1, dilation_w = 1;
    int depth_multiplier = 1;
    Padding padding = Padding::Valid;
    Activation activation = Activation::None;
    bool operator==(const DepthwiseConv2DAttrs &) const = default;
};
struct FullyConnectedAttrs {
    Activation activation = Activation::None;
    bool keep_num_dims = false;
    bool operator==(const FullyConnectedAttrs &) const = default;
};
struct Pool2DAttrs {
    int filter_h = 1, filter_w = 1;
    int stride_h = 1, stride_w = 1;
    Padding padding = Padding::Valid;
    Activation activation = Activation::None;
    bool operator==(const Pool2DAttrs &) const = default;
};
struct SoftmaxAttrs {
    float beta = 1.0f;
    bool operator==(const SoftmaxAttrs &) const = default;
};
struct AddAttrs {
    Activation activation = Activation::None;
    bool operator==(const AddAttrs &) const = default;
};
struct NoAttrs {
    bool operator==(const NoAttrs &) const = default;
};

// To add an operator: a kind here, an attrs struct above if it has attributes, its rules in
// ir/ops.cpp, its import in the frontends, and its kernel selection in backends/.
enum class OpKind {
    Conv2D,
    DepthwiseConv2D,
    FullyConnected,
    AveragePool2D,
    MaxPool2D,
    Softmax,
    Add,
    Reshape,
    Relu,
    Relu6,
};

using Attrs = std::variant<NoAttrs, Conv2DAttrs, DepthwiseConv2DAttrs, FullyConnectedAttrs,
                           Pool2DAttrs, SoftmaxAttrs, AddAttrs>;

struct Node {
    OpKind kind = OpKind::Reshape;
    Attrs attrs;
    std::vector<TensorId> inputs; // kNoTensor for an absent optional input
    std::vector<TensorId> outputs;

    template <class T> const T &attr() const { return std::get<T>(attrs); }
    template <class T> T &attr() { return std::get<T>(attrs); }
    // The tensor at input `i`, or kNoTensor when absent/out of range.
    TensorId input(std::size_t i) const { return i < inputs.size() ? inputs[i] : kNoTensor; }
};

struct Graph {
    std::string name;
    std::vector<Tensor> tensors;
    std::vector<Node> nodes;
    std::vector<TensorId> inputs;
    std::vector<TensorId> outputs;

    const Tensor &tensor(TensorId id) const { return tensors.at(static_cast<std::size_t>(id)); }
    Tensor &tensor(TensorId id) { return tensors.at(static_cast<std::size_t>(id)); }
    TensorId add_tensor(Tensor t) {
        tensors.push_back(std::move(t));
        return static_cast<TensorId>(tensors.size() - 1);
    }
};

// Activation helpers shared by every stage.
std::string_view activation_name(Activation a);
std::string_view padding_name(Padding p);
// Activation fused into a node's attrs, if the operator carries one.
std::optional<Activation> fused_activation(const Node &node);
void set_fused_activation(Node &node, Activation a);

} // namespace microaot::ir
