// Views and shape queries (ops-shape2 group): rules and host evaluators. See ir/shape_ops.h.
#include "ir/shape_ops.h"

#include "ir/rule_checks.h"

#include <fmt/format.h>

#include <cstring>
#include <limits>

namespace microaot::ir {
namespace {

using rules::fail;
using rules::require;

const Tensor &output_of(const Graph &g, const Node &n) {
    return g.tensor(n.outputs.at(0));
}

// A view moves no data: the element type and its quantization stay.
void require_same_elements(const Graph &g, const Node &n, const Tensor &x, const Tensor &y) {
    require(x.dtype == y.dtype && x.quant == y.quant, g, n,
            fmt::format("output '{}' must keep the input's dtype and quantization", y.name));
}

// `longer` is `shorter` with some size-1 axes inserted (order kept).
bool adds_only_ones(const Shape &shorter, const Shape &longer) {
    std::size_t j = 0;
    for (int64_t d : longer) {
        if (j < shorter.size() && shorter[j] == d)
            ++j;
        else if (d != 1)
            return false;
    }
    return j == shorter.size();
}

int64_t read_int(std::span<const uint8_t> bytes, DType t, int64_t i) {
    if (t == DType::Int64) {
        int64_t v;
        std::memcpy(&v, bytes.data() + std::size_t(i) * 8, 8);
        return v;
    }
    int32_t v;
    std::memcpy(&v, bytes.data() + std::size_t(i) * 4, 4);
    return v;
}

void append_int(std::vector<uint8_t> &out, DType t, int64_t v) {
    std::size_t size = dtype_size(t);
    for (std::size_t k = 0; k < size; ++k)
        out.push_back(uint8_t(uint64_t(v) >> (8 * k)));
}

// Flat index into `operand` of output element `i` (numpy broadcasting, right-aligned).
int64_t broadcast_source(const Shape &out, const Shape &operand, int64_t i) {
    int64_t index = 0, stride = 1;
    std::size_t skip = out.size() - operand.size();
    for (std::size_t d = out.size(); d-- > 0;) {
        int64_t coord = out[d] == 0 ? 0 : i % out[d];
        i = out[d] == 0 ? 0 : i / out[d];
        if (d < skip) continue;
        if (operand[d - skip] != 1) index += coord * stride;
        stride *= operand[d - skip];
    }
    return index;
}

bool is_int32_arithmetic(const Graph &g, const Node &n) {
    if (n.kind != OpKind::Add && n.kind != OpKind::Sub && n.kind != OpKind::Mul) return false;
    if (n.outputs.size() != 1 || g.tensor(n.outputs[0]).dtype != DType::Int32) return false;
    return true;
}

} // namespace

void verify_squeeze(const Graph &g, const Node &n) {
    const Tensor &x = rules::required_input(g, n, 0), &y = output_of(g, n);
    require_same_elements(g, n, x, y);
    require(x.shape.size() <= 8, g, n,
            fmt::format("input rank {} exceeds 8 (TFLite Micro's limit)", x.shape.size()));
    require(adds_only_ones(y.shape, x.shape), g, n,
            fmt::format("output {} is not input {} without some size-1 axes", shape_str(y.shape),
                        shape_str(x.shape)));
}

void verify_expand_dims(const Graph &g, const Node &n) {
    const Tensor &x = rules::required_input(g, n, 0), &y = output_of(g, n);
    require_same_elements(g, n, x, y);
    int axis = n.attr<AxisAttrs>().axis;
    require(axis >= 0 && std::size_t(axis) <= x.shape.size(), g, n,
            fmt::format("axis {} out of range for input rank {}", axis, x.shape.size()));
    Shape expected = x.shape;
    expected.insert(expected.begin() + axis, 1);
    require(y.shape == expected, g, n,
            fmt::format("output {} is not input {} with a size-1 axis at {} ({})",
                        shape_str(y.shape), shape_str(x.shape), axis, shape_str(expected)));
}

void verify_shape(const Graph &g, const Node &n) {
    const Tensor &x = rules::required_input(g, n, 0), &y = output_of(g, n);
    require(y.dtype == DType::Int32 || y.dtype == DType::Int64, g, n,
            fmt::format("output '{}' must be int32 or int64, is {}", y.name, dtype_name(y.dtype)));
    require(y.quant.empty(), g, n, fmt::format("output '{}' must not be quantized", y.name));
    require(y.shape == Shape{int64_t(x.shape.size())}, g, n,
            fmt::format("output {} must be [{}], the input's rank", shape_str(y.shape),
                        x.shape.size()));
}

void verify_zeros_like(const Graph &g, const Node &n) {
    const Tensor &x = rules::required_input(g, n, 0), &y = output_of(g, n);
    bool takes = x.dtype == DType::Int8 || x.dtype == DType::Int32 || x.dtype == DType::Int64 ||
                 x.dtype == DType::Float32;
    require(takes && x.dtype == y.dtype, g, n,
            fmt::format("unsupported dtypes {} -> {} (int8, int32, int64 or float32, the same "
                        "in and out)",
                        dtype_name(x.dtype), dtype_name(y.dtype)));
    require(x.shape == y.shape, g, n,
            fmt::format("output shape {} differs from input {}", shape_str(y.shape),
                        shape_str(x.shape)));
}

std::optional<EvaluatedOutputs> evaluate_view(const Graph &, const Node &, EvalInputs in,
                                              std::string &) {
    return EvaluatedOutputs{std::vector<uint8_t>(in[0].begin(), in[0].end())};
}

std::optional<EvaluatedOutputs> evaluate_shape(const Graph &g, const Node &n, EvalInputs,
                                               std::string &) {
    const Tensor &x = g.tensor(n.inputs.at(0)), &y = output_of(g, n);
    std::vector<uint8_t> bytes;
    for (int64_t d : x.shape)
        append_int(bytes, y.dtype, d);
    return EvaluatedOutputs{std::move(bytes)};
}

// TFLite Micro writes 0 in the output's type: for int8 the stored byte 0, not the zero point.
std::optional<EvaluatedOutputs> evaluate_zeros_like(const Graph &g, const Node &n, EvalInputs,
                                                    std::string &) {
    return EvaluatedOutputs{std::vector<uint8_t>(std::size_t(output_of(g, n).byte_size()), 0)};
}

bool verify_int32_arithmetic(const Graph &g, const Node &n) {
    if (!is_int32_arithmetic(g, n)) return false;
    const Tensor &a = rules::required_input(g, n, 0), &b = rules::required_input(g, n, 1);
    const Tensor &y = output_of(g, n);
    for (const Tensor *t : {&a, &b, &y}) {
        require(t->dtype == DType::Int32 && t->quant.empty(), g, n,
                fmt::format("int32 arithmetic: '{}' must be int32 without quantization, is {}",
                            t->name, dtype_name(t->dtype)));
    }
    require(n.attr<BinaryAttrs>().activation == Activation::None, g, n,
            "int32 arithmetic takes no fused activation");
    std::size_t rank = y.shape.size();
    require(a.shape.size() <= rank && b.shape.size() <= rank, g, n, "operand rank exceeds output");
    for (std::size_t d = 0; d < rank; ++d) {
        auto dim = [&](const Tensor &t) {
            std::size_t skip = rank - t.shape.size();
            return d < skip ? int64_t(1) : t.shape[d - skip];
        };
        int64_t da = dim(a), db = dim(b);
        require((da == db || da == 1 || db == 1) && y.shape[d] == (da == 1 ? db : da), g, n,
                fmt::format("output {} is not the broadcast of {} and {}", shape_str(y.shape),
                            shape_str(a.shape), shape_str(b.shape)));
    }
    return true;
}

std::optional<EvaluatedOutputs> evaluate_int32_arithmetic(const Graph &g, const Node &n,
                                                          EvalInputs in, std::string &why_not) {
    if (!is_int32_arithmetic(g, n)) {
        why_not = fmt::format("{} is evaluated on the host for int32 only", op_name(n.kind));
        return std::nullopt;
    }
    const Tensor &a = g.tensor(n.inputs[0]), &b = g.tensor(n.inputs[1]), &y = output_of(g, n);
    std::vector<uint8_t> bytes;
    for (int64_t i = 0; i < element_count(y.shape); ++i) {
        int64_t u = read_int(in[0], DType::Int32, broadcast_source(y.shape, a.shape, i));
        int64_t v = read_int(in[1], DType::Int32, broadcast_source(y.shape, b.shape, i));
        int64_t r = n.kind == OpKind::Add ? u + v : n.kind == OpKind::Sub ? u - v : u * v;
        if (r < std::numeric_limits<int32_t>::min() || r > std::numeric_limits<int32_t>::max()) {
            why_not = fmt::format("int32 {} overflows at element {}", op_name(n.kind), i);
            return std::nullopt;
        }
        append_int(bytes, DType::Int32, r);
    }
    return EvaluatedOutputs{std::move(bytes)};
}

} // namespace microaot::ir
