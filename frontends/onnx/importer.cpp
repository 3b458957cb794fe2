// Importer entry points: the content sniffer, then loading (model_load.cpp), constants and graph
// inputs, the operators (operators.cpp), graph outputs and the IR verifier.
#include "frontends/onnx/importer.h"

#include "frontends/onnx/import_context.h"
#include "frontends/onnx/model_load.h"
#include "ir/error.h"
#include "ir/verifier.h"

#include <fmt/format.h>

#include <set>

namespace microaot::onnx_import {
namespace {

// Field tags a ModelProto may continue with after ir_version (field 1, varint): producer_name,
// producer_version, domain (2-4, bytes), model_version (5, varint), doc_string, graph,
// opset_import (6-8, bytes), metadata_props (14), training_info (20), functions (25).
bool is_model_field_tag(std::span<const uint8_t> head, std::size_t at) {
    if (at >= head.size()) return false;
    uint8_t t = head[at];
    if (t == 0x12 || t == 0x1a || t == 0x22 || t == 0x28 || t == 0x32 || t == 0x3a || t == 0x42 ||
        t == 0x72)
        return true;
    return at + 1 < head.size() && head[at + 1] == 0x01 && (t == 0xa2 || t == 0xca);
}

// Names in a hostile file may hold newlines or escapes; messages stay one printable line.
std::string printable(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            out += fmt::format("\\x{:02x}", u);
        else
            out += c;
    }
    return out;
}

ir::Graph import_checked(const frontends::ImportSource &source,
                         const frontends::ImportOptions &options);

std::string layout_note(const ir::Shape &nchw) {
    return fmt::format("NHWC: the ONNX model's NCHW {} with channels moved last",
                       ir::shape_str(nchw));
}

void add_initializers(Context &ctx, const onnx::GraphProto &g) {
    for (const auto &t : g.initializer()) {
        std::string where = fmt::format("{}: initializer '{}'", ctx.label, t.name());
        if (t.name().empty()) throw CompileError(where + ": has no name");
        Value v;
        v.constant = decode_tensor(t, where);
        v.shape = v.constant->shape;
        if (!ctx.values.emplace(t.name(), std::move(v)).second)
            throw CompileError(where + ": defined twice");
    }
}

ir::Shape input_dims(const onnx::ValueInfoProto &input) {
    ir::Shape s;
    for (const auto &d : input.type().tensor_type().shape().dim())
        s.push_back(d.dim_value()); // checked static and positive by load_model
    return s;
}

void add_inputs(Context &ctx, const onnx::GraphProto &g) {
    for (const auto &input : g.input()) {
        auto known = ctx.values.find(input.name());
        if (known != ctx.values.end() && known->second.constant) continue; // IR < 4 style
        if (input.type().tensor_type().elem_type() != onnx::TensorProto::FLOAT)
            throw CompileError(fmt::format("{}: graph input '{}' has element type {}; only "
                                           "float32 models are supported",
                                           ctx.label, input.name(),
                                           input.type().tensor_type().elem_type()));
        Value v;
        v.shape = input_dims(input);
        int64_t count = 1;
        for (int64_t d : v.shape) {
            if (d > (int64_t(1) << 31) / count)
                throw CompileError(fmt::format("{}: graph input '{}' {} has too many elements",
                                               ctx.label, input.name(), ir::shape_str(v.shape)));
            count *= d;
        }
        v.layout = v.shape.size() == 4 ? Layout::Nhwc : Layout::Plain;
        ir::Tensor t{input.name(),
                     ir::DType::Float32,
                     v.layout == Layout::Nhwc ? to_nhwc(v.shape) : v.shape,
                     {},
                     std::nullopt};
        if (v.layout == Layout::Nhwc) ctx.graph->layout_notes[input.name()] = layout_note(v.shape);
        v.id = ctx.graph->add_tensor(std::move(t));
        if (!ctx.values.emplace(input.name(), v).second)
            throw CompileError(
                fmt::format("{}: graph input '{}' is defined twice", ctx.label, input.name()));
        ctx.graph->inputs.push_back(v.id);
    }
}

void add_outputs(Context &ctx, const onnx::GraphProto &g) {
    for (const auto &output : g.output()) {
        auto it = ctx.values.find(output.name());
        if (it == ctx.values.end())
            throw CompileError(fmt::format("{}: graph output '{}' is not computed by any node",
                                           ctx.label, output.name()));
        const Value &v = it->second;
        if (v.constant)
            throw CompileError(
                fmt::format("{}: graph output '{}' is a constant (nothing to compute)", ctx.label,
                            output.name()));
        if (v.layout == Layout::FlatChw)
            throw CompileError(fmt::format(
                "{}: graph output '{}' is a flattened NCHW tensor, which would need a run-time "
                "transpose from the IR's NHWC (not supported)",
                ctx.label, output.name()));
        if (v.layout == Layout::Nhwc)
            ctx.graph->layout_notes[ctx.graph->tensor(v.id).name] = layout_note(v.shape);
        ctx.graph->outputs.push_back(v.id);
    }
    if (ctx.graph->outputs.empty())
        throw CompileError(fmt::format("{}: ONNX graph has no outputs", ctx.label));
}

// Our shapes must agree with ONNX's own inference wherever it found a static shape.
void check_against_library(const Context &ctx,
                           const std::map<std::string, std::vector<int64_t>> &inferred) {
    for (const auto &[name, shape] : inferred) {
        auto it = ctx.values.find(name);
        if (it != ctx.values.end() && it->second.shape != shape)
            throw CompileError(fmt::format(
                "{}: shape {} of '{}' differs from ONNX shape inference's {}", ctx.label,
                ir::shape_str(it->second.shape), name, ir::shape_str(shape)));
    }
}

} // namespace

bool looks_like_onnx(std::span<const uint8_t> head) {
    // ir_version (field 1, varint) comes first in every serializer's output; versions are small.
    if (head.size() < 3 || head[0] != 0x08 || head[1] < 3 || head[1] > 0x40) return false;
    return is_model_field_tag(head, 2);
}

ir::Graph import_model(const frontends::ImportSource &source,
                       const frontends::ImportOptions &options) {
    try {
        return import_checked(source, options);
    } catch (const CompileError &e) {
        throw CompileError(printable(e.what()));
    }
}

namespace {

ir::Graph import_checked(const frontends::ImportSource &source,
                         const frontends::ImportOptions &options) {
    LoadedModel loaded = load_model(source, options);
    ir::Graph graph;
    graph.name = source.name;
    Context ctx;
    ctx.label = source.label;
    ctx.opset = loaded.opset;
    ctx.graph = &graph;
    const onnx::GraphProto &g = loaded.model.graph();
    add_initializers(ctx, g);
    add_inputs(ctx, g);
    import_nodes(ctx, loaded.model);
    add_outputs(ctx, g);
    ir::verify(graph);
    if (loaded.library_checked) check_against_library(ctx, library_shapes(loaded, ctx.label));
    return graph;
}

} // namespace

frontends::Frontend frontend() {
    return {"onnx", "ONNX model (ModelProto)", looks_like_onnx, import_model};
}

} // namespace microaot::onnx_import
