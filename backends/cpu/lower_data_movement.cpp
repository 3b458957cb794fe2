// Operators that only move data: RESHAPE (nothing when the planner aliased its buffers, else a
// copy), SPLIT, PAD; and the strided copies of ir/data_movement.h (CONCATENATION, ...).
#include "backends/cpu/emit_util.h"
#include "backends/cpu/lowering.h"

#include "ir/data_movement.h"
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

// ---- Shared helpers ---------------------------------------------------------------------------

// MAO_MAX_DIMS of runtime/portable/mao_kernels.h: axes a data-movement kernel takes.
constexpr std::size_t kMaxDims = 6;

// "{3, 4, 5}": a C initializer of int32 values.
std::string int32_list(const std::vector<int64_t> &values, std::string_view what,
                       std::size_t node) {
    std::string out;
    for (int64_t v : values)
        out += (out.empty() ? "" : ", ") + backends::c_int32(int32_of(v, what, node));
    return "{" + out + "}";
}

// ---- PAD ----------------------------------------------------------------------------------

// The padded axes with every unpadded inner axis folded into its outer neighbour (row-major
// layout is unchanged) and unpadded size-1 axes dropped: what mao_pad iterates over.
struct PadAxes {
    std::vector<int64_t> in, before, after; // outermost first
};

PadAxes merged_pad_axes(const ir::Tensor &x, const ir::PadAttrs &a) {
    PadAxes m;
    for (std::size_t d = x.shape.size(); d-- > 0;) {
        int64_t size = x.shape[d], before = a.before[d], after = a.after[d];
        if (size == 1 && before == 0 && after == 0) continue;
        bool inner_unpadded = !m.in.empty() && m.before.front() == 0 && m.after.front() == 0;
        if (inner_unpadded && a.mode == ir::PadMode::Constant) {
            int64_t inner = m.in.front();
            m.in.front() = size * inner;
            m.before.front() = before * inner;
            m.after.front() = after * inner;
            continue;
        }
        m.in.insert(m.in.begin(), size);
        m.before.insert(m.before.begin(), before);
        m.after.insert(m.after.begin(), after);
    }
    if (m.in.empty()) m = {{1}, {0}, {0}};
    return m;
}

// Strided copies (defined below): MIRROR_PAD is one per region.
template <ir::CopyPlan Plan> Selection select_strided(const ir::Graph &g, const ir::Node &n);
template <ir::CopyPlan Plan> void emit_strided(const EmitRequest &r);

Selection select_pad(const ir::Graph &g, const ir::Node &n) {
    const auto &a = n.attr<ir::PadAttrs>();
    if (a.mode != ir::PadMode::Constant) {
        // MIRROR_PAD: 3^k strided copies for k padded axes, so k is bounded.
        std::size_t padded = 0;
        for (std::size_t d = 0; d < a.before.size(); ++d)
            padded += a.before[d] > 0 || a.after[d] > 0;
        if (padded > kMaxDims)
            return Selection::decline(
                fmt::format("MIRROR_PAD over more than {} padded axes", kMaxDims));
        return select_strided<ir::mirror_pad_copies>(g, n);
    }
    if (merged_pad_axes(g.tensor(n.inputs[0]), a).in.size() > kMaxDims)
        return Selection::decline(fmt::format("PAD over more than {} axes", kMaxDims));
    return Selection::use("mao_pad");
}

void emit_pad(const EmitRequest &r) {
    if (r.kernel == "mao_strided_copy") return emit_strided<ir::mirror_pad_copies>(r);
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    PadAxes m = merged_pad_axes(x, n.attr<ir::PadAttrs>());
    StructInit p;
    p.add("rank", int64_t(m.in.size())).add("elem_size", int64_t(ir::dtype_size(x.dtype)));
    p.add_raw("in_dims", int32_list(m.in, "pad input size", r.node));
    p.add_raw("before", int32_list(m.before, "pad size", r.node));
    p.add_raw("after", int32_list(m.after, "pad size", r.node));
    std::string value = ctx.tensor_ref(n.input(1));
    if (n.input(1) == ir::kNoTensor) {
        // PAD: zero, stored as the output zero point when quantized (TFLite Micro's int8 PAD).
        int64_t zero = y.quant.empty() ? 0 : y.quant.zero_point[0];
        std::vector<uint8_t> bytes(ir::dtype_size(y.dtype));
        for (std::size_t k = 0; k < bytes.size(); ++k)
            bytes[k] = uint8_t(uint64_t(zero) >> (8 * k));
        value = ctx.add_constant(ir::dtype_c_type(y.dtype), bytes,
                                 fmt::format("node {} pad value", r.node));
    }
    std::string params = ctx.add_params("mao_pad_params", params_hint(r.node, "pad"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("mao_pad(&{}, {}, {}, {});", params, ctx.tensor_ref(n.inputs[0]),
                                  value, ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

// ---- Strided copies (ops-shape group: CONCATENATION, ...) -----------------------------------

// The operator's copies with their dimensions merged: what mao_strided_copy runs.
std::vector<ir::StridedCopy> merged_copies(const ir::Graph &g, const ir::Node &n,
                                           ir::CopyPlan plan) {
    std::vector<ir::StridedCopy> copies = plan(g, n);
    for (ir::StridedCopy &c : copies)
        c = ir::merge_dims(std::move(c));
    return copies;
}

template <ir::CopyPlan Plan> Selection select_strided(const ir::Graph &g, const ir::Node &n) {
    for (const ir::StridedCopy &c : merged_copies(g, n, Plan))
        if (c.dims.size() > kMaxDims)
            return Selection::decline(
                fmt::format("a strided copy over {} axes (more than {})", c.dims.size(), kMaxDims));
    return Selection::use("mao_strided_copy");
}

template <ir::CopyPlan Plan> void emit_strided(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const int64_t elem_size = int64_t(ir::dtype_size(g.tensor(n.outputs[0]).dtype));
    ctx.add_statement(node_comment(g, r.node));
    for (const ir::StridedCopy &c : merged_copies(g, n, Plan)) {
        if (c.dims.front() == 0) continue; // an empty operand moves nothing
        StructInit p;
        p.add("rank", int64_t(c.dims.size())).add("elem_size", elem_size);
        p.add_raw("dims", int32_list(c.dims, "copy size", r.node));
        p.add_raw("in_strides", int32_list(c.in_strides, "input stride", r.node));
        p.add_raw("out_strides", int32_list(c.out_strides, "output stride", r.node));
        p.add("in_offset", int32_of(c.in_offset, "input offset", r.node));
        p.add("out_offset", int32_of(c.out_offset, "output offset", r.node));
        std::string params =
            ctx.add_params("mao_strided_copy_params", params_hint(r.node, "copy"), p.str());
        ctx.add_statement(fmt::format("mao_strided_copy(&{}, {}, {});", params,
                                      ctx.tensor_ref(n.inputs[c.input]),
                                      ctx.tensor_ref(n.outputs[c.output])));
    }
    r.use_kernel();
}

// ---- GATHER --------------------------------------------------------------------------------

Selection select_gather(const ir::Graph &, const ir::Node &) {
    return Selection::use("mao_gather");
}

void emit_gather(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    ir::GatherSizes s = ir::gather_sizes(g, n);
    StructInit p;
    p.add("batches", int32_of(s.batches, "gather batches", r.node));
    p.add("outer", int32_of(s.outer, "gather outer size", r.node));
    p.add("axis_size", int32_of(s.axis, "gather axis size", r.node));
    p.add("coords", int32_of(s.coords, "gather index count", r.node));
    p.add("inner", int32_of(s.inner, "gather row", r.node));
    p.add("elem_size", int64_t(ir::dtype_size(g.tensor(n.inputs[0]).dtype)));
    std::string params =
        ctx.add_params("mao_gather_params", params_hint(r.node, "gather"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("mao_gather(&{}, {}, {}, {});", params,
                                  ctx.tensor_ref(n.inputs[0]), ctx.tensor_ref(n.inputs[1]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

// ---- ARG_MAX, ARG_MIN ------------------------------------------------------------------------

Selection select_arg(const ir::Graph &g, const ir::Node &n) {
    Selection suffix = activation_suffix(g.tensor(n.inputs[0]));
    if (!suffix.kernel) return suffix;
    return Selection::use(fmt::format(
        "mao_{}_{}", n.kind == ir::OpKind::ArgMax ? "arg_max" : "arg_min", *suffix.kernel));
}

void emit_arg(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    ir::ArgSizes s = ir::arg_sizes(g, n);
    StructInit p;
    p.add("outer", int32_of(s.outer, "outer size", r.node));
    p.add("axis_size", int32_of(s.axis, "axis size", r.node));
    p.add("inner", int32_of(s.inner, "inner size", r.node));
    std::string params = ctx.add_params("mao_arg_params", params_hint(r.node, "arg"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

// ---- RESIZE_NEAREST_NEIGHBOR ------------------------------------------------------------------

Selection select_resize_nearest(const ir::Graph &, const ir::Node &) {
    return Selection::use("mao_resize_nearest");
}

void emit_resize_nearest(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<ir::ResizeAttrs>();
    std::string rows = ctx.add_int32_array(ir::nearest_sources(x.shape[1], y.shape[1], a),
                                           fmt::format("node {} source rows", r.node));
    std::string cols = ctx.add_int32_array(ir::nearest_sources(x.shape[2], y.shape[2], a),
                                           fmt::format("node {} source columns", r.node));
    StructInit p;
    p.add("batches", dim32(x, 0, r.node)).add("in_height", dim32(x, 1, r.node));
    p.add("in_width", dim32(x, 2, r.node)).add("out_height", dim32(y, 1, r.node));
    p.add("out_width", dim32(y, 2, r.node));
    p.add("pixel_bytes",
          int32_of(x.shape[3] * int64_t(ir::dtype_size(x.dtype)), "pixel bytes", r.node));
    p.add_raw("rows", rows).add_raw("cols", cols);
    std::string params =
        ctx.add_params("mao_resize_nearest_params", params_hint(r.node, "resize"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("mao_resize_nearest(&{}, {}, {});", params,
                                  ctx.tensor_ref(n.inputs[0]), ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

// ---- RESIZE_BILINEAR ------------------------------------------------------------------------

Selection select_resize_bilinear(const ir::Graph &g, const ir::Node &n) {
    Selection suffix = activation_suffix(g.tensor(n.inputs[0]));
    if (!suffix.kernel) return suffix;
    return Selection::use("mao_resize_bilinear_" + *suffix.kernel);
}

void emit_resize_bilinear(const EmitRequest &r) {
    backends::EmitContext &ctx = r.ctx;
    const ir::Graph &g = ctx.graph();
    const ir::Node &n = r.op();
    const ir::Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<ir::ResizeAttrs>();
    const bool integer = x.dtype == ir::DType::Int8;
    StructInit p;
    p.add("batches", dim32(x, 0, r.node)).add("in_height", dim32(x, 1, r.node));
    p.add("in_width", dim32(x, 2, r.node)).add("out_height", dim32(y, 1, r.node));
    p.add("out_width", dim32(y, 2, r.node)).add("channels", dim32(x, 3, r.node));
    for (auto [axis, name] : {std::pair{std::size_t(1), "row"}, std::pair{std::size_t(2), "col"}}) {
        ir::BilinearTaps t = ir::bilinear_taps(x.shape[axis], y.shape[axis], a, integer);
        std::string what = fmt::format("node {} {} taps", r.node, name);
        p.add_raw(fmt::format("{}_lower", name), ctx.add_int32_array(t.lower, what));
        p.add_raw(fmt::format("{}_upper", name), ctx.add_int32_array(t.upper, what));
        p.add_raw(fmt::format("{}_weight", name), ctx.add_float_array(t.weight, what));
        p.add_raw(fmt::format("{}_weight_1024", name), ctx.add_int32_array(t.weight_1024, what));
    }
    std::string params =
        ctx.add_params("mao_resize_bilinear_params", params_hint(r.node, "resize"), p.str());
    ctx.add_statement(node_comment(g, r.node));
    ctx.add_statement(fmt::format("{}(&{}, {}, {});", r.kernel, params, ctx.tensor_ref(n.inputs[0]),
                                  ctx.tensor_ref(n.outputs[0])));
    r.use_kernel();
}

} // namespace

void add_data_movement_lowerings(LoweringSink out) {
    // Byte movers: every element type.
    std::vector<KernelVariant> copy, split, pad;
    for (ir::DType t : {ir::DType::Int8, ir::DType::Int16, ir::DType::Int32, ir::DType::Float32}) {
        copy.push_back({t, "mao_copy"});
        split.push_back({t, "mao_split"});
        pad.push_back({t, "mao_pad"});
        pad.push_back({t, "mao_strided_copy"}); // MIRROR_PAD
    }
    out.push_back({ir::OpKind::Reshape, select_copy, emit_reshape, copy});
    // ops-shape2 group: views like RESHAPE (nothing when aliased, else a copy)
    out.push_back({ir::OpKind::Squeeze, select_copy, emit_reshape, copy});
    out.push_back({ir::OpKind::ExpandDims, select_copy, emit_reshape, copy});
    out.push_back({ir::OpKind::Split, select_split, emit_split, split});
    out.push_back({ir::OpKind::Pad, select_pad, emit_pad, pad});
    // ops-shape group: strided copies
    std::vector<KernelVariant> strided;
    for (ir::DType t : {ir::DType::Int8, ir::DType::Int16, ir::DType::Int32, ir::DType::Float32})
        strided.push_back({t, "mao_strided_copy"});
    // TFLite Micro's CONCATENATION and STRIDED_SLICE also move bool tensors.
    std::vector<KernelVariant> strided_with_bool = strided;
    strided_with_bool.push_back({ir::DType::Bool, "mao_strided_copy"});
    auto add_strided = [&](ir::OpKind kind, auto select, auto emit, bool with_bool = false) {
        out.push_back({kind, select, emit, with_bool ? strided_with_bool : strided});
    };
    add_strided(ir::OpKind::Concatenation, select_strided<ir::concatenation_copies>,
                emit_strided<ir::concatenation_copies>, true);
    add_strided(ir::OpKind::Pack, select_strided<ir::pack_copies>, emit_strided<ir::pack_copies>);
    add_strided(ir::OpKind::Unpack, select_strided<ir::unpack_copies>,
                emit_strided<ir::unpack_copies>);
    add_strided(ir::OpKind::Transpose, select_strided<ir::transpose_copies>,
                emit_strided<ir::transpose_copies>);
    add_strided(ir::OpKind::StridedSlice, select_strided<ir::strided_slice_copies>,
                emit_strided<ir::strided_slice_copies>, true);
    add_strided(ir::OpKind::BroadcastTo, select_strided<ir::broadcast_to_copies>,
                emit_strided<ir::broadcast_to_copies>);
    add_strided(ir::OpKind::SpaceToDepth, select_strided<ir::space_depth_copies>,
                emit_strided<ir::space_depth_copies>);
    add_strided(ir::OpKind::DepthToSpace, select_strided<ir::space_depth_copies>,
                emit_strided<ir::space_depth_copies>);
    // GATHER: rows picked by run-time (or constant) int32 indices.
    std::vector<KernelVariant> gather;
    for (ir::DType t : {ir::DType::Int8, ir::DType::Int16, ir::DType::Int32, ir::DType::Float32})
        gather.push_back({t, "mao_gather"});
    out.push_back({ir::OpKind::Gather, select_gather, emit_gather, gather});
    // ARG_MAX, ARG_MIN: int32 indices.
    std::vector<KernelVariant> arg_max = {
        {ir::DType::Int8, "mao_arg_max_s8", false, "mao_arg_min_max"},
        {ir::DType::Float32, "mao_arg_max_f32", false, "mao_arg_min_max"}};
    std::vector<KernelVariant> arg_min = {
        {ir::DType::Int8, "mao_arg_min_s8", false, "mao_arg_min_max"},
        {ir::DType::Float32, "mao_arg_min_f32", false, "mao_arg_min_max"}};
    out.push_back({ir::OpKind::ArgMax, select_arg, emit_arg, arg_max});
    out.push_back({ir::OpKind::ArgMin, select_arg, emit_arg, arg_min});
    // RESIZE_NEAREST_NEIGHBOR: pixels picked through row and column tables.
    std::vector<KernelVariant> nearest;
    for (ir::DType t : {ir::DType::Int8, ir::DType::Int16, ir::DType::Float32})
        nearest.push_back({t, "mao_resize_nearest"});
    out.push_back(
        {ir::OpKind::ResizeNearestNeighbor, select_resize_nearest, emit_resize_nearest, nearest});
    // RESIZE_BILINEAR: taps and weights in tables.
    out.push_back(
        {ir::OpKind::ResizeBilinear,
         select_resize_bilinear,
         emit_resize_bilinear,
         {{ir::DType::Int8, "mao_resize_bilinear_s8", false, "mao_resize_bilinear"},
          {ir::DType::Float32, "mao_resize_bilinear_f32", false, "mao_resize_bilinear"}}});
}

} // namespace microaot::cpu
