// Operators that only move data: RESHAPE (nothing when the planner aliased its buffers, else a
// copy), SPLIT.
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

Selection select_copy(const ir::Graph &, const ir::Node &) {
    return Selection::use("mao_copy");
}

void emit_reshape(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const std::string &kernel = r.kernel;
    std::size_t node = r.node;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    if (ctx.shares_storage(n.inputs[0], n.outputs[0])) {
        ctx.add_statement(node_comment(g, node) + " /* zero-copy: output aliases the input */");
        return;
    }
    int64_t bytes = g.tensor(n.outputs[0]).byte_size();
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(fmt::format("{}({}, {}, {});", kernel, ctx.tensor_ref(n.outputs[0]),
                                  ctx.tensor_ref(n.inputs[0]), int32_of(bytes, "bytes", node)));
    r.use_kernel();
}

Selection select_split(const ir::Graph &, const ir::Node &) {
    return Selection::use("mao_split");
}

// Viewed as [outer][axis * inner] bytes, output k takes a [outer][size_k * inner] block.
void emit_split(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]);
    int axis = n.attr<ir::SplitAttrs>().axis;
    int64_t outer = 1, inner = int64_t(ir::dtype_size(x.dtype));
    for (int d = 0; d < axis; ++d)
        outer *= x.shape[std::size_t(d)];
    for (std::size_t d = std::size_t(axis) + 1; d < x.shape.size(); ++d)
        inner *= x.shape[d];
    std::vector<int32_t> rows;
    std::string outs;
    for (ir::TensorId y : n.outputs) {
        rows.push_back(int32_of(g.tensor(y).shape[std::size_t(axis)] * inner, "split row", r.node));
        outs += (outs.empty() ? "" : ", ") + ctx.tensor_ref(y);
    }
    std::string rows_ref =
        ctx.add_int32_array(rows, fmt::format("node {} split row bytes", r.node));
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{{ void *const outs[{}] = {{{}}};\n      mao_split({}, {}, {}, "
                                  "{}, outs); }}",
                                  n.outputs.size(), outs,
                                  int32_of(outer, "split outer size", r.node), n.outputs.size(),
                                  rows_ref, ctx.tensor_ref(n.inputs[0])));
    r.use_kernel();
}

} // namespace

void add_data_movement_lowerings(LoweringSink out) {
    // Byte movers: every element type.
    std::vector<KernelVariant> copy, split;
    for (ir::DType t : {ir::DType::Int8, ir::DType::Int16, ir::DType::Int32, ir::DType::Float32}) {
        copy.push_back({t, "mao_copy"});
        split.push_back({t, "mao_split"});
    }
    out.push_back({ir::OpKind::Reshape, select_copy, emit_reshape, copy});
    out.push_back({ir::OpKind::Split, select_split, emit_split, split});
}

} // namespace microaot::cpu
