// Per-operator rules of the IR: arity, dtypes, shapes and MAC counts.
#include "ir/ops.h"

#include "ir/error.h"

#include <array>
#include <fmt/format.h>

namespace microaot::ir {
namespace {

[[noreturn]] void fail(const Graph &g, const Node &n, const std::string &what) {
    std::string out = n.outputs.empty() ? std::string("?") : g.tensor(n.outputs[0]).name;
    throw CompileError(fmt::format("{} (output '{}'): {}", op_name(n.kind), out, what));
}

void require(bool ok, const Graph &g, const Node &n, const std::string &what) {
    if (!ok) fail(g, n, what);
}

const Tensor &in(const Graph &g, const Node &n, std::size_t i) {
    TensorId id = n.input(i);
    require(id != kNoTensor, g, n, fmt::format("required input {} is missing", i));
    return g.tensor(id);
}
const Tensor &out(const Graph &g, const Node &n) {
    return g.tensor(n.outputs.at(0));
}

void require_rank(const Graph &g, const Node &n, const Tensor &t, std::size_t rank) {
    require(t.shape.size() == rank, g, n,
            fmt::format("tensor '{}' must have rank {}, has {}", t.name, rank, shape_str(t.shape)));
}

void require_per_tensor_quant(const Graph &g, const Node &n, const Tensor &t) {
    if (t.dtype == DType::Float32) return;
    require(!t.quant.empty() && !t.quant.per_channel(), g, n,
            fmt::format("quantized tensor '{}' needs per-tensor quantization", t.name));
}

// A quantized weight tensor: per-tensor, or per-channel along `axis` with one scale per channel.
void require_weight_quant(const Graph &g, const Node &n, const Tensor &w, int axis) {
    if (w.dtype == DType::Float32) return;
    require(!w.quant.empty(), g, n, fmt::format("weights '{}' are not quantized", w.name));
    if (w.quant.per_channel())
        require(
            w.quant.axis == axis && int64_t(w.quant.scale.size()) == w.shape[std::size_t(axis)], g,
            n,
            fmt::format("weights '{}': per-channel scales must run along axis {}", w.name, axis));
}

// Activations are float32 throughout, or int8/int16 throughout; weights may be int8 in a
// float graph (hybrid models: dequantized at compile time).
void require_activation_dtypes(const Graph &g, const Node &n, const Tensor &x, const Tensor &y) {
    bool ok = x.dtype == y.dtype &&
              (x.dtype == DType::Float32 || x.dtype == DType::Int8 || x.dtype == DType::Int16);
    require(ok, g, n,
            fmt::format("unsupported activation dtypes {} -> {}", dtype_name(x.dtype),
                        dtype_name(y.dtype)));
    require_per_tensor_quant(g, n, x);
    require_per_tensor_quant(g, n, y);
}

void require_bias(const Graph &g, const Node &n, const Tensor &x, std::size_t index,
                  int64_t channels) {
    TensorId id = n.input(index);
    if (id == kNoTensor) return;
    const Tensor &b = g.tensor(id);
    require(element_count(b.shape) == channels, g, n,
            fmt::format("bias '{}' has {} elements, expected {}", b.name, element_count(b.shape),
                        channels));
    DType want = x.dtype == DType::Float32 ? DType::Float32
                 : x.dtype == DType::Int16 ? DType::Int64
                                           : DType::Int32;
    require(
        b.dtype == want, g, n,
        fmt::format("bias '{}' must be {}, is {}", b.name, dtype_name(want), dtype_name(b.dtype)));
}

void require_spatial(const Graph &g, const Node &n, const Tensor &x, const Tensor &y, int kh,
                     int kw, int sh, int sw, int dh, int dw, Padding p) {
    require(sh > 0 && sw > 0 && dh > 0 && dw > 0 && kh > 0 && kw > 0, g, n,
            "strides, dilations and window sizes must be positive");
    int64_t oh = conv_output_size(x.shape[1], kh, sh, dh, p);
    int64_t ow = conv_output_size(x.shape[2], kw, sw, dw, p);
    require(oh > 0 && ow > 0 && y.shape[1] == oh && y.shape[2] == ow && y.shape[0] == x.shape[0], g,
            n,
            fmt::format("output shape {} does not match input {} with this window (expected "
                        "[{}x{}x{}x..])",
                        shape_str(y.shape), shape_str(x.shape), x.shape[0], oh, ow));
}

void verify_conv2d(const Graph &g, const Node &n) {
    const auto &a = n.attr<Conv2DAttrs>();
    const Tensor &x = in(g, n, 0), &w = in(g, n, 1), &y = out(g, n);
    require_rank(g, n, x, 4);
    require_rank(g, n, w, 4);
    require_rank(g, n, y, 4);
    require_activation_dtypes(g, n, x, y);
    require(w.is_constant(), g, n, fmt::format("filter '{}' must be constant", w.name));
    require(w.dtype == x.dtype || w.dtype == DType::Int8, g, n, "filter dtype mismatch");
    require_weight_quant(g, n, w, 0);
    require(w.shape[3] > 0 && x.shape[3] % w.shape[3] == 0, g, n,
            fmt::format("input channels {} not a multiple of filter channels {}", x.shape[3],
                        w.shape[3]));
    require(y.shape[3] == w.shape[0], g, n, "output channels differ from filter count");
    require_bias(g, n, x, 2, w.shape[0]);
    require_spatial(g, n, x, y, int(w.shape[1]), int(w.shape[2]), a.stride_h, a.stride_w,
                    a.dilation_h, a.dilation_w, a.padding);
}

void verify_depthwise(const Graph &g, const Node &n) {
    const auto &a = n.attr<DepthwiseConv2DAttrs>();
    const Tensor &x = in(g, n, 0), &w = in(g, n, 1), &y = out(g, n);
    require_rank(g, n, x, 4);
    require_rank(g, n, w, 4);
    require_rank(g, n, y, 4);
    require_activation_dtypes(g, n, x, y);
    require(w.is_constant(), g, n, fmt::format("filter '{}' must be constant", w.name));
    require(w.dtype == x.dtype || w.dtype == DType::Int8, g, n, "filter dtype mismatch");
    require_weight_quant(g, n, w, 3);
    require(w.shape[0] == 1 && y.shape[3] == w.shape[3], g, n,
            "depthwise filter must be [1,kh,kw,out_channels]");
    require(x.shape[3] > 0 && y.shape[3] % x.shape[3] == 0 &&
                y.shape[3] / x.shape[3] == a.depth_multiplier,
            g, n, "output channels must equal input channels * depth_multiplier");
    require_bias(g, n, x, 2, y.shape[3]);
    require_spatial(g, n, x, y, int(w.shape[1]), int(w.shape[2]), a.stride_h, a.stride_w,
                    a.dilation_h, a.dilation_w, a.padding);
}

void verify_fully_connected(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0), &w = in(g, n, 1), &y = out(g, n);
    require_rank(g, n, w, 2);
    require_activation_dtypes(g, n, x, y);
    require(w.dtype == x.dtype || w.dtype == DType::Int8, g, n, "weights dtype mismatch");
    require_weight_quant(g, n, w, 0);
    int64_t depth = w.shape[1], units = w.shape[0];
    require(depth > 0 && element_count(x.shape) % depth == 0, g, n,
            fmt::format("input {} is not a whole number of rows of {}", shape_str(x.shape), depth));
    int64_t batches = element_count(x.shape) / depth;
    require(
        element_count(y.shape) == batches * units, g, n,
        fmt::format("output {} should hold {} x {} values", shape_str(y.shape), batches, units));
    require_bias(g, n, x, 2, units);
}

void verify_pool(const Graph &g, const Node &n) {
    const auto &a = n.attr<Pool2DAttrs>();
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require_rank(g, n, x, 4);
    require_rank(g, n, y, 4);
    require_activation_dtypes(g, n, x, y);
    require(x.shape[3] == y.shape[3], g, n, "pooling must keep the channel count");
    require_spatial(g, n, x, y, a.filter_h, a.filter_w, a.stride_h, a.stride_w, 1, 1, a.padding);
}

void verify_same_shape_unary(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require_activation_dtypes(g, n, x, y);
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
}

void verify_softmax(const Graph &g, const Node &n) {
    verify_same_shape_unary(g, n);
    require(!in(g, n, 0).shape.empty(), g, n, "softmax input must have rank >= 1");
}

void verify_add(const Graph &g, const Node &n) {
    const Tensor &a = in(g, n, 0), &b = in(g, n, 1), &y = out(g, n);
    require_activation_dtypes(g, n, a, y);
    require_activation_dtypes(g, n, b, y);
    std::size_t rank = y.shape.size();
    require(a.shape.size() <= rank && b.shape.size() <= rank, g, n, "operand rank exceeds output");
    for (const Tensor *t : {&a, &b}) {
        std::size_t skip = rank - t->shape.size();
        for (std::size_t i = 0; i < t->shape.size(); ++i) {
            int64_t d = t->shape[i], o = y.shape[skip + i];
            require(d == o || d == 1, g, n,
                    fmt::format("'{}' {} does not broadcast to {}", t->name, shape_str(t->shape),
                                shape_str(y.shape)));
        }
    }
}

void verify_reshape(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require(x.dtype == y.dtype && x.quant == y.quant, g, n,
            "reshape must keep dtype and quantization");
    require(element_count(x.shape) == element_count(y.shape), g, n,
            fmt::format("reshape {} -> {} changes the element count", shape_str(x.shape),
                        shape_str(y.shape)));
}

int64_t no_macs(const Graph &, const Node &) {
    return 0;
}

int64_t conv2d_macs(const Graph &g, const Node &n) {
    const Tensor &w = g.tensor(n.inputs[1]), &y = g.tensor(n.outputs[0]);
    return element_count(y.shape) * w.shape[1] * w.shape[2] * w.shape[3];
}
int64_t depthwise_macs(const Graph &g, const Node &n) {
    const Tensor &w = g.tensor(n.inputs[1]), &y = g.tensor(n.outputs[0]);
    return element_count(y.shape) * w.shape[1] * w.shape[2];
}
int64_t fully_connected_macs(const Graph &g, const Node &n) {
    const Tensor &w = g.tensor(n.inputs[1]), &y = g.tensor(n.outputs[0]);
    return element_count(y.shape) * w.shape[1];
}

constexpr std::array kOps = {
    OpInfo{OpKind::Conv2D, "CONV_2D", 2, 3, verify_conv2d, conv2d_macs},
    OpInfo{OpKind::DepthwiseConv2D, "DEPTHWISE_CONV_2D", 2, 3, verify_depthwise, depthwise_macs},
    OpInfo{OpKind::FullyConnected, "FULLY_CONNECTED", 2, 3, verify_fully_connected,
           fully_connected_macs},
    OpInfo{OpKind::AveragePool2D, "AVERAGE_POOL_2D", 1, 1, verify_pool, no_macs},
    OpInfo{OpKind::MaxPool2D, "MAX_POOL_2D", 1, 1, verify_pool, no_macs},
    OpInfo{OpKind::Softmax, "SOFTMAX", 1, 1, verify_softmax, no_macs},
    OpInfo{OpKind::Add, "ADD", 2, 2, verify_add, no_macs},
    OpInfo{OpKind::Reshape, "RESHAPE", 1, 2, verify_reshape, no_macs},
    OpInfo{OpKind::Relu, "RELU", 1, 1, verify_same_shape_unary, no_macs},
    OpInfo{OpKind::Relu6, "RELU6", 1, 1, verify_same_shape_unary, no_macs},
};

} // namespace

const OpInfo &op_info(OpKind kind) {
    const OpInfo &info = kOps[static_cast<std::size_t>(kind)];
    return info;
}

std::string_view op_name(OpKind kind) {
    return op_info(kind).name;
}

int64_t conv_output_size(int64_t in, int64_t filter, int stride, int dilation, Padding padding) {
    int64_t effective = (filter - 1) * dilation + 1;
    if (padding == Padding::Same) return (in + stride - 1) / stride;
    return (in - effective + stride) / stride;
}

std::string_view activation_name(Activation a) {
    switch (a) {
    case Activation::None:
        return "NONE";
    case Activation::Relu:
        return "RELU";
    case Activation::Relu6:
        return "RELU6";
    case Activation::ReluN1To1:
        return "RELU_N1_TO_1";
    }
    return "?";
}

std::string_view padding_name(Padding p) {
    return p == Padding::Same ? "SAME" : "VALID";
}

std::optional<Activation> fused_activation(const Node &node) {
    return std::visit(
        [](const auto &a) -> std::optional<Activation> {
            if constexpr (requires { a.activation; })
                return a.activation;
            else
                return std::nullopt;
        },
        node.attrs);
}

void set_fused_activation(Node &node, Activation act) {
    std::visit(
        [act](auto &a) {
            if constexpr (requires { a.activation; }) a.activation = act;
        },
        node.attrs);
}

} // namespace microaot::ir
