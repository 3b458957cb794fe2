// Shape queries (ops-shape2 group): SHAPE writes the input's static dimensions, ZEROS_LIKE
// zero bytes. Both fold to constants unless their output is a graph output (then these run).
// SQUEEZE and EXPAND_DIMS are views, lowered with RESHAPE in lower_data_movement.cpp.
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {
namespace {

Selection select_shape(const ir::Graph &g, const ir::Node &n) {
    return Selection::use(g.tensor(n.outputs[0]).dtype == ir::DType::Int64 ? "mao_shape_s64"
                                                                           : "mao_shape_s32");
}

void emit_shape(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]);
    std::vector<int32_t> dims;
    for (std::size_t d = 0; d < x.shape.size(); ++d)
        dims.push_back(dim32(x, d, r.node));
    ctx.add_statement(node_comment(g, r.node));
    std::string array = dims.empty()
                            ? std::string("NULL")
                            : ctx.add_int32_array(dims, fmt::format("node {} input shape", r.node));
    ctx.add_statement(
        fmt::format("{}({}, {}, {});", r.kernel, array, dims.size(), ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

Selection select_zeros(const ir::Graph &, const ir::Node &) {
    return Selection::use("mao_zeros");
}

void emit_zeros(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    int64_t bytes = g.tensor(n.outputs[0]).byte_size();
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("mao_zeros({}, {});", ctx.tensor_ref(n.outputs[0]),
                                  int32_of(bytes, "bytes", r.node)));
    r.use_kernel();
}

} // namespace

void add_shape_op_lowerings(LoweringSink out) {
    std::vector<KernelVariant> shape = {
        {ir::DType::Int32, "mao_shape_s32", false, "mao_shape_ops"},
        {ir::DType::Int64, "mao_shape_s64", false, "mao_shape_ops"}};
    out.push_back({ir::OpKind::Shape, select_shape, emit_shape, shape});
    std::vector<KernelVariant> zeros;
    for (ir::DType t : {ir::DType::Int8, ir::DType::Int32, ir::DType::Int64, ir::DType::Float32})
        zeros.push_back({t, "mao_zeros", false, "mao_shape_ops"});
    out.push_back({ir::OpKind::ZerosLike, select_zeros, emit_zeros, zeros});
}

} // namespace microaot::cpu
