// SOFTMAX over the last axis (int8 as TFLM's reference kernel, float32).
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/ops.h"

#include <cmath>
#include <fmt/format.h>

namespace microaot::cpu {
namespace {

Selection select_softmax(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    int axis = n.attr<ir::SoftmaxAttrs>().axis;
    if (axis != -1 && axis != int(x.shape.size()) - 1)
        return Selection::decline(fmt::format("softmax over axis {} (the kernels normalise the "
                                              "last axis)",
                                              axis));
    if (x.dtype == ir::DType::Int8) {
        // TFLM: output scale within 0.1% of 1/256 and zero point -128.
        float scale = y.quant.scale.empty() ? 0.0f : y.quant.scale[0];
        bool scale_ok = std::fabs(scale - 1.0f / 256) <= 0.001f * 1.0f / 256;
        if (!scale_ok || y.quant.zero_point.empty() || y.quant.zero_point[0] != -128)
            return Selection::decline("int8 softmax output must have scale 1/256 and zero point "
                                      "-128");
    }
    return Selection::use("mao_softmax_" + *s.kernel);
}

void emit_softmax(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const std::string &kernel = r.kernel;
    std::size_t node = r.node;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    const ir::Tensor &x = g.tensor(n.inputs[0]);
    float beta = n.attr<ir::SoftmaxAttrs>().beta;
    int32_t depth = dim32(x, x.shape.size() - 1, node);
    int64_t outer = depth == 0 ? 0 : ir::element_count(x.shape) / depth;
    StructInit p;
    p.add("outer", int32_of(outer, "softmax rows", node)).add("depth", depth);
    if (x.dtype == ir::DType::Int8) {
        SoftmaxInt8Params s = softmax_int8_params(scale_of(x, node), beta);
        p.add("input_multiplier", s.input_multiplier).add("input_left_shift", s.input_left_shift);
        p.add("diff_min", s.diff_min).add_float("beta", beta);
    } else {
        p.add("input_multiplier", 0).add("input_left_shift", 0).add("diff_min", 0);
        p.add_float("beta", beta);
    }
    std::string params =
        ctx.add_params("mao_softmax_params", params_hint(node, "softmax"), p.str());
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

} // namespace

void add_softmax_lowerings(LoweringSink out) {
    out.push_back({ir::OpKind::Softmax,
                   select_softmax,
                   emit_softmax,
                   {{ir::DType::Int8, "mao_softmax_s8"}, {ir::DType::Float32, "mao_softmax_f32"}}});
}

} // namespace microaot::cpu
