// Operator stage of the importer: one record per supported builtin (code -> OpKind, options ->
// typed attributes). Every unsupported operator of a model is named in one error.
#include "frontends/tflite/builtin_names.h"
#include "frontends/tflite/import_context.h"
#include "ir/error.h"
#include "ir/ops.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace microaot::tflite {
namespace {

// Where an operator sits, for messages: "node 4 (MUL, output tensor 9 'mul_out')".
struct NodeRef {
    std::size_t index;
    std::string op;
    std::string output;

    std::string str() const { return fmt::format("node {} ({}, output {})", index, op, output); }
};

[[noreturn]] void fail(const NodeRef &where, const std::string &what) {
    throw CompileError(fmt::format("{}: {}", where.str(), what));
}

// What an options parser sees: the operator, its node so far (inputs and outputs set, which
// it may rewrite into the IR operator's operand order) and the tensors imported before it.
struct OptionsSource {
    const NodeRef &where;
    const fb::Operator &op;
    const ir::Graph &graph;
    ir::Node &node;

    // The options table of type T; missing options are an error when `required`.
    template <class T> const T *options(std::string_view type_name, bool required) const {
        if (op.builtin_options_type() == fb::BuiltinOptions::NONE) {
            if (required) fail(where, fmt::format("{} are missing", type_name));
            return nullptr;
        }
        const T *opts = op.builtin_options_as<T>();
        if (!opts)
            fail(where, fmt::format("builtin options have type {}, expected {}",
                                    int(op.builtin_options_type()), type_name));
        return opts;
    }
    // Shape of input `i`, or nullptr when absent (the verifier reports it later).
    const ir::Shape *input_shape(std::size_t i) const {
        ir::TensorId id = node.input(i);
        return id == ir::kNoTensor ? nullptr : &graph.tensor(id).shape;
    }
    // The values of constant int32/int64 input `i` (an axis, sizes, a shape).
    std::vector<int64_t> constant_ints(std::size_t i, std::string_view what) const {
        ir::TensorId id = node.input(i);
        if (id == ir::kNoTensor) fail(where, fmt::format("{} (input {}) is missing", what, i));
        const ir::Tensor &t = graph.tensor(id);
        if (!t.is_constant() || (t.dtype != ir::DType::Int32 && t.dtype != ir::DType::Int64))
            fail(where, fmt::format("{} ({}) must be a constant int32 or int64 tensor", what,
                                    tensor_ref(graph, id)));
        std::size_t size = ir::dtype_size(t.dtype), count = t.data->size() / size;
        std::vector<int64_t> values(count);
        for (std::size_t k = 0; k < count; ++k) {
            if (size == 4) {
                int32_t v;
                std::memcpy(&v, t.data->data() + k * 4, 4);
                values[k] = v;
            } else {
                std::memcpy(&values[k], t.data->data() + k * 8, 8);
            }
        }
        return values;
    }
    // Axis `value` of a tensor of rank `rank` in [0, rank) (negative counts from the end).
    int axis(int64_t value, std::size_t rank) const {
        int64_t r = int64_t(rank);
        if (value < -r || value >= r)
            fail(where, fmt::format("axis {} out of range for rank {}", value, r));
        return int(value < 0 ? value + r : value);
    }
};

ir::Activation map_activation(const NodeRef &where, int8_t value) {
    switch (value) {
    case 0:
        return ir::Activation::None;
    case 1:
        return ir::Activation::Relu;
    case 2:
        return ir::Activation::ReluN1To1;
    case 3:
        return ir::Activation::Relu6;
    case 4:
        fail(where, "fused activation TANH is not supported");
    case 5:
        fail(where, "fused activation SIGN_BIT is not supported");
    default:
        fail(where, fmt::format("unknown fused activation {}", int(value)));
    }
}

// TFLite Padding: 0 SAME, 1 VALID.
bool is_same_padding(const NodeRef &where, int8_t value) {
    if (value == 0) return true;
    if (value == 1) return false;
    fail(where, fmt::format("unknown padding {}", int(value)));
}

// A window with TFLite's SAME/VALID padding made explicit for an NHWC input. Without a usable
// input shape the pads stay 0 and the verifier names the problem.
ir::Window2D make_window(const OptionsSource &src, int kernel_h, int kernel_w, int stride_h,
                         int stride_w, int dilation_h, int dilation_w, int8_t padding) {
    ir::Window2D w{kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w, 0, 0, 0, 0};
    bool same = is_same_padding(src.where, padding);
    const ir::Shape *x = src.input_shape(0);
    if (!same || !x || x->size() != 4) return w;
    ir::AxisPads ph = ir::same_padding((*x)[1], kernel_h, stride_h, dilation_h);
    ir::AxisPads pw = ir::same_padding((*x)[2], kernel_w, stride_w, dilation_w);
    auto narrow = [&](int64_t v) {
        if (v < 0 || v > INT32_MAX) fail(src.where, fmt::format("padding {} out of range", v));
        return int(v);
    };
    w.pad_top = narrow(ph.before);
    w.pad_bottom = narrow(ph.after);
    w.pad_left = narrow(pw.before);
    w.pad_right = narrow(pw.after);
    return w;
}

// Filter height and width of a conv/depthwise node ([O|1, H, W, I|C] filter at input 1).
std::pair<int, int> filter_hw(const OptionsSource &src) {
    const ir::Shape *w = src.input_shape(1);
    if (!w || w->size() != 4 || (*w)[1] > INT32_MAX || (*w)[2] > INT32_MAX) return {1, 1};
    return {int((*w)[1]), int((*w)[2])};
}

// TFLite Micro accumulates an int16 CONV_2D / FULLY_CONNECTED without a bias in int32 when its
// quantized_bias_type says INT32 (its int32 16x8 form, with another rounding) and in int64
// otherwise; the IR has no flag for the int32 form without a bias, so that one is refused.
void refuse_int32_accumulation_without_bias(const OptionsSource &src, int8_t quantized_bias_type,
                                            std::string_view op) {
    ir::TensorId x = src.node.input(0);
    if (x == ir::kNoTensor || src.graph.tensor(x).dtype != ir::DType::Int16) return;
    if (src.node.input(2) != ir::kNoTensor) return;
    if (quantized_bias_type == int8_t(fb::TensorType::INT32))
        fail(src.where, fmt::format("int16 {} without a bias and quantized_bias_type INT32 (int32 "
                                    "accumulation) is not supported",
                                    op));
}

ir::Attrs conv2d_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::Conv2DOptions>("Conv2DOptions", true);
    auto [kh, kw] = filter_hw(src);
    ir::Conv2DAttrs a;
    a.window = make_window(src, kh, kw, o->stride_h(), o->stride_w(), o->dilation_h_factor(),
                           o->dilation_w_factor(), o->padding());
    a.activation = map_activation(src.where, o->fused_activation_function());
    refuse_int32_accumulation_without_bias(src, o->quantized_bias_type(), "CONV_2D");
    return a;
}

ir::Attrs depthwise_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::DepthwiseConv2DOptions>("DepthwiseConv2DOptions", true);
    auto [kh, kw] = filter_hw(src);
    ir::DepthwiseConv2DAttrs a;
    a.window = make_window(src, kh, kw, o->stride_h(), o->stride_w(), o->dilation_h_factor(),
                           o->dilation_w_factor(), o->padding());
    a.activation = map_activation(src.where, o->fused_activation_function());
    a.depth_multiplier = o->depth_multiplier();
    // Newer converters leave depth_multiplier unset (TFLite derives it from the shapes);
    // derive it the same way so the IR rule "out = in * multiplier" holds.
    const ir::Shape *xs = src.input_shape(0);
    ir::TensorId y = src.node.outputs.empty() ? ir::kNoTensor : src.node.outputs[0];
    if (a.depth_multiplier <= 0 && xs && y != ir::kNoTensor) {
        const ir::Shape &ys = src.graph.tensor(y).shape;
        if (xs->size() == 4 && ys.size() == 4 && (*xs)[3] > 0 && ys[3] % (*xs)[3] == 0 &&
            ys[3] / (*xs)[3] <= INT32_MAX)
            a.depth_multiplier = int(ys[3] / (*xs)[3]);
    }
    return a;
}

// TFLite's padding of a transpose convolution, as TFLite Micro computes it: the padding a
// convolution over the *output* size would need (TFLite's ComputePaddingHeightWidth, dilation 1),
// its smaller half at the start.
int transpose_conv_pad(const NodeRef &where, int64_t out, int kernel, int stride, bool same) {
    if (stride <= 0 || kernel <= 0) fail(where, "strides and the filter must be positive");
    int64_t windows = same ? (out + stride - 1) / stride : (out + stride - kernel) / stride;
    int64_t total = std::max<int64_t>((windows - 1) * stride + kernel - out, 0);
    return int(total / 2);
}

// TRANSPOSE_CONV (output_shape, weights, input[, bias]) -> IR (input, weights[, bias]); the
// constant output_shape must be the output tensor's shape.
ir::Attrs transpose_conv_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::TransposeConvOptions>("TransposeConvOptions", true);
    if (src.node.inputs.size() < 3 || src.node.inputs.size() > 4)
        fail(src.where,
             fmt::format("TRANSPOSE_CONV takes 3 or 4 inputs, has {}", src.node.inputs.size()));
    std::vector<int64_t> shape = src.constant_ints(0, "output_shape");
    ir::TensorId y = src.node.outputs.empty() ? ir::kNoTensor : src.node.outputs[0];
    if (y == ir::kNoTensor || shape != src.graph.tensor(y).shape)
        fail(src.where, fmt::format("output_shape [{}] differs from the output tensor's shape",
                                    fmt::join(shape, ",")));
    ir::TensorId bias = src.node.input(3);
    src.node.inputs = {src.node.input(2), src.node.input(1)};
    if (bias != ir::kNoTensor) src.node.inputs.push_back(bias);
    auto [kh, kw] = filter_hw(src);
    bool same = is_same_padding(src.where, o->padding());
    ir::Conv2DAttrs a;
    a.window = {kh, kw, o->stride_h(), o->stride_w(), 1, 1, 0, 0, 0, 0};
    if (shape.size() == 4) {
        a.window.pad_top = transpose_conv_pad(src.where, shape[1], kh, o->stride_h(), same);
        a.window.pad_left = transpose_conv_pad(src.where, shape[2], kw, o->stride_w(), same);
    }
    a.activation = map_activation(src.where, o->fused_activation_function());
    return a;
}

ir::Attrs pool_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::Pool2DOptions>("Pool2DOptions", true);
    ir::Pool2DAttrs a;
    a.window = make_window(src, o->filter_height(), o->filter_width(), o->stride_h(), o->stride_w(),
                           1, 1, o->padding());
    a.activation = map_activation(src.where, o->fused_activation_function());
    return a;
}

ir::Attrs fully_connected_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::FullyConnectedOptions>("FullyConnectedOptions", false);
    ir::FullyConnectedAttrs a;
    if (!o) return a;
    if (o->weights_format() != 0)
        fail(src.where,
             fmt::format("shuffled weights format {} is not supported", int(o->weights_format())));
    a.activation = map_activation(src.where, o->fused_activation_function());
    a.keep_num_dims = o->keep_num_dims();
    a.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs(); // hybrid group
    refuse_int32_accumulation_without_bias(src, o->quantized_bias_type(), "FULLY_CONNECTED");
    return a;
}

ir::Attrs softmax_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::SoftmaxOptions>("SoftmaxOptions", true);
    return ir::SoftmaxAttrs{o->beta(), -1};
}

ir::Attrs add_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::AddOptions>("AddOptions", false);
    ir::BinaryAttrs a;
    if (o) a.activation = map_activation(src.where, o->fused_activation_function());
    return a;
}

ir::Attrs no_attrs(const OptionsSource &) {
    return ir::NoAttrs{};
}

// SPLIT: inputs (axis, input); SPLIT_V: (input, size_splits, axis). The IR keeps the input only;
// the outputs' shapes give their sizes.
ir::Attrs split_attrs(const OptionsSource &src) {
    std::vector<int64_t> axis = src.constant_ints(0, "split axis");
    if (axis.size() != 1) fail(src.where, "split axis must be a scalar");
    ir::TensorId x = src.node.input(1);
    if (x == ir::kNoTensor) fail(src.where, "split input is missing");
    src.node.inputs = {x};
    return ir::SplitAttrs{src.axis(axis[0], src.graph.tensor(x).shape.size())};
}

ir::Attrs split_v_attrs(const OptionsSource &src) {
    std::vector<int64_t> axis = src.constant_ints(2, "split axis");
    if (axis.size() != 1) fail(src.where, "split axis must be a scalar");
    ir::TensorId x = src.node.input(0);
    if (x == ir::kNoTensor) fail(src.where, "split input is missing");
    src.node.inputs = {x};
    return ir::SplitAttrs{src.axis(axis[0], src.graph.tensor(x).shape.size())};
}

// MEAN, SUM, REDUCE_MAX: inputs (input, axes). The IR keeps the input and the axes, made
// non-negative, sorted and without repeats (the reference kernels ignore repeats too).
ir::Attrs reduce_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::ReducerOptions>("ReducerOptions", false);
    std::vector<int64_t> values = src.constant_ints(1, "reduction axes");
    ir::TensorId x = src.node.input(0);
    if (x == ir::kNoTensor) fail(src.where, "reduction input is missing");
    ir::ReduceAttrs a;
    for (int64_t v : values)
        a.axes.push_back(src.axis(v, src.graph.tensor(x).shape.size()));
    std::sort(a.axes.begin(), a.axes.end());
    a.axes.erase(std::unique(a.axes.begin(), a.axes.end()), a.axes.end());
    a.keep_dims = o && o->keep_dims();
    src.node.inputs = {x};
    return a;
}

// PAD (input, paddings), PADV2 (input, paddings, value), MIRROR_PAD (input, paddings): the IR
// keeps the constant [rank, 2] paddings as attributes and the optional pad value as an input.
ir::PadAttrs pad_attrs_of(const OptionsSource &src, ir::PadMode mode) {
    ir::TensorId x = src.node.input(0);
    if (x == ir::kNoTensor) fail(src.where, "pad input is missing");
    std::size_t rank = src.graph.tensor(x).shape.size();
    std::vector<int64_t> paddings = src.constant_ints(1, "paddings");
    const ir::Shape &shape = src.graph.tensor(src.node.input(1)).shape;
    if (shape != ir::Shape{int64_t(rank), 2})
        fail(src.where, fmt::format("paddings {} must be [{}x2] for an input of rank {}",
                                    ir::shape_str(shape), rank, rank));
    ir::PadAttrs a;
    a.mode = mode;
    for (std::size_t d = 0; d < rank; ++d) {
        a.before.push_back(paddings[2 * d]);
        a.after.push_back(paddings[2 * d + 1]);
    }
    return a;
}

ir::Attrs pad_attrs(const OptionsSource &src) {
    ir::PadAttrs a = pad_attrs_of(src, ir::PadMode::Constant);
    if (src.node.inputs.size() > 3) fail(src.where, "PAD takes at most 3 inputs");
    ir::TensorId value = src.node.input(2);
    src.node.inputs = {src.node.input(0)};
    if (value != ir::kNoTensor) src.node.inputs.push_back(value);
    return a;
}

// LEAKY_RELU: alpha from LeakyReluOptions; without options TFLite's parser leaves it 0.
ir::Attrs leaky_relu_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::LeakyReluOptions>("LeakyReluOptions", false);
    return ir::LeakyReluAttrs{o ? o->alpha() : 0.0f};
}

// ops-binary group: MUL, SUB and DIV options carry the fused activation.
template <class Options> ir::Attrs binary_attrs_of(const OptionsSource &src, const char *name) {
    const auto *o = src.options<Options>(name, false);
    ir::BinaryAttrs a;
    if (o) a.activation = map_activation(src.where, o->fused_activation_function());
    return a;
}

ir::Attrs mul_attrs(const OptionsSource &src) {
    return binary_attrs_of<fb::MulOptions>(src, "MulOptions");
}

ir::Attrs sub_attrs(const OptionsSource &src) {
    return binary_attrs_of<fb::SubOptions>(src, "SubOptions");
}

ir::Attrs div_attrs(const OptionsSource &src) {
    return binary_attrs_of<fb::DivOptions>(src, "DivOptions");
}

// ---- Data movement, shape and indexing (ops-shape group) ------------------------------------

// CONCATENATION (inputs...): TFLite Micro takes no fused activation here.
ir::Attrs concatenation_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::ConcatenationOptions>("ConcatenationOptions", true);
    if (o->fused_activation_function() != 0)
        fail(src.where, "a fused activation on CONCATENATION is not supported (TFLite Micro "
                        "requires NONE)");
    if (src.node.outputs.empty()) fail(src.where, "concatenation output is missing");
    std::size_t rank = src.graph.tensor(src.node.outputs[0]).shape.size();
    return ir::AxisAttrs{src.axis(o->axis(), rank)};
}

// Rank of input 0, which must be present.
std::size_t input_rank(const OptionsSource &src) {
    ir::TensorId x = src.node.input(0);
    if (x == ir::kNoTensor) fail(src.where, "input 0 is missing");
    return src.graph.tensor(x).shape.size();
}

// PACK (inputs...): the axis counts in the output, one axis more than each input.
ir::Attrs pack_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::PackOptions>("PackOptions", true);
    if (o->values_count() != int64_t(src.node.inputs.size()))
        fail(src.where, fmt::format("values_count {} differs from the {} inputs", o->values_count(),
                                    src.node.inputs.size()));
    return ir::AxisAttrs{src.axis(o->axis(), input_rank(src) + 1)};
}

// UNPACK (input) -> outputs...: one output per element along the axis.
ir::Attrs unpack_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::UnpackOptions>("UnpackOptions", true);
    if (o->num() != int64_t(src.node.outputs.size()))
        fail(src.where,
             fmt::format("num {} differs from the {} outputs", o->num(), src.node.outputs.size()));
    if (src.node.inputs.size() != 1) fail(src.where, "UNPACK takes one input");
    return ir::AxisAttrs{src.axis(o->axis(), input_rank(src))};
}

// TRANSPOSE (input, perm): the constant permutation becomes an attribute (the rule checks it).
ir::Attrs transpose_attrs(const OptionsSource &src) {
    input_rank(src);
    ir::TransposeAttrs a;
    for (int64_t p : src.constant_ints(1, "perm")) {
        if (p < INT32_MIN || p > INT32_MAX)
            fail(src.where, fmt::format("perm value {} out of range", p));
        a.perm.push_back(int(p));
    }
    src.node.inputs = {src.node.input(0)};
    return a;
}

// The output must have the shape the operator's options give (the converter wrote both).
void require_output_shape(const OptionsSource &src, const ir::Shape &expected) {
    if (src.node.outputs.size() != 1) fail(src.where, "the operator has one output");
    const ir::Shape &y = src.graph.tensor(src.node.outputs[0]).shape;
    if (y != expected)
        fail(src.where, fmt::format("output shape {} differs from {}, what the operands give",
                                    ir::shape_str(y), ir::shape_str(expected)));
}

// SLICE (input, begin, size): constant begin and size (-1: to the end), in bounds.
ir::Attrs slice_attrs(const OptionsSource &src) {
    std::size_t rank = input_rank(src);
    const ir::Shape &shape = src.graph.tensor(src.node.input(0)).shape;
    std::vector<int64_t> begin = src.constant_ints(1, "slice begin");
    std::vector<int64_t> size = src.constant_ints(2, "slice size");
    if (begin.size() != rank || size.size() != rank)
        fail(src.where, fmt::format("begin and size must have {} entries (the input rank)", rank));
    ir::SliceAttrs a;
    for (std::size_t d = 0; d < rank; ++d) {
        // begin is checked first: shape - begin must not overflow for a hostile begin.
        int64_t b = begin[d];
        int64_t s = b < 0 || b > shape[d] ? -1 : size[d] == -1 ? shape[d] - b : size[d];
        if (s < 0 || s > shape[d] - b)
            fail(src.where, fmt::format("axis {}: begin {} size {} leave the input's {}", d, b,
                                        size[d], shape[d]));
        a.begin.push_back(s == 0 ? 0 : b);
        a.stride.push_back(1);
        a.size.push_back(s);
    }
    require_output_shape(src, ir::Shape(a.size.begin(), a.size.end()));
    src.node.inputs = {src.node.input(0)};
    return a;
}

// First and one-past-last index along one axis as TFLite Micro's StridedSlice resolves them:
// negative indices count from the end, then clamp to [0, dim] (stride > 0) or [-1, dim - 1],
// then a mask bit selects the whole axis.
int64_t slice_bound(int64_t index, int64_t dim, int64_t stride, bool masked, bool is_end) {
    if (index < 0) index += dim;
    index =
        stride > 0 ? std::clamp<int64_t>(index, 0, dim) : std::clamp<int64_t>(index, -1, dim - 1);
    if (masked) index = stride > 0 ? (is_end ? dim : 0) : (is_end ? -1 : dim - 1);
    return index;
}

// STRIDED_SLICE (input, begin, end, strides): constant operands; begin/end/shrink masks as
// TFLite Micro applies them. It ignores ellipsis and new-axis masks and the offset option, so a
// model using them is refused rather than computed differently.
ir::Attrs strided_slice_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::StridedSliceOptions>("StridedSliceOptions", false);
    if (o && (o->ellipsis_mask() != 0 || o->new_axis_mask() != 0))
        fail(src.where, "ellipsis_mask and new_axis_mask are not supported (TFLite Micro ignores "
                        "them)");
    if (o && o->offset())
        fail(src.where, "the offset option is not supported (nor by TFLite Micro)");
    uint32_t begin_mask = o ? uint32_t(o->begin_mask()) : 0,
             end_mask = o ? uint32_t(o->end_mask()) : 0;
    uint32_t shrink_mask = o ? uint32_t(o->shrink_axis_mask()) : 0;
    std::size_t rank = input_rank(src);
    const ir::Shape &shape = src.graph.tensor(src.node.input(0)).shape;
    std::vector<int64_t> begin = src.constant_ints(1, "begin"), end = src.constant_ints(2, "end");
    std::vector<int64_t> strides = src.constant_ints(3, "strides");
    if (begin.size() != rank || end.size() != rank || strides.size() != rank)
        fail(src.where,
             fmt::format("begin, end and strides must have {} entries (the input rank)", rank));
    // TFLite Micro reads them as int32; larger values (an int64 tensor) are refused.
    for (const auto *values : {&begin, &end, &strides})
        for (int64_t v : *values)
            if (v < INT32_MIN || v > INT32_MAX)
                fail(src.where, fmt::format("begin/end/stride value {} does not fit int32", v));
    ir::SliceAttrs a;
    ir::Shape expected;
    for (std::size_t d = 0; d < rank; ++d) {
        int64_t dim = shape[d], stride = strides[d];
        if (stride == 0) fail(src.where, fmt::format("axis {}: stride 0", d));
        bool bit = d < 32;
        int64_t start = slice_bound(begin[d], dim, stride, bit && (begin_mask >> d & 1), false);
        int64_t count;
        if (bit && (shrink_mask >> d & 1)) {
            if (start < 0 || start >= dim)
                fail(src.where, fmt::format("axis {}: shrunk index {} outside the input's {}", d,
                                            begin[d], dim));
            count = 1;
        } else {
            int64_t stop = slice_bound(end[d], dim, stride, bit && (end_mask >> d & 1), true);
            int64_t span = stride > 0 ? stop - start : start - stop,
                    step = stride > 0 ? stride : -stride;
            count = span > 0 ? (span + step - 1) / step : 0;
            expected.push_back(count);
        }
        a.begin.push_back(count == 0 ? 0 : start);
        a.stride.push_back(stride);
        a.size.push_back(count);
    }
    require_output_shape(src, expected);
    src.node.inputs = {src.node.input(0)};
    return a;
}

// BROADCAST_TO (input, shape): the constant shape must be the output's.
ir::Attrs broadcast_to_attrs(const OptionsSource &src) {
    input_rank(src);
    std::vector<int64_t> shape = src.constant_ints(1, "shape");
    require_output_shape(src, ir::Shape(shape.begin(), shape.end()));
    src.node.inputs = {src.node.input(0)};
    return ir::NoAttrs{};
}

// SPACE_TO_DEPTH, DEPTH_TO_SPACE (input): the block size (the rule checks the shapes).
ir::Attrs space_to_depth_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::SpaceToDepthOptions>("SpaceToDepthOptions", true);
    return ir::BlockAttrs{o->block_size()};
}

ir::Attrs depth_to_space_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::DepthToSpaceOptions>("DepthToSpaceOptions", true);
    return ir::BlockAttrs{o->block_size()};
}

// GATHER (input, indices): axis and batch_dims, negative ones counted as TFLite Micro does.
ir::Attrs gather_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::GatherOptions>("GatherOptions", false);
    std::size_t rank = input_rank(src);
    ir::TensorId idx = src.node.input(1);
    if (idx == ir::kNoTensor) fail(src.where, "gather indices are missing");
    int64_t idx_rank = int64_t(src.graph.tensor(idx).shape.size());
    ir::GatherAttrs a;
    a.axis = src.axis(o ? o->axis() : 0, rank);
    int64_t batch_dims = o ? o->batch_dims() : 0;
    if (batch_dims < 0) batch_dims += idx_rank;
    if (batch_dims < 0 || batch_dims > idx_rank)
        fail(src.where, fmt::format("batch_dims {} out of range for indices of rank {}",
                                    o ? o->batch_dims() : 0, idx_rank));
    a.batch_dims = int(batch_dims);
    return a;
}

// ARG_MAX, ARG_MIN (input, axis): a constant scalar axis; int32 output only (TFLite Micro's).
ir::Attrs arg_min_max_attrs(const OptionsSource &src) {
    std::size_t rank = input_rank(src);
    std::vector<int64_t> axis = src.constant_ints(1, "axis");
    if (axis.size() != 1) fail(src.where, "axis must hold one value");
    if (src.node.outputs.size() == 1 &&
        src.graph.tensor(src.node.outputs[0]).dtype != ir::DType::Int32)
        fail(src.where, fmt::format("output type {} is not supported (TFLite Micro takes int32)",
                                    ir::dtype_name(src.graph.tensor(src.node.outputs[0]).dtype)));
    src.node.inputs = {src.node.input(0)};
    return ir::AxisAttrs{src.axis(axis[0], rank)};
}

// MIRROR_PAD (input, paddings): REFLECT or SYMMETRIC (the rule checks TensorFlow's limits).
ir::Attrs mirror_pad_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::MirrorPadOptions>("MirrorPadOptions", true);
    if (o->mode() != 0 && o->mode() != 1)
        fail(src.where, fmt::format("unknown mirror pad mode {}", int(o->mode())));
    if (src.node.inputs.size() != 2) fail(src.where, "MIRROR_PAD takes 2 inputs");
    ir::PadAttrs a =
        pad_attrs_of(src, o->mode() == 0 ? ir::PadMode::Reflect : ir::PadMode::Symmetric);
    src.node.inputs = {src.node.input(0)};
    return a;
}

// RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR (input, size): the constant size must be the
// output's height and width; both options tables carry align_corners and half_pixel_centers.
template <class Options> ir::Attrs resize_attrs_of(const OptionsSource &src, const char *name) {
    const auto *o = src.options<Options>(name, false);
    std::vector<int64_t> size = src.constant_ints(1, "size");
    const ir::Shape *x = src.input_shape(0);
    if (!x || x->size() != 4 || size.size() != 2)
        fail(src.where, "resizing takes a 4-D input and a size of 2 values");
    require_output_shape(src, {(*x)[0], size[0], size[1], (*x)[3]});
    src.node.inputs = {src.node.input(0)};
    return ir::ResizeAttrs{o && o->align_corners(), o && o->half_pixel_centers()};
}

ir::Attrs resize_nearest_attrs(const OptionsSource &src) {
    return resize_attrs_of<fb::ResizeNearestNeighborOptions>(src, "ResizeNearestNeighborOptions");
}

ir::Attrs resize_bilinear_attrs(const OptionsSource &src) {
    return resize_attrs_of<fb::ResizeBilinearOptions>(src, "ResizeBilinearOptions");
}

// FILL (dims, value): a BROADCAST_TO of the scalar value to the constant dims (TFLite Micro
// copies the value's bytes, quantized or not).
ir::Attrs fill_attrs(const OptionsSource &src) {
    std::vector<int64_t> dims = src.constant_ints(0, "dims");
    ir::TensorId value = src.node.input(1);
    if (value == ir::kNoTensor || src.node.inputs.size() != 2)
        fail(src.where, "FILL takes dims and a value");
    if (!src.graph.tensor(value).shape.empty())
        fail(src.where, fmt::format("the value {} must be a scalar",
                                    ir::shape_str(src.graph.tensor(value).shape)));
    require_output_shape(src, ir::Shape(dims.begin(), dims.end()));
    src.node.inputs = {value};
    return ir::NoAttrs{};
}

// ---- Matrix products and normalization (ops-matmul group) ----------------------------------

// BATCH_MATMUL (lhs, rhs): the adjoint flags (absent options: both false, as TFLite's parser
// leaves them). asymmetric_quantize_inputs only concerns hybrid (float lhs, int8 rhs) models,
// which the rule refuses as TFLite Micro does.
ir::Attrs batch_matmul_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::BatchMatMulOptions>("BatchMatMulOptions", false);
    if (src.node.inputs.size() != 2) fail(src.where, "BATCH_MATMUL takes 2 inputs");
    return ir::BatchMatMulAttrs{o && o->adj_x(), o && o->adj_y()};
}

// L2_NORMALIZATION (input): TFLite Micro refuses any fused activation but NONE.
ir::Attrs l2_normalization_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::L2NormOptions>("L2NormOptions", false);
    constexpr std::string_view kNames[] = {"NONE",  "RELU", "RELU_N1_TO_1",
                                           "RELU6", "TANH", "SIGN_BIT"};
    const int act = o ? o->fused_activation_function() : 0;
    if (act != 0)
        fail(src.where,
             fmt::format("fused activation {} on L2_NORMALIZATION is not supported (TFLite Micro "
                         "requires NONE)",
                         act > 0 && act < 6 ? std::string(kNames[act]) : std::to_string(act)));
    return ir::NoAttrs{};
}

// ---- ops-shape2 group: views and shape queries ------------------------------------------------

// SQUEEZE (input): removes the listed size-1 axes (negative counts from the end), or every
// size-1 axis when none are listed, as TFLite Micro's kernel does (at most 8 axes).
ir::Attrs squeeze_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::SqueezeOptions>("SqueezeOptions", false);
    std::size_t rank = input_rank(src);
    if (src.node.inputs.size() != 1) fail(src.where, "SQUEEZE takes one input");
    if (rank > 8) fail(src.where, fmt::format("input rank {} exceeds 8", rank));
    const ir::Shape &shape = src.graph.tensor(src.node.input(0)).shape;
    const auto *dims = o ? o->squeeze_dims() : nullptr;
    if (dims && dims->size() > 8)
        fail(src.where, fmt::format("{} squeeze_dims (at most 8)", dims->size()));
    std::vector<bool> drop(rank, false);
    for (std::size_t d = 0; (!dims || dims->size() == 0) && d < rank; ++d)
        drop[d] = shape[d] == 1;
    for (std::size_t k = 0; dims && k < dims->size(); ++k) {
        std::size_t axis = std::size_t(src.axis(dims->Get(k), rank));
        if (shape[axis] != 1)
            fail(src.where, fmt::format("squeeze_dims {} names axis {} of size {} (must be 1)",
                                        dims->Get(k), axis, shape[axis]));
        drop[axis] = true;
    }
    ir::Shape expected;
    for (std::size_t d = 0; d < rank; ++d)
        if (!drop[d]) expected.push_back(shape[d]);
    require_output_shape(src, expected);
    return ir::NoAttrs{};
}

// EXPAND_DIMS (input, axis): a size-1 axis inserted at the constant scalar axis (int32 or
// int64, in [-rank - 1, rank]).
ir::Attrs expand_dims_attrs(const OptionsSource &src) {
    std::size_t rank = input_rank(src);
    if (src.node.inputs.size() != 2) fail(src.where, "EXPAND_DIMS takes an input and an axis");
    std::vector<int64_t> axis = src.constant_ints(1, "axis");
    if (axis.size() != 1 || src.graph.tensor(src.node.input(1)).shape.size() > 1)
        fail(src.where, fmt::format("axis must hold one value, has shape {}",
                                    ir::shape_str(src.graph.tensor(src.node.input(1)).shape)));
    int at = src.axis(axis[0], rank + 1);
    ir::Shape expected = src.graph.tensor(src.node.input(0)).shape;
    expected.insert(expected.begin() + at, 1);
    require_output_shape(src, expected);
    src.node.inputs = {src.node.input(0)};
    return ir::AxisAttrs{at};
}

// SHAPE (input): out_type (int32 or int64) must be the output's type. Shapes are static, so
// it folds to a constant (passes/fold_constants.cpp) and so do the operators reading it.
ir::Attrs shape_attrs(const OptionsSource &src) {
    const auto *o = src.options<fb::ShapeOptions>("ShapeOptions", false);
    input_rank(src);
    if (src.node.inputs.size() != 1) fail(src.where, "SHAPE takes one input");
    if (src.node.outputs.size() != 1) fail(src.where, "SHAPE has one output");
    ir::DType out = src.graph.tensor(src.node.outputs[0]).dtype;
    if (o) {
        auto type = fb::TensorType(o->out_type());
        if (type != fb::TensorType::INT32 && type != fb::TensorType::INT64)
            fail(src.where, fmt::format("out_type {} is not int32 or int64", int(o->out_type())));
        ir::DType want = type == fb::TensorType::INT32 ? ir::DType::Int32 : ir::DType::Int64;
        if (want != out)
            fail(src.where, fmt::format("out_type {} differs from the output's type {}",
                                        ir::dtype_name(want), ir::dtype_name(out)));
    }
    return ir::NoAttrs{};
}

// ZEROS_LIKE (input): one input.
ir::Attrs zeros_like_attrs(const OptionsSource &src) {
    input_rank(src);
    if (src.node.inputs.size() != 1) fail(src.where, "ZEROS_LIKE takes one input");
    return ir::NoAttrs{};
}

// One record per supported builtin: its code, the IR operator, how its options become attrs.
struct BuiltinImport {
    int32_t code;
    ir::OpKind kind;
    ir::Attrs (*attrs)(const OptionsSource &);
};

constexpr BuiltinImport kBuiltins[] = {
    {0, ir::OpKind::Add, add_attrs},
    {1, ir::OpKind::AveragePool2D, pool_attrs},
    {3, ir::OpKind::Conv2D, conv2d_attrs},
    {4, ir::OpKind::DepthwiseConv2D, depthwise_attrs},
    {6, ir::OpKind::Dequantize, no_attrs},
    {9, ir::OpKind::FullyConnected, fully_connected_attrs},
    {17, ir::OpKind::MaxPool2D, pool_attrs},
    {19, ir::OpKind::Relu, no_attrs},
    {21, ir::OpKind::Relu6, no_attrs},
    {22, ir::OpKind::Reshape, no_attrs},
    {25, ir::OpKind::Softmax, softmax_attrs},
    {34, ir::OpKind::Pad, pad_attrs},
    {40, ir::OpKind::Mean, reduce_attrs},
    {49, ir::OpKind::Split, split_attrs},
    {60, ir::OpKind::Pad, pad_attrs}, // PADV2
    {67, ir::OpKind::TransposeConv2D, transpose_conv_attrs},
    {102, ir::OpKind::Split, split_v_attrs},
    {114, ir::OpKind::Quantize, no_attrs},
    // Activations and unary math
    {14, ir::OpKind::Logistic, no_attrs},
    {28, ir::OpKind::Tanh, no_attrs},
    {117, ir::OpKind::HardSwish, no_attrs},
    {98, ir::OpKind::LeakyRelu, leaky_relu_attrs},
    {20, ir::OpKind::ReluN1To1, no_attrs},
    {111, ir::OpKind::Elu, no_attrs},
    {101, ir::OpKind::Abs, no_attrs},
    {59, ir::OpKind::Neg, no_attrs},
    {75, ir::OpKind::Sqrt, no_attrs},
    {76, ir::OpKind::Rsqrt, no_attrs},
    {47, ir::OpKind::Exp, no_attrs},
    {73, ir::OpKind::Log, no_attrs},
    {53, ir::OpKind::Cast, no_attrs},
    // ops-binary group
    {18, ir::OpKind::Mul, mul_attrs},
    {41, ir::OpKind::Sub, sub_attrs},
    {99, ir::OpKind::SquaredDifference, no_attrs},
    {55, ir::OpKind::Maximum, no_attrs},
    {57, ir::OpKind::Minimum, no_attrs},
    {74, ir::OpKind::Sum, reduce_attrs},
    {82, ir::OpKind::ReduceMax, reduce_attrs},
    {54, ir::OpKind::Prelu, no_attrs},
    {42, ir::OpKind::Div, div_attrs},
    // ops-shape group
    {2, ir::OpKind::Concatenation, concatenation_attrs},
    {83, ir::OpKind::Pack, pack_attrs},
    {88, ir::OpKind::Unpack, unpack_attrs},
    {39, ir::OpKind::Transpose, transpose_attrs},
    {45, ir::OpKind::StridedSlice, strided_slice_attrs},
    {65, ir::OpKind::StridedSlice, slice_attrs}, // SLICE
    {130, ir::OpKind::BroadcastTo, broadcast_to_attrs},
    {26, ir::OpKind::SpaceToDepth, space_to_depth_attrs},
    {5, ir::OpKind::DepthToSpace, depth_to_space_attrs},
    {36, ir::OpKind::Gather, gather_attrs},
    {56, ir::OpKind::ArgMax, arg_min_max_attrs},
    {79, ir::OpKind::ArgMin, arg_min_max_attrs},
    {100, ir::OpKind::Pad, mirror_pad_attrs}, // MIRROR_PAD
    {97, ir::OpKind::ResizeNearestNeighbor, resize_nearest_attrs},
    {23, ir::OpKind::ResizeBilinear, resize_bilinear_attrs},
    {94, ir::OpKind::BroadcastTo, fill_attrs}, // FILL
    // ops-matmul group
    {126, ir::OpKind::BatchMatMul, batch_matmul_attrs},
    {11, ir::OpKind::L2Normalization, l2_normalization_attrs},
    // ops-shape2 group
    {43, ir::OpKind::Squeeze, squeeze_attrs},
    {70, ir::OpKind::ExpandDims, expand_dims_attrs},
    {77, ir::OpKind::Shape, shape_attrs},
    {93, ir::OpKind::ZerosLike, zeros_like_attrs},
};

const BuiltinImport *find_builtin(int32_t code) {
    for (const BuiltinImport &b : kBuiltins)
        if (b.code == code) return &b;
    return nullptr;
}

// Subgraph indices a control-flow operator refers to, for the error message.
std::string called_subgraphs(const fb::Operator &op) {
    if (const auto *o = op.builtin_options_as_CallOptions())
        return fmt::format("{}", o->subgraph());
    if (const auto *o = op.builtin_options_as_IfOptions())
        return fmt::format("{}, {}", o->then_subgraph_index(), o->else_subgraph_index());
    if (const auto *o = op.builtin_options_as_WhileOptions())
        return fmt::format("{}, {}", o->cond_subgraph_index(), o->body_subgraph_index());
    if (const auto *o = op.builtin_options_as_CallOnceOptions())
        return fmt::format("{}", o->init_subgraph_index());
    return "?";
}

// Operators the importer has no record for, gathered over the whole model: "what (how many,
// first node, its output)".
class UnsupportedOps {
  public:
    void add(const std::string &what, const NodeRef &where) {
        auto [it, fresh] = seen_.try_emplace(what, Entry{0, where.index, where.output});
        if (fresh) order_.push_back(what);
        ++it->second.count;
    }
    void throw_if_any() const {
        if (order_.empty()) return;
        std::string list;
        for (const std::string &what : order_) {
            const Entry &e = seen_.at(what);
            list += fmt::format("{}{} (x{}, first at node {}, output {})", list.empty() ? "" : "; ",
                                what, e.count, e.first_node, e.first_output);
        }
        throw CompileError(
            fmt::format("unsupported operator{}: {}", order_.size() == 1 ? "" : "s", list));
    }

  private:
    struct Entry {
        int count;
        std::size_t first_node;
        std::string first_output;
    };
    std::map<std::string, Entry> seen_;
    std::vector<std::string> order_;
};

class OperatorImporter {
  public:
    OperatorImporter(const ImportContext &ctx, ir::Graph &graph) : ctx_(ctx), graph_(graph) {}

    void run() {
        const auto *ops = ctx_.subgraph->operators();
        if (!ops) return;
        UnsupportedOps unsupported;
        for (flatbuffers::uoffset_t i = 0; i < ops->size(); ++i) {
            const fb::Operator *op = ops->Get(i);
            if (!op) throw CompileError(fmt::format("node {}: operator is missing", i));
            std::optional<ir::Node> node = import_one(i, *op, unsupported);
            if (node) graph_.nodes.push_back(std::move(*node));
        }
        unsupported.throw_if_any();
    }

  private:
    std::optional<ir::Node> import_one(std::size_t index, const fb::Operator &op,
                                       UnsupportedOps &unsupported) {
        ir::Node node;
        NodeRef where{index, "?", "none"};
        node.outputs = tensor_list(where, op.outputs(), "output", false);
        if (!node.outputs.empty()) where.output = tensor_ref(graph_, node.outputs[0]);
        int32_t code = builtin_code(where, op);
        where.op = builtin_name(code);
        node.inputs = tensor_list(where, op.inputs(), "input", true);
        const BuiltinImport *builtin = find_builtin(code);
        if (!builtin) {
            unsupported.add(unsupported_name(op, code), where);
            return std::nullopt;
        }
        node.kind = builtin->kind;
        for (ir::TensorId id : node.inputs)
            if (id != ir::kNoTensor && ctx_.is_variable[std::size_t(id)])
                fail(where, fmt::format("input {} is a variable (stateful) tensor, which is not "
                                        "supported",
                                        tensor_ref(graph_, id)));
        node.attrs = builtin->attrs(OptionsSource{where, op, graph_, node});
        return node;
    }

    std::string unsupported_name(const fb::Operator &op, int32_t code) const {
        if (code == kBuiltinCustom) {
            const auto *oc = ctx_.model->operator_codes()->Get(op.opcode_index());
            return fmt::format("custom operator '{}'",
                               oc->custom_code() ? oc->custom_code()->str() : "");
        }
        if (code == kBuiltinCall || code == kBuiltinIf || code == kBuiltinWhile ||
            code == kBuiltinCallOnce)
            return fmt::format("{} (control flow calling subgraph {}: microaot compiles a single "
                               "subgraph)",
                               builtin_name(code), called_subgraphs(op));
        return builtin_name(code);
    }

    std::vector<ir::TensorId> tensor_list(const NodeRef &where,
                                          const flatbuffers::Vector<int32_t> *ids,
                                          std::string_view role, bool optional_allowed) const {
        std::vector<ir::TensorId> out;
        if (!ids) return out;
        for (flatbuffers::uoffset_t k = 0; k < ids->size(); ++k) {
            int32_t id = ids->Get(k);
            if (optional_allowed && id == -1) {
                out.push_back(ir::kNoTensor);
                continue;
            }
            if (id < 0 || std::size_t(id) >= graph_.tensors.size())
                fail(where, fmt::format("{} {} refers to tensor {}, subgraph has {} tensors", role,
                                        k, id, graph_.tensors.size()));
            out.push_back(id);
        }
        return out;
    }

    // TFLite keeps a one-byte legacy code next to the 32-bit one; the real code is the larger.
    int32_t builtin_code(const NodeRef &where, const fb::Operator &op) const {
        const auto *codes = ctx_.model->operator_codes();
        std::size_t count = codes ? codes->size() : 0;
        if (op.opcode_index() >= count)
            fail(where, fmt::format("opcode index {} out of range (model has {} operator codes)",
                                    op.opcode_index(), count));
        const fb::OperatorCode *oc = codes->Get(op.opcode_index());
        if (!oc) fail(where, fmt::format("operator code {} is missing", op.opcode_index()));
        return std::max<int32_t>(oc->deprecated_builtin_code(), oc->builtin_code());
    }

    const ImportContext &ctx_;
    ir::Graph &graph_;
};

// A tensor whose quantization metadata did not fit its shape was imported without it; that is
// only acceptable where no kernel reads it (TFLite Micro ignores a bias's quantization, and some
// converters write per-channel bias metadata with an out-of-range quantized_dimension).
void check_dropped_quantization(const ImportContext &ctx, const ir::Graph &graph) {
    if (ctx.bad_quantization.empty()) return;
    std::map<ir::TensorId, bool> only_unused_reads;
    for (const auto &[id, message] : ctx.bad_quantization)
        only_unused_reads[id] = true;
    for (const ir::Node &n : graph.nodes) {
        const ir::OpDef &def = ir::op_def(n.kind);
        for (std::size_t i = 0; i < n.inputs.size(); ++i) {
            auto it = only_unused_reads.find(n.inputs[i]);
            if (it == only_unused_reads.end()) continue;
            const ir::OperandDef *slot = def.input_def(i);
            if (!slot || !slot->quant_unused()) it->second = false;
        }
        for (ir::TensorId y : n.outputs)
            if (auto it = only_unused_reads.find(y); it != only_unused_reads.end())
                it->second = false;
    }
    for (ir::TensorId id : graph.inputs)
        only_unused_reads[id] = false;
    for (ir::TensorId id : graph.outputs)
        only_unused_reads[id] = false;
    for (const auto &[id, message] : ctx.bad_quantization)
        if (!only_unused_reads[id]) throw CompileError(message);
}

} // namespace

void import_operators(const ImportContext &ctx, ir::Graph &graph) {
    OperatorImporter(ctx, graph).run();
    check_dropped_quantization(ctx, graph);
}

} // namespace microaot::tflite
