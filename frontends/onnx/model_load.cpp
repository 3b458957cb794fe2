// Loading stage: protobuf parse, envelope checks, external data, fixed input shapes, then ONNX's
// checker and shape inference for the opsets the installed library knows.
#include "frontends/onnx/model_load.h"

#include "ir/error.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <set>

namespace microaot::onnx_import {
namespace {

// Library messages can span lines; ours are one line.
std::string one_line(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s;
}

onnx::ModelProto parse(const frontends::ImportSource &source) {
    if (source.bytes.size() > std::size_t(INT_MAX))
        throw CompileError(fmt::format("{}: ONNX model of {} bytes is above protobuf's 2 GiB limit",
                                       source.label, source.bytes.size()));
    onnx::ModelProto model;
    if (!model.ParseFromArray(source.bytes.data(), int(source.bytes.size())))
        throw CompileError(
            fmt::format("{}: corrupt ONNX model: protobuf parse failed (truncated or damaged file)",
                        source.label));
    return model;
}

int64_t default_opset(const onnx::ModelProto &model, const std::string &label) {
    int64_t opset = -1;
    for (const auto &o : model.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") opset = o.version();
    if (opset < 0)
        throw CompileError(fmt::format("{}: ONNX model imports no default-domain opset", label));
    if (opset < 7 || opset > kMaxOpset)
        throw CompileError(
            fmt::format("{}: ONNX opset {} is not supported (microaot reads opsets 7 to {})", label,
                        opset, kMaxOpset));
    return opset;
}

// A relative path inside the model's folder: no absolute paths, no "..".
std::filesystem::path external_path(const std::string &location, const std::string &model_path,
                                    const std::string &where) {
    namespace fs = std::filesystem;
    fs::path rel(location);
    bool escapes = location.empty() || rel.is_absolute() ||
                   std::any_of(rel.begin(), rel.end(), [](const fs::path &p) { return p == ".."; });
    if (escapes)
        throw CompileError(
            fmt::format("{}: external data location '{}' must be a file name beside the model",
                        where, location));
    if (model_path.empty())
        throw CompileError(fmt::format(
            "{}: weights are in external data '{}', which needs the model read from a file", where,
            location));
    return fs::path(model_path).parent_path() / rel;
}

uint64_t parse_u64(const std::string &text, const std::string &what, const std::string &where) {
    if (text.empty() || text.size() > 19 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw CompileError(
            fmt::format("{}: external data {} '{}' is not a number", where, what, text));
    return std::stoull(text);
}

// Replaces the tensor's external reference by its bytes (read from beside the model).
void resolve_external(onnx::TensorProto &t, const std::string &model_path,
                      const std::string &where) {
    std::string location;
    uint64_t offset = 0;
    std::optional<uint64_t> length;
    for (const auto &kv : t.external_data()) {
        if (kv.key() == "location")
            location = kv.value();
        else if (kv.key() == "offset")
            offset = parse_u64(kv.value(), "offset", where);
        else if (kv.key() == "length")
            length = parse_u64(kv.value(), "length", where);
    }
    std::filesystem::path file = external_path(location, model_path, where);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw CompileError(
            fmt::format("{}: external data file '{}' is not beside the model (expected {})", where,
                        location, file.string()));
    uint64_t size = std::filesystem::file_size(file, ec);
    if (ec) throw CompileError(fmt::format("{}: cannot read external data '{}'", where, location));
    if (offset > size)
        throw CompileError(fmt::format("{}: external data offset {} is past the end of '{}' ({} "
                                       "bytes)",
                                       where, offset, location, size));
    uint64_t count = length.value_or(size - offset);
    if (count > size - offset || count > uint64_t(INT_MAX))
        throw CompileError(
            fmt::format("{}: external data [{}, +{}) does not fit in '{}' ({} bytes)", where,
                        offset, count, location, size));
    std::string bytes(static_cast<std::size_t>(count), '\0');
    std::ifstream in(file, std::ios::binary);
    in.seekg(std::streamoff(offset));
    in.read(bytes.data(), std::streamsize(count));
    if (!in || std::size_t(in.gcount()) != bytes.size())
        throw CompileError(fmt::format("{}: cannot read external data '{}'", where, location));
    t.set_raw_data(std::move(bytes));
    t.clear_external_data();
    t.set_data_location(onnx::TensorProto::DEFAULT);
}

void resolve_external_data(onnx::GraphProto &g, const frontends::ImportSource &source) {
    for (auto &t : *g.mutable_initializer())
        if (t.data_location() == onnx::TensorProto::EXTERNAL)
            resolve_external(t, source.path,
                             fmt::format("{}: initializer '{}'", source.label, t.name()));
}

std::string shape_text(const ir::Shape &s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        out += fmt::format("{}{}", i ? "x" : "", s[i]);
    return out;
}

// Sets the --input-shape overrides, then requires every input dimension to be fixed.
void fix_input_shapes(onnx::GraphProto &g, const frontends::ImportOptions &options,
                      const std::string &label) {
    std::set<std::string> initializers;
    for (const auto &t : g.initializer())
        initializers.insert(t.name());
    for (const auto &[name, shape] : options.input_shapes) {
        auto it = std::find_if(g.mutable_input()->begin(), g.mutable_input()->end(),
                               [&](const onnx::ValueInfoProto &v) { return v.name() == name; });
        if (it == g.mutable_input()->end() || initializers.count(name))
            throw CompileError(fmt::format(
                "{}: --input-shape names '{}', which is not a graph input", label, name));
        auto *tensor = it->mutable_type()->mutable_tensor_type();
        if (tensor->has_shape() && tensor->shape().dim_size() != int(shape.size()))
            throw CompileError(fmt::format("{}: --input-shape {}={} has rank {}, the input has "
                                           "rank {}",
                                           label, name, shape_text(shape), shape.size(),
                                           tensor->shape().dim_size()));
        auto *dims = tensor->mutable_shape();
        dims->clear_dim();
        for (int64_t d : shape)
            dims->add_dim()->set_dim_value(d);
    }
    for (const auto &input : g.input()) {
        if (initializers.count(input.name())) continue;
        if (!input.type().has_tensor_type())
            throw CompileError(
                fmt::format("{}: graph input '{}' is not a tensor", label, input.name()));
        const auto &tt = input.type().tensor_type();
        if (!tt.has_shape())
            throw CompileError(fmt::format(
                "{}: graph input '{}' has no shape: fix it with --input-shape {}=1x3x32x32", label,
                input.name(), input.name()));
        for (int i = 0; i < tt.shape().dim_size(); ++i) {
            const auto &d = tt.shape().dim(i);
            if (d.has_dim_value() && d.dim_value() <= 0)
                throw CompileError(fmt::format("{}: graph input '{}' dimension {} is {} (empty "
                                               "or negative tensors are not supported)",
                                               label, input.name(), i, d.dim_value()));
            if (!d.has_dim_value())
                throw CompileError(fmt::format(
                    "{}: graph input '{}' has dynamic dimension {} ('{}'): fix it with "
                    "--input-shape {}=DxDx...",
                    label, input.name(), i, d.has_dim_param() ? d.dim_param() : "?", input.name()));
        }
    }
}

void run_library_checks(LoadedModel &m, const std::string &label) {
    try {
        onnx::checker::check_model(m.model);
    } catch (const std::exception &e) {
        throw CompileError(fmt::format("{}: ONNX checker: {}", label, one_line(e.what())));
    }
    m.library_checked = true;
}

} // namespace

std::map<std::string, std::vector<int64_t>> library_shapes(LoadedModel &m,
                                                           const std::string &label) {
    std::map<std::string, std::vector<int64_t>> inferred;
    try {
        onnx::ShapeInferenceOptions options{true, 1, false};
        onnx::shape_inference::InferShapes(m.model, onnx::OpSchemaRegistry::Instance(), options);
    } catch (const std::exception &e) {
        throw CompileError(fmt::format("{}: ONNX shape inference: {}", label, one_line(e.what())));
    }
    auto record = [&](const onnx::ValueInfoProto &v) {
        if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return;
        std::vector<int64_t> dims;
        for (const auto &d : v.type().tensor_type().shape().dim()) {
            if (!d.has_dim_value()) return;
            dims.push_back(d.dim_value());
        }
        inferred[v.name()] = dims;
    };
    for (const auto &v : m.model.graph().value_info())
        record(v);
    for (const auto &v : m.model.graph().output())
        record(v);
    return inferred;
}

LoadedModel load_model(const frontends::ImportSource &source,
                       const frontends::ImportOptions &options) {
    LoadedModel m;
    m.model = parse(source);
    if (m.model.ir_version() < 3)
        throw CompileError(fmt::format("{}: ONNX ir_version {} is not supported (3 or newer)",
                                       source.label, m.model.ir_version()));
    if (!m.model.has_graph())
        throw CompileError(fmt::format("{}: ONNX model has no graph", source.label));
    m.opset = default_opset(m.model, source.label);
    resolve_external_data(*m.model.mutable_graph(), source);
    fix_input_shapes(*m.model.mutable_graph(), options, source.label);
    if (m.opset <= kLibraryMaxOpset && m.model.ir_version() <= onnx::IR_VERSION)
        run_library_checks(m, source.label);
    return m;
}

} // namespace microaot::onnx_import
