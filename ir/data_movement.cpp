// Rules, copy plans and host evaluation of the element-moving operators (see data_movement.h).
#include "ir/data_movement.h"

#include "ir/error.h"
#include "ir/rule_checks.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace microaot::ir {
namespace {

using rules::fail;
using rules::require;

const Tensor &input_of(const Graph &g, const Node &n, std::size_t i) {
    return rules::required_input(g, n, i);
}

// Moving data keeps the element type and its quantization (TFLite Micro moves bytes; its int8
// CONCATENATION, PACK, ... refuse operands whose scale or zero point differ from the output's).
void require_same_elements(const Graph &g, const Node &n, const Tensor &x, const Tensor &y) {
    require(x.dtype == y.dtype && x.quant == y.quant, g, n,
            fmt::format("'{}' must have the dtype and quantization of '{}'", x.name, y.name));
}

void require_axis(const Graph &g, const Node &n, int axis, std::size_t rank) {
    require(axis >= 0 && std::size_t(axis) < rank, g, n,
            fmt::format("axis {} out of range for rank {}", axis, rank));
}

// A copy of all of `shape`, contiguous on both sides.
StridedCopy contiguous_copy(std::size_t input, std::size_t output, const Shape &shape) {
    StridedCopy c;
    c.input = input;
    c.output = output;
    c.dims = shape;
    c.in_strides = row_major_strides(shape);
    c.out_strides = c.in_strides;
    return c;
}

} // namespace

std::vector<int64_t> row_major_strides(const Shape &shape) {
    std::vector<int64_t> strides(shape.size(), 1);
    for (std::size_t d = shape.size(); d-- > 1;)
        strides[d - 1] = strides[d] * shape[d];
    return strides;
}

StridedCopy merge_dims(StridedCopy c) {
    StridedCopy m = c;
    m.dims.clear();
    m.in_strides.clear();
    m.out_strides.clear();
    for (std::size_t d = 0; d < c.dims.size(); ++d) {
        if (c.dims[d] == 0) { // nothing to copy at all
            m.dims = {0};
            m.in_strides = m.out_strides = {1};
            return m;
        }
        if (c.dims[d] == 1) continue;
        // The new inner dimension continues the previous one on both sides: one longer run.
        if (!m.dims.empty() && m.in_strides.back() == c.in_strides[d] * c.dims[d] &&
            m.out_strides.back() == c.out_strides[d] * c.dims[d]) {
            m.dims.back() *= c.dims[d];
            m.in_strides.back() = c.in_strides[d];
            m.out_strides.back() = c.out_strides[d];
            continue;
        }
        m.dims.push_back(c.dims[d]);
        m.in_strides.push_back(c.in_strides[d]);
        m.out_strides.push_back(c.out_strides[d]);
    }
    if (m.dims.empty()) m.dims = {1}, m.in_strides = {1}, m.out_strides = {1};
    return m;
}

std::optional<EvaluatedOutputs> evaluate_copies(const Graph &g, const Node &n, EvalInputs in,
                                                CopyPlan plan) {
    EvaluatedOutputs out;
    for (TensorId y : n.outputs)
        out.emplace_back(std::size_t(g.tensor(y).byte_size()), uint8_t(0));
    const std::size_t size = dtype_size(g.tensor(n.outputs[0]).dtype);
    for (const StridedCopy &c : plan(g, n)) {
        int64_t count = element_count(c.dims);
        std::span<const uint8_t> src = in[c.input];
        std::vector<uint8_t> &dst = out[c.output];
        for (int64_t i = 0; i < count; ++i) {
            int64_t from = c.in_offset, to = c.out_offset, rest = i;
            for (std::size_t d = c.dims.size(); d-- > 0;) {
                int64_t coord = rest % c.dims[d];
                rest /= c.dims[d];
                from += coord * c.in_strides[d];
                to += coord * c.out_strides[d];
            }
            for (std::size_t b = 0; b < size; ++b)
                dst.at(std::size_t(to) * size + b) = src[std::size_t(from) * size + b];
        }
    }
    return out;
}

// ---- CONCATENATION ---------------------------------------------------------------------------

void verify_concatenation(const Graph &g, const Node &n) {
    const Tensor &y = g.tensor(n.outputs[0]);
    int axis = n.attr<AxisAttrs>().axis;
    require_axis(g, n, axis, y.shape.size());
    int64_t total = 0;
    for (std::size_t i = 0; i < n.inputs.size(); ++i) {
        const Tensor &x = input_of(g, n, i);
        require_same_elements(g, n, x, y);
        bool fits = x.shape.size() == y.shape.size();
        for (std::size_t d = 0; fits && d < y.shape.size(); ++d)
            fits = int(d) == axis || x.shape[d] == y.shape[d];
        require(fits, g, n,
                fmt::format("input '{}' {} differs from output {} off axis {}", x.name,
                            shape_str(x.shape), shape_str(y.shape), axis));
        total += x.shape[std::size_t(axis)];
    }
    require(total == y.shape[std::size_t(axis)], g, n,
            fmt::format("inputs give {} along axis {}, the output has {}", total, axis,
                        y.shape[std::size_t(axis)]));
}

// Input k fills the block of the output that starts after inputs 0..k-1 along the axis.
std::vector<StridedCopy> concatenation_copies(const Graph &g, const Node &n) {
    const Tensor &y = g.tensor(n.outputs[0]);
    std::size_t axis = std::size_t(n.attr<AxisAttrs>().axis);
    std::vector<int64_t> out_strides = row_major_strides(y.shape);
    std::vector<StridedCopy> copies;
    int64_t start = 0;
    for (std::size_t k = 0; k < n.inputs.size(); ++k) {
        const Shape &shape = g.tensor(n.inputs[k]).shape;
        StridedCopy c = contiguous_copy(k, 0, shape);
        c.out_strides = out_strides;
        c.out_offset = start * out_strides[axis];
        start += shape[axis];
        copies.push_back(std::move(c));
    }
    return copies;
}

namespace {

// PACK, UNPACK, TRANSPOSE, slices, ... copy bytes whatever the quantization says (TFLite
// Micro's kernels do not look at it): only the element type must agree.
void require_same_dtype(const Graph &g, const Node &n, const Tensor &x, const Tensor &y) {
    require(x.dtype == y.dtype, g, n,
            fmt::format("'{}' must have the dtype of '{}' ({}, is {})", x.name, y.name,
                        dtype_name(y.dtype), dtype_name(x.dtype)));
}

// ---- PACK, UNPACK -----------------------------------------------------------------------------

// `shape` without axis `axis`.
Shape without_axis(const Shape &shape, std::size_t axis) {
    Shape s = shape;
    s.erase(s.begin() + std::ptrdiff_t(axis));
    return s;
}

} // namespace

void verify_pack(const Graph &g, const Node &n) {
    const Tensor &y = g.tensor(n.outputs[0]);
    int axis = n.attr<AxisAttrs>().axis;
    require_axis(g, n, axis, y.shape.size());
    Shape each = without_axis(y.shape, std::size_t(axis));
    require(y.shape[std::size_t(axis)] == int64_t(n.inputs.size()), g, n,
            fmt::format("output {} must have {} (the input count) along axis {}",
                        shape_str(y.shape), n.inputs.size(), axis));
    for (std::size_t i = 0; i < n.inputs.size(); ++i) {
        const Tensor &x = input_of(g, n, i);
        require_same_dtype(g, n, x, y);
        require(x.shape == each, g, n,
                fmt::format("input '{}' {} must be {}: the output without axis {}", x.name,
                            shape_str(x.shape), shape_str(each), axis));
    }
}

// Input k is the output's slice k along the axis.
std::vector<StridedCopy> pack_copies(const Graph &g, const Node &n) {
    const Tensor &y = g.tensor(n.outputs[0]);
    std::size_t axis = std::size_t(n.attr<AxisAttrs>().axis);
    std::vector<int64_t> strides = row_major_strides(y.shape);
    std::vector<StridedCopy> copies;
    for (std::size_t k = 0; k < n.inputs.size(); ++k) {
        StridedCopy c = contiguous_copy(k, 0, g.tensor(n.inputs[k]).shape);
        c.out_strides = strides;
        c.out_strides.erase(c.out_strides.begin() + std::ptrdiff_t(axis));
        c.out_offset = int64_t(k) * strides[axis];
        copies.push_back(std::move(c));
    }
    return copies;
}

void verify_unpack(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0);
    int axis = n.attr<AxisAttrs>().axis;
    require_axis(g, n, axis, x.shape.size());
    Shape each = without_axis(x.shape, std::size_t(axis));
    require(x.shape[std::size_t(axis)] == int64_t(n.outputs.size()), g, n,
            fmt::format("input {} must have {} (the output count) along axis {}",
                        shape_str(x.shape), n.outputs.size(), axis));
    for (TensorId id : n.outputs) {
        const Tensor &y = g.tensor(id);
        require_same_dtype(g, n, x, y);
        require(y.shape == each, g, n,
                fmt::format("output '{}' {} must be {}: the input without axis {}", y.name,
                            shape_str(y.shape), shape_str(each), axis));
    }
}

// Output k is the input's slice k along the axis.
std::vector<StridedCopy> unpack_copies(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs[0]);
    std::size_t axis = std::size_t(n.attr<AxisAttrs>().axis);
    std::vector<int64_t> strides = row_major_strides(x.shape);
    std::vector<StridedCopy> copies;
    for (std::size_t k = 0; k < n.outputs.size(); ++k) {
        StridedCopy c = contiguous_copy(0, k, g.tensor(n.outputs[k]).shape);
        c.in_strides = strides;
        c.in_strides.erase(c.in_strides.begin() + std::ptrdiff_t(axis));
        c.in_offset = int64_t(k) * strides[axis];
        copies.push_back(std::move(c));
    }
    return copies;
}

// ---- TRANSPOSE --------------------------------------------------------------------------------

void verify_transpose(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0), &y = g.tensor(n.outputs[0]);
    const std::vector<int> &perm = n.attr<TransposeAttrs>().perm;
    require_same_dtype(g, n, x, y);
    std::vector<bool> seen(x.shape.size(), false);
    bool permutation = perm.size() == x.shape.size();
    for (std::size_t d = 0; permutation && d < perm.size(); ++d) {
        permutation = perm[d] >= 0 && std::size_t(perm[d]) < seen.size() && !seen[perm[d]];
        if (permutation) seen[std::size_t(perm[d])] = true;
    }
    require(permutation, g, n,
            fmt::format("perm [{}] is not a permutation of the {} input axes", fmt::join(perm, ","),
                        x.shape.size()));
    Shape expected;
    for (int p : perm)
        expected.push_back(x.shape[std::size_t(p)]);
    require(y.shape == expected, g, n,
            fmt::format("output {} should be {} (input {} permuted)", shape_str(y.shape),
                        shape_str(expected), shape_str(x.shape)));
}

// Output axis d walks input axis perm[d].
std::vector<StridedCopy> transpose_copies(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    std::vector<int64_t> in = row_major_strides(x.shape);
    StridedCopy c = contiguous_copy(0, 0, y.shape);
    for (std::size_t d = 0; d < y.shape.size(); ++d)
        c.in_strides[d] = in[std::size_t(n.attr<TransposeAttrs>().perm[d])];
    return {c};
}

// ---- STRIDED_SLICE (TFLite STRIDED_SLICE and SLICE) ---------------------------------------------

void verify_strided_slice(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<SliceAttrs>();
    std::size_t rank = x.shape.size();
    require_same_dtype(g, n, x, y);
    require(a.begin.size() == rank && a.stride.size() == rank && a.size.size() == rank, g, n,
            fmt::format("begin, stride and size must have {} entries (the input rank)", rank));
    for (std::size_t d = 0; d < rank; ++d) {
        int64_t dim = x.shape[d], begin = a.begin[d], stride = a.stride[d], size = a.size[d];
        require(stride != 0 && size >= 0, g, n,
                fmt::format("axis {}: stride {} and size {} (stride non-zero, size >= 0)", d,
                            stride, size));
        if (size == 0) continue;
        int64_t last = begin + (size - 1) * stride; // no overflow: |stride|, size < 2^31
        require(begin >= 0 && begin < dim && last >= 0 && last < dim, g, n,
                fmt::format("axis {}: elements {} to {} (step {}) leave the input's {}", d, begin,
                            last, stride, dim));
    }
    // The output is the selected block with size-1 axes dropped or added (shrink masks).
    auto without_ones = [](const Shape &s) {
        Shape r;
        for (int64_t v : s)
            if (v != 1) r.push_back(v);
        return r;
    };
    Shape block(a.size.begin(), a.size.end());
    require(without_ones(y.shape) == without_ones(block), g, n,
            fmt::format("output {} does not hold the selected block {}", shape_str(y.shape),
                        shape_str(block)));
}

std::vector<StridedCopy> strided_slice_copies(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs[0]);
    const auto &a = n.attr<SliceAttrs>();
    Shape block(a.size.begin(), a.size.end());
    std::vector<int64_t> in = row_major_strides(x.shape);
    StridedCopy c = contiguous_copy(0, 0, block);
    for (std::size_t d = 0; d < block.size(); ++d) {
        c.in_strides[d] = in[d] * a.stride[d];
        c.in_offset += in[d] * a.begin[d];
    }
    return {c};
}

// ---- BROADCAST_TO -------------------------------------------------------------------------------

void verify_broadcast_to(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0), &y = g.tensor(n.outputs[0]);
    require_same_dtype(g, n, x, y);
    bool fits = x.shape.size() <= y.shape.size();
    std::size_t skip = fits ? y.shape.size() - x.shape.size() : 0;
    for (std::size_t d = 0; fits && d < x.shape.size(); ++d)
        fits = x.shape[d] == 1 || x.shape[d] == y.shape[skip + d];
    require(
        fits, g, n,
        fmt::format("input {} does not broadcast to {}", shape_str(x.shape), shape_str(y.shape)));
}

// Broadcast axes (missing or of size 1 in the input) read the same element: stride 0.
std::vector<StridedCopy> broadcast_to_copies(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    std::vector<int64_t> in = row_major_strides(x.shape);
    StridedCopy c = contiguous_copy(0, 0, y.shape);
    std::size_t skip = y.shape.size() - x.shape.size();
    for (std::size_t d = 0; d < y.shape.size(); ++d)
        c.in_strides[d] = d < skip || x.shape[d - skip] == 1 ? 0 : in[d - skip];
    return {c};
}

// ---- SPACE_TO_DEPTH, DEPTH_TO_SPACE
// --------------------------------------------------------------

// SPACE_TO_DEPTH: [N, H, W, C] -> [N, H/b, W/b, b*b*C]; DEPTH_TO_SPACE the inverse (TensorFlow's
// DCR order: depth index (by * b + bx) * C' + c).
void verify_space_depth(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0), &y = g.tensor(n.outputs[0]);
    int64_t b = n.attr<BlockAttrs>().block_size;
    require_same_dtype(g, n, x, y);
    require(x.shape.size() == 4 && y.shape.size() == 4, g, n, "input and output must have rank 4");
    require(b >= 1 && b <= (int64_t(1) << 15), g, n,
            fmt::format("block size {} must be in [1, 32768]", b));
    bool to_depth = n.kind == OpKind::SpaceToDepth;
    const Tensor &space = to_depth ? x : y, &depth = to_depth ? y : x;
    Shape expected = {space.shape[0], space.shape[1] / b, space.shape[2] / b,
                      space.shape[3] * b * b};
    require(space.shape[1] % b == 0 && space.shape[2] % b == 0 && depth.shape == expected, g, n,
            fmt::format("{} {} and {} {} do not differ by block size {}",
                        to_depth ? "input" : "output", shape_str(space.shape),
                        to_depth ? "output" : "input", shape_str(depth.shape), b));
}

// Both walk the space tensor as [N, H/b, b, W/b, b, C] and the depth tensor as
// [N, H/b, W/b, b, b, C] (the same elements).
std::vector<StridedCopy> space_depth_copies(const Graph &g, const Node &n) {
    bool to_depth = n.kind == OpKind::SpaceToDepth;
    const Tensor &space = g.tensor(to_depth ? n.inputs[0] : n.outputs[0]);
    const int64_t b = n.attr<BlockAttrs>().block_size;
    const int64_t N = space.shape[0], H = space.shape[1] / b, W = space.shape[2] / b,
                  C = space.shape[3];
    // Space strides of (n, h, by, w, bx, c), then depth strides of the same coordinates.
    std::vector<int64_t> space_strides = {H * b * W * b * C, b * W * b * C, W * b * C, b * C, C, 1};
    std::vector<int64_t> depth_strides = {H * W * b * b * C, W * b * b * C, b * C, b * b * C, C, 1};
    StridedCopy c;
    c.dims = {N, H, b, W, b, C};
    c.in_strides = to_depth ? space_strides : depth_strides;
    c.out_strides = to_depth ? depth_strides : space_strides;
    return {c};
}

// ---- GATHER ---------------------------------------------------------------------------------

void verify_gather(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0), &idx = input_of(g, n, 1), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<GatherAttrs>();
    require_same_dtype(g, n, x, y);
    require(idx.dtype == DType::Int32, g, n,
            fmt::format("indices '{}' must be int32, are {}", idx.name, dtype_name(idx.dtype)));
    require_axis(g, n, a.axis, x.shape.size());
    require(a.batch_dims >= 0 && a.batch_dims <= a.axis &&
                std::size_t(a.batch_dims) <= idx.shape.size(),
            g, n,
            fmt::format("batch_dims {} must be in [0, {}] (the axis and the indices' rank)",
                        a.batch_dims,
                        std::min<std::size_t>(std::size_t(a.axis), idx.shape.size())));
    Shape expected(x.shape.begin(), x.shape.begin() + a.axis);
    for (std::size_t d = 0; d < std::size_t(a.batch_dims); ++d)
        require(idx.shape[d] == x.shape[d], g, n,
                fmt::format("indices {} and input {} differ in batch axis {}", shape_str(idx.shape),
                            shape_str(x.shape), d));
    expected.insert(expected.end(), idx.shape.begin() + a.batch_dims, idx.shape.end());
    expected.insert(expected.end(), x.shape.begin() + a.axis + 1, x.shape.end());
    require(y.shape == expected, g, n,
            fmt::format("output {} should be {}", shape_str(y.shape), shape_str(expected)));
    require(x.shape[std::size_t(a.axis)] > 0 || element_count(idx.shape) == 0, g, n,
            "cannot gather from an empty axis");
}

GatherSizes gather_sizes(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs[0]), &idx = g.tensor(n.inputs[1]);
    const auto &a = n.attr<GatherAttrs>();
    GatherSizes s;
    for (std::size_t d = 0; d < x.shape.size(); ++d) {
        int64_t dim = x.shape[d];
        if (int(d) < a.batch_dims)
            s.batches *= dim;
        else if (int(d) < a.axis)
            s.outer *= dim;
        else if (int(d) == a.axis)
            s.axis = dim;
        else
            s.inner *= dim;
    }
    for (std::size_t d = std::size_t(a.batch_dims); d < idx.shape.size(); ++d)
        s.coords *= idx.shape[d];
    return s;
}

// TFLite Micro's Gather; an index outside [0, axis) (undefined there) gives zeros, as mao_gather.
std::optional<EvaluatedOutputs> evaluate_gather(const Graph &g, const Node &n, EvalInputs in,
                                                std::string &) {
    GatherSizes s = gather_sizes(g, n);
    const std::size_t row = std::size_t(s.inner) * dtype_size(g.tensor(n.inputs[0]).dtype);
    std::vector<uint8_t> out(std::size_t(g.tensor(n.outputs[0]).byte_size()), 0);
    std::size_t at = 0;
    for (int64_t b = 0; b < s.batches; ++b)
        for (int64_t o = 0; o < s.outer; ++o)
            for (int64_t c = 0; c < s.coords; ++c, at += row) {
                int32_t index;
                std::memcpy(&index, in[1].data() + std::size_t(b * s.coords + c) * 4, 4);
                if (index < 0 || index >= s.axis) continue;
                std::size_t from = std::size_t((b * s.outer + o) * s.axis + index) * row;
                std::copy_n(in[0].begin() + std::ptrdiff_t(from), row,
                            out.begin() + std::ptrdiff_t(at));
            }
    return EvaluatedOutputs{std::move(out)};
}

// ---- ARG_MAX, ARG_MIN -------------------------------------------------------------------------

// int8 or float32 in, int32 indices out (TFLite Micro's only output type), the axis removed.
void verify_arg_min_max(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0), &y = g.tensor(n.outputs[0]);
    int axis = n.attr<AxisAttrs>().axis;
    require(x.dtype == DType::Int8 || x.dtype == DType::Float32, g, n,
            fmt::format("input '{}' must be int8 or float32, is {}", x.name, dtype_name(x.dtype)));
    require(y.dtype == DType::Int32, g, n,
            fmt::format("output must be int32, is {}", dtype_name(y.dtype)));
    require_axis(g, n, axis, x.shape.size());
    require(x.shape[std::size_t(axis)] > 0, g, n, fmt::format("axis {} is empty", axis));
    Shape expected = without_axis(x.shape, std::size_t(axis));
    require(y.shape == expected, g, n,
            fmt::format("output {} should be {}", shape_str(y.shape), shape_str(expected)));
}

ArgSizes arg_sizes(const Graph &g, const Node &n) {
    const Shape &shape = g.tensor(n.inputs[0]).shape;
    int axis = n.attr<AxisAttrs>().axis;
    ArgSizes s;
    for (std::size_t d = 0; d < shape.size(); ++d)
        (int(d) < axis ? s.outer : int(d) == axis ? s.axis : s.inner) *= shape[d];
    return s;
}

namespace {

// TFLite's ArgMinMax: the first index whose value compares strictly better than every earlier
// one (ties keep the first; a float NaN never wins, nor is it replaced when first).
template <class T>
std::vector<int32_t> arg_indices(std::span<const uint8_t> bytes, const ArgSizes &s, bool max) {
    std::vector<T> x(bytes.size() / sizeof(T));
    if (!x.empty()) std::memcpy(x.data(), bytes.data(), x.size() * sizeof(T));
    std::vector<int32_t> out;
    for (int64_t o = 0; o < s.outer; ++o)
        for (int64_t i = 0; i < s.inner; ++i) {
            T best = x[std::size_t(o * s.axis * s.inner + i)];
            int32_t index = 0;
            for (int64_t a = 1; a < s.axis; ++a) {
                T v = x[std::size_t((o * s.axis + a) * s.inner + i)];
                if (max ? v > best : v < best) best = v, index = int32_t(a);
            }
            out.push_back(index);
        }
    return out;
}

} // namespace

std::optional<EvaluatedOutputs> evaluate_arg_min_max(const Graph &g, const Node &n, EvalInputs in,
                                                     std::string &) {
    ArgSizes s = arg_sizes(g, n);
    bool max = n.kind == OpKind::ArgMax;
    std::vector<int32_t> idx = g.tensor(n.inputs[0]).dtype == DType::Int8
                                   ? arg_indices<int8_t>(in[0], s, max)
                                   : arg_indices<float>(in[0], s, max);
    std::vector<uint8_t> out(idx.size() * 4);
    if (!idx.empty()) std::memcpy(out.data(), idx.data(), out.size());
    return EvaluatedOutputs{std::move(out)};
}

// ---- MIRROR_PAD ---------------------------------------------------------------------------------

std::vector<StridedCopy> mirror_pad_copies(const Graph &g, const Node &n) {
    const Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<PadAttrs>();
    // REFLECT leaves the edge element out of the mirror, SYMMETRIC repeats it (TFLite's offset).
    const int64_t edge = a.mode == PadMode::Reflect ? 0 : 1;
    std::vector<int64_t> in = row_major_strides(x.shape), out = row_major_strides(y.shape);
    // Per axis, the non-empty regions: {count, first input index, input step, first output index}.
    struct Region {
        int64_t count, in_start, step, out_start;
    };
    std::vector<std::vector<Region>> regions(x.shape.size());
    for (std::size_t d = 0; d < x.shape.size(); ++d) {
        int64_t size = x.shape[d], before = a.before[d], after = a.after[d];
        if (before > 0) regions[d].push_back({before, before - edge, -1, 0});
        regions[d].push_back({size, 0, 1, before});
        if (after > 0) regions[d].push_back({after, size - 2 + edge, -1, before + size});
    }
    std::vector<StridedCopy> copies;
    std::vector<std::size_t> pick(x.shape.size(), 0);
    while (true) {
        StridedCopy c;
        for (std::size_t d = 0; d < pick.size(); ++d) {
            const Region &r = regions[d][pick[d]];
            c.dims.push_back(r.count);
            c.in_strides.push_back(r.step * in[d]);
            c.out_strides.push_back(out[d]);
            c.in_offset += r.in_start * in[d];
            c.out_offset += r.out_start * out[d];
        }
        copies.push_back(std::move(c));
        std::size_t d = pick.size();
        while (d > 0 && ++pick[d - 1] == regions[d - 1].size())
            pick[--d] = 0;
        if (d == 0) break;
    }
    return copies;
}

// ---- RESIZE_NEAREST_NEIGHBOR --------------------------------------------------------------------

// NHWC in and out, batch and channels kept; TFLite Micro's element types.
void verify_resize(const Graph &g, const Node &n) {
    const Tensor &x = input_of(g, n, 0), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<ResizeAttrs>();
    require_same_dtype(g, n, x, y);
    require(x.shape.size() == 4 && y.shape.size() == 4, g, n, "input and output must have rank 4");
    require(x.shape[0] == y.shape[0] && x.shape[3] == y.shape[3], g, n,
            fmt::format("output {} must keep the batch and channels of input {}",
                        shape_str(y.shape), shape_str(x.shape)));
    require(x.shape[1] > 0 && x.shape[2] > 0 && y.shape[1] > 0 && y.shape[2] > 0, g, n,
            "sizes must be positive");
    // TFLite Micro's bilinear kernels: float and int8 only.
    require(n.kind != OpKind::ResizeBilinear || x.dtype == DType::Int8 || x.dtype == DType::Float32,
            g, n,
            fmt::format("input '{}' must be int8 or float32, is {}", x.name, dtype_name(x.dtype)));
    require(!(a.align_corners && a.half_pixel_centers), g, n,
            "align_corners and half_pixel_centers exclude each other");
}

std::vector<int32_t> nearest_sources(int64_t in_size, int64_t out_size, const ResizeAttrs &a) {
    const int32_t in = int32_t(in_size), out = int32_t(out_size);
    const float scale =
        a.align_corners && out > 1 ? float(in - 1) / float(out - 1) : float(in) / float(out);
    const float offset = a.half_pixel_centers ? 0.5f : 0.0f;
    std::vector<int32_t> sources;
    for (int32_t o = 0; o < out; ++o) {
        const float at = (float(o) + offset) * scale;
        int32_t s = std::min(int32_t(a.align_corners ? std::round(at) : std::floor(at)), in - 1);
        if (a.half_pixel_centers) s = std::max<int32_t>(0, s);
        sources.push_back(s);
    }
    return sources;
}

std::optional<EvaluatedOutputs> evaluate_resize_nearest(const Graph &g, const Node &n,
                                                        EvalInputs in, std::string &) {
    const Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<ResizeAttrs>();
    std::vector<int32_t> rows = nearest_sources(x.shape[1], y.shape[1], a);
    std::vector<int32_t> cols = nearest_sources(x.shape[2], y.shape[2], a);
    const std::size_t pixel = std::size_t(x.shape[3]) * dtype_size(x.dtype);
    std::vector<uint8_t> out;
    out.reserve(std::size_t(y.byte_size()));
    for (int64_t b = 0; b < y.shape[0]; ++b)
        for (int32_t r : rows)
            for (int32_t c : cols) {
                std::size_t from = std::size_t((b * x.shape[1] + r) * x.shape[2] + c) * pixel;
                out.insert(out.end(), in[0].begin() + std::ptrdiff_t(from),
                           in[0].begin() + std::ptrdiff_t(from + pixel));
            }
    return EvaluatedOutputs{std::move(out)};
}

// ---- RESIZE_BILINEAR ----------------------------------------------------------------------------

BilinearTaps bilinear_taps(int64_t in_size, int64_t out_size, const ResizeAttrs &a, bool integer) {
    const int32_t in = int32_t(in_size), out = int32_t(out_size);
    const bool corners = a.align_corners && out > 1;
    BilinearTaps t;
    for (int32_t o = 0; o < out; ++o) {
        if (!integer) { // ComputeInterpolationValues
            const float scale = corners ? float(in - 1) / float(out - 1) : float(in) / float(out);
            float at = a.half_pixel_centers ? (float(o) + 0.5f) * scale - 0.5f : float(o) * scale;
            int32_t lower = std::max(int32_t(std::floor(at)), int32_t(0));
            t.lower.push_back(lower);
            t.upper.push_back(std::min(int32_t(std::ceil(at)), in - 1));
            t.weight.push_back(at - float(lower));
            continue;
        }
        // ComputeInterpolationValuesInteger, the scale rounded to 1/1024.
        const int32_t scale = corners ? ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1)
                                      : ((1 << 10) * in + out / 2) / out;
        int32_t at = a.half_pixel_centers ? o * scale + scale / 2 - (1 << 9) : o * scale;
        int32_t lower = std::max(at / (1 << 10), int32_t(0));
        t.lower.push_back(lower);
        t.upper.push_back(std::min((at + (1 << 10) - 1) / (1 << 10), in - 1));
        t.weight_1024.push_back(at - (1 << 10) * lower);
    }
    return t;
}

namespace {

// Output pixel (b, y, x, c) of TFLite's ResizeBilinear (float) or ResizeBilinearInteger.
template <class T>
std::vector<uint8_t> bilinear(const Shape &xs, const Shape &ys, std::span<const uint8_t> bytes,
                              const ResizeAttrs &a) {
    std::vector<T> x(bytes.size() / sizeof(T));
    if (!x.empty()) std::memcpy(x.data(), bytes.data(), x.size() * sizeof(T));
    const bool integer = std::is_same_v<T, int8_t>;
    BilinearTaps rows = bilinear_taps(xs[1], ys[1], a, integer);
    BilinearTaps cols = bilinear_taps(xs[2], ys[2], a, integer);
    const int64_t H = xs[1], W = xs[2], C = xs[3];
    std::vector<T> y;
    for (int64_t b = 0; b < ys[0]; ++b)
        for (std::size_t r = 0; r < std::size_t(ys[1]); ++r)
            for (std::size_t q = 0; q < std::size_t(ys[2]); ++q) {
                auto at = [&](int32_t row, int32_t col, int64_t c) {
                    return x[std::size_t(((b * H + row) * W + col) * C + c)];
                };
                for (int64_t c = 0; c < C; ++c) {
                    T v00 = at(rows.lower[r], cols.lower[q], c);
                    T v10 = at(rows.upper[r], cols.lower[q], c);
                    T v01 = at(rows.lower[r], cols.upper[q], c);
                    T v11 = at(rows.upper[r], cols.upper[q], c);
                    if constexpr (std::is_same_v<T, float>) {
                        float dy = rows.weight[r], dx = cols.weight[q];
                        y.push_back(v00 * (1 - dy) * (1 - dx) + v10 * dy * (1 - dx) +
                                    v01 * (1 - dy) * dx + v11 * dy * dx + 0.0f);
                    } else {
                        int64_t dy = rows.weight_1024[r], dx = cols.weight_1024[q];
                        int64_t sum = int64_t(v00) * (1024 - dy) * (1024 - dx) +
                                      int64_t(v10) * dy * (1024 - dx) +
                                      int64_t(v01) * (1024 - dy) * dx + int64_t(v11) * dy * dx;
                        int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);
                        y.push_back(T((sum + round) / (1 << 20)));
                    }
                }
            }
    std::vector<uint8_t> out(y.size() * sizeof(T));
    if (!y.empty()) std::memcpy(out.data(), y.data(), out.size());
    return out;
}

} // namespace

std::optional<EvaluatedOutputs> evaluate_resize_bilinear(const Graph &g, const Node &n,
                                                         EvalInputs in, std::string &) {
    const Tensor &x = g.tensor(n.inputs[0]), &y = g.tensor(n.outputs[0]);
    const auto &a = n.attr<ResizeAttrs>();
    if (x.dtype == DType::Int8)
        return EvaluatedOutputs{bilinear<int8_t>(x.shape, y.shape, in[0], a)};
    return EvaluatedOutputs{bilinear<float>(x.shape, y.shape, in[0], a)};
}

} // namespace microaot::ir
