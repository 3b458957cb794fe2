// FULLY_CONNECTED: per-tensor (input offset folded into the bias at compile time when possible),
// per-channel, int16 "16x8" (int64 or int32 bias), or float.
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lower_hybrid.h"
#include "backends/cpu/lowering.h"

#include "ir/error.h"

#include <cstring>
#include <fmt/format.h>

namespace microaot::cpu {
namespace {

std::vector<int32_t> int32_data(const ir::Graph &g, ir::TensorId id) {
    if (id == ir::kNoTensor) return {};
    const ir::Tensor &t = g.tensor(id);
    std::vector<int32_t> out(t.data->size() / sizeof(int32_t));
    if (!out.empty()) std::memcpy(out.data(), t.data->data(), out.size() * sizeof(int32_t));
    return out;
}

std::span<const int8_t> int8_data(const ir::Tensor &t) {
    return {reinterpret_cast<const int8_t *>(t.data->data()), t.data->size()};
}

// int16 activations with int8 weights (TFLite Micro's 16x8 kernels): symmetric weights, an
// int64 bias (int64 accumulator) or an int32 one (int32 accumulator).
Selection select_fc_s16(const ir::Graph &g, const ir::Node &n) {
    const ir::Tensor &w = g.tensor(n.inputs[1]);
    if (w.dtype != ir::DType::Int8)
        return Selection::decline(
            fmt::format("{} weights with int16 activations (16x8 needs int8 weights)",
                        ir::dtype_name(w.dtype)));
    for (int64_t zp : w.quant.zero_point)
        if (zp != 0) return Selection::decline("int8 weights with a non-zero zero point");
    ir::TensorId bias = n.input(2);
    bool bias32 = bias != ir::kNoTensor && g.tensor(bias).dtype == ir::DType::Int32;
    return Selection::use(bias32 ? "mao_fully_connected_s16_bias32" : "mao_fully_connected_s16");
}

Selection select_fc(const ir::Graph &g, const ir::Node &n) {
    if (std::optional<Selection> hybrid = select_hybrid(g, n)) return *hybrid;
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    if (x.dtype == ir::DType::Int16) return select_fc_s16(g, n);
    Selection s = activation_suffix(x);
    if (!s.kernel) return s;
    if (w.dtype != x.dtype)
        return Selection::decline(fmt::format("{} weights with {} activations",
                                              ir::dtype_name(w.dtype), ir::dtype_name(x.dtype)));
    if (x.dtype == ir::DType::Float32) return Selection::use("mao_fully_connected_f32");
    ir::TensorId bias = n.input(2);
    if (w.quant.per_channel()) {
        for (int64_t zp : w.quant.zero_point)
            if (zp != 0)
                return Selection::decline("per-channel int8 weights with a non-zero zero point");
        return Selection::use("mao_fully_connected_s8_per_channel");
    }
    bool foldable = w.is_constant() && (bias == ir::kNoTensor || g.tensor(bias).is_constant()) &&
                    w.quant.zero_point.size() == 1 && w.quant.zero_point[0] == 0;
    return Selection::use(foldable ? "mao_fully_connected_s8_folded" : "mao_fully_connected_s8");
}

int64_t fully_connected_scratch_bytes(const ir::Graph &g, const ir::Node &n,
                                      std::string_view kernel, Runtime) {
    return is_hybrid_kernel(kernel) ? hybrid_scratch_bytes(g, n) : 0;
}

void emit_fully_connected(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const std::string &kernel = r.kernel;
    std::size_t node = r.node;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = g.nodes[node];
    const ir::Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    const ir::Tensor &y = g.tensor(n.outputs[0]);
    ir::Activation act = n.attr<ir::FullyConnectedAttrs>().activation;
    int32_t accum_depth = dim32(w, 1, node), out_depth = dim32(w, 0, node);
    int32_t batches = int32_of(ir::element_count(x.shape) / accum_depth, "batches", node);
    bool quantized = x.dtype != ir::DType::Float32;
    bool int16 = x.dtype == ir::DType::Int16;
    bool per_channel = kernel == "mao_fully_connected_s8_per_channel";
    bool folded = kernel == "mao_fully_connected_s8_folded";

    StructInit p;
    p.add("batches", batches).add("accum_depth", accum_depth).add("out_depth", out_depth);
    int32_t input_offset = 0;
    QuantizedMultiplier m; // per-tensor weights
    if (quantized) {
        input_offset = -zero_point_of(x, node);
        int32_t filter_offset = w.quant.per_channel() ? 0 : -zero_point_of(w, node);
        if (!w.quant.per_channel())
            m = fully_connected_multiplier(scale_of(x, node), scale_of(w, node), scale_of(y, node));
        IntRange range = activation_range_quantized(to_cpu(act), scale_of(y, node),
                                                    zero_point_of(y, node), storage_of(y));
        p.add("input_offset", input_offset).add("filter_offset", filter_offset);
        p.add("output_offset", zero_point_of(y, node));
        p.add("out_mult", m.multiplier).add("out_shift", m.shift);
        p.add("act_min", range.min).add("act_max", range.max);
        p.add_float("f_act_min", 0.0f).add_float("f_act_max", 0.0f);
    } else {
        FloatRange range = activation_range_float(to_cpu(act));
        p.add("input_offset", 0).add("filter_offset", 0).add("output_offset", 0);
        p.add("out_mult", 0).add("out_shift", 0).add("act_min", 0).add("act_max", 0);
        p.add_float("f_act_min", range.min).add_float("f_act_max", range.max);
    }
    std::string params = ctx.add_params("mao_fc_params", params_hint(node, "fc"), p.str());
    std::string in = ctx.tensor_ref(n.inputs[0]), filter = ctx.tensor_ref(n.inputs[1]);
    std::string out = ctx.tensor_ref(n.outputs[0]);

    std::string call;
    if (is_hybrid_kernel(kernel)) {
        call = fmt::format("{}(&{}, {}, {}, {}, {});", kernel, params, in, filter,
                           ctx.tensor_ref(n.input(2)), hybrid_call_tail(r));
    } else if (folded) {
        std::vector<int32_t> bias = int32_data(g, n.input(2));
        std::vector<int32_t> folded_bias =
            fold_fc_input_offset(int8_data(w), out_depth, accum_depth, bias, input_offset);
        std::string bias_ref =
            ctx.add_int32_array(folded_bias, fmt::format("node {} folded bias", node));
        call = fmt::format("{}(&{}, {}, {}, {}, {});", kernel, params, in, filter, bias_ref, out);
    } else if (per_channel || int16) {
        // One multiplier per output: the per-channel ones, or (int16) the per-tensor one repeated.
        std::vector<QuantizedMultiplier> mults =
            w.quant.per_channel()
                ? conv_per_channel_multipliers(scale_of(x, node), filter_scales(w, node),
                                               scale_of(y, node), out_depth)
                : std::vector<QuantizedMultiplier>(std::size_t(out_depth), m);
        // The 16x8 kernel with an int64 accumulator requantizes in int64.
        bool int64_requantize = int16 && kernel == "mao_fully_connected_s16";
        std::vector<int32_t> mult, shift;
        for (const auto &q : mults) {
            if (int64_requantize) require_int64_multiplier_shift(q, "an output multiplier");
            mult.push_back(q.multiplier);
            shift.push_back(q.shift);
        }
        std::string mult_ref = ctx.add_int32_array(mult, fmt::format("node {} multipliers", node));
        std::string shift_ref = ctx.add_int32_array(shift, fmt::format("node {} shifts", node));
        call = fmt::format("{}(&{}, {}, {}, {}, {}, {}, {});", kernel, params, in, filter,
                           ctx.tensor_ref(n.input(2)), mult_ref, shift_ref, out);
    } else {
        call = fmt::format("{}(&{}, {}, {}, {}, {});", kernel, params, in, filter,
                           ctx.tensor_ref(n.input(2)), out);
    }
    ctx.add_statement(node_comment(g, node));
    ctx.add_statement(call);
    r.use_kernel();
}

} // namespace

void add_fully_connected_lowerings(LoweringSink out) {
    out.push_back(
        {ir::OpKind::FullyConnected,
         select_fc,
         emit_fully_connected,
         {{ir::DType::Int8, "mao_fully_connected_s8_folded", true},
          {ir::DType::Int8, "mao_fully_connected_s8_per_channel", true},
          {ir::DType::Int8, "mao_fully_connected_s8", true},
          {ir::DType::Int16, "mao_fully_connected_s16"},
          {ir::DType::Int16, "mao_fully_connected_s16_bias32", false, "mao_fully_connected_s16"},
          {ir::DType::Float32, "mao_fully_connected_f32", true},
          {ir::DType::Float32, kFullyConnectedHybrid, false, kHybridFile}},
         fully_connected_scratch_bytes,
         3,
         20});
}

} // namespace microaot::cpu
