#include "backends/cpu/emit_util.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::cpu {

Activation to_cpu(ir::Activation a) {
    switch (a) {
    case ir::Activation::None:
        return Activation::None;
    case ir::Activation::Relu:
        return Activation::Relu;
    case ir::Activation::Relu6:
        return Activation::Relu6;
    case ir::Activation::ReluN1To1:
        return Activation::ReluN1To1;
    }
    return Activation::None;
}

float scale_of(const ir::Tensor &t, std::size_t node) {
    if (t.quant.scale.size() != 1 || t.quant.zero_point.size() != 1)
        throw CompileError(
            fmt::format("node {}: tensor '{}' needs per-tensor quantization", node, t.name));
    return t.quant.scale[0];
}

int32_t zero_point_of(const ir::Tensor &t, std::size_t node) {
    scale_of(t, node);
    return int32_of(t.quant.zero_point[0], fmt::format("zero point of '{}'", t.name), node);
}

int32_t int32_of(int64_t value, std::string_view what, std::size_t node) {
    if (value < INT32_MIN || value > INT32_MAX)
        throw CompileError(fmt::format("node {}: {} ({}) does not fit int32", node, what, value));
    return static_cast<int32_t>(value);
}

int32_t dim32(const ir::Tensor &t, std::size_t i, std::size_t node) {
    if (i >= t.shape.size())
        throw CompileError(
            fmt::format("node {}: tensor '{}' has no dimension {}", node, t.name, i));
    return int32_of(t.shape[i], fmt::format("dimension {} of '{}'", i, t.name), node);
}

StructInit &StructInit::add(std::string_view field, int64_t value) {
    return add_raw(field, backends::c_int32(value));
}

StructInit &StructInit::add_float(std::string_view field, float value) {
    return add_raw(field, backends::c_float(value));
}

StructInit &StructInit::add_raw(std::string_view field, std::string_view value) {
    lines_.push_back(fmt::format("    .{} = {},", field, value));
    return *this;
}

std::string StructInit::str() const {
    std::string out = "{\n";
    for (const auto &line : lines_)
        out += line + "\n";
    return out + "}";
}

std::string params_hint(std::size_t node, std::string_view what) {
    return fmt::format("node{}_{}", node, what);
}

std::string node_comment(const ir::Graph &graph, std::size_t node) {
    const ir::Node &n = graph.nodes[node];
    std::string out = n.outputs.empty() ? "?" : graph.tensor(n.outputs[0]).name;
    return fmt::format("/* node {}: {} -> '{}' */", node, ir::op_name(n.kind),
                       backends::c_comment(out));
}

QuantizedStorage storage_of(const ir::Tensor &t) {
    return t.dtype == ir::DType::Int16 ? QuantizedStorage::Int16 : QuantizedStorage::Int8;
}

std::vector<float> filter_scales(const ir::Tensor &filter, std::size_t node) {
    if (filter.quant.empty())
        throw CompileError(fmt::format("node {}: filter '{}' is not quantized", node, filter.name));
    for (int64_t zp : filter.quant.zero_point)
        if (zp != 0)
            throw CompileError(fmt::format("node {}: filter '{}' has zero point {} (int8 filters "
                                           "must be symmetric)",
                                           node, filter.name, zp));
    return filter.quant.scale;
}

} // namespace microaot::cpu

namespace microaot::cpu {

Selection activation_suffix(const ir::Tensor &x, bool has_int16_kernels) {
    if (x.dtype == ir::DType::Int8) return Selection::use("s8");
    if (x.dtype == ir::DType::Int16 && has_int16_kernels) return Selection::use("s16");
    if (x.dtype == ir::DType::Float32) return Selection::use("f32");
    return Selection::decline(fmt::format("{} activations are not supported by the portable "
                                          "kernels",
                                          ir::dtype_name(x.dtype)));
}

} // namespace microaot::cpu
