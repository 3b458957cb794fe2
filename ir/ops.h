// The operator registry: one record per OpKind (ir/ops.cpp), in enum order, checked at compile
// time. Every stage asks the record instead of switching on the kind: the verifier (attrs type,
// operands, outputs, rules), the passes (traits, constant evaluation), cost reports (MACs).
#pragma once

#include "ir/graph.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::ir {

// One named input or output slot of an operator.
struct OperandDef {
    std::string_view name;
    enum Flags : unsigned {
        kRequired = 0,
        kOptional = 1,    // may be absent (kNoTensor) or omitted when last
        kVariadic = 2,    // repeats: the last slot only, at least one occurrence
        kQuantUnused = 4, // the kernels never read its quantization (e.g. a bias): a frontend
                          // may drop metadata there that does not fit the tensor
        kConstant = 8,    // must be a constant tensor
    };
    unsigned flags = kRequired;

    constexpr bool optional() const { return flags & kOptional; }
    constexpr bool variadic() const { return flags & kVariadic; }
    constexpr bool quant_unused() const { return flags & kQuantUnused; }
    constexpr bool constant() const { return flags & kConstant; }
};

// Properties passes and the planner rely on.
enum Trait : unsigned {
    kNoTraits = 0,
    kElementwise = 1,     // output element i depends only on input element i (after broadcast)
    kZeroCopyView = 2,    // output has the input's bytes (a reshape): may alias its storage
    kFusedActivation = 4, // attrs carry an `activation` the kernel applies
    kInPlaceInput0 = 8,   // the kernel may write its output over input 0 (same size, dtype)
    kInPlaceInput1 = 16,  // ... over input 1
    kShapeOnly = 32,      // the output depends on input 0's shape, never its values (SHAPE,
                          // ZEROS_LIKE): folded to a constant even when that input is not one
};

// Outputs of an evaluation, one byte buffer per node output.
using EvaluatedOutputs = std::vector<std::vector<uint8_t>>;
// The bytes of each input slot of the node (an empty span for an absent optional input), in the
// tensors' dtypes and row-major order.
using EvalInputs = std::span<const std::span<const uint8_t>>;

// A float32 buffer as floats and back (the float evaluators' input and output).
inline std::vector<float> floats_of(std::span<const uint8_t> bytes) {
    std::vector<float> v(bytes.size() / sizeof(float));
    if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
    return v;
}
inline std::vector<uint8_t> bytes_of(const std::vector<float> &v) {
    std::vector<uint8_t> b(v.size() * sizeof(float));
    if (!b.empty()) std::memcpy(b.data(), v.data(), b.size());
    return b;
}

struct OpDef {
    OpKind kind;
    std::string_view name; // TFLite-style upper-case name, used in dumps and messages
    std::size_t attrs;     // index of the Attrs alternative nodes of this kind carry
    std::span<const OperandDef> inputs;
    std::span<const OperandDef> outputs;
    unsigned traits = kNoTraits;
    // Throws CompileError describing the first violated rule (shapes, dtypes, quantization).
    // Called only after the generic checks (attrs type, operand and output counts) passed.
    void (*verify)(const Graph &, const Node &) = nullptr;
    // Multiply-accumulates of one execution (0 for data movement).
    int64_t (*macs)(const Graph &, const Node &) = nullptr;
    // Computes the node's outputs on the host from its inputs' bytes (constant folding; the
    // host interpreter of ir/interpreter.h, e.g. for calibration), or returns nullopt and sets
    // why_not. Float kernels follow TFLite's reference operation order. nullptr: the operator is
    // never evaluated on the host.
    std::optional<EvaluatedOutputs> (*evaluate)(const Graph &, const Node &, EvalInputs inputs,
                                                std::string &why_not) = nullptr;

    constexpr bool has(Trait t) const { return (traits & t) != 0; }
    // The input slot `i` (the variadic last slot repeats), or nullptr beyond the last.
    const OperandDef *input_def(std::size_t i) const;
};

const OpDef &op_def(OpKind kind);
std::string_view op_name(OpKind kind);
std::span<const OpDef> all_ops();
// The kind named `name` ("CONV_2D"), if any.
std::optional<OpKind> op_from_name(std::string_view name);
int64_t node_macs(const Graph &graph, const Node &node);
// The node's outputs from its inputs' bytes through its record's evaluator, checked against the
// node (one buffer per output, each of the output tensor's byte size); nullopt with why_not set
// when the operator has no evaluator, declines, or gives the wrong outputs.
std::optional<EvaluatedOutputs> evaluate_node(const Graph &graph, const Node &node,
                                              EvalInputs inputs, std::string &why_not);
// The node's attributes as text ("stride=2x2 pads=[0,1,0,1] act=RELU").
std::string attrs_str(const Node &node);
// "Conv2DAttrs" for the Attrs alternative at `index` (for messages).
std::string_view attrs_type_name(std::size_t index);

// ---- Windows (convolution, pooling) -------------------------------------------------------

// (kernel - 1) * dilation + 1, the extent of a dilated window.
int64_t effective_window(int64_t kernel, int64_t dilation);
// Output size along one axis with explicit padding; may be <= 0 for a window that does not fit.
int64_t window_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                           int64_t pad_before, int64_t pad_after);

struct AxisPads {
    int64_t before = 0, after = 0;
};
// TFLite's (and ONNX auto_pad SAME_UPPER's) SAME padding: output ceil(in / stride), the odd extra
// pixel after. `same_lower` puts it before (ONNX SAME_LOWER). VALID padding is {0, 0}.
AxisPads same_padding(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                      bool same_lower = false);

// The window of a conv/depthwise/pool node, or nullptr for other operators.
const Window2D *window_of(const Node &node);

// Activation fused into a node's attrs, if the operator carries one.
std::optional<Activation> fused_activation(const Node &node);
void set_fused_activation(Node &node, Activation a);

} // namespace microaot::ir
