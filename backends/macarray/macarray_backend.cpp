#include "backends/macarray/macarray_backend.h"

#include "backends/cpu/emit_util.h"
#include "backends/cpu/kernel_params.h"
#include "ir/error.h"
#include "ir/ops.h"
#include "ir/saturating.h"

#include <fmt/format.h>

namespace microaot::macarray {
namespace {

const backends::MemoryPool kPoolTemplate{"macarray_sram", 0, 16, "MACARRAY_SRAM_ADDR"};

std::optional<Geometry> conv_geometry(const ir::Graph &g, const ir::Node &n, std::string &why) {
    bool dw = n.kind == ir::OpKind::DepthwiseConv2D;
    const ir::Window2D &win = *ir::window_of(n);
    int dm = dw ? n.attr<ir::DepthwiseConv2DAttrs>().depth_multiplier : 1;
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    if (x.shape.size() != 4 || w.shape.size() != 4 || y.shape.size() != 4) {
        why = "operands are not 4-D";
        return std::nullopt;
    }
    Geometry geo;
    geo.kind = dw ? Kind::Depthwise : Kind::Conv;
    geo.batches = x.shape[0], geo.in_h = x.shape[1], geo.in_w = x.shape[2], geo.in_c = x.shape[3];
    geo.out_h = y.shape[1], geo.out_w = y.shape[2], geo.out_c = y.shape[3];
    geo.k_h = w.shape[1], geo.k_w = w.shape[2];
    geo.stride_h = win.stride_h, geo.stride_w = win.stride_w;
    geo.dil_h = win.dilation_h, geo.dil_w = win.dilation_w;
    geo.depth_multiplier = dm;
    geo.pad_h = win.pad_top;
    geo.pad_w = win.pad_left;
    return geo;
}

std::optional<Geometry> fc_geometry(const ir::Graph &g, const ir::Node &n, std::string &why) {
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    if (w.shape.size() != 2) {
        why = "weights are not 2-D";
        return std::nullopt;
    }
    if (w.quant.scale.size() == 1 && w.quant.zero_point.at(0) != 0) {
        why = fmt::format("weights zero point {} unsupported (must be 0)", w.quant.zero_point[0]);
        return std::nullopt;
    }
    Geometry geo; // batches as rows of one pixel, a 1x1 convolution
    geo.in_c = w.shape[1], geo.out_c = w.shape[0];
    geo.in_h = geo.out_h = ir::element_count(x.shape) / geo.in_c;
    return geo;
}

} // namespace

std::optional<Geometry> geometry_of(const ir::Graph &g, std::size_t node, std::string &why) {
    const ir::Node &n = g.nodes.at(node);
    if (n.kind != ir::OpKind::Conv2D && n.kind != ir::OpKind::DepthwiseConv2D &&
        n.kind != ir::OpKind::FullyConnected) {
        why = fmt::format("{} unsupported (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED only)",
                          ir::op_name(n.kind));
        return std::nullopt;
    }
    const ir::Tensor &x = g.tensor(n.inputs.at(0)), &w = g.tensor(n.inputs.at(1));
    const ir::Tensor &y = g.tensor(n.outputs.at(0));
    if (x.dtype != ir::DType::Int8 || w.dtype != ir::DType::Int8 || y.dtype != ir::DType::Int8) {
        why = fmt::format("{} operands unsupported (int8 only)", ir::dtype_name(x.dtype));
        return std::nullopt;
    }
    if (!w.is_constant()) {
        why = "weights are not constant";
        return std::nullopt;
    }
    ir::TensorId b = n.input(2);
    if (b != ir::kNoTensor &&
        (!g.tensor(b).is_constant() || g.tensor(b).dtype != ir::DType::Int32)) {
        why = "bias is not a constant int32 tensor";
        return std::nullopt;
    }
    if (x.quant.scale.size() != 1 || y.quant.scale.size() != 1) {
        why = "input/output quantization is not per-tensor";
        return std::nullopt;
    }
    auto geo =
        n.kind == ir::OpKind::FullyConnected ? fc_geometry(g, n, why) : conv_geometry(g, n, why);
    if (geo) geo->has_bias = b != ir::kNoTensor;
    return geo;
}

std::optional<backends::Claim> MacArrayBackend::claim(const ir::Graph &graph, std::size_t node,
                                                      std::string &why_not) const {
    auto geo = geometry_of(graph, node, why_not);
    if (!geo) return std::nullopt;
    if (!plan_tiles(*geo, config_, why_not)) return std::nullopt;
    return backends::Claim{{node}, "macarray_op_s8"};
}

std::optional<int64_t> MacArrayBackend::cost_cycles(const ir::Graph &graph,
                                                    const backends::Claim &claim) const {
    int64_t total = 0;
    for (std::size_t node : claim.nodes) {
        std::string why;
        auto geo = geometry_of(graph, node, why);
        auto plan = geo ? plan_tiles(*geo, config_, why) : std::nullopt;
        if (!plan) return std::nullopt;
        total = ir::saturating_add(total, estimate(*geo, *plan, config_).total());
    }
    return total;
}

std::vector<backends::MemoryPool> MacArrayBackend::memory_pools() const {
    backends::MemoryPool pool = kPoolTemplate;
    pool.size = config_.sram;
    return {pool};
}

void MacArrayBackend::emit(const backends::Claim &claim, backends::EmitContext &ctx) const {
    const ir::Graph &g = ctx.graph();
    for (std::size_t node : claim.nodes) {
        const ir::Node &n = g.nodes.at(node);
        std::string why;
        auto geo = geometry_of(g, node, why);
        auto plan = geo ? plan_tiles(*geo, config_, why) : std::nullopt;
        if (!plan) throw CompileError(fmt::format("macarray: node {}: {}", node, why));
        const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
        const ir::Tensor &y = g.tensor(n.outputs[0]);
        float sx = cpu::scale_of(x, node), sy = cpu::scale_of(y, node);
        int32_t zy = cpu::zero_point_of(y, node);
        std::vector<int32_t> mult, shift;
        if (n.kind == ir::OpKind::FullyConnected && w.quant.scale.size() == 1) {
            auto m = cpu::fully_connected_multiplier(sx, w.quant.scale[0], sy);
            mult.assign(std::size_t(geo->out_c), m.multiplier);
            shift.assign(std::size_t(geo->out_c), m.shift);
        } else {
            for (const auto &m : cpu::conv_per_channel_multipliers(sx, cpu::filter_scales(w, node),
                                                                   sy, int32_t(geo->out_c))) {
                mult.push_back(m.multiplier);
                shift.push_back(m.shift);
            }
        }
        auto act = ir::fused_activation(n).value_or(ir::Activation::None);
        cpu::IntRange r = cpu::activation_range_int8(cpu::to_cpu(act), sy, zy);
        const Geometry &e = *geo;
        std::vector<int64_t> d = {int64_t(e.kind),
                                  e.batches,
                                  e.in_h,
                                  e.in_w,
                                  e.in_c,
                                  e.out_h,
                                  e.out_w,
                                  e.out_c,
                                  e.k_h,
                                  e.k_w,
                                  e.stride_h,
                                  e.stride_w,
                                  e.dil_h,
                                  e.dil_w,
                                  e.pad_h,
                                  e.pad_w,
                                  e.depth_multiplier,
                                  -int64_t(cpu::zero_point_of(x, node)),
                                  zy,
                                  r.min,
                                  r.max,
                                  plan->tile_rows,
                                  plan->tile_channels,
                                  plan->sram_in,
                                  plan->sram_filter,
                                  plan->sram_bias,
                                  plan->sram_acc,
                                  config_.sram,
                                  config_.rows,
                                  config_.cols,
                                  config_.dma,
                                  config_.dma_setup,
                                  config_.job_setup};
        std::vector<int32_t> desc;
        for (int64_t v : d)
            desc.push_back(cpu::int32_of(v, "macarray descriptor field", node));
        std::string desc_ref = ctx.add_int32_array(desc, fmt::format("node {} macarray op", node));
        std::string mult_ref = ctx.add_int32_array(mult, fmt::format("node {} multipliers", node));
        std::string shift_ref = ctx.add_int32_array(shift, fmt::format("node {} shifts", node));
        std::string sram = ctx.pool_ref(memory_pools()[0], 0);
        int64_t tiles = (e.out_h + plan->tile_rows - 1) / plan->tile_rows *
                        ((e.out_c + plan->tile_channels - 1) / plan->tile_channels) * e.batches;
        ctx.add_statement(cpu::node_comment(g, node));
        ctx.add_statement(fmt::format(
            "/* macarray: {} tile(s) of {} rows x {} channels, {} of {} SRAM bytes */", tiles,
            plan->tile_rows, plan->tile_channels, plan->sram_used, config_.sram));
        ctx.add_statement("void macarray_op_s8(const int32_t *op, uint8_t *sram, const int8_t "
                          "*in, const int8_t *filter, const int32_t *bias, const int32_t "
                          "*out_mult, const int32_t *out_shift, int8_t *out);");
        if (profile_hooks_) ctx.add_statement(fmt::format("MAO_NODE_BEGIN({});", node));
        ctx.add_statement(fmt::format("macarray_op_s8({}, {}, {}, {}, {}, {}, {}, {});", desc_ref,
                                      sram, ctx.tensor_ref(n.inputs[0]),
                                      ctx.tensor_ref(n.inputs[1]), ctx.tensor_ref(n.input(2)),
                                      mult_ref, shift_ref, ctx.tensor_ref(n.outputs[0])));
        if (profile_hooks_) ctx.add_statement(fmt::format("MAO_NODE_END({});", node));
        ctx.use_kernel("macarray_op_s8", "macarray/macarray_driver.c");
        ctx.use_kernel("macarray_run_job", "macarray/macarray_model.c");
    }
}

} // namespace microaot::macarray
