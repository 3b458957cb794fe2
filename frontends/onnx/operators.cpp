// Operator stage: one import record per supported ONNX operator (op_type -> handler that maps
// the node onto IR operators, converting NCHW to NHWC). Every unsupported operator of a model is
// named in one error before anything is imported.
#include "frontends/onnx/import_context.h"
#include "ir/error.h"
#include "ir/ops.h"

#include <onnx/onnx_pb.h>

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstring>
#include <map>

namespace microaot::onnx_import {
namespace {

// Window sizes, strides, dilations and pads beyond this are refused (the IR's own limit).
constexpr int64_t kMaxWindow = int64_t(1) << 30;
constexpr int kToNhwc[4] = {0, 2, 3, 1}; // NCHW -> NHWC axis order

std::string shape_text(const ir::Shape &s) {
    return ir::shape_str(s);
}

struct NodeImport {
    Context &ctx;
    const onnx::NodeProto &node;
    std::size_t index;

    [[noreturn]] void fail(const std::string &what) const {
        throw CompileError(fmt::format("{}: {}: {}", ctx.label, node_ref(node, index), what));
    }

    // ---- attributes ----
    const onnx::AttributeProto *attr(std::string_view name,
                                     onnx::AttributeProto::AttributeType type) const {
        for (const auto &a : node.attribute())
            if (a.name() == name) {
                if (a.type() != type)
                    fail(fmt::format("attribute '{}' has type {}, expected {}", name, int(a.type()),
                                     int(type)));
                return &a;
            }
        return nullptr;
    }
    int64_t attr_int(std::string_view name, int64_t fallback) const {
        const auto *a = attr(name, onnx::AttributeProto::INT);
        return a ? a->i() : fallback;
    }
    float attr_float(std::string_view name, float fallback) const {
        const auto *a = attr(name, onnx::AttributeProto::FLOAT);
        return a ? a->f() : fallback;
    }
    std::string attr_string(std::string_view name, std::string fallback) const {
        const auto *a = attr(name, onnx::AttributeProto::STRING);
        return a ? a->s() : fallback;
    }
    std::optional<std::vector<int64_t>> attr_ints(std::string_view name) const {
        const auto *a = attr(name, onnx::AttributeProto::INTS);
        if (!a) return std::nullopt;
        return std::vector<int64_t>(a->ints().begin(), a->ints().end());
    }

    // ---- inputs ----
    bool has_input(int i) const { return i < node.input_size() && !node.input(i).empty(); }
    const Value &input(int i) const {
        if (!has_input(i)) fail(fmt::format("input {} is missing", i));
        auto it = ctx.values.find(node.input(i));
        if (it == ctx.values.end())
            fail(fmt::format("reads '{}', which no graph input, initializer or earlier node "
                             "defines (graph not in topological order, or a cycle)",
                             node.input(i)));
        return it->second;
    }
    // A run-time input (not a compile-time constant).
    const Value &runtime_input(int i) const {
        const Value &v = input(i);
        if (v.constant)
            fail(fmt::format("input {} '{}' is a constant; microaot needs it computed at run "
                             "time here",
                             i, node.input(i)));
        return v;
    }
    const ConstTensor &const_input(int i, std::string_view what) const {
        const Value &v = input(i);
        if (!v.constant)
            fail(fmt::format("{} '{}' must be a constant (initializer or Constant node)", what,
                             node.input(i)));
        return *v.constant;
    }
    const ConstTensor &const_float(int i, std::string_view what, std::size_t rank) const {
        const ConstTensor &c = const_input(i, what);
        if (c.dtype != ir::DType::Float32 || c.shape.size() != rank)
            fail(fmt::format("{} '{}' must be a rank-{} float32 tensor, is {} {}", what,
                             node.input(i), rank, ir::dtype_name(c.dtype), shape_text(c.shape)));
        return c;
    }

    // ---- outputs ----
    const std::string &output_name(int i) const {
        if (i >= node.output_size() || node.output(i).empty())
            fail(fmt::format("output {} is missing", i));
        return node.output(i);
    }
    void define(int i, Value v) {
        const std::string &name = output_name(i);
        if (ctx.values.count(name)) fail(fmt::format("value '{}' is defined twice", name));
        ctx.values.emplace(name, std::move(v));
    }
    // One output only: refuses extra outputs the node would define (e.g. MaxPool's Indices).
    void single_output() const {
        for (int i = 1; i < node.output_size(); ++i)
            if (!node.output(i).empty())
                fail(fmt::format("output {} '{}' is not supported", i, node.output(i)));
    }
    ir::TensorId new_tensor(const std::string &name, const ir::Shape &ir_shape) {
        return ctx.graph->add_tensor({name, ir::DType::Float32, ir_shape, {}, std::nullopt});
    }
    ir::TensorId new_constant(const std::string &name, const ir::Shape &shape,
                              const std::vector<float> &data) {
        ir::Tensor t{name, ir::DType::Float32, shape, {}, std::nullopt};
        t.data = std::vector<uint8_t>(data.size() * 4);
        std::memcpy(t.data->data(), data.data(), data.size() * 4);
        return ctx.graph->add_tensor(std::move(t));
    }
    int add_node(ir::OpKind kind, ir::Attrs attrs, std::vector<ir::TensorId> inputs,
                 ir::TensorId output) {
        ctx.graph->nodes.push_back({kind, std::move(attrs), std::move(inputs), {output}});
        return int(ctx.graph->nodes.size() - 1);
    }
    // A run-time output of ONNX shape `shape` in `layout`, written by the next node added.
    Value runtime_output(const ir::Shape &shape, Layout layout) {
        Value v;
        v.shape = shape;
        v.layout = layout;
        v.id = new_tensor(output_name(0), layout == Layout::Nhwc ? to_nhwc(shape) : shape);
        return v;
    }
    const ir::Shape &ir_shape(const Value &v) const { return ctx.graph->tensor(v.id).shape; }

    // A spatial (rank-4 NCHW) run-time input.
    const Value &spatial_input(int i) const {
        const Value &x = runtime_input(i);
        if (x.shape.size() != 4 || x.layout != Layout::Nhwc)
            fail(fmt::format("input '{}' {} must be a 4-D NCHW tensor (1-D and 3-D variants are "
                             "not supported yet)",
                             node.input(i), shape_text(x.shape)));
        return x;
    }
    int narrow(int64_t v, std::string_view what) const {
        if (v < 0 || v > kMaxWindow) fail(fmt::format("{} {} is out of range", what, v));
        return int(v);
    }
    std::vector<int64_t> pair_attr(std::string_view name, int64_t fallback) const {
        auto v = attr_ints(name).value_or(std::vector<int64_t>{fallback, fallback});
        if (v.size() != 2)
            fail(fmt::format("attribute '{}' has {} values, expected 2 (2-D)", name, v.size()));
        for (int64_t x : v)
            if (x < 1 || x > kMaxWindow)
                fail(fmt::format("attribute '{}' value {} is out of range", name, x));
        return v;
    }
};

// ---- windows -------------------------------------------------------------------------------

// Explicit ONNX pads [top, left, bottom, right] or auto_pad, for an NCHW input of `x`.
ir::Window2D make_window(const NodeImport &n, const ir::Shape &x, int64_t kh, int64_t kw,
                         bool dilated) {
    ir::Window2D w;
    w.kernel_h = n.narrow(kh, "kernel height");
    w.kernel_w = n.narrow(kw, "kernel width");
    auto strides = n.pair_attr("strides", 1);
    w.stride_h = int(strides[0]);
    w.stride_w = int(strides[1]);
    auto dilations = n.pair_attr("dilations", 1);
    if (!dilated && (dilations[0] != 1 || dilations[1] != 1))
        n.fail("dilated pooling is not supported");
    w.dilation_h = int(dilations[0]);
    w.dilation_w = int(dilations[1]);
    std::string auto_pad = n.attr_string("auto_pad", "NOTSET");
    if (auto_pad == "NOTSET") {
        auto pads = n.attr_ints("pads").value_or(std::vector<int64_t>{0, 0, 0, 0});
        if (pads.size() != 4)
            n.fail(fmt::format("attribute 'pads' has {} values, expected 4", pads.size()));
        w.pad_top = n.narrow(pads[0], "pad");
        w.pad_left = n.narrow(pads[1], "pad");
        w.pad_bottom = n.narrow(pads[2], "pad");
        w.pad_right = n.narrow(pads[3], "pad");
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
        bool lower = auto_pad == "SAME_LOWER";
        ir::AxisPads ph = ir::same_padding(x[2], kh, w.stride_h, w.dilation_h, lower);
        ir::AxisPads pw = ir::same_padding(x[3], kw, w.stride_w, w.dilation_w, lower);
        w.pad_top = n.narrow(ph.before, "pad");
        w.pad_bottom = n.narrow(ph.after, "pad");
        w.pad_left = n.narrow(pw.before, "pad");
        w.pad_right = n.narrow(pw.after, "pad");
    } else if (auto_pad != "VALID") {
        n.fail(fmt::format("auto_pad '{}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID",
                           auto_pad));
    }
    return w;
}

// NCHW output shape of a window over `x` with `channels` outputs.
ir::Shape window_output(const NodeImport &n, const ir::Shape &x, const ir::Window2D &w,
                        int64_t channels) {
    int64_t oh =
        ir::window_output_size(x[2], w.kernel_h, w.stride_h, w.dilation_h, w.pad_top, w.pad_bottom);
    int64_t ow =
        ir::window_output_size(x[3], w.kernel_w, w.stride_w, w.dilation_w, w.pad_left, w.pad_right);
    if (oh <= 0 || ow <= 0)
        n.fail(fmt::format("window {}x{} does not fit input {}", w.kernel_h, w.kernel_w,
                           shape_text(x)));
    return {x[0], channels, oh, ow};
}

// ---- convolution and dense ---------------------------------------------------------------

void import_conv(NodeImport &n) {
    n.single_output();
    const Value &x = n.spatial_input(0);
    const ConstTensor &w = n.const_float(1, "weights", 4);
    int64_t c = x.shape[1], m = w.shape[0], kh = w.shape[2], kw = w.shape[3];
    if (auto ks = n.attr_ints("kernel_shape"); ks && *ks != std::vector<int64_t>{kh, kw})
        n.fail(fmt::format("kernel_shape differs from the weights' {}", shape_text(w.shape)));
    ir::Window2D window = make_window(n, x.shape, kh, kw, true);
    ir::TensorId bias = ir::kNoTensor;
    if (n.has_input(2)) {
        const ConstTensor &b = n.const_float(2, "bias", 1);
        if (b.shape[0] != m) n.fail(fmt::format("bias has {} values, expected {}", b.shape[0], m));
        bias = n.new_constant(n.node.input(2), b.shape, b.floats());
    }
    int64_t group = n.attr_int("group", 1);
    Value y = n.runtime_output(window_output(n, x.shape, window, m), Layout::Nhwc);
    ir::Shape filter_shape;
    if (group == 1) {
        if (w.shape[1] != c)
            n.fail(fmt::format("weights {} expect {} input channels, the input has {}",
                               shape_text(w.shape), w.shape[1], c));
        std::vector<float> ohwi = permute4(w.floats(), w.shape, kToNhwc, filter_shape);
        ir::TensorId f = n.new_constant(n.node.input(1), filter_shape, ohwi);
        std::vector<ir::TensorId> inputs{x.id, f};
        if (bias != ir::kNoTensor) inputs.push_back(bias);
        y.producer = n.add_node(ir::OpKind::Conv2D, ir::Conv2DAttrs{window, ir::Activation::None},
                                inputs, y.id);
    } else if (group == c && w.shape[1] == 1 && m % c == 0) {
        // Depthwise: output channel o reads input channel o / (m / c), as in the IR's
        // depthwise convolution with multiplier m / c; the filter becomes [1, kh, kw, m].
        constexpr int kToDepthwise[4] = {1, 2, 3, 0};
        std::vector<float> dw = permute4(w.floats(), w.shape, kToDepthwise, filter_shape);
        ir::TensorId f = n.new_constant(n.node.input(1), filter_shape, dw);
        std::vector<ir::TensorId> inputs{x.id, f};
        if (bias != ir::kNoTensor) inputs.push_back(bias);
        ir::DepthwiseConv2DAttrs a{window, int(m / c), ir::Activation::None};
        y.producer = n.add_node(ir::OpKind::DepthwiseConv2D, a, inputs, y.id);
    } else {
        n.fail(fmt::format("grouped convolution (group {} over {} channels) is not supported; "
                           "only group 1 and depthwise (group = channels)",
                           group, c));
    }
    n.define(0, std::move(y));
}

// ONNX weights [n][k] (k in ONNX feature order) as the IR's [n][j] for an input in `x`'s layout:
// a flattened NCHW input holds feature (c, h, w) at j = (h * W + w) * C + c.
std::vector<float> dense_weights(const Value &x, const std::vector<float> &onnx_nk, int64_t units,
                                 int64_t depth) {
    if (x.layout != Layout::FlatChw) return onnx_nk;
    std::vector<float> out(onnx_nk.size());
    for (int64_t u = 0; u < units; ++u)
        for (int64_t ch = 0; ch < x.c; ++ch)
            for (int64_t hh = 0; hh < x.h; ++hh)
                for (int64_t ww = 0; ww < x.w; ++ww) {
                    int64_t k = (ch * x.h + hh) * x.w + ww, j = (hh * x.w + ww) * x.c + ch;
                    out[std::size_t(u * depth + j)] = onnx_nk[std::size_t(u * depth + k)];
                }
    return out;
}

const Value &dense_input(const NodeImport &n) {
    const Value &a = n.runtime_input(0);
    if (a.layout == Layout::Nhwc || a.shape.size() < 2)
        n.fail(fmt::format("input '{}' {} must be a matrix", n.node.input(0), shape_text(a.shape)));
    if (a.layout == Layout::FlatChw && a.shape.size() != 2)
        n.fail("flattened NCHW input must be 2-D");
    return a;
}

void add_dense(NodeImport &n, const Value &a, std::vector<float> weights_nk, int64_t units,
               int64_t depth, std::optional<std::vector<float>> bias) {
    ir::Shape out_shape = a.shape;
    out_shape.back() = units;
    Value y = n.runtime_output(out_shape, Layout::Plain);
    ir::TensorId w = n.new_constant(n.node.input(1) + "/weights", {units, depth},
                                    dense_weights(a, weights_nk, units, depth));
    std::vector<ir::TensorId> inputs{a.id, w};
    if (bias) inputs.push_back(n.new_constant(n.node.output(0) + "/bias", {units}, *bias));
    ir::FullyConnectedAttrs attrs{ir::Activation::None, a.shape.size() > 2};
    y.producer = n.add_node(ir::OpKind::FullyConnected, attrs, inputs, y.id);
    n.define(0, std::move(y));
}

void import_gemm(NodeImport &n) {
    n.single_output();
    const Value &a = dense_input(n);
    if (a.shape.size() != 2) n.fail("Gemm's A must be 2-D");
    if (n.attr_int("transA", 0) != 0) n.fail("transA = 1 is not supported");
    const ConstTensor &b = n.const_float(1, "B", 2);
    bool trans_b = n.attr_int("transB", 0) != 0;
    float alpha = n.attr_float("alpha", 1.0f), beta = n.attr_float("beta", 1.0f);
    int64_t depth = trans_b ? b.shape[1] : b.shape[0], units = trans_b ? b.shape[0] : b.shape[1];
    if (depth != a.shape[1])
        n.fail(
            fmt::format("B {} does not multiply A {}", shape_text(b.shape), shape_text(a.shape)));
    std::vector<float> src = b.floats(), nk(src.size());
    for (int64_t u = 0; u < units; ++u)
        for (int64_t k = 0; k < depth; ++k)
            nk[std::size_t(u * depth + k)] =
                alpha * src[std::size_t(trans_b ? u * depth + k : k * units + u)];
    std::optional<std::vector<float>> bias;
    if (n.has_input(2)) {
        const ConstTensor &c = n.const_input(2, "C");
        std::vector<float> cv = c.dtype == ir::DType::Float32 ? c.floats() : std::vector<float>{};
        bool row = c.shape.size() <= 2 && (c.shape.size() < 2 || c.shape[0] == 1) &&
                   (cv.size() == std::size_t(units) || cv.size() == 1);
        if (c.dtype != ir::DType::Float32 || !row)
            n.fail(fmt::format("C {} must be a float32 row of {} values (or one value)",
                               shape_text(c.shape), units));
        bias = std::vector<float>(std::size_t(units));
        for (int64_t u = 0; u < units; ++u)
            (*bias)[std::size_t(u)] = beta * cv[cv.size() == 1 ? 0 : std::size_t(u)];
    }
    add_dense(n, a, std::move(nk), units, depth, std::move(bias));
}

void import_matmul(NodeImport &n) {
    n.single_output();
    const Value &a = dense_input(n);
    const ConstTensor &b = n.const_float(1, "B", 2);
    int64_t depth = b.shape[0], units = b.shape[1];
    if (depth != a.shape.back())
        n.fail(
            fmt::format("B {} does not multiply A {}", shape_text(b.shape), shape_text(a.shape)));
    std::vector<float> src = b.floats(), nk(src.size());
    for (int64_t u = 0; u < units; ++u)
        for (int64_t k = 0; k < depth; ++k)
            nk[std::size_t(u * depth + k)] = src[std::size_t(k * units + u)];
    add_dense(n, a, std::move(nk), units, depth, std::nullopt);
}

// ---- element-wise ------------------------------------------------------------------------

void import_unary(NodeImport &n, ir::OpKind kind) {
    n.single_output();
    const Value &x = n.runtime_input(0);
    Value y = n.runtime_output(x.shape, x.layout);
    y.c = x.c, y.h = x.h, y.w = x.w;
    y.producer = n.add_node(kind, ir::NoAttrs{}, {x.id}, y.id);
    n.define(0, std::move(y));
}

void import_relu(NodeImport &n) {
    import_unary(n, ir::OpKind::Relu);
}

std::optional<float> clip_bound(NodeImport &n, int input, const char *attr_name) {
    if (n.ctx.opset < 11) {
        for (const auto &a : n.node.attribute())
            if (a.name() == attr_name) return n.attr_float(attr_name, 0.0f);
        return std::nullopt;
    }
    if (!n.has_input(input)) return std::nullopt;
    const ConstTensor &c = n.const_input(input, attr_name);
    if (c.dtype != ir::DType::Float32 || c.bytes.size() != 4)
        n.fail(fmt::format("Clip's {} must be a float32 scalar", attr_name));
    return c.floats()[0];
}

void import_clip(NodeImport &n) {
    std::optional<float> lo = clip_bound(n, 1, "min"), hi = clip_bound(n, 2, "max");
    bool zero_min = lo && *lo == 0.0f;
    bool no_max = !hi || *hi >= FLT_MAX;
    if (zero_min && hi && *hi == 6.0f) return import_unary(n, ir::OpKind::Relu6);
    if (zero_min && no_max) return import_unary(n, ir::OpKind::Relu);
    n.fail(fmt::format("Clip({}, {}) is not supported: only (0, 6) and (0, +inf) map onto "
                       "RELU6 and RELU",
                       lo ? fmt::format("{}", *lo) : "-inf", hi ? fmt::format("{}", *hi) : "+inf"));
}

// Numpy broadcast of two ONNX shapes.
ir::Shape broadcast(const NodeImport &n, const ir::Shape &a, const ir::Shape &b) {
    std::size_t rank = std::max(a.size(), b.size());
    ir::Shape out(rank);
    for (std::size_t i = 0; i < rank; ++i) {
        int64_t da = i + a.size() >= rank ? a[i + a.size() - rank] : 1;
        int64_t db = i + b.size() >= rank ? b[i + b.size() - rank] : 1;
        if (da != db && da != 1 && db != 1)
            n.fail(fmt::format("shapes {} and {} do not broadcast", shape_text(a), shape_text(b)));
        out[i] = da == 1 ? db : da;
    }
    return out;
}

// A constant operand as an IR tensor in the layout of the run-time operand it meets.
ir::TensorId constant_operand(NodeImport &n, int i, const Value &other) {
    const ConstTensor &c = *n.input(i).constant;
    if (c.dtype != ir::DType::Float32) n.fail("constant operand must be float32");
    if (other.layout == Layout::Plain) return n.new_constant(n.node.input(i), c.shape, c.floats());
    if (c.bytes.size() == 4) return n.new_constant(n.node.input(i), {1}, c.floats());
    if (other.layout == Layout::FlatChw || c.shape.size() > 4)
        n.fail(fmt::format("constant operand {} would need its elements reordered for a "
                           "flattened NCHW tensor",
                           shape_text(c.shape)));
    ir::Shape s4 = c.shape, nhwc;
    s4.insert(s4.begin(), 4 - s4.size(), 1);
    return n.new_constant(n.node.input(i), to_nhwc(s4), permute4(c.floats(), s4, kToNhwc, nhwc));
}

void import_add(NodeImport &n) {
    n.single_output();
    const Value &a = n.input(0), &b = n.input(1);
    if (a.constant && b.constant) n.fail("both operands are constants (not folded yet)");
    ir::Shape out_shape = broadcast(n, a.shape, b.shape);
    // MatMul + Add(bias): the bias joins the fully connected node when only this Add reads it.
    const Value &run = a.constant ? b : a;
    const Value &other = a.constant ? a : b;
    const std::string &run_name = n.node.input(a.constant ? 1 : 0);
    if (other.constant && run.producer >= 0 && out_shape == run.shape &&
        n.ctx.readers[run_name] == 1) {
        ir::Node &p = n.ctx.graph->nodes[std::size_t(run.producer)];
        const ConstTensor &c = *other.constant;
        int64_t units = run.shape.back();
        bool row = c.dtype == ir::DType::Float32 && c.bytes.size() == std::size_t(units) * 4 &&
                   (c.shape.empty() || c.shape.back() == units);
        if (p.kind == ir::OpKind::FullyConnected && p.inputs.size() == 2 && row) {
            p.inputs.push_back(
                n.new_constant(n.node.input(a.constant ? 0 : 1), {units}, c.floats()));
            Value fused = run;
            n.ctx.graph->tensor(fused.id).name = n.output_name(0);
            n.define(0, std::move(fused));
            return;
        }
    }
    if (!a.constant && !b.constant && a.layout != b.layout)
        n.fail(fmt::format("operands {} and {} are held in different layouts (a 4-D NCHW value "
                           "meets a lower-rank one)",
                           shape_text(a.shape), shape_text(b.shape)));
    if (run.layout == Layout::Nhwc && out_shape.size() != 4)
        n.fail("broadcasting a 4-D NCHW value to another rank is not supported");
    if (!a.constant && !b.constant && a.layout == Layout::FlatChw &&
        (a.shape != b.shape || a.c != b.c || a.h != b.h))
        n.fail("flattened NCHW operands must have the same shape");
    ir::TensorId ia = a.constant ? constant_operand(n, 0, b) : a.id;
    ir::TensorId ib = b.constant ? constant_operand(n, 1, a) : b.id;
    Value y = n.runtime_output(out_shape, run.layout);
    y.c = run.c, y.h = run.h, y.w = run.w;
    y.producer = n.add_node(ir::OpKind::Add, ir::BinaryAttrs{}, {ia, ib}, y.id);
    n.define(0, std::move(y));
}

// ---- pooling ---------------------------------------------------------------------------------

void import_pool(NodeImport &n, ir::OpKind kind) {
    n.single_output();
    const Value &x = n.spatial_input(0);
    auto ks = n.attr_ints("kernel_shape");
    if (!ks || ks->size() != 2) n.fail("kernel_shape must have 2 values (2-D pooling)");
    ir::Window2D window = make_window(n, x.shape, (*ks)[0], (*ks)[1], false);
    ir::Shape out = window_output(n, x.shape, window, x.shape[1]);
    if (n.attr_int("ceil_mode", 0) != 0) {
        // Only where rounding up gives the same size (no partial windows at the end).
        auto ceil_size = [](int64_t in, int64_t k, int64_t s, int64_t before, int64_t after) {
            return (in + before + after - k + s - 1) / s + 1;
        };
        if (ceil_size(x.shape[2], window.kernel_h, window.stride_h, window.pad_top,
                      window.pad_bottom) != out[2] ||
            ceil_size(x.shape[3], window.kernel_w, window.stride_w, window.pad_left,
                      window.pad_right) != out[3])
            n.fail("ceil_mode = 1 with a partial last window is not supported");
    }
    bool padded = window.pad_top || window.pad_bottom || window.pad_left || window.pad_right;
    if (kind == ir::OpKind::AveragePool2D && padded && n.attr_int("count_include_pad", 0) != 0)
        n.fail("count_include_pad = 1 with padding is not supported (the kernels average the "
               "valid pixels only)");
    Value y = n.runtime_output(out, Layout::Nhwc);
    y.producer = n.add_node(kind, ir::Pool2DAttrs{window, ir::Activation::None}, {x.id}, y.id);
    n.define(0, std::move(y));
}

void import_max_pool(NodeImport &n) {
    import_pool(n, ir::OpKind::MaxPool2D);
}
void import_average_pool(NodeImport &n) {
    import_pool(n, ir::OpKind::AveragePool2D);
}

void import_global_average_pool(NodeImport &n) {
    n.single_output();
    const Value &x = n.spatial_input(0);
    ir::Window2D window;
    window.kernel_h = n.narrow(x.shape[2], "pool height");
    window.kernel_w = n.narrow(x.shape[3], "pool width");
    Value y = n.runtime_output({x.shape[0], x.shape[1], 1, 1}, Layout::Nhwc);
    y.producer = n.add_node(ir::OpKind::AveragePool2D, ir::Pool2DAttrs{window}, {x.id}, y.id);
    n.define(0, std::move(y));
}

// ---- softmax, shapes -------------------------------------------------------------------------

void import_softmax(NodeImport &n) {
    n.single_output();
    const Value &x = n.runtime_input(0);
    int64_t rank = int64_t(x.shape.size());
    int64_t axis = n.attr_int("axis", n.ctx.opset < 13 ? 1 : -1);
    if (axis < -rank || axis >= rank)
        n.fail(fmt::format("axis {} is out of range for rank {}", axis, rank));
    if (axis < 0) axis += rank;
    // Before opset 13 Softmax normalises over all axes from `axis` on.
    if (n.ctx.opset < 13)
        for (int64_t d = axis + 1; d < rank; ++d)
            if (x.shape[std::size_t(d)] != 1)
                n.fail(fmt::format("opset {} Softmax over axes {}.. of {} (several axes) is not "
                                   "supported",
                                   n.ctx.opset, axis, shape_text(x.shape)));
    // A flattened NCHW value permutes elements within axis 1 only: softmax does not see that.
    int ir_axis =
        x.layout == Layout::Nhwc ? int(std::find(kToNhwc, kToNhwc + 4, axis) - kToNhwc) : int(axis);
    Value y = n.runtime_output(x.shape, x.layout);
    y.c = x.c, y.h = x.h, y.w = x.w;
    y.producer = n.add_node(ir::OpKind::Softmax, ir::SoftmaxAttrs{1.0f, ir_axis}, {x.id}, y.id);
    n.define(0, std::move(y));
}

// True when NCHW and NHWC orders of `s` (rank 4) are the same bytes.
bool layout_free(const ir::Shape &s) {
    return s[1] == 1 || s[2] * s[3] == 1;
}

void reshape_to(NodeImport &n, const Value &x, const ir::Shape &target) {
    if (ir::element_count(target) != ir::element_count(x.shape))
        n.fail(fmt::format("reshape {} -> {} changes the element count", shape_text(x.shape),
                           shape_text(target)));
    if (x.constant) {
        Value c = x;
        c.shape = target;
        c.constant->shape = target;
        c.id = ir::kNoTensor;
        return n.define(0, std::move(c));
    }
    bool in_free = x.layout == Layout::Plain || (x.layout == Layout::Nhwc && layout_free(x.shape));
    Value y;
    if (in_free && (target.size() != 4 || layout_free(target))) {
        y = n.runtime_output(target, target.size() == 4 ? Layout::Nhwc : Layout::Plain);
    } else if (x.layout == Layout::Nhwc && target.size() == 2 && target[0] == x.shape[0]) {
        y = n.runtime_output(target, Layout::FlatChw);
        y.c = x.shape[1], y.h = x.shape[2], y.w = x.shape[3];
    } else if (x.layout == Layout::FlatChw && target == x.shape) {
        y = n.runtime_output(target, Layout::FlatChw);
        y.c = x.c, y.h = x.h, y.w = x.w;
    } else {
        n.fail(fmt::format("reshape {} -> {} would reorder elements between NCHW and the IR's "
                           "NHWC at run time (not supported)",
                           shape_text(x.shape), shape_text(target)));
    }
    y.producer = n.add_node(ir::OpKind::Reshape, ir::NoAttrs{}, {x.id}, y.id);
    n.define(0, std::move(y));
}

void import_reshape(NodeImport &n) {
    n.single_output();
    const Value &x = n.input(0);
    const ConstTensor &s = n.const_input(1, "shape");
    if (s.dtype != ir::DType::Int64 || s.shape.size() != 1)
        n.fail("shape must be a 1-D int64 constant");
    bool allow_zero = n.attr_int("allowzero", 0) != 0;
    ir::Shape target = s.ints();
    int infer = -1;
    int64_t known = 1;
    for (std::size_t i = 0; i < target.size(); ++i) {
        if (target[i] == 0 && !allow_zero) {
            if (i >= x.shape.size()) n.fail("shape copies a dimension the input lacks");
            target[i] = x.shape[i];
        }
        if (target[i] == -1) {
            if (infer >= 0) n.fail("shape has more than one -1");
            infer = int(i);
            continue;
        }
        if (target[i] < 0 || (target[i] > 0 && known > (int64_t(1) << 40) / target[i]))
            n.fail(fmt::format("shape value {} is out of range", target[i]));
        known *= target[i];
    }
    if (infer >= 0) {
        int64_t total = ir::element_count(x.shape);
        if (known == 0 || total % known != 0)
            n.fail(fmt::format("cannot infer the -1 of shape for {} elements", total));
        target[std::size_t(infer)] = total / known;
    }
    reshape_to(n, x, target);
}

void import_flatten(NodeImport &n) {
    n.single_output();
    const Value &x = n.input(0);
    int64_t rank = int64_t(x.shape.size()), axis = n.attr_int("axis", 1);
    if (axis < -rank || axis > rank)
        n.fail(fmt::format("axis {} is out of range for rank {}", axis, rank));
    if (axis < 0) axis += rank;
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < rank; ++d)
        (d < axis ? outer : inner) *= x.shape[std::size_t(d)];
    reshape_to(n, x, {outer, inner});
}

void import_identity(NodeImport &n) {
    n.single_output();
    if (n.node.op_type() == "Dropout" && n.has_input(2)) {
        const ConstTensor &t = n.const_input(2, "training_mode");
        if (std::any_of(t.bytes.begin(), t.bytes.end(), [](uint8_t b) { return b != 0; }))
            n.fail("training_mode = true is not supported");
    }
    Value v = n.input(0);
    n.define(0, std::move(v));
}

void import_constant(NodeImport &n) {
    n.single_output();
    if (n.node.attribute_size() != 1) n.fail("Constant needs exactly one value attribute");
    const onnx::AttributeProto &a = n.node.attribute(0);
    Value v;
    ConstTensor c;
    std::string where = fmt::format("{}: {}", n.ctx.label, node_ref(n.node, n.index));
    auto scalars = [&](ir::DType dtype, const auto &values, bool scalar) {
        c.dtype = dtype;
        if (!scalar) c.shape = {int64_t(values.size())};
        for (auto x : values) {
            uint8_t buf[8];
            if (dtype == ir::DType::Float32) {
                float f = float(x);
                std::memcpy(buf, &f, 4);
                c.bytes.insert(c.bytes.end(), buf, buf + 4);
            } else {
                int64_t i = int64_t(x);
                std::memcpy(buf, &i, 8);
                c.bytes.insert(c.bytes.end(), buf, buf + 8);
            }
        }
    };
    if (a.name() == "value" && a.type() == onnx::AttributeProto::TENSOR)
        c = decode_tensor(a.t(), where);
    else if (a.name() == "value_float" && a.type() == onnx::AttributeProto::FLOAT)
        scalars(ir::DType::Float32, std::vector<float>{a.f()}, true);
    else if (a.name() == "value_floats" && a.type() == onnx::AttributeProto::FLOATS)
        scalars(ir::DType::Float32, a.floats(), false);
    else if (a.name() == "value_int" && a.type() == onnx::AttributeProto::INT)
        scalars(ir::DType::Int64, std::vector<int64_t>{a.i()}, true);
    else if (a.name() == "value_ints" && a.type() == onnx::AttributeProto::INTS)
        scalars(ir::DType::Int64, a.ints(), false);
    else
        n.fail(fmt::format("Constant attribute '{}' (type {}) is not supported", a.name(),
                           int(a.type())));
    v.shape = c.shape;
    v.constant = std::move(c);
    n.define(0, std::move(v));
}

// ---- the table -----------------------------------------------------------------------------

struct OpImport {
    std::string_view op_type;
    void (*import)(NodeImport &);
};

constexpr OpImport kOps[] = {
    {"AveragePool", import_average_pool},
    {"Add", import_add},
    {"Clip", import_clip},
    {"Constant", import_constant},
    {"Conv", import_conv},
    {"Dropout", import_identity},
    {"Flatten", import_flatten},
    {"Gemm", import_gemm},
    {"GlobalAveragePool", import_global_average_pool},
    {"Identity", import_identity},
    {"MatMul", import_matmul},
    {"MaxPool", import_max_pool},
    {"Relu", import_relu},
    {"Reshape", import_reshape},
    {"Softmax", import_softmax},
};

const OpImport *find_op(const onnx::NodeProto &node) {
    if (!node.domain().empty() && node.domain() != "ai.onnx") return nullptr;
    for (const OpImport &op : kOps)
        if (op.op_type == node.op_type()) return &op;
    return nullptr;
}

// One error naming every unsupported operator: "Sigmoid (x2, first node 4 'sig1'), ...".
void refuse_unsupported(const Context &ctx, const onnx::GraphProto &g) {
    struct Seen {
        int count = 0;
        std::string first;
    };
    std::map<std::string, Seen> seen;
    std::vector<std::string> order;
    for (int i = 0; i < g.node_size(); ++i) {
        const onnx::NodeProto &node = g.node(i);
        if (find_op(node)) continue;
        std::string key = node.domain().empty() || node.domain() == "ai.onnx"
                              ? node.op_type()
                              : fmt::format("{}:{}", node.domain(), node.op_type());
        Seen &s = seen[key];
        if (s.count++ == 0) {
            s.first = fmt::format("node {} '{}'", i, node.name());
            order.push_back(key);
        }
    }
    if (order.empty()) return;
    std::string list;
    for (const std::string &key : order)
        list += fmt::format("{}{} (x{}, first {})", list.empty() ? "" : ", ", key, seen[key].count,
                            seen[key].first);
    throw CompileError(fmt::format("{}: unsupported ONNX operators: {}", ctx.label, list));
}

} // namespace

void import_nodes(Context &ctx, const onnx::ModelProto &model) {
    const onnx::GraphProto &g = model.graph();
    refuse_unsupported(ctx, g);
    for (const auto &node : g.node())
        for (const auto &name : node.input())
            if (!name.empty()) ++ctx.readers[name];
    for (const auto &out : g.output())
        ++ctx.readers[out.name()];
    for (int i = 0; i < g.node_size(); ++i) {
        NodeImport n{ctx, g.node(i), std::size_t(i)};
        find_op(g.node(i))->import(n);
    }
}

} // namespace microaot::onnx_import
