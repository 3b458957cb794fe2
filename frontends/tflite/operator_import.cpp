// Operator stage of the importer: builtin code -> OpKind, builtin options -> typed attributes.
#include "frontends/tflite/builtin_names.h"
#include "frontends/tflite/import_context.h"
#include "ir/error.h"

#include <fmt/format.h>

#include <algorithm>

namespace microaot::tflite {
namespace {

// Where an operator sits, for messages: "node 4 (MUL, output tensor 9 'mul_out')".
struct NodeRef {
    std::size_t index;
    std::string op;
    std::string output;

    std::string str() const { return fmt::format("node {} ({}, output {})", index, op, output); }
};

[[noreturn]] void fail(const NodeRef &where, const std::string &what) {
    throw CompileError(fmt::format("{}: {}", where.str(), what));
}

ir::Activation map_activation(const NodeRef &where, int8_t value) {
    switch (value) {
    case 0:
        return ir::Activation::None;
    case 1:
        return ir::Activation::Relu;
    case 2:
        return ir::Activation::ReluN1To1;
    case 3:
        return ir::Activation::Relu6;
    case 4:
        fail(where, "fused activation TANH is not supported");
    case 5:
        fail(where, "fused activation SIGN_BIT is not supported");
    default:
        fail(where, fmt::format("unknown fused activation {}", int(value)));
    }
}

ir::Padding map_padding(const NodeRef &where, int8_t value) {
    if (value == 0) return ir::Padding::Same;
    if (value == 1) return ir::Padding::Valid;
    fail(where, fmt::format("unknown padding {}", int(value)));
}

// The operator's options table of type T; missing options are an error when `required`.
template <class T>
const T *options(const NodeRef &where, const fb::Operator &op, std::string_view type_name,
                 bool required) {
    if (op.builtin_options_type() == fb::BuiltinOptions::NONE) {
        if (required) fail(where, fmt::format("{} are missing", type_name));
        return nullptr;
    }
    const T *opts = op.builtin_options_as<T>();
    if (!opts)
        fail(where, fmt::format("builtin options have type {}, expected {}",
                                int(op.builtin_options_type()), type_name));
    return opts;
}

ir::Attrs conv2d_attrs(const NodeRef &where, const fb::Operator &op) {
    const auto *o = options<fb::Conv2DOptions>(where, op, "Conv2DOptions", true);
    ir::Conv2DAttrs a;
    a.stride_h = o->stride_h();
    a.stride_w = o->stride_w();
    a.dilation_h = o->dilation_h_factor();
    a.dilation_w = o->dilation_w_factor();
    a.padding = map_padding(where, o->padding());
    a.activation = map_activation(where, o->fused_activation_function());
    return a;
}

ir::Attrs depthwise_attrs(const NodeRef &where, const fb::Operator &op, const ir::Graph &graph,
                          const ir::Node &node) {
    const auto *o = options<fb::DepthwiseConv2DOptions>(where, op, "DepthwiseConv2DOptions", true);
    ir::DepthwiseConv2DAttrs a;
    a.stride_h = o->stride_h();
    a.stride_w = o->stride_w();
    a.dilation_h = o->dilation_h_factor();
    a.dilation_w = o->dilation_w_factor();
    a.padding = map_padding(where, o->padding());
    a.activation = map_activation(where, o->fused_activation_function());
    a.depth_multiplier = o->depth_multiplier();
    // Newer converters leave depth_multiplier unset (TFLite derives it from the shapes);
    // derive it the same way so the IR rule "out = in * multiplier" holds.
    ir::TensorId x = node.input(0), y = node.outputs.empty() ? ir::kNoTensor : node.outputs[0];
    if (a.depth_multiplier <= 0 && x != ir::kNoTensor && y != ir::kNoTensor) {
        const ir::Shape &xs = graph.tensor(x).shape, &ys = graph.tensor(y).shape;
        if (xs.size() == 4 && ys.size() == 4 && xs[3] > 0 && ys[3] % xs[3] == 0)
            a.depth_multiplier = int(ys[3] / xs[3]);
    }
    return a;
}

ir::Attrs pool_attrs(const NodeRef &where, const fb::Operator &op) {
    const auto *o = options<fb::Pool2DOptions>(where, op, "Pool2DOptions", true);
    ir::Pool2DAttrs a;
    a.filter_h = o->filter_height();
    a.filter_w = o->filter_width();
    a.stride_h = o->stride_h();
    a.stride_w = o->stride_w();
    a.padding = map_padding(where, o->padding());
    a.activation = map_activation(where, o->fused_activation_function());
    return a;
}

ir::Attrs fully_connected_attrs(const NodeRef &where, const fb::Operator &op) {
    const auto *o = options<fb::FullyConnectedOptions>(where, op, "FullyConnectedOptions", false);
    ir::FullyConnectedAttrs a;
    if (!o) return a;
    if (o->weights_format() != 0)
        fail(where,
             fmt::format("shuffled weights format {} is not supported", int(o->weights_format())));
    a.activation = map_activation(where, o->fused_activation_function());
    a.keep_num_dims = o->keep_num_dims();
    return a;
}

ir::Attrs softmax_attrs(const NodeRef &where, const fb::Operator &op) {
    const auto *o = options<fb::SoftmaxOptions>(where, op, "SoftmaxOptions", true);
    return ir::SoftmaxAttrs{o->beta()};
}

ir::Attrs add_attrs(const NodeRef &where, const fb::Operator &op) {
    const auto *o = options<fb::AddOptions>(where, op, "AddOptions", false);
    ir::AddAttrs a;
    if (o) a.activation = map_activation(where, o->fused_activation_function());
    return a;
}

struct SupportedOp {
    int32_t code;
    ir::OpKind kind;
};

constexpr SupportedOp kSupportedOps[] = {
    {0, ir::OpKind::Add},
    {1, ir::OpKind::AveragePool2D},
    {3, ir::OpKind::Conv2D},
    {4, ir::OpKind::DepthwiseConv2D},
    {9, ir::OpKind::FullyConnected},
    {17, ir::OpKind::MaxPool2D},
    {19, ir::OpKind::Relu},
    {21, ir::OpKind::Relu6},
    {22, ir::OpKind::Reshape},
    {25, ir::OpKind::Softmax},
};

ir::Attrs attrs_for(ir::OpKind kind, const NodeRef &where, const fb::Operator &op,
                    const ir::Graph &graph, const ir::Node &node) {
    switch (kind) {
    case ir::OpKind::Conv2D:
        return conv2d_attrs(where, op);
    case ir::OpKind::DepthwiseConv2D:
        return depthwise_attrs(where, op, graph, node);
    case ir::OpKind::FullyConnected:
        return fully_connected_attrs(where, op);
    case ir::OpKind::AveragePool2D:
    case ir::OpKind::MaxPool2D:
        return pool_attrs(where, op);
    case ir::OpKind::Softmax:
        return softmax_attrs(where, op);
    case ir::OpKind::Add:
        return add_attrs(where, op);
    case ir::OpKind::Reshape:
    case ir::OpKind::Relu:
    case ir::OpKind::Relu6:
        return ir::NoAttrs{};
    }
    return ir::NoAttrs{};
}

// Subgraph indices a control-flow operator refers to, for the error message.
std::string called_subgraphs(const fb::Operator &op) {
    if (const auto *o = op.builtin_options_as_CallOptions())
        return fmt::format("{}", o->subgraph());
    if (const auto *o = op.builtin_options_as_IfOptions())
        return fmt::format("{}, {}", o->then_subgraph_index(), o->else_subgraph_index());
    if (const auto *o = op.builtin_options_as_WhileOptions())
        return fmt::format("{}, {}", o->cond_subgraph_index(), o->body_subgraph_index());
    if (const auto *o = op.builtin_options_as_CallOnceOptions())
        return fmt::format("{}", o->init_subgraph_index());
    return "?";
}

class OperatorImporter {
  public:
    OperatorImporter(const ImportContext &ctx, ir::Graph &graph) : ctx_(ctx), graph_(graph) {}

    void run() {
        const auto *ops = ctx_.subgraph->operators();
        if (!ops) return;
        for (flatbuffers::uoffset_t i = 0; i < ops->size(); ++i) {
            const fb::Operator *op = ops->Get(i);
            if (!op) throw CompileError(fmt::format("node {}: operator is missing", i));
            graph_.nodes.push_back(import_one(i, *op));
        }
    }

  private:
    ir::Node import_one(std::size_t index, const fb::Operator &op) {
        ir::Node node;
        NodeRef where{index, "?", "none"};
        node.outputs = tensor_list(where, op.outputs(), "output", false);
        if (!node.outputs.empty()) where.output = tensor_ref(graph_, node.outputs[0]);
        int32_t code = builtin_code(where, op);
        where.op = builtin_name(code);
        node.inputs = tensor_list(where, op.inputs(), "input", true);
        reject_unsupported(where, op, code);
        node.kind = supported_kind(code);
        for (ir::TensorId id : node.inputs)
            if (id != ir::kNoTensor && ctx_.is_variable[std::size_t(id)])
                fail(where, fmt::format("input {} is a variable (stateful) tensor, which is not "
                                        "supported",
                                        tensor_ref(graph_, id)));
        node.attrs = attrs_for(node.kind, where, op, graph_, node);
        return node;
    }

    std::vector<ir::TensorId> tensor_list(const NodeRef &where,
                                          const flatbuffers::Vector<int32_t> *ids,
                                          std::string_view role, bool optional_allowed) const {
        std::vector<ir::TensorId> out;
        if (!ids) return out;
        for (flatbuffers::uoffset_t k = 0; k < ids->size(); ++k) {
            int32_t id = ids->Get(k);
            if (optional_allowed && id == -1) {
                out.push_back(ir::kNoTensor);
                continue;
            }
            if (id < 0 || std::size_t(id) >= graph_.tensors.size())
                fail(where, fmt::format("{} {} refers to tensor {}, subgraph has {} tensors", role,
                                        k, id, graph_.tensors.size()));
            out.push_back(id);
        }
        return out;
    }

    // TFLite keeps a one-byte legacy code next to the 32-bit one; the real code is the larger.
    int32_t builtin_code(const NodeRef &where, const fb::Operator &op) const {
        const auto *codes = ctx_.model->operator_codes();
        std::size_t count = codes ? codes->size() : 0;
        if (op.opcode_index() >= count)
            fail(where, fmt::format("opcode index {} out of range (model has {} operator codes)",
                                    op.opcode_index(), count));
        const fb::OperatorCode *oc = codes->Get(op.opcode_index());
        if (!oc) fail(where, fmt::format("operator code {} is missing", op.opcode_index()));
        return std::max<int32_t>(oc->deprecated_builtin_code(), oc->builtin_code());
    }

    void reject_unsupported(const NodeRef &where, const fb::Operator &op, int32_t code) const {
        if (code == kBuiltinCustom) {
            const auto *oc = ctx_.model->operator_codes()->Get(op.opcode_index());
            std::string custom = oc->custom_code() ? oc->custom_code()->str() : "";
            fail(where, fmt::format("custom operator '{}' is not supported", custom));
        }
        if (code == kBuiltinCall || code == kBuiltinIf || code == kBuiltinWhile ||
            code == kBuiltinCallOnce)
            fail(where, fmt::format("control flow (calls subgraph {}) is not supported: microaot "
                                    "compiles a single subgraph",
                                    called_subgraphs(op)));
        if (std::none_of(std::begin(kSupportedOps), std::end(kSupportedOps),
                         [code](const SupportedOp &s) { return s.code == code; }))
            fail(where, fmt::format("operator {} is not supported", builtin_name(code)));
    }

    static ir::OpKind supported_kind(int32_t code) {
        for (const SupportedOp &s : kSupportedOps)
            if (s.code == code) return s.kind;
        return ir::OpKind::Reshape; // unreachable: reject_unsupported ran first
    }

    const ImportContext &ctx_;
    ir::Graph &graph_;
};

} // namespace

void import_operators(const ImportContext &ctx, ir::Graph &graph) {
    OperatorImporter(ctx, graph).run();
}

} // namespace microaot::tflite
