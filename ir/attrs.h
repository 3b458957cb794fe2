// Operator kinds and the typed attributes a node carries. Which attrs type belongs to which kind
// is part of each operator's record (ir/ops.cpp); the verifier checks that a node's attrs match.
//
// Layout invariant: 4-D spatial operators (convolutions, pooling, resizing, depth/space moves)
// read and write NHWC tensors; filters are OHWI (conv), 1HW(C*M) (depthwise) and OHWI (transpose
// conv). Frontends of other layouts (ONNX's NCHW) convert once, at import.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

namespace microaot::ir {

// To add an operator: a kind here (anywhere: the registry table follows this order and a
// static_assert checks it), an attrs struct below if none fits, and its record in ir/ops.cpp.
enum class OpKind {
    Conv2D,
    DepthwiseConv2D,
    FullyConnected,
    AveragePool2D,
    MaxPool2D,
    Softmax,
    Add,
    Reshape,
    Relu,
    Relu6,
    Split,
    Mean,
    Pad,
    Quantize,
    Dequantize,
    // Activations and unary math (element-wise, one input)
    Logistic,
    Tanh,
    HardSwish,
    LeakyRelu,
    ReluN1To1,
    Elu,
    Abs,
    Neg,
    Sqrt,
    Rsqrt,
    Exp,
    Log,
    Cast,
    // ops-binary group
    Mul,
    Sub,
    SquaredDifference,
    Maximum,
    Minimum,
    Sum,
    ReduceMax,
    Prelu,
    Div,
    // Data movement, shape and indexing (ops-shape group)
    Concatenation,
    Pack,
    Unpack,
    Transpose,
    StridedSlice,
    BroadcastTo,
    SpaceToDepth,
    DepthToSpace,
    Gather,
    ArgMax,
    ArgMin,
    ResizeNearestNeighbor,
    ResizeBilinear,
    TransposeConv2D,
    // Matrix products and normalization (ops-matmul group)
    BatchMatMul,
    L2Normalization,
    // ops-shape2 group: views and shape queries
    Squeeze,
    ExpandDims,
    Shape,
    ZerosLike,
};
inline constexpr std::size_t kOpKindCount = std::size_t(OpKind::ZerosLike) + 1;

enum class Activation { None, Relu, Relu6, ReluN1To1 };

// The sliding window of a convolution or pooling operator, with explicit padding. Pads before
// (top/left) and after (bottom/right) may differ; the output size along an axis is
// (in + pad_before + pad_after - ((kernel - 1) * dilation + 1)) / stride + 1.
struct Window2D {
    int kernel_h = 1, kernel_w = 1; // pooling window; for convolutions it equals the filter's
    int stride_h = 1, stride_w = 1;
    int dilation_h = 1, dilation_w = 1;
    int pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
    bool operator==(const Window2D &) const = default;
};

// CONV_2D; TRANSPOSE_CONV too: its window is the filter size and stride, pad_top/pad_left the
// rows/columns dropped at the start of the full (in - 1) * stride + kernel result, the output
// tensor's size says where it ends (pad_bottom/pad_right 0, dilation 1).
struct Conv2DAttrs {
    Window2D window;
    Activation activation = Activation::None;
    bool operator==(const Conv2DAttrs &) const = default;
};
struct DepthwiseConv2DAttrs {
    Window2D window;
    int depth_multiplier = 1;
    Activation activation = Activation::None;
    bool operator==(const DepthwiseConv2DAttrs &) const = default;
};
struct FullyConnectedAttrs {
    Activation activation = Activation::None;
    bool keep_num_dims = false;
    // hybrid group: float input quantized asymmetrically per row (int8 weights, float input)
    bool asymmetric_quantize_inputs = false;
    bool operator==(const FullyConnectedAttrs &) const = default;
};
struct Pool2DAttrs {
    Window2D window;
    Activation activation = Activation::None;
    bool operator==(const Pool2DAttrs &) const = default;
};
// Normalises over one axis (negative: counted from the end).
struct SoftmaxAttrs {
    float beta = 1.0f;
    int axis = -1;
    bool operator==(const SoftmaxAttrs &) const = default;
};
// Element-wise binary operators (broadcasting) with an optional fused activation.
struct BinaryAttrs {
    Activation activation = Activation::None;
    bool operator==(const BinaryAttrs &) const = default;
};
// Cuts the input along `axis` (in [0, rank)) into the outputs, in order; each output's size along
// the axis is its own shape's (TFLite SPLIT and SPLIT_V, ONNX Split).
struct SplitAttrs {
    int axis = 0;
    bool operator==(const SplitAttrs &) const = default;
};
// Reduces the input over `axes` (in [0, rank), ascending, no repeats; empty: nothing is
// reduced). keep_dims keeps each reduced axis as size 1; otherwise it is removed.
struct ReduceAttrs {
    std::vector<int> axes;
    bool keep_dims = false;
    bool operator==(const ReduceAttrs &) const = default;
};
// PAD: `before[d]` and `after[d]` elements (>= 0) around every input axis d. Constant mode writes
// the value input (or zero: the output zero point when quantized); REFLECT mirrors without the
// edge element, SYMMETRIC with it (TFLite MIRROR_PAD, ONNX Pad reflect).
enum class PadMode { Constant, Reflect, Symmetric };
struct PadAttrs {
    std::vector<int64_t> before, after;
    PadMode mode = PadMode::Constant;
    bool operator==(const PadAttrs &) const = default;
};
// Data movement, shape and indexing (ops-shape group).
// One axis in [0, rank) of the tensor the operator names: CONCATENATION's output (and inputs).
struct AxisAttrs {
    int axis = 0;
    bool operator==(const AxisAttrs &) const = default;
};
// TRANSPOSE: output axis d is input axis perm[d].
struct TransposeAttrs {
    std::vector<int> perm;
    bool operator==(const TransposeAttrs &) const = default;
};
// STRIDED_SLICE (TFLite STRIDED_SLICE and SLICE, masks resolved at import): per input axis,
// `size` elements from `begin` in steps of `stride` (non-zero, may be negative). The output holds
// that block with size-1 axes dropped or added (shrink_axis_mask).
struct SliceAttrs {
    std::vector<int64_t> begin, stride, size;
    bool operator==(const SliceAttrs &) const = default;
};
// SPACE_TO_DEPTH, DEPTH_TO_SPACE: blocks of block_size x block_size pixels.
struct BlockAttrs {
    int block_size = 1;
    bool operator==(const BlockAttrs &) const = default;
};
// GATHER: slices of the input along `axis` picked by int32 indices; the first `batch_dims`
// axes of input and indices are batch axes (both in [0, rank); batch_dims <= axis).
struct GatherAttrs {
    int axis = 0;
    int batch_dims = 0;
    bool operator==(const GatherAttrs &) const = default;
};
// RESIZE_NEAREST_NEIGHBOR (and, later, RESIZE_BILINEAR): NHWC, the output size is the output's
// shape; TFLite's coordinate options.
struct ResizeAttrs {
    bool align_corners = false;
    bool half_pixel_centers = false;
    bool operator==(const ResizeAttrs &) const = default;
};
struct NoAttrs {
    bool operator==(const NoAttrs &) const = default;
};
// LEAKY_RELU: x > 0 ? x : alpha * x.
struct LeakyReluAttrs {
    float alpha = 0.0f;
    bool operator==(const LeakyReluAttrs &) const = default;
};
// ops-matmul group. BATCH_MATMUL: output[..., m, n] = sum_k lhs[..., m, k] * rhs[..., k, n], with
// lhs read transposed in its last two axes when adj_x (rhs when adj_y); batch axes broadcast.
struct BatchMatMulAttrs {
    bool adj_x = false;
    bool adj_y = false;
    bool operator==(const BatchMatMulAttrs &) const = default;
};

using Attrs =
    std::variant<NoAttrs, Conv2DAttrs, DepthwiseConv2DAttrs, FullyConnectedAttrs, Pool2DAttrs,
                 SoftmaxAttrs, BinaryAttrs, SplitAttrs, ReduceAttrs, PadAttrs, LeakyReluAttrs,
                 // ops-shape group
                 AxisAttrs, TransposeAttrs, SliceAttrs, BlockAttrs, GatherAttrs, ResizeAttrs,
                 // ops-matmul group
                 BatchMatMulAttrs>;

// Index of T among the Attrs alternatives (compile-time), for the operator records.
template <class T, std::size_t I = 0> constexpr std::size_t attrs_index() {
    static_assert(I < std::variant_size_v<Attrs>, "not an Attrs alternative");
    if constexpr (std::is_same_v<std::variant_alternative_t<I, Attrs>, T>)
        return I;
    else
        return attrs_index<T, I + 1>();
}

} // namespace microaot::ir
