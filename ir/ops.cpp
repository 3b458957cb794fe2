// The operator records of the IR: operands, attrs type, traits, rules, MAC counts and constant
// evaluation. One record per OpKind, in enum order (checked at compile time at the bottom).
#include "ir/ops.h"
#include "ir/rule_checks.h"

#include "ir/data_movement.h"
#include "ir/error.h"
#include "ir/matmul.h"
#include "ir/shape_ops.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits>

namespace microaot::ir {
namespace {

// ---- Rule helpers ---------------------------------------------------------------------------

using rules::fail;
using rules::require;

const Tensor &in(const Graph &g, const Node &n, std::size_t i) {
    return rules::required_input(g, n, i);
}
const Tensor &out(const Graph &g, const Node &n, std::size_t i = 0) {
    return g.tensor(n.outputs.at(i));
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
// float graph (hybrid models: the CPU lowering quantizes their input per row at run time).
void require_activation_dtypes(const Graph &g, const Node &n, const Tensor &x, const Tensor &y) {
    bool ok = x.dtype == y.dtype &&
              (x.dtype == DType::Float32 || x.dtype == DType::Int8 || x.dtype == DType::Int16);
    require(ok, g, n,
            fmt::format("unsupported activation dtypes {} -> {}", dtype_name(x.dtype),
                        dtype_name(y.dtype)));
    require_per_tensor_quant(g, n, x);
    require_per_tensor_quant(g, n, y);
}

// Bias dtypes TFLite Micro reads: float32 with float activations, int32 with int8, int64 with
// int16; CONV_2D and FULLY_CONNECTED also take an int32 bias with int16 activations (their int32
// accumulator form), DEPTHWISE_CONV_2D and TRANSPOSE_CONV do not.
void require_bias(const Graph &g, const Node &n, const Tensor &x, std::size_t index,
                  int64_t channels, bool int16_takes_int32 = false) {
    TensorId id = n.input(index);
    if (id == kNoTensor) return;
    const Tensor &b = g.tensor(id);
    require(element_count(b.shape) == channels, g, n,
            fmt::format("bias '{}' has {} elements, expected {}", b.name, element_count(b.shape),
                        channels));
    if (x.dtype == DType::Int16 && int16_takes_int32 && b.dtype == DType::Int32) return;
    DType want = x.dtype == DType::Float32 ? DType::Float32
                 : x.dtype == DType::Int16 ? DType::Int64
                                           : DType::Int32;
    require(b.dtype == want, g, n,
            fmt::format("bias '{}' must be {}{}, is {}", b.name, dtype_name(want),
                        x.dtype == DType::Int16 && int16_takes_int32 ? " or int32" : "",
                        dtype_name(b.dtype)));
}

// Window parameters every kernel can index with int32 arithmetic: positive sizes, non-negative
// pads, and a dilated extent that fits comfortably in int32.
void require_window_values(const Graph &g, const Node &n, const Window2D &w) {
    require(w.stride_h > 0 && w.stride_w > 0 && w.dilation_h > 0 && w.dilation_w > 0 &&
                w.kernel_h > 0 && w.kernel_w > 0,
            g, n, "strides, dilations and window sizes must be positive");
    require(w.pad_top >= 0 && w.pad_bottom >= 0 && w.pad_left >= 0 && w.pad_right >= 0, g, n,
            "pads must not be negative");
    constexpr int64_t kLimit = int64_t(1) << 30;
    require(effective_window(w.kernel_h, w.dilation_h) <= kLimit &&
                effective_window(w.kernel_w, w.dilation_w) <= kLimit,
            g, n,
            fmt::format("dilated window {}x{} (dilation {}x{}) is too large", w.kernel_h,
                        w.kernel_w, w.dilation_h, w.dilation_w));
    require(w.pad_top <= kLimit && w.pad_bottom <= kLimit && w.pad_left <= kLimit &&
                w.pad_right <= kLimit,
            g, n, "pads are too large");
}

// NHWC x -> NHWC y through window `w`: batch kept, spatial sizes from the window.
void require_window_shapes(const Graph &g, const Node &n, const Tensor &x, const Tensor &y,
                           const Window2D &w) {
    require_window_values(g, n, w);
    int64_t oh = window_output_size(x.shape[1], w.kernel_h, w.stride_h, w.dilation_h, w.pad_top,
                                    w.pad_bottom);
    int64_t ow = window_output_size(x.shape[2], w.kernel_w, w.stride_w, w.dilation_w, w.pad_left,
                                    w.pad_right);
    require(oh > 0 && ow > 0 && y.shape[1] == oh && y.shape[2] == ow && y.shape[0] == x.shape[0], g,
            n,
            fmt::format("output shape {} does not match input {} with this window (expected "
                        "[{}x{}x{}x..])",
                        shape_str(y.shape), shape_str(x.shape), x.shape[0], oh, ow));
}

void require_filter_window(const Graph &g, const Node &n, const Tensor &w, const Window2D &win) {
    require(win.kernel_h == w.shape[1] && win.kernel_w == w.shape[2], g, n,
            fmt::format("window {}x{} differs from filter '{}' {}", win.kernel_h, win.kernel_w,
                        w.name, shape_str(w.shape)));
}

// ---- Rules ---------------------------------------------------------------------------------

void verify_conv2d(const Graph &g, const Node &n) {
    const auto &a = n.attr<Conv2DAttrs>();
    const Tensor &x = in(g, n, 0), &w = in(g, n, 1), &y = out(g, n);
    require_rank(g, n, x, 4);
    require_rank(g, n, w, 4);
    require_rank(g, n, y, 4);
    require_activation_dtypes(g, n, x, y);
    require(w.dtype == x.dtype || w.dtype == DType::Int8, g, n, "filter dtype mismatch");
    require_weight_quant(g, n, w, 0);
    require(w.shape[3] > 0 && x.shape[3] % w.shape[3] == 0, g, n,
            fmt::format("input channels {} not a multiple of filter channels {}", x.shape[3],
                        w.shape[3]));
    require(y.shape[3] == w.shape[0], g, n, "output channels differ from filter count");
    require_bias(g, n, x, 2, w.shape[0], true);
    require_filter_window(g, n, w, a.window);
    require_window_shapes(g, n, x, y, a.window);
}

void verify_depthwise(const Graph &g, const Node &n) {
    const auto &a = n.attr<DepthwiseConv2DAttrs>();
    const Tensor &x = in(g, n, 0), &w = in(g, n, 1), &y = out(g, n);
    require_rank(g, n, x, 4);
    require_rank(g, n, w, 4);
    require_rank(g, n, y, 4);
    require_activation_dtypes(g, n, x, y);
    require(w.dtype == x.dtype || w.dtype == DType::Int8, g, n, "filter dtype mismatch");
    require_weight_quant(g, n, w, 3);
    require(w.shape[0] == 1 && y.shape[3] == w.shape[3], g, n,
            "depthwise filter must be [1,kh,kw,out_channels]");
    require(x.shape[3] > 0 && y.shape[3] % x.shape[3] == 0 &&
                y.shape[3] / x.shape[3] == a.depth_multiplier,
            g, n, "output channels must equal input channels * depth_multiplier");
    require_bias(g, n, x, 2, y.shape[3]);
    require_filter_window(g, n, w, a.window);
    require_window_shapes(g, n, x, y, a.window);
}

// TFLite TRANSPOSE_CONV: filter [out_c, kh, kw, in_c] scattered from every input pixel.
void verify_transpose_conv(const Graph &g, const Node &n) {
    const Window2D &w = n.attr<Conv2DAttrs>().window;
    const Tensor &x = in(g, n, 0), &f = in(g, n, 1), &y = out(g, n);
    require_rank(g, n, x, 4);
    require_rank(g, n, f, 4);
    require_rank(g, n, y, 4);
    require_activation_dtypes(g, n, x, y);
    require(f.dtype == x.dtype, g, n, "filter dtype mismatch");
    require_weight_quant(g, n, f, 0);
    require(f.shape[3] == x.shape[3], g, n,
            fmt::format("filter depth {} differs from the input's {} channels", f.shape[3],
                        x.shape[3]));
    require(y.shape[3] == f.shape[0] && y.shape[0] == x.shape[0], g, n,
            "output must keep the batch and have the filter's output channels");
    require_bias(g, n, x, 2, f.shape[0]);
    require_filter_window(g, n, f, w);
    require_window_values(g, n, w);
    require(w.dilation_h == 1 && w.dilation_w == 1 && w.pad_bottom == 0 && w.pad_right == 0, g, n,
            "transpose convolution windows have no dilation and no end pads");
    require(w.pad_top < w.kernel_h && w.pad_left < w.kernel_w, g, n,
            "transpose convolution pads must be smaller than the filter");
    require(y.shape[1] > 0 && y.shape[2] > 0, g, n, "output must not be empty");
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
    require_bias(g, n, x, 2, units, true);
}

void verify_pool(const Graph &g, const Node &n) {
    const auto &a = n.attr<Pool2DAttrs>();
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require_rank(g, n, x, 4);
    require_rank(g, n, y, 4);
    require_activation_dtypes(g, n, x, y);
    require(x.shape[3] == y.shape[3], g, n, "pooling must keep the channel count");
    require(a.window.dilation_h == 1 && a.window.dilation_w == 1, g, n,
            "pooling windows are not dilated");
    require_window_shapes(g, n, x, y, a.window);
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
    int64_t rank = int64_t(in(g, n, 0).shape.size());
    require(rank >= 1, g, n, "softmax input must have rank >= 1");
    int axis = n.attr<SoftmaxAttrs>().axis;
    require(axis >= -rank && axis < rank, g, n,
            fmt::format("softmax axis {} out of range for rank {}", axis, rank));
}

// Operand shapes broadcast (numpy rules, right-aligned) to the output's.
void require_broadcast_to(const Graph &g, const Node &n, const Tensor &t, const Tensor &y) {
    std::size_t rank = y.shape.size();
    require(t.shape.size() <= rank, g, n, "operand rank exceeds output");
    std::size_t skip = rank - t.shape.size();
    for (std::size_t i = 0; i < t.shape.size(); ++i) {
        int64_t d = t.shape[i], o = y.shape[skip + i];
        require(d == o || d == 1, g, n,
                fmt::format("'{}' {} does not broadcast to {}", t.name, shape_str(t.shape),
                            shape_str(y.shape)));
    }
}

void verify_add(const Graph &g, const Node &n) {
    if (verify_int32_arithmetic(g, n)) return; // shape subgraphs (ops-shape2 group)
    const Tensor &a = in(g, n, 0), &b = in(g, n, 1), &y = out(g, n);
    require_activation_dtypes(g, n, a, y);
    require_activation_dtypes(g, n, b, y);
    require_broadcast_to(g, n, a, y);
    require_broadcast_to(g, n, b, y);
    // The output is the broadcast of the operands, not larger.
    std::size_t rank = y.shape.size();
    for (std::size_t i = 0; i < rank; ++i) {
        auto dim = [&](const Tensor &t) {
            std::size_t skip = rank - t.shape.size();
            return i < skip ? int64_t(1) : t.shape[i - skip];
        };
        int64_t broadcast = dim(a) == 1 ? dim(b) : dim(a);
        require(y.shape[i] == broadcast, g, n,
                fmt::format("output {} is not the broadcast of {} and {}", shape_str(y.shape),
                            shape_str(a.shape), shape_str(b.shape)));
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

void verify_split(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0);
    int axis = n.attr<SplitAttrs>().axis;
    int64_t rank = int64_t(x.shape.size());
    require(axis >= 0 && axis < rank, g, n,
            fmt::format("split axis {} out of range for rank {}", axis, rank));
    int64_t total = 0;
    for (std::size_t i = 0; i < n.outputs.size(); ++i) {
        const Tensor &y = out(g, n, i);
        require(y.dtype == x.dtype && y.quant == x.quant, g, n,
                fmt::format("output '{}' must keep the input's dtype and quantization", y.name));
        require(
            int64_t(y.shape.size()) == rank, g, n,
            fmt::format("output '{}' {} must have the input's rank", y.name, shape_str(y.shape)));
        for (int64_t d = 0; d < rank; ++d)
            require(d == axis || y.shape[std::size_t(d)] == x.shape[std::size_t(d)], g, n,
                    fmt::format("output '{}' {} differs from input {} off the split axis", y.name,
                                shape_str(y.shape), shape_str(x.shape)));
        total += y.shape[std::size_t(axis)];
    }
    require(total == x.shape[std::size_t(axis)], g, n,
            fmt::format("outputs take {} along axis {}, the input has {}", total, axis,
                        x.shape[std::size_t(axis)]));
}

// MEAN, SUM, REDUCE_MAX: the output is the input without (keep_dims: with size 1 at) the
// reduced axes; dtype kept, per-tensor quantization.
void verify_reduce(const Graph &g, const Node &n) {
    const auto &a = n.attr<ReduceAttrs>();
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require_activation_dtypes(g, n, x, y);
    int64_t rank = int64_t(x.shape.size());
    for (std::size_t i = 0; i < a.axes.size(); ++i) {
        require(a.axes[i] >= 0 && a.axes[i] < rank, g, n,
                fmt::format("reduction axis {} out of range for rank {}", a.axes[i], rank));
        require(i == 0 || a.axes[i - 1] < a.axes[i], g, n,
                "reduction axes must be ascending without repeats");
    }
    Shape expected;
    for (int64_t d = 0; d < rank; ++d) {
        bool reduced = std::find(a.axes.begin(), a.axes.end(), int(d)) != a.axes.end();
        if (!reduced)
            expected.push_back(x.shape[std::size_t(d)]);
        else if (a.keep_dims)
            expected.push_back(1);
    }
    require(y.shape == expected, g, n,
            fmt::format("output shape {} should be {} for input {}", shape_str(y.shape),
                        shape_str(expected), shape_str(x.shape)));
}

// The QUANTIZE and DEQUANTIZE forms TFLite Micro has a kernel for (quantize_common.cc,
// dequantize.cc): float32 -> int8/int16, and requantization between the integer types below.
bool quantize_form_supported(DType x, DType y) {
    using D = DType;
    switch (x) {
    case D::Float32:
        return y == D::Int8 || y == D::Int16;
    case D::Int8:
        return y == D::Int8 || y == D::UInt8 || y == D::Int16 || y == D::Int32;
    case D::UInt8:
        return y == D::Int8;
    case D::Int16:
        return y == D::Int8 || y == D::Int16 || y == D::Int32;
    case D::Int32:
        return y == D::Int8 || y == D::Int16;
    default:
        return false;
    }
}

// Same shape, per-tensor quantization on the integer side(s).
void verify_quantize(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require(quantize_form_supported(x.dtype, y.dtype), g, n,
            fmt::format("unsupported dtypes {} -> {} (float32 -> int8/int16; int8 -> "
                        "int8/uint8/int16/int32; uint8 -> int8; int16 -> int8/int16/int32; "
                        "int32 -> int8/int16)",
                        dtype_name(x.dtype), dtype_name(y.dtype)));
    require_per_tensor_quant(g, n, x);
    require_per_tensor_quant(g, n, y);
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
}

void verify_dequantize(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    bool ok = (x.dtype == DType::Int8 || x.dtype == DType::UInt8 || x.dtype == DType::Int16) &&
              y.dtype == DType::Float32;
    require(ok, g, n,
            fmt::format("unsupported dtypes {} -> {} (int8, uint8 or int16 -> float32)",
                        dtype_name(x.dtype), dtype_name(y.dtype)));
    require_per_tensor_quant(g, n, x);
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
}

// ---- MACs ----------------------------------------------------------------------------------

int64_t conv2d_macs(const Graph &g, const Node &n) {
    const Tensor &w = g.tensor(n.inputs[1]), &y = g.tensor(n.outputs[0]);
    return element_count(y.shape) * w.shape[1] * w.shape[2] * w.shape[3];
}
int64_t depthwise_macs(const Graph &g, const Node &n) {
    const Tensor &w = g.tensor(n.inputs[1]), &y = g.tensor(n.outputs[0]);
    return element_count(y.shape) * w.shape[1] * w.shape[2];
}
int64_t transpose_conv_macs(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs[0]), &w = g.tensor(n.inputs[1]);
    return element_count(x.shape) * w.shape[0] * w.shape[1] * w.shape[2];
}
int64_t fully_connected_macs(const Graph &g, const Node &n) {
    const Tensor &w = g.tensor(n.inputs[1]), &y = g.tensor(n.outputs[0]);
    return element_count(y.shape) * w.shape[1];
}

// ---- Constant evaluation -------------------------------------------------------------------

float apply_activation(float v, Activation act) {
    switch (act) {
    case Activation::None:
        return v;
    case Activation::Relu:
        return std::max(v, 0.0f);
    case Activation::Relu6:
        return std::clamp(v, 0.0f, 6.0f);
    case Activation::ReluN1To1:
        return std::clamp(v, -1.0f, 1.0f);
    }
    return v;
}

// Flat index into `operand` for the output element at `out_index`, numpy-style broadcasting.
int64_t broadcast_index(const Shape &out_shape, const Shape &operand, int64_t out_index) {
    int64_t index = 0, stride = 1;
    std::size_t skip = out_shape.size() - operand.size();
    for (std::size_t d = out_shape.size(); d-- > 0;) {
        int64_t coord = out_index % out_shape[d];
        out_index /= out_shape[d];
        if (d < skip) continue;
        int64_t dim = operand[d - skip];
        if (dim != 1) index += coord * stride;
        stride *= dim;
    }
    return index;
}

// Float evaluation only: integer kernels' rounding lives in the runtime, not here.
bool float_only(const Graph &g, const Node &n, std::string &why_not) {
    for (TensorId id : n.outputs)
        if (g.tensor(id).dtype != DType::Float32) {
            why_not = fmt::format("{} {} is not evaluated on the host (the integer kernel's "
                                  "rounding is the runtime's)",
                                  dtype_name(g.tensor(id).dtype), op_name(n.kind));
            return false;
        }
    for (std::size_t i = 0; i < n.inputs.size(); ++i)
        if (n.inputs[i] != kNoTensor && g.tensor(n.inputs[i]).dtype != DType::Float32) {
            why_not = fmt::format("{} input {} is not evaluated on the host",
                                  dtype_name(g.tensor(n.inputs[i]).dtype), i);
            return false;
        }
    return true;
}

std::optional<EvaluatedOutputs> evaluate_reshape(const Graph &, const Node &, EvalInputs in,
                                                 std::string &) {
    return EvaluatedOutputs{std::vector<uint8_t>(in[0].begin(), in[0].end())};
}

std::optional<EvaluatedOutputs> evaluate_add(const Graph &g, const Node &n, EvalInputs in,
                                             std::string &why_not) {
    if (out(g, n).dtype == DType::Int32) return evaluate_int32_arithmetic(g, n, in, why_not);
    if (!float_only(g, n, why_not)) return std::nullopt;
    const Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]), &y = out(g, n);
    std::vector<float> av = floats_of(in[0]), bv = floats_of(in[1]);
    std::vector<float> result(std::size_t(element_count(y.shape)));
    Activation act = n.attr<BinaryAttrs>().activation;
    for (std::size_t i = 0; i < result.size(); ++i) {
        float sum = av[std::size_t(broadcast_index(y.shape, a.shape, int64_t(i)))] +
                    bv[std::size_t(broadcast_index(y.shape, b.shape, int64_t(i)))];
        result[i] = apply_activation(sum, act);
    }
    return EvaluatedOutputs{bytes_of(result)};
}

// NHWC window walk shared by the float convolutions and pooling: calls visit(n, oy, ox, iy0, ix0)
// per output pixel with the window's top-left input coordinate.
template <class Visit> void for_each_window(const Shape &y, const Window2D &w, Visit visit) {
    for (int64_t b = 0; b < y[0]; ++b)
        for (int64_t oy = 0; oy < y[1]; ++oy)
            for (int64_t ox = 0; ox < y[2]; ++ox)
                visit(b, oy, ox, oy * w.stride_h - w.pad_top, ox * w.stride_w - w.pad_left);
}

// TFLite reference Conv / DepthwiseConv: taps summed in (ky, kx, ic) order, then + bias.
std::optional<EvaluatedOutputs> evaluate_conv(const Graph &g, const Node &n, EvalInputs in,
                                              std::string &why_not) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    const Tensor &xt = g.tensor(n.inputs[0]), &wt = g.tensor(n.inputs[1]), &yt = out(g, n);
    bool depthwise = n.kind == OpKind::DepthwiseConv2D;
    const Window2D &w = *window_of(n);
    Activation act = *fused_activation(n);
    std::vector<float> x = floats_of(in[0]), f = floats_of(in[1]);
    std::vector<float> bias = in.size() > 2 ? floats_of(in[2]) : std::vector<float>();
    const int64_t H = xt.shape[1], W = xt.shape[2], C = xt.shape[3], OC = yt.shape[3];
    const int64_t KH = wt.shape[1], KW = wt.shape[2];
    const int64_t multiplier = depthwise ? OC / C : 1;
    std::vector<float> y(std::size_t(element_count(yt.shape)));
    for_each_window(yt.shape, w, [&](int64_t b, int64_t oy, int64_t ox, int64_t iy0, int64_t ix0) {
        for (int64_t oc = 0; oc < OC; ++oc) {
            float total = 0.0f;
            for (int64_t ky = 0; ky < KH; ++ky) {
                int64_t iy = iy0 + ky * w.dilation_h;
                if (iy < 0 || iy >= H) continue;
                for (int64_t kx = 0; kx < KW; ++kx) {
                    int64_t ix = ix0 + kx * w.dilation_w;
                    if (ix < 0 || ix >= W) continue;
                    const float *px = &x[std::size_t(((b * H + iy) * W + ix) * C)];
                    if (depthwise) {
                        total += px[oc / multiplier] * f[std::size_t((ky * KW + kx) * OC + oc)];
                        continue;
                    }
                    const float *pf = &f[std::size_t(((oc * KH + ky) * KW + kx) * C)];
                    for (int64_t ic = 0; ic < C; ++ic)
                        total += px[ic] * pf[ic];
                }
            }
            float value = total + (bias.empty() ? 0.0f : bias[std::size_t(oc)]);
            y[std::size_t(((b * yt.shape[1] + oy) * yt.shape[2] + ox) * OC + oc)] =
                apply_activation(value, act);
        }
    });
    return EvaluatedOutputs{bytes_of(y)};
}

// TFLite reference TransposeConv scatters every input pixel into the outputs it reaches; per
// output that adds the taps in (iy, ix, ic) order from 0, which this gather repeats exactly.
// Then + bias, then the activation.
std::optional<EvaluatedOutputs> evaluate_transpose_conv(const Graph &g, const Node &n,
                                                        EvalInputs in, std::string &why_not) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    const Tensor &xt = g.tensor(n.inputs[0]), &yt = out(g, n);
    const auto &a = n.attr<Conv2DAttrs>();
    const Window2D &w = a.window;
    std::vector<float> x = floats_of(in[0]), f = floats_of(in[1]);
    std::vector<float> bias = in.size() > 2 ? floats_of(in[2]) : std::vector<float>();
    const int64_t H = xt.shape[1], W = xt.shape[2], C = xt.shape[3];
    const int64_t OH = yt.shape[1], OW = yt.shape[2], OC = yt.shape[3];
    std::vector<float> y(std::size_t(element_count(yt.shape)));
    for (int64_t b = 0; b < yt.shape[0]; ++b)
        for (int64_t oy = 0; oy < OH; ++oy)
            for (int64_t ox = 0; ox < OW; ++ox)
                for (int64_t oc = 0; oc < OC; ++oc) {
                    float total = 0.0f;
                    for (int64_t iy = 0; iy < H; ++iy) {
                        int64_t ky = oy + w.pad_top - iy * w.stride_h;
                        if (ky < 0 || ky >= w.kernel_h) continue;
                        for (int64_t ix = 0; ix < W; ++ix) {
                            int64_t kx = ox + w.pad_left - ix * w.stride_w;
                            if (kx < 0 || kx >= w.kernel_w) continue;
                            const float *px = &x[std::size_t(((b * H + iy) * W + ix) * C)];
                            const float *pf =
                                &f[std::size_t(((oc * w.kernel_h + ky) * w.kernel_w + kx) * C)];
                            for (int64_t ic = 0; ic < C; ++ic)
                                total += px[ic] * pf[ic];
                        }
                    }
                    float value = total + (bias.empty() ? 0.0f : bias[std::size_t(oc)]);
                    y[std::size_t(((b * OH + oy) * OW + ox) * OC + oc)] =
                        apply_activation(value, a.activation);
                }
    return EvaluatedOutputs{bytes_of(y)};
}

// TFLite reference FullyConnected: inputs as [batches, depth] rows.
std::optional<EvaluatedOutputs> evaluate_fully_connected(const Graph &g, const Node &n,
                                                         EvalInputs in, std::string &why_not) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    const Tensor &wt = g.tensor(n.inputs[1]);
    std::vector<float> x = floats_of(in[0]), f = floats_of(in[1]);
    std::vector<float> bias = in.size() > 2 ? floats_of(in[2]) : std::vector<float>();
    const int64_t units = wt.shape[0], depth = wt.shape[1];
    const int64_t batches = depth == 0 ? 0 : int64_t(x.size()) / depth;
    Activation act = n.attr<FullyConnectedAttrs>().activation;
    std::vector<float> y(std::size_t(batches * units));
    for (int64_t b = 0; b < batches; ++b)
        for (int64_t u = 0; u < units; ++u) {
            float total = 0.0f;
            for (int64_t d = 0; d < depth; ++d)
                total += x[std::size_t(b * depth + d)] * f[std::size_t(u * depth + d)];
            y[std::size_t(b * units + u)] =
                apply_activation(total + (bias.empty() ? 0.0f : bias[std::size_t(u)]), act);
        }
    return EvaluatedOutputs{bytes_of(y)};
}

// TFLite reference AveragePool (mean of the in-image taps) and MaxPool.
std::optional<EvaluatedOutputs> evaluate_pool(const Graph &g, const Node &n, EvalInputs in,
                                              std::string &why_not) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    const Tensor &xt = g.tensor(n.inputs[0]), &yt = out(g, n);
    const auto &a = n.attr<Pool2DAttrs>();
    const Window2D &w = a.window;
    bool average = n.kind == OpKind::AveragePool2D;
    std::vector<float> x = floats_of(in[0]);
    const int64_t H = xt.shape[1], W = xt.shape[2], C = xt.shape[3];
    std::vector<float> y(std::size_t(element_count(yt.shape)));
    for_each_window(yt.shape, w, [&](int64_t b, int64_t oy, int64_t ox, int64_t iy0, int64_t ix0) {
        for (int64_t c = 0; c < C; ++c) {
            float acc = average ? 0.0f : std::numeric_limits<float>::lowest();
            int64_t count = 0;
            for (int64_t iy = std::max<int64_t>(iy0, 0); iy < std::min(iy0 + w.kernel_h, H); ++iy)
                for (int64_t ix = std::max<int64_t>(ix0, 0); ix < std::min(ix0 + w.kernel_w, W);
                     ++ix) {
                    float v = x[std::size_t(((b * H + iy) * W + ix) * C + c)];
                    acc = average ? acc + v : std::max(acc, v);
                    ++count;
                }
            if (average) acc = count == 0 ? 0.0f : acc / float(count);
            y[std::size_t(((b * yt.shape[1] + oy) * yt.shape[2] + ox) * C + c)] =
                apply_activation(acc, a.activation);
        }
    });
    return EvaluatedOutputs{bytes_of(y)};
}

// TFLite reference Softmax over the last axis: exp((x - max) * beta) / sum.
std::optional<EvaluatedOutputs> evaluate_softmax(const Graph &g, const Node &n, EvalInputs in,
                                                 std::string &why_not) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    const Tensor &xt = g.tensor(n.inputs[0]);
    const auto &a = n.attr<SoftmaxAttrs>();
    if (a.axis != -1 && a.axis != int(xt.shape.size()) - 1) {
        why_not = "softmax over an inner axis is not evaluated on the host";
        return std::nullopt;
    }
    std::vector<float> x = floats_of(in[0]), y(x.size());
    const std::size_t depth = std::size_t(xt.shape.back());
    for (std::size_t row = 0; depth != 0 && row < x.size() / depth; ++row) {
        const float *px = &x[row * depth];
        float *py = &y[row * depth];
        float max = *std::max_element(px, px + depth), sum = 0.0f;
        for (std::size_t i = 0; i < depth; ++i)
            sum += py[i] = std::exp((px[i] - max) * a.beta);
        for (std::size_t i = 0; i < depth; ++i)
            py[i] /= sum;
    }
    return EvaluatedOutputs{bytes_of(y)};
}

std::optional<EvaluatedOutputs> evaluate_relu(const Graph &g, const Node &n, EvalInputs in,
                                              std::string &why_not) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    std::vector<float> v = floats_of(in[0]);
    Activation act = n.kind == OpKind::Relu6 ? Activation::Relu6 : Activation::Relu;
    for (float &x : v)
        x = apply_activation(x, act);
    return EvaluatedOutputs{bytes_of(v)};
}

// Any dtype: rows of [outer][axis * inner] elements cut into consecutive blocks.
std::optional<EvaluatedOutputs> evaluate_split(const Graph &g, const Node &n, EvalInputs in,
                                               std::string &) {
    const Tensor &x = g.tensor(n.inputs[0]);
    int axis = n.attr<SplitAttrs>().axis;
    int64_t outer = 1, inner = int64_t(dtype_size(x.dtype));
    for (int d = 0; d < axis; ++d)
        outer *= x.shape[std::size_t(d)];
    for (std::size_t d = std::size_t(axis) + 1; d < x.shape.size(); ++d)
        inner *= x.shape[d];
    EvaluatedOutputs outs;
    std::vector<int64_t> rows;
    for (TensorId y : n.outputs) {
        outs.emplace_back(std::size_t(g.tensor(y).byte_size()));
        rows.push_back(g.tensor(y).shape[std::size_t(axis)] * inner);
    }
    const uint8_t *src = in[0].data();
    for (int64_t o = 0; o < outer; ++o)
        for (std::size_t k = 0; k < outs.size(); ++k) {
            std::copy_n(src, rows[k], outs[k].data() + o * rows[k]);
            src += rows[k];
        }
    return outs;
}

// ---- Operand lists -------------------------------------------------------------------------

using F = OperandDef::Flags;
constexpr OperandDef kX[] = {{"input"}};
constexpr OperandDef kY[] = {{"output"}};
constexpr OperandDef kConvInputs[] = {
    {"input"}, {"filter", F::kConstant}, {"bias", F::kOptional | F::kQuantUnused}};
constexpr OperandDef kFcInputs[] = {
    {"input"}, {"weights"}, {"bias", F::kOptional | F::kQuantUnused}};
constexpr OperandDef kBinaryInputs[] = {{"lhs"}, {"rhs"}};
constexpr OperandDef kReshapeInputs[] = {{"input"}, {"shape", F::kOptional}};
constexpr OperandDef kSplitOutputs[] = {{"outputs", F::kVariadic}};

// ---- Data movement: shared helpers ---------------------------------------------------------

// Data movement keeps the element type and its quantization (TFLite Micro moves bytes).
void require_same_elements(const Graph &g, const Node &n, const Tensor &x, const Tensor &y) {
    require(x.dtype == y.dtype && x.quant == y.quant, g, n,
            fmt::format("output '{}' must keep the input's dtype and quantization", y.name));
}

// Element `i` of `bytes` (elements of dtype `t`).
std::span<const uint8_t> element_bytes(std::span<const uint8_t> bytes, DType t, int64_t i) {
    std::size_t size = dtype_size(t);
    return bytes.subspan(std::size_t(i) * size, size);
}

// The row-major coordinates of flat index `i` in `shape`.
std::vector<int64_t> coordinates(const Shape &shape, int64_t i) {
    std::vector<int64_t> c(shape.size());
    for (std::size_t d = shape.size(); d-- > 0;) {
        c[d] = shape[d] == 0 ? 0 : i % shape[d];
        i = shape[d] == 0 ? 0 : i / shape[d];
    }
    return c;
}

// The storage bytes of the integer `value` in dtype `t` (little-endian, as the targets are).
std::vector<uint8_t> integer_bytes(DType t, int64_t value) {
    std::vector<uint8_t> b(dtype_size(t));
    for (std::size_t k = 0; k < b.size(); ++k)
        b[k] = uint8_t(uint64_t(value) >> (8 * k));
    return b;
}

// ---- PAD (PAD, PADV2, MIRROR_PAD) ----------------------------------------------------------

constexpr int64_t kPadLimit = int64_t(1) << 30;

void verify_pad(const Graph &g, const Node &n) {
    const auto &a = n.attr<PadAttrs>();
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    std::size_t rank = x.shape.size();
    require(a.before.size() == rank && a.after.size() == rank, g, n,
            fmt::format("paddings for {} and {} axes, the input has rank {}", a.before.size(),
                        a.after.size(), rank));
    require(y.shape.size() == rank, g, n,
            fmt::format("output {} must have the input's rank {}", shape_str(y.shape), rank));
    require_same_elements(g, n, x, y);
    for (std::size_t d = 0; d < rank; ++d) {
        int64_t before = a.before[d], after = a.after[d], size = x.shape[d];
        require(before >= 0 && after >= 0 && before <= kPadLimit && after <= kPadLimit, g, n,
                fmt::format("paddings [{}, {}] of axis {} must be in [0, 2^30]", before, after, d));
        if (a.mode != PadMode::Constant) {
            // TensorFlow's MirrorPad limits: REFLECT excludes the edge, SYMMETRIC repeats it.
            int64_t most = a.mode == PadMode::Reflect ? size - 1 : size;
            require(before <= most && after <= most, g, n,
                    fmt::format("{} paddings [{}, {}] of axis {} exceed {} for size {}",
                                a.mode == PadMode::Reflect ? "REFLECT" : "SYMMETRIC", before, after,
                                d, most, size));
        }
        require(y.shape[d] == size + before + after, g, n,
                fmt::format("output {} differs from input {} padded by [{}, {}] on axis {}",
                            shape_str(y.shape), shape_str(x.shape), before, after, d));
    }
    TensorId value = n.input(1);
    if (value == kNoTensor) return;
    const Tensor &v = g.tensor(value);
    require(a.mode == PadMode::Constant, g, n, "a mirror pad takes no pad value");
    require(element_count(v.shape) == 1, g, n,
            fmt::format("pad value '{}' must be a scalar, is {}", v.name, shape_str(v.shape)));
    // TFLite Micro: the value is stored in the output's type and quantization.
    require(v.dtype == y.dtype && v.quant == y.quant, g, n,
            fmt::format("pad value '{}' must have the output's dtype and quantization", v.name));
}

// The input coordinate output coordinate `o` reads along an axis of `size` elements padded by
// `before` in front, or -1 for a constant pad element.
int64_t pad_source(int64_t o, int64_t size, int64_t before, PadMode mode) {
    int64_t i = o - before;
    if (i >= 0 && i < size) return i;
    if (mode == PadMode::Constant) return -1;
    int64_t edge = mode == PadMode::Reflect ? 0 : 1;
    return i < 0 ? -i - edge : 2 * size - 2 + edge - i;
}

std::optional<EvaluatedOutputs> evaluate_pad(const Graph &g, const Node &n, EvalInputs in,
                                             std::string &) {
    const auto &a = n.attr<PadAttrs>();
    const Tensor &x = g.tensor(n.inputs[0]), &y = out(g, n);
    std::vector<uint8_t> value =
        integer_bytes(y.dtype, y.quant.empty() ? 0 : y.quant.zero_point[0]);
    if (in.size() > 1 && !in[1].empty()) value.assign(in[1].begin(), in[1].end());
    std::vector<uint8_t> result;
    result.reserve(std::size_t(y.byte_size()));
    for (int64_t i = 0; i < element_count(y.shape); ++i) {
        std::vector<int64_t> c = coordinates(y.shape, i);
        int64_t source = 0;
        for (std::size_t d = 0; d < c.size() && source >= 0; ++d) {
            int64_t s = pad_source(c[d], x.shape[d], a.before[d], a.mode);
            source = s < 0 ? -1 : source * x.shape[d] + s;
        }
        auto bytes =
            source < 0 ? std::span<const uint8_t>(value) : element_bytes(in[0], x.dtype, source);
        result.insert(result.end(), bytes.begin(), bytes.end());
    }
    return EvaluatedOutputs{std::move(result)};
}

constexpr OperandDef kPadInputs[] = {{"input"}, {"value", F::kOptional}};

// ---- Activations and unary math (LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, ...) ---------------

// The int8 forms TFLite Micro has (the others are float32 only there).
bool unary_takes_int8(OpKind kind) {
    switch (kind) {
    case OpKind::Logistic:
    case OpKind::Tanh:
    case OpKind::HardSwish:
    case OpKind::LeakyRelu:
    case OpKind::ReluN1To1:
    case OpKind::Elu:
    case OpKind::Abs:
    case OpKind::Rsqrt:
        return true;
    default:
        return false;
    }
}

// Same shape and dtype in and out: float32, or int8 (per-tensor) where TFLite Micro has an int8
// kernel. int8 LOGISTIC and TANH write fixed output scales (TFLite requires them: 1/256 with
// zero point -128, 1/128 with zero point 0); int8 LEAKY_RELU takes alpha >= 0.
void verify_unary_math(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    bool int8 = unary_takes_int8(n.kind);
    bool int16 = n.kind == OpKind::LeakyRelu; // TFLM's 16x8 LEAKY_RELU
    bool ok =
        x.dtype == y.dtype && (x.dtype == DType::Float32 || (int8 && x.dtype == DType::Int8) ||
                               (int16 && x.dtype == DType::Int16));
    require(ok, g, n,
            fmt::format("unsupported dtypes {} -> {} ({})", dtype_name(x.dtype),
                        dtype_name(y.dtype),
                        int16  ? "float32, int8 or int16, the same in and out"
                        : int8 ? "float32 or int8, the same in and out"
                               : "float32 only"));
    require_per_tensor_quant(g, n, x);
    require_per_tensor_quant(g, n, y);
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
    if (n.kind == OpKind::LeakyRelu) {
        float alpha = n.attr<LeakyReluAttrs>().alpha;
        require(std::isfinite(alpha), g, n, "alpha must be finite");
        require(x.dtype == DType::Float32 || alpha >= 0.0f, g, n,
                fmt::format("{} alpha {} is negative (not supported)", dtype_name(x.dtype), alpha));
    }
    if (x.dtype != DType::Int8) return;
    auto require_output_quant = [&](float scale, int32_t zero_point) {
        require(y.quant.scale[0] == scale && y.quant.zero_point[0] == zero_point, g, n,
                fmt::format("int8 output '{}' must have scale {} and zero point {}, has {} and {}",
                            y.name, scale, zero_point, y.quant.scale[0], y.quant.zero_point[0]));
    };
    if (n.kind == OpKind::Logistic) require_output_quant(1.0f / 256.0f, -128);
    if (n.kind == OpKind::Tanh) require_output_quant(1.0f / 128.0f, 0);
}

// TFLite's float reference kernels, element by element.
float unary_float(OpKind kind, const Node &n, float v) {
    switch (kind) {
    case OpKind::Logistic:
        if (v > 16.619047164916992188f) return 1.0f;
        if (v < -9.0f) return std::exp(v);
        return 1.0f / (1.0f + std::exp(-v));
    case OpKind::Tanh:
        return std::tanh(v);
    case OpKind::HardSwish:
        return v * std::min(6.0f, std::max(0.0f, v + 3.0f)) / 6.0f;
    case OpKind::LeakyRelu:
        return v > 0.0f ? v : v * n.attr<LeakyReluAttrs>().alpha;
    case OpKind::ReluN1To1:
        return std::min(std::max(v, -1.0f), 1.0f);
    case OpKind::Elu:
        return v < 0.0f ? std::expm1(v) : v;
    case OpKind::Abs:
        return std::fabs(v);
    case OpKind::Neg:
        return -v;
    case OpKind::Sqrt:
        return std::sqrt(v);
    case OpKind::Rsqrt:
        return 1.0f / std::sqrt(v);
    case OpKind::Exp:
        return std::exp(v);
    case OpKind::Log:
        return std::log(v);
    default:
        return v;
    }
}

std::optional<EvaluatedOutputs> evaluate_unary_math(const Graph &g, const Node &n, EvalInputs in,
                                                    std::string &why_not) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    std::vector<float> v = floats_of(in[0]);
    for (float &x : v)
        x = unary_float(n.kind, n, x);
    return EvaluatedOutputs{bytes_of(v)};
}

// CAST: the element types TFLite Micro's kernel converts between (static_cast of the stored
// values; quantization is not applied). Same shape.
bool cast_takes(DType t) {
    return t == DType::Int8 || t == DType::Int16 || t == DType::Int32 || t == DType::Float32;
}

// TFLite Micro casts to bool (x != 0) but has no kernel that reads one.
void verify_cast(const Graph &g, const Node &n) {
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require(cast_takes(x.dtype) && (cast_takes(y.dtype) || y.dtype == DType::Bool), g, n,
            fmt::format("unsupported dtypes {} -> {} (int8, int16, int32, float32 -> those or "
                        "bool)",
                        dtype_name(x.dtype), dtype_name(y.dtype)));
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
}

// A float as TFLM's reference converts it to an integer type (measured on its Python
// interpreter): truncated toward zero, saturated to the type's range, NaN as 0.
int64_t cast_float_to_int(DType t, float v) {
    double limit = std::ldexp(1.0, int(dtype_size(t) * 8) - 1);
    if (std::isnan(v)) return 0;
    if (double(v) >= limit) return int64_t(limit) - 1;
    if (double(v) <= -limit) return -int64_t(limit);
    return int64_t(v);
}

int64_t wrap_to(DType t, int64_t v) {
    unsigned bits = unsigned(dtype_size(t) * 8);
    uint64_t u = uint64_t(v) & ((uint64_t(1) << bits) - 1);
    return u >= (uint64_t(1) << (bits - 1)) ? int64_t(u) - int64_t(uint64_t(1) << bits)
                                            : int64_t(u);
}

std::optional<EvaluatedOutputs> evaluate_cast(const Graph &g, const Node &n, EvalInputs in,
                                              std::string &) {
    const Tensor &x = g.tensor(n.inputs[0]), &y = out(g, n);
    std::vector<uint8_t> result;
    result.reserve(std::size_t(y.byte_size()));
    for (int64_t i = 0; i < element_count(x.shape); ++i) {
        std::span<const uint8_t> e = element_bytes(in[0], x.dtype, i);
        bool is_float = x.dtype == DType::Float32;
        float f = 0.0f;
        int64_t v = 0;
        if (is_float) {
            std::memcpy(&f, e.data(), 4);
        } else {
            uint64_t u = 0;
            for (std::size_t k = 0; k < e.size(); ++k)
                u |= uint64_t(e[k]) << (8 * k);
            v = wrap_to(x.dtype, int64_t(u));
        }
        std::vector<uint8_t> bytes;
        if (y.dtype == DType::Bool) {
            bytes.push_back((is_float ? f != 0.0f : v != 0) ? 1 : 0);
        } else if (y.dtype == DType::Float32) {
            float out_value = is_float ? f : float(v);
            bytes.resize(4);
            std::memcpy(bytes.data(), &out_value, 4);
        } else {
            bytes = integer_bytes(y.dtype,
                                  is_float ? cast_float_to_int(y.dtype, f) : wrap_to(y.dtype, v));
        }
        result.insert(result.end(), bytes.begin(), bytes.end());
    }
    return EvaluatedOutputs{std::move(result)};
}

// ---- ops-binary group: element-wise binary operators ---------------------------------------

// Element-wise binary operators: ADD's operand rules (same activation dtypes, numpy
// broadcasting, the output is the broadcast).
void verify_binary(const Graph &g, const Node &n) {
    verify_add(g, n);
}

// PRELU: the slopes (alpha, input 1) broadcast to the input, whose shape the output keeps.
void verify_prelu(const Graph &g, const Node &n) {
    verify_add(g, n);
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
}

// REDUCE_MAX compares stored values: TFLite Micro requires an int8 output quantized as the input.
void verify_reduce_max(const Graph &g, const Node &n) {
    verify_reduce(g, n);
    const Tensor &x = in(g, n, 0), &y = out(g, n);
    require(x.dtype == DType::Float32 || x.quant == y.quant, g, n,
            fmt::format("output '{}' must keep the input's quantization", y.name));
}

constexpr OperandDef kPreluInputs[] = {{"input"}, {"alpha"}};

// Float evaluation of an element-wise binary operator: y = act(fn(a, b)) with broadcasting.
template <class Fn>
std::optional<EvaluatedOutputs> evaluate_binary_with(const Graph &g, const Node &n, EvalInputs in,
                                                     std::string &why_not, Fn fn) {
    if (!float_only(g, n, why_not)) return std::nullopt;
    const Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]), &y = out(g, n);
    std::vector<float> av = floats_of(in[0]), bv = floats_of(in[1]);
    std::vector<float> result(std::size_t(element_count(y.shape)));
    const auto *attrs = std::get_if<BinaryAttrs>(&n.attrs);
    Activation act = attrs ? attrs->activation : Activation::None;
    for (std::size_t i = 0; i < result.size(); ++i)
        result[i] =
            apply_activation(fn(av[std::size_t(broadcast_index(y.shape, a.shape, int64_t(i)))],
                                bv[std::size_t(broadcast_index(y.shape, b.shape, int64_t(i)))]),
                             act);
    return EvaluatedOutputs{bytes_of(result)};
}

std::optional<EvaluatedOutputs> evaluate_binary(const Graph &g, const Node &n, EvalInputs in,
                                                std::string &why_not) {
    if (out(g, n).dtype == DType::Int32) return evaluate_int32_arithmetic(g, n, in, why_not);
    switch (n.kind) {
    case OpKind::Mul:
        return evaluate_binary_with(g, n, in, why_not, [](float x, float y) { return x * y; });
    case OpKind::Sub:
        return evaluate_binary_with(g, n, in, why_not, [](float x, float y) { return x - y; });
    case OpKind::Div:
        return evaluate_binary_with(g, n, in, why_not, [](float x, float y) { return x / y; });
    case OpKind::SquaredDifference:
        return evaluate_binary_with(g, n, in, why_not, [](float x, float y) {
            float d = x - y;
            return d * d;
        });
    case OpKind::Maximum:
        return evaluate_binary_with(g, n, in, why_not,
                                    [](float x, float y) { return x > y ? x : y; });
    case OpKind::Minimum:
        return evaluate_binary_with(g, n, in, why_not,
                                    [](float x, float y) { return x < y ? x : y; });
    case OpKind::Prelu:
        return evaluate_binary_with(g, n, in, why_not,
                                    [](float x, float alpha) { return x >= 0.0f ? x : x * alpha; });
    default:
        why_not = "the operator has no host evaluator";
        return std::nullopt;
    }
}
// Data movement, shape and indexing (ops-shape group): rules and plans in ir/data_movement.cpp.
constexpr OperandDef kVariadicInputs[] = {{"inputs", F::kVariadic}};
// The records reach those rules through this instantiation: the static_assert below needs their
// addresses as constants, which sanitizer builds grant only to functions defined in this file.
template <void (*Rule)(const Graph &, const Node &)>
constexpr auto rule_of = [](const Graph &g, const Node &n) { Rule(g, n); };
constexpr OperandDef kGatherInputs[] = {{"input"}, {"indices", F::kQuantUnused}};
constexpr OperandDef kUnpackOutputs[] = {{"outputs", F::kVariadic}};
// ops-matmul group
constexpr OperandDef kBatchMatMulInputs[] = {{"lhs"}, {"rhs"}};

template <class T> constexpr std::size_t A = attrs_index<T>();

constexpr std::array kOps = {
    OpDef{OpKind::Conv2D, "CONV_2D", A<Conv2DAttrs>, kConvInputs, kY, kFusedActivation,
          verify_conv2d, conv2d_macs, evaluate_conv},
    OpDef{OpKind::DepthwiseConv2D, "DEPTHWISE_CONV_2D", A<DepthwiseConv2DAttrs>, kConvInputs, kY,
          kFusedActivation, verify_depthwise, depthwise_macs, evaluate_conv},
    OpDef{OpKind::FullyConnected, "FULLY_CONNECTED", A<FullyConnectedAttrs>, kFcInputs, kY,
          kFusedActivation, verify_fully_connected, fully_connected_macs, evaluate_fully_connected},
    OpDef{OpKind::AveragePool2D, "AVERAGE_POOL_2D", A<Pool2DAttrs>, kX, kY, kFusedActivation,
          verify_pool, nullptr, evaluate_pool},
    OpDef{OpKind::MaxPool2D, "MAX_POOL_2D", A<Pool2DAttrs>, kX, kY, kFusedActivation, verify_pool,
          nullptr, evaluate_pool},
    OpDef{OpKind::Softmax, "SOFTMAX", A<SoftmaxAttrs>, kX, kY, kInPlaceInput0, verify_softmax,
          nullptr, evaluate_softmax},
    OpDef{OpKind::Add, "ADD", A<BinaryAttrs>, kBinaryInputs, kY,
          kElementwise | kFusedActivation | kInPlaceInput0 | kInPlaceInput1, verify_add, nullptr,
          evaluate_add},
    OpDef{OpKind::Reshape, "RESHAPE", A<NoAttrs>, kReshapeInputs, kY, kZeroCopyView, verify_reshape,
          nullptr, evaluate_reshape},
    OpDef{OpKind::Relu, "RELU", A<NoAttrs>, kX, kY, kElementwise, verify_same_shape_unary, nullptr,
          evaluate_relu},
    OpDef{OpKind::Relu6, "RELU6", A<NoAttrs>, kX, kY, kElementwise, verify_same_shape_unary,
          nullptr, evaluate_relu},
    OpDef{OpKind::Split, "SPLIT", A<SplitAttrs>, kX, kSplitOutputs, kNoTraits, verify_split,
          nullptr, evaluate_split},
    OpDef{OpKind::Mean, "MEAN", A<ReduceAttrs>, kX, kY, kNoTraits, verify_reduce},
    OpDef{OpKind::Pad, "PAD", A<PadAttrs>, kPadInputs, kY, kNoTraits, verify_pad, nullptr,
          evaluate_pad},
    OpDef{OpKind::Quantize, "QUANTIZE", A<NoAttrs>, kX, kY, kElementwise, verify_quantize},
    OpDef{OpKind::Dequantize, "DEQUANTIZE", A<NoAttrs>, kX, kY, kElementwise, verify_dequantize},
    // Activations and unary math
    OpDef{OpKind::Logistic, "LOGISTIC", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0,
          verify_unary_math, nullptr, evaluate_unary_math},
    OpDef{OpKind::Tanh, "TANH", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0,
          verify_unary_math, nullptr, evaluate_unary_math},
    OpDef{OpKind::HardSwish, "HARD_SWISH", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0,
          verify_unary_math, nullptr, evaluate_unary_math},
    OpDef{OpKind::LeakyRelu, "LEAKY_RELU", A<LeakyReluAttrs>, kX, kY, kElementwise | kInPlaceInput0,
          verify_unary_math, nullptr, evaluate_unary_math},
    OpDef{OpKind::ReluN1To1, "RELU_N1_TO_1", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0,
          verify_unary_math, nullptr, evaluate_unary_math},
    OpDef{OpKind::Elu, "ELU", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0, verify_unary_math,
          nullptr, evaluate_unary_math},
    OpDef{OpKind::Abs, "ABS", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0, verify_unary_math,
          nullptr, evaluate_unary_math},
    OpDef{OpKind::Neg, "NEG", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0, verify_unary_math,
          nullptr, evaluate_unary_math},
    OpDef{OpKind::Sqrt, "SQRT", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0,
          verify_unary_math, nullptr, evaluate_unary_math},
    OpDef{OpKind::Rsqrt, "RSQRT", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0,
          verify_unary_math, nullptr, evaluate_unary_math},
    OpDef{OpKind::Exp, "EXP", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0, verify_unary_math,
          nullptr, evaluate_unary_math},
    OpDef{OpKind::Log, "LOG", A<NoAttrs>, kX, kY, kElementwise | kInPlaceInput0, verify_unary_math,
          nullptr, evaluate_unary_math},
    OpDef{OpKind::Cast, "CAST", A<NoAttrs>, kX, kY, kElementwise, verify_cast, nullptr,
          evaluate_cast},
    // ops-binary group
    OpDef{OpKind::Mul, "MUL", A<BinaryAttrs>, kBinaryInputs, kY,
          kElementwise | kFusedActivation | kInPlaceInput0 | kInPlaceInput1, verify_binary, nullptr,
          evaluate_binary},
    OpDef{OpKind::Sub, "SUB", A<BinaryAttrs>, kBinaryInputs, kY,
          kElementwise | kFusedActivation | kInPlaceInput0 | kInPlaceInput1, verify_binary, nullptr,
          evaluate_binary},
    OpDef{OpKind::SquaredDifference, "SQUARED_DIFFERENCE", A<NoAttrs>, kBinaryInputs, kY,
          kElementwise | kInPlaceInput0 | kInPlaceInput1, verify_binary, nullptr, evaluate_binary},
    OpDef{OpKind::Maximum, "MAXIMUM", A<NoAttrs>, kBinaryInputs, kY,
          kElementwise | kInPlaceInput0 | kInPlaceInput1, verify_binary, nullptr, evaluate_binary},
    OpDef{OpKind::Minimum, "MINIMUM", A<NoAttrs>, kBinaryInputs, kY,
          kElementwise | kInPlaceInput0 | kInPlaceInput1, verify_binary, nullptr, evaluate_binary},
    OpDef{OpKind::Sum, "SUM", A<ReduceAttrs>, kX, kY, kNoTraits, verify_reduce},
    OpDef{OpKind::ReduceMax, "REDUCE_MAX", A<ReduceAttrs>, kX, kY, kNoTraits, verify_reduce_max},
    OpDef{OpKind::Prelu, "PRELU", A<NoAttrs>, kPreluInputs, kY, kElementwise | kInPlaceInput0,
          verify_prelu, nullptr, evaluate_binary},
    OpDef{OpKind::Div, "DIV", A<BinaryAttrs>, kBinaryInputs, kY,
          kElementwise | kFusedActivation | kInPlaceInput0 | kInPlaceInput1, verify_binary, nullptr,
          evaluate_binary},
    // ops-shape group
    OpDef{OpKind::Concatenation, "CONCATENATION", A<AxisAttrs>, kVariadicInputs, kY, kNoTraits,
          rule_of<verify_concatenation>, nullptr, evaluate_moves<concatenation_copies>},
    OpDef{OpKind::Pack, "PACK", A<AxisAttrs>, kVariadicInputs, kY, kNoTraits, rule_of<verify_pack>,
          nullptr, evaluate_moves<pack_copies>},
    OpDef{OpKind::Unpack, "UNPACK", A<AxisAttrs>, kX, kUnpackOutputs, kNoTraits,
          rule_of<verify_unpack>, nullptr, evaluate_moves<unpack_copies>},
    OpDef{OpKind::Transpose, "TRANSPOSE", A<TransposeAttrs>, kX, kY, kNoTraits,
          rule_of<verify_transpose>, nullptr, evaluate_moves<transpose_copies>},
    OpDef{OpKind::StridedSlice, "STRIDED_SLICE", A<SliceAttrs>, kX, kY, kNoTraits,
          rule_of<verify_strided_slice>, nullptr, evaluate_moves<strided_slice_copies>},
    OpDef{OpKind::BroadcastTo, "BROADCAST_TO", A<NoAttrs>, kX, kY, kNoTraits,
          rule_of<verify_broadcast_to>, nullptr, evaluate_moves<broadcast_to_copies>},
    OpDef{OpKind::SpaceToDepth, "SPACE_TO_DEPTH", A<BlockAttrs>, kX, kY, kNoTraits,
          rule_of<verify_space_depth>, nullptr, evaluate_moves<space_depth_copies>},
    OpDef{OpKind::DepthToSpace, "DEPTH_TO_SPACE", A<BlockAttrs>, kX, kY, kNoTraits,
          rule_of<verify_space_depth>, nullptr, evaluate_moves<space_depth_copies>},
    OpDef{OpKind::Gather, "GATHER", A<GatherAttrs>, kGatherInputs, kY, kNoTraits,
          rule_of<verify_gather>, nullptr, evaluate_gather},
    OpDef{OpKind::ArgMax, "ARG_MAX", A<AxisAttrs>, kX, kY, kNoTraits, rule_of<verify_arg_min_max>,
          nullptr, evaluate_arg_min_max},
    OpDef{OpKind::ArgMin, "ARG_MIN", A<AxisAttrs>, kX, kY, kNoTraits, rule_of<verify_arg_min_max>,
          nullptr, evaluate_arg_min_max},
    OpDef{OpKind::ResizeNearestNeighbor, "RESIZE_NEAREST_NEIGHBOR", A<ResizeAttrs>, kX, kY,
          kNoTraits, rule_of<verify_resize>, nullptr, evaluate_resize_nearest},
    OpDef{OpKind::ResizeBilinear, "RESIZE_BILINEAR", A<ResizeAttrs>, kX, kY, kNoTraits,
          rule_of<verify_resize>, nullptr, evaluate_resize_bilinear},
    OpDef{OpKind::TransposeConv2D, "TRANSPOSE_CONV", A<Conv2DAttrs>, kConvInputs, kY,
          kFusedActivation, verify_transpose_conv, transpose_conv_macs, evaluate_transpose_conv},
    // ops-matmul group (rules and evaluators in ir/matmul.cpp)
    OpDef{OpKind::BatchMatMul, "BATCH_MATMUL", A<BatchMatMulAttrs>, kBatchMatMulInputs, kY,
          kNoTraits, rule_of<verify_batch_matmul>, batch_matmul_macs, evaluate_batch_matmul},
    OpDef{OpKind::L2Normalization, "L2_NORMALIZATION", A<NoAttrs>, kX, kY, kNoTraits,
          rule_of<verify_l2_normalization>, nullptr, evaluate_l2_normalization},
    // ops-shape2 group: views and shape queries (ir/shape_ops.cpp)
    OpDef{OpKind::Squeeze, "SQUEEZE", A<NoAttrs>, kX, kY, kZeroCopyView, rule_of<verify_squeeze>,
          nullptr, evaluate_view},
    OpDef{OpKind::ExpandDims, "EXPAND_DIMS", A<AxisAttrs>, kX, kY, kZeroCopyView,
          rule_of<verify_expand_dims>, nullptr, evaluate_view},
    OpDef{OpKind::Shape, "SHAPE", A<NoAttrs>, kX, kY, kShapeOnly, rule_of<verify_shape>, nullptr,
          evaluate_shape},
    OpDef{OpKind::ZerosLike, "ZEROS_LIKE", A<NoAttrs>, kX, kY, kShapeOnly,
          rule_of<verify_zeros_like>, nullptr, evaluate_zeros_like},
};

static_assert(kOps.size() == kOpKindCount, "one record per OpKind");
constexpr bool records_in_enum_order() {
    for (std::size_t i = 0; i < kOps.size(); ++i)
        if (kOps[i].kind != OpKind(i) || kOps[i].verify == nullptr || kOps[i].name.empty() ||
            kOps[i].outputs.empty())
            return false;
    return true;
}
static_assert(records_in_enum_order(), "records follow the OpKind order and have a rule");

// ---- Attribute text ------------------------------------------------------------------------

std::string window_str(const Window2D &w, bool show_kernel) {
    std::string s = fmt::format("stride={}x{}", w.stride_h, w.stride_w);
    if (show_kernel) s = fmt::format("filter={}x{} ", w.kernel_h, w.kernel_w) + s;
    if (w.dilation_h != 1 || w.dilation_w != 1)
        s += fmt::format(" dilation={}x{}", w.dilation_h, w.dilation_w);
    return s + fmt::format(" pads=[{},{},{},{}]", w.pad_top, w.pad_bottom, w.pad_left, w.pad_right);
}

struct AttrPrinter {
    std::string operator()(const NoAttrs &) const { return ""; }
    std::string operator()(const Conv2DAttrs &a) const {
        return window_str(a.window, false) + fmt::format(" act={}", activation_name(a.activation));
    }
    std::string operator()(const DepthwiseConv2DAttrs &a) const {
        return window_str(a.window, false) + fmt::format(" multiplier={} act={}",
                                                         a.depth_multiplier,
                                                         activation_name(a.activation));
    }
    std::string operator()(const FullyConnectedAttrs &a) const {
        return fmt::format("act={}{}{}", activation_name(a.activation),
                           a.keep_num_dims ? " keep_num_dims" : "",
                           a.asymmetric_quantize_inputs ? " asymmetric_quantize_inputs" : "");
    }
    std::string operator()(const Pool2DAttrs &a) const {
        return window_str(a.window, true) + fmt::format(" act={}", activation_name(a.activation));
    }
    std::string operator()(const SoftmaxAttrs &a) const {
        return fmt::format("beta={} axis={}", a.beta, a.axis);
    }
    std::string operator()(const BinaryAttrs &a) const {
        return fmt::format("act={}", activation_name(a.activation));
    }
    std::string operator()(const SplitAttrs &a) const { return fmt::format("axis={}", a.axis); }
    std::string operator()(const ReduceAttrs &a) const {
        return fmt::format("axes=[{}]{}", fmt::join(a.axes, ","), a.keep_dims ? " keep_dims" : "");
    }
    std::string operator()(const PadAttrs &a) const {
        std::string pads;
        for (std::size_t d = 0; d < a.before.size(); ++d)
            pads += fmt::format("{}{}:{}", d ? "," : "", a.before[d], a.after[d]);
        std::string_view mode = a.mode == PadMode::Constant  ? "CONSTANT"
                                : a.mode == PadMode::Reflect ? "REFLECT"
                                                             : "SYMMETRIC";
        return fmt::format("pads=[{}] mode={}", pads, mode);
    }
    std::string operator()(const LeakyReluAttrs &a) const {
        return fmt::format("alpha={}", a.alpha);
    }
    // ops-shape group
    std::string operator()(const AxisAttrs &a) const { return fmt::format("axis={}", a.axis); }
    std::string operator()(const TransposeAttrs &a) const {
        return fmt::format("perm=[{}]", fmt::join(a.perm, ","));
    }
    std::string operator()(const SliceAttrs &a) const {
        return fmt::format("begin=[{}] stride=[{}] size=[{}]", fmt::join(a.begin, ","),
                           fmt::join(a.stride, ","), fmt::join(a.size, ","));
    }
    std::string operator()(const BlockAttrs &a) const {
        return fmt::format("block_size={}", a.block_size);
    }
    std::string operator()(const GatherAttrs &a) const {
        return fmt::format("axis={} batch_dims={}", a.axis, a.batch_dims);
    }
    std::string operator()(const ResizeAttrs &a) const {
        return fmt::format("{}{}", a.align_corners ? "align_corners" : "",
                           a.half_pixel_centers ? " half_pixel_centers" : "");
    }
    // ops-matmul group
    std::string operator()(const BatchMatMulAttrs &a) const {
        return fmt::format("adj_x={} adj_y={}", a.adj_x, a.adj_y);
    }
};

// Names of the Attrs alternatives, in variant order.
constexpr std::array<std::string_view, std::variant_size_v<Attrs>> kAttrsNames = {
    "NoAttrs", "Conv2DAttrs", "DepthwiseConv2DAttrs", "FullyConnectedAttrs", "Pool2DAttrs",
    "SoftmaxAttrs", "BinaryAttrs", "SplitAttrs", "ReduceAttrs", "PadAttrs", "LeakyReluAttrs",
    // ops-shape group
    "AxisAttrs", "TransposeAttrs", "SliceAttrs", "BlockAttrs", "GatherAttrs", "ResizeAttrs",
    // ops-matmul group
    "BatchMatMulAttrs"};

} // namespace

std::string attrs_str(const Node &node) {
    return std::visit(AttrPrinter{}, node.attrs);
}

std::string_view attrs_type_name(std::size_t index) {
    return index < kAttrsNames.size() ? kAttrsNames[index] : "?";
}

const OperandDef *OpDef::input_def(std::size_t i) const {
    if (i < inputs.size()) return &inputs[i];
    if (!inputs.empty() && inputs.back().variadic()) return &inputs.back();
    return nullptr;
}

const OpDef &op_def(OpKind kind) {
    auto i = static_cast<std::size_t>(kind);
    if (i >= kOps.size()) throw CompileError(fmt::format("unknown operator kind {}", i));
    return kOps[i];
}

std::optional<EvaluatedOutputs> evaluate_node(const Graph &graph, const Node &node,
                                              EvalInputs inputs, std::string &why_not) {
    const OpDef &def = op_def(node.kind);
    if (!def.evaluate) {
        why_not = "the operator has no host evaluator";
        return std::nullopt;
    }
    auto values = def.evaluate(graph, node, inputs, why_not);
    if (values && values->size() != node.outputs.size()) {
        why_not = "evaluation gave the wrong number of outputs";
        return std::nullopt;
    }
    for (std::size_t i = 0; values && i < values->size(); ++i)
        if (int64_t((*values)[i].size()) != graph.tensor(node.outputs[i]).byte_size()) {
            why_not = fmt::format("evaluation gave {} bytes for output {}", (*values)[i].size(), i);
            return std::nullopt;
        }
    return values;
}

std::string_view op_name(OpKind kind) {
    return op_def(kind).name;
}

std::span<const OpDef> all_ops() {
    return kOps;
}

std::optional<OpKind> op_from_name(std::string_view name) {
    for (const OpDef &d : kOps)
        if (d.name == name) return d.kind;
    return std::nullopt;
}

int64_t node_macs(const Graph &graph, const Node &node) {
    const OpDef &d = op_def(node.kind);
    return d.macs ? d.macs(graph, node) : 0;
}

int64_t effective_window(int64_t kernel, int64_t dilation) {
    return (kernel - 1) * dilation + 1;
}

int64_t window_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                           int64_t pad_before, int64_t pad_after) {
    if (stride <= 0) return 0;
    int64_t span = in + pad_before + pad_after - effective_window(kernel, dilation);
    return span < 0 ? 0 : span / stride + 1;
}

AxisPads same_padding(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                      bool same_lower) {
    if (stride <= 0) return {};
    int64_t out = (in + stride - 1) / stride;
    int64_t total =
        std::max<int64_t>((out - 1) * stride + effective_window(kernel, dilation) - in, 0);
    int64_t small = total / 2, large = total - small;
    return same_lower ? AxisPads{large, small} : AxisPads{small, large};
}

const Window2D *window_of(const Node &node) {
    if (const auto *a = std::get_if<Conv2DAttrs>(&node.attrs)) return &a->window;
    if (const auto *a = std::get_if<DepthwiseConv2DAttrs>(&node.attrs)) return &a->window;
    if (const auto *a = std::get_if<Pool2DAttrs>(&node.attrs)) return &a->window;
    return nullptr;
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

std::optional<Activation> fused_activation(const Node &node) {
    if (!op_def(node.kind).has(kFusedActivation)) return std::nullopt;
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
