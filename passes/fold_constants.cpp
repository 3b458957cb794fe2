// Nodes that read only constants are evaluated now and replaced by their result.
// Folded: RESHAPE (the bytes are unchanged) and float32 ADD (with broadcasting and its fused
// activation). Other operators are left in place with a log line saying why.
#include "passes/builtin_passes.h"
#include "passes/graph_queries.h"

#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace microaot::passes {
namespace {

bool reads_only_constants(const ir::Graph &graph, const ir::Node &node) {
    bool any = false;
    for (ir::TensorId id : node.inputs) {
        if (id == ir::kNoTensor) continue;
        if (!graph.tensor(id).is_constant()) return false;
        any = true;
    }
    return any;
}

float apply_activation(float v, ir::Activation act) {
    switch (act) {
    case ir::Activation::None:
        return v;
    case ir::Activation::Relu:
        return std::max(v, 0.0f);
    case ir::Activation::Relu6:
        return std::clamp(v, 0.0f, 6.0f);
    case ir::Activation::ReluN1To1:
        return std::clamp(v, -1.0f, 1.0f);
    }
    return v;
}

// Flat index into `operand` for the output element at `out_index`, numpy-style broadcasting
// (operand dims are right-aligned with the output's; size-1 dims repeat).
int64_t broadcast_index(const ir::Shape &out, const ir::Shape &operand, int64_t out_index) {
    int64_t index = 0, stride = 1;
    std::size_t skip = out.size() - operand.size();
    for (std::size_t d = out.size(); d-- > 0;) {
        int64_t coord = out_index % out[d];
        out_index /= out[d];
        if (d < skip) continue;
        int64_t dim = operand[d - skip];
        if (dim != 1) index += coord * stride;
        stride *= dim;
    }
    return index;
}

std::vector<float> add_floats(const ir::Graph &graph, const ir::Node &node) {
    const ir::Tensor &a = graph.tensor(node.inputs[0]), &b = graph.tensor(node.inputs[1]);
    const ir::Shape &out = graph.tensor(node.outputs[0]).shape;
    std::vector<float> av = constant_floats(a), bv = constant_floats(b);
    std::vector<float> result(std::size_t(ir::element_count(out)));
    ir::Activation act = node.attr<ir::AddAttrs>().activation;
    for (std::size_t i = 0; i < result.size(); ++i) {
        float sum = av[std::size_t(broadcast_index(out, a.shape, int64_t(i)))] +
                    bv[std::size_t(broadcast_index(out, b.shape, int64_t(i)))];
        result[i] = apply_activation(sum, act);
    }
    return result;
}

// The folded bytes of `node`'s output, or a reason it cannot be folded.
std::optional<std::vector<uint8_t>> evaluate(const ir::Graph &graph, const ir::Node &node,
                                             std::string &why_not) {
    if (node.kind == ir::OpKind::Reshape) return *graph.tensor(node.inputs[0]).data;
    if (node.kind == ir::OpKind::Add) {
        if (graph.tensor(node.outputs[0]).dtype == ir::DType::Float32)
            return floats_to_bytes(add_floats(graph, node));
        why_not = "quantized ADD is not folded (needs the integer kernel's rounding)";
        return std::nullopt;
    }
    why_not = "no compile-time evaluation for this operator";
    return std::nullopt;
}

} // namespace

void fold_constants(ir::Graph &graph, PassContext &context) {
    for (std::size_t i = 0; i < graph.nodes.size();) {
        const ir::Node &node = graph.nodes[i];
        if (!reads_only_constants(graph, node)) {
            ++i;
            continue;
        }
        ir::TensorId out = node.outputs.at(0);
        std::string why_not = "its output is a graph output (the caller expects it written)";
        auto value = is_graph_output(graph, out) ? std::nullopt : evaluate(graph, node, why_not);
        if (!value) {
            context.log.push_back(fmt::format("left node {} ({}) on constants: {}", i,
                                              ir::op_name(node.kind), why_not));
            ++i;
            continue;
        }
        graph.tensor(out).data = std::move(*value);
        context.log.push_back(fmt::format("folded node {} ({}) into constant '{}'", i,
                                          ir::op_name(node.kind), graph.tensor(out).name));
        graph.nodes.erase(graph.nodes.begin() + std::ptrdiff_t(i));
    }
}

} // namespace microaot::passes
