// Rules, MAC count and float evaluators of BATCH_MATMUL and L2_NORMALIZATION (see matmul.h).
#include "ir/matmul.h"

#include "ir/data_movement.h"
#include "ir/error.h"
#include "ir/rule_checks.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace microaot::ir {
namespace {

using rules::require;

// `shape` with leading 1s up to `rank` (TFLite's RuntimeShape::ExtendedShape).
Shape extended(const Shape &shape, std::size_t rank) {
    Shape out(rank - shape.size(), 1);
    out.insert(out.end(), shape.begin(), shape.end());
    return out;
}

void require_quantizable(const Graph &g, const Node &n, const Tensor &t) {
    require(t.dtype == DType::Int8 || t.dtype == DType::Float32, g, n,
            fmt::format("'{}' must be int8 or float32, is {}", t.name, dtype_name(t.dtype)));
    if (t.dtype == DType::Int8)
        require(!t.quant.empty() && !t.quant.per_channel() && t.quant.zero_point.size() == 1, g, n,
                fmt::format("quantized tensor '{}' needs per-tensor quantization", t.name));
}

bool float_operator(const Graph &g, const Node &n, std::string &why_not) {
    if (g.tensor(n.outputs[0]).dtype == DType::Float32) return true;
    why_not = fmt::format("int8 {} is not evaluated on the host (the kernel's rounding is the "
                          "runtime's)",
                          op_name(n.kind));
    return false;
}

// An int8 kernel sums `count` products of two values |v - zp| <= 128 + |zp| in int32: the bound
// must fit for every input (otherwise the generated C would overflow for some).
void require_int32_sum(const Graph &g, const Node &n, int64_t count, int64_t zp_a, int64_t zp_b) {
    const int64_t per_term = (128 + std::abs(zp_a)) * (128 + std::abs(zp_b));
    require(count <= INT32_MAX / per_term, g, n,
            fmt::format("the int32 accumulator can reach {} ({} products): it does not fit",
                        count * per_term, count));
}

} // namespace

// ---- BATCH_MATMUL ---------------------------------------------------------------------------

void verify_batch_matmul(const Graph &g, const Node &n) {
    const Tensor &a = rules::required_input(g, n, 0), &b = rules::required_input(g, n, 1);
    const Tensor &y = g.tensor(n.outputs[0]);
    for (const Tensor *t : {&a, &b, &y})
        require_quantizable(g, n, *t);
    require(a.dtype == b.dtype && a.dtype == y.dtype, g, n,
            fmt::format("operands and output must have one dtype, are {}, {} -> {}",
                        dtype_name(a.dtype), dtype_name(b.dtype), dtype_name(y.dtype)));
    for (const Tensor *t : {&a, &b})
        require(t->shape.size() >= 2 && t->shape.size() <= 5, g, n,
                fmt::format("operand '{}' {} must have rank 2 to 5", t->name, shape_str(t->shape)));
    const auto &attrs = n.attr<BatchMatMulAttrs>();
    const std::size_t rank = std::max(a.shape.size(), b.shape.size());
    Shape xa = extended(a.shape, rank), xb = extended(b.shape, rank), expected;
    for (std::size_t d = 0; d + 2 < rank; ++d) {
        require(xa[d] == xb[d] || xa[d] == 1 || xb[d] == 1, g, n,
                fmt::format("batch axes of {} and {} do not broadcast", shape_str(a.shape),
                            shape_str(b.shape)));
        expected.push_back(xa[d] == 1 ? xb[d] : xa[d]);
    }
    const int64_t rows = attrs.adj_x ? xa[rank - 1] : xa[rank - 2];
    const int64_t depth_a = attrs.adj_x ? xa[rank - 2] : xa[rank - 1];
    const int64_t depth_b = attrs.adj_y ? xb[rank - 1] : xb[rank - 2];
    const int64_t cols = attrs.adj_y ? xb[rank - 2] : xb[rank - 1];
    require(depth_a == depth_b, g, n,
            fmt::format("depths differ: {} (lhs {}{}) and {} (rhs {}{})", depth_a,
                        shape_str(a.shape), attrs.adj_x ? " adjoint" : "", depth_b,
                        shape_str(b.shape), attrs.adj_y ? " adjoint" : ""));
    expected.push_back(rows);
    expected.push_back(cols);
    require(y.shape == expected, g, n,
            fmt::format("output shape {} should be {}", shape_str(y.shape), shape_str(expected)));
    if (a.dtype == DType::Int8)
        require_int32_sum(g, n, depth_a, a.quant.zero_point[0], b.quant.zero_point[0]);
}

MatMulLayout matmul_layout(const Graph &g, const Node &n) {
    const Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]);
    const auto &attrs = n.attr<BatchMatMulAttrs>();
    const std::size_t rank = std::max(a.shape.size(), b.shape.size());
    Shape xa = extended(a.shape, rank), xb = extended(b.shape, rank);
    std::vector<int64_t> sa = row_major_strides(xa), sb = row_major_strides(xb);
    MatMulLayout l;
    for (std::size_t d = 0; d + 2 < rank; ++d) {
        l.batch_dims.push_back(std::max(xa[d], xb[d]));
        l.lhs_batch_strides.push_back(xa[d] == 1 ? 0 : sa[d]);
        l.rhs_batch_strides.push_back(xb[d] == 1 ? 0 : sb[d]);
    }
    const int64_t a_rows = xa[rank - 2], a_cols = xa[rank - 1];
    const int64_t b_rows = xb[rank - 2], b_cols = xb[rank - 1];
    // lhs is [rows][depth], or [depth][rows] read transposed (adj_x).
    l.rows = attrs.adj_x ? a_cols : a_rows;
    l.depth = attrs.adj_x ? a_rows : a_cols;
    l.lhs_row_stride = attrs.adj_x ? 1 : a_cols;
    l.lhs_depth_stride = attrs.adj_x ? a_cols : 1;
    // rhs is [depth][cols], or [cols][depth] read transposed (adj_y).
    l.cols = attrs.adj_y ? b_rows : b_cols;
    l.rhs_depth_stride = attrs.adj_y ? 1 : b_cols;
    l.rhs_col_stride = attrs.adj_y ? b_cols : 1;
    return l;
}

int64_t batch_matmul_macs(const Graph &g, const Node &n) {
    return element_count(g.tensor(n.outputs[0]).shape) * matmul_layout(g, n).depth;
}

// TFLite's reference BatchMatMul order: one float sum per output over increasing k.
std::optional<EvaluatedOutputs> evaluate_batch_matmul(const Graph &g, const Node &n, EvalInputs in,
                                                      std::string &why_not) {
    if (!float_operator(g, n, why_not)) return std::nullopt;
    const MatMulLayout l = matmul_layout(g, n);
    const std::vector<float> a = floats_of(in[0]), b = floats_of(in[1]);
    std::vector<float> y(std::size_t(element_count(g.tensor(n.outputs[0]).shape)));
    const int64_t batches = int64_t(y.size()) / std::max<int64_t>(1, l.rows * l.cols);
    std::size_t at = 0;
    for (int64_t batch = 0; batch < batches; ++batch) {
        int64_t a_base = 0, b_base = 0, rest = batch;
        for (std::size_t d = l.batch_dims.size(); d-- > 0;) {
            const int64_t i = rest % l.batch_dims[d];
            rest /= l.batch_dims[d];
            a_base += i * l.lhs_batch_strides[d];
            b_base += i * l.rhs_batch_strides[d];
        }
        for (int64_t m = 0; m < l.rows; ++m)
            for (int64_t c = 0; c < l.cols; ++c) {
                float total = 0.0f;
                for (int64_t k = 0; k < l.depth; ++k) {
                    const float product =
                        a[std::size_t(a_base + m * l.lhs_row_stride + k * l.lhs_depth_stride)] *
                        b[std::size_t(b_base + k * l.rhs_depth_stride + c * l.rhs_col_stride)];
                    total += product;
                }
                y[at++] = total;
            }
    }
    return EvaluatedOutputs{bytes_of(y)};
}

// ---- L2_NORMALIZATION -----------------------------------------------------------------------

void verify_l2_normalization(const Graph &g, const Node &n) {
    const Tensor &x = rules::required_input(g, n, 0), &y = g.tensor(n.outputs[0]);
    require_quantizable(g, n, x);
    require_quantizable(g, n, y);
    require(x.dtype == y.dtype, g, n,
            fmt::format("input and output dtypes differ: {} -> {}", dtype_name(x.dtype),
                        dtype_name(y.dtype)));
    require(!x.shape.empty() && x.shape.size() <= 4, g, n,
            fmt::format("input {} must have rank 1 to 4", shape_str(x.shape)));
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
    if (x.dtype == DType::Int8)
        require_int32_sum(g, n, x.shape.back(), x.quant.zero_point[0], x.quant.zero_point[0]);
    if (y.dtype == DType::Int8)
        require(y.quant.scale[0] == 1.0f / 128.0f && y.quant.zero_point[0] == 0, g, n,
                fmt::format("int8 output '{}' must have scale 1/128 and zero point 0 (the "
                            "kernel's fixed output quantization)",
                            y.name));
}

// TFLite's reference L2Normalization: float sum of squares, sqrt, at least 1e-6, divide.
std::optional<EvaluatedOutputs> evaluate_l2_normalization(const Graph &g, const Node &n,
                                                          EvalInputs in, std::string &why_not) {
    if (!float_operator(g, n, why_not)) return std::nullopt;
    std::vector<float> x = floats_of(in[0]);
    const Shape &shape = g.tensor(n.inputs[0]).shape;
    const std::size_t depth = std::size_t(shape.back());
    for (std::size_t row = 0; depth != 0 && row < x.size(); row += depth) {
        float squares = 0.0f;
        for (std::size_t c = 0; c < depth; ++c) {
            const float square = x[row + c] * x[row + c];
            squares += square;
        }
        const float norm = std::max(std::sqrt(squares), 1e-6f);
        for (std::size_t c = 0; c < depth; ++c)
            x[row + c] = x[row + c] / norm;
    }
    return EvaluatedOutputs{bytes_of(x)};
}

} // namespace microaot::ir
