#include "ir/value_ranges.h"

#include "ir/error.h"
#include "ir/ops.h"
#include "ir/saturating.h"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#include <tuple>

namespace microaot::ir {
namespace {

constexpr int64_t kInt32Max = INT32_MAX;

[[noreturn]] void fail(const Graph &g, std::size_t index, const Node &n, const std::string &what) {
    std::string out = n.outputs.empty() ? std::string("?") : g.tensor(n.outputs[0]).name;
    throw CompileError(
        fmt::format("node {} ({}, output '{}'): {}", index, op_name(n.kind), out, what));
}

// Kernels index an NHWC axis with in_y = out_y * stride - pad_before + k * dilation, which lies in
// [-pad_before, in + pad_after], and step or round up by one stride or dilation from there
// (the Cortex-M4 tap-range helpers compute room + dilation - 1): all of it must fit int32.
void check_window_indices(const Graph &g, std::size_t index, const Node &n, const Window2D &w) {
    const Shape &x = g.tensor(n.inputs.at(0)).shape;
    if (x.size() != 4) return;
    for (auto [in, before, after, stride, dilation, axis] :
         {std::tuple{x[1], w.pad_top, w.pad_bottom, w.stride_h, w.dilation_h, "height"},
          std::tuple{x[2], w.pad_left, w.pad_right, w.stride_w, w.dilation_w, "width"}}) {
        int64_t extent = in + int64_t(before) + int64_t(after) + std::max(stride, dilation);
        if (extent > kInt32Max)
            fail(g, index, n,
                 fmt::format("{} {} with pads {}+{}, stride {} and dilation {} does not fit the "
                             "kernels' int32 index arithmetic",
                             axis, in, before, after, stride, dilation));
    }
}

// |bias[c]|, 0 without a bias; nullopt when the bias is not a constant (no bound).
std::optional<int64_t> bias_magnitude(const Graph &g, const Node &n, std::size_t channel) {
    TensorId id = n.input(2);
    if (id == kNoTensor) return 0;
    const Tensor &b = g.tensor(id);
    if (!b.is_constant()) return std::nullopt;
    if (b.dtype == DType::Int32 && (channel + 1) * 4 <= b.data->size()) {
        int32_t v;
        std::memcpy(&v, b.data->data() + channel * 4, 4);
        return std::abs(int64_t(v));
    }
    if (b.dtype == DType::Int64 && (channel + 1) * 8 <= b.data->size()) {
        int64_t v;
        std::memcpy(&v, b.data->data() + channel * 8, 8);
        return v == INT64_MIN ? INT64_MAX : std::abs(v);
    }
    return 0;
}

// The accumulator each kernel keeps: int32 for int8 activations and for int16 activations with
// an int32 bias (TFLite Micro's int32 16x8 form), int64 otherwise for int16. The int64 form ends
// in the int64 MultiplyByQuantizedMultiplier, whose precondition is |x| < 2^47.
struct Accumulator {
    const char *name;
    int64_t limit; // largest magnitude allowed
};

Accumulator accumulator_of(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs.at(0));
    TensorId bias = n.input(2);
    bool int64 =
        x.dtype == DType::Int16 && (bias == kNoTensor || g.tensor(bias).dtype != DType::Int32);
    if (int64)
        return {"int64 accumulator (below 2^47 for MultiplyByQuantizedMultiplier)",
                (int64_t(1) << 47) - 1};
    return {"int32 accumulator", kInt32Max};
}

// The accumulator of output channel `c` is bias[c] plus terms (x + input_offset) * w; kernels add
// them in any order, and the ones that fold input_offset * sum(w) into the bias first add
// x * w to that. Every partial sum is therefore at most
//     |bias[c]| + (q + |zero_point_x|) * sum |w - zero_point_w|
// (|x + input_offset| <= |x| + |input_offset|, |x| <= q = 128 for int8 and 32768 for int16
// activations, |input_offset| = |zero_point_x|).
void require_accumulator_fits(const Graph &g, std::size_t index, const Node &n, int64_t channel,
                              int64_t weight_magnitude, int64_t depth) {
    const Tensor &x = g.tensor(n.inputs.at(0));
    const Accumulator acc = accumulator_of(g, n);
    auto bias = bias_magnitude(g, n, std::size_t(channel));
    if (!bias)
        fail(g, index, n,
             fmt::format("bias '{}' is not a constant: its {} cannot be bounded",
                         g.tensor(n.input(2)).name, acc.name));
    int64_t zp = x.quant.zero_point.empty() ? 0 : x.quant.zero_point[0];
    int64_t per_unit = (x.dtype == DType::Int16 ? 32768 : 128) + std::abs(zp);
    int64_t bound = saturating_add(*bias, saturating_mul(per_unit, weight_magnitude));
    if (bound > acc.limit)
        fail(
            g, index, n,
            fmt::format("the {} of output channel {} can reach {} ({} taps, bias "
                        "{}): it does not fit",
                        acc.name, channel,
                        bound == kSaturated ? std::string("beyond 2^63") : fmt::format("{}", bound),
                        depth, *bias));
}

// Sum of |w - zp| over the weights of output channel `c`: the filter is [channels][taps] with
// `taps` contiguous (conv, fully connected) or interleaved with stride `channels` (depthwise).
int64_t weight_magnitude(const Tensor &w, int64_t c, int64_t taps, bool interleaved,
                         int64_t channels) {
    const int8_t *data = reinterpret_cast<const int8_t *>(w.data->data());
    std::size_t scale = w.quant.per_channel() ? std::size_t(c) : 0;
    int64_t zp = scale < w.quant.zero_point.size() ? w.quant.zero_point[scale] : 0;
    int64_t sum = 0;
    for (int64_t t = 0; t < taps; ++t)
        sum += std::abs(int64_t(data[interleaved ? t * channels + c : c * taps + t]) - zp);
    return sum;
}

void check_quantized_accumulators(const Graph &g, std::size_t index, const Node &n) {
    const Tensor &x = g.tensor(n.inputs.at(0)), &w = g.tensor(n.inputs.at(1));
    bool hybrid = x.dtype == DType::Float32 && w.dtype == DType::Int8 && w.is_constant();
    bool quantized = (x.dtype == DType::Int8 || x.dtype == DType::Int16) && w.dtype == DType::Int8;
    if (!hybrid && !quantized) return; // float math cannot wrap
    int64_t channels = 0, taps = 0;
    bool interleaved = false;
    if (n.kind == OpKind::FullyConnected) {
        channels = w.shape[0], taps = w.shape[1];
    } else if (n.kind == OpKind::DepthwiseConv2D) {
        channels = w.shape[3], taps = w.shape[1] * w.shape[2], interleaved = true;
    } else {
        channels = w.shape[0], taps = w.shape[1] * w.shape[2] * w.shape[3];
    }
    if (!w.is_constant()) { // any int8 weight: |w - zp| <= 128 + |zp|
        int64_t zp = w.quant.zero_point.empty() ? 0 : w.quant.zero_point[0];
        int64_t magnitude = saturating_mul(taps, 128 + std::abs(zp));
        for (int64_t c = 0; c < channels; ++c)
            require_accumulator_fits(g, index, n, c, magnitude, taps);
        return;
    }
    for (int64_t c = 0; c < channels; ++c) {
        int64_t magnitude = weight_magnitude(w, c, taps, interleaved, channels);
        if (!hybrid) {
            require_accumulator_fits(g, index, n, c, magnitude, taps);
            continue;
        }
        // A hybrid kernel quantizes its input at run time: |q - offset| <= 255, no bias in int32.
        int64_t bound = saturating_mul(255, magnitude);
        if (bound > kInt32Max)
            fail(g, index, n,
                 fmt::format("the int32 accumulator of hybrid output channel {} can reach {} ({} "
                             "taps): it does not fit",
                             c, bound, taps));
    }
}

// int8 (int16) average pooling sums up to (in-image window taps) values of magnitude <= 128
// (32768) in int32 and adds half the count before dividing.
void check_quantized_pool_sum(const Graph &g, std::size_t index, const Node &n, const Window2D &w) {
    const Tensor &x = g.tensor(n.inputs.at(0));
    if ((x.dtype != DType::Int8 && x.dtype != DType::Int16) || x.shape.size() != 4) return;
    int64_t taps =
        std::min<int64_t>(w.kernel_h, x.shape[1]) * std::min<int64_t>(w.kernel_w, x.shape[2]);
    int64_t bound = taps * (x.dtype == DType::Int16 ? 32768 : 128) + taps / 2;
    if (bound > kInt32Max)
        fail(g, index, n,
             fmt::format("an average over {} taps sums up to {}: it does not fit int32", taps,
                         bound));
}

} // namespace

void check_value_ranges(const Graph &graph) {
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const Node &n = graph.nodes[i];
        if (const Window2D *w = window_of(n)) check_window_indices(graph, i, n, *w);
        switch (n.kind) {
        case OpKind::Conv2D:
        case OpKind::DepthwiseConv2D:
        case OpKind::FullyConnected:
        case OpKind::TransposeConv2D: // an output adds each filter tap at most once
            check_quantized_accumulators(graph, i, n);
            break;
        case OpKind::AveragePool2D:
            check_quantized_pool_sum(graph, i, n, *window_of(n));
            break;
        default:
            break;
        }
    }
}

} // namespace microaot::ir
