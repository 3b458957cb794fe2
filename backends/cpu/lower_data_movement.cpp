// Operators that only move data: RESHAPE (nothing when the planner aliased its buffers, else a
// copy).
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

} // namespace

void add_data_movement_lowerings(LoweringSink out) {
    out.push_back({ir::OpKind::Reshape, select_copy, emit_reshape, {}});
}

} // namespace microaot::cpu
