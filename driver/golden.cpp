#include "driver/golden.h"

#include "ir/error.h"

#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

namespace microaot::driver {
namespace {

using json = nlohmann::json;

GoldenTensor tensor_of(const json &j) {
    GoldenTensor t;
    t.name = j.at("name").get<std::string>();
    t.dtype = j.at("dtype").get<std::string>();
    t.shape = j.at("shape").get<ir::Shape>();
    t.bytes = j.at("bytes").get<int64_t>();
    return t;
}

template <class T> std::vector<T> load_all(const std::vector<uint8_t> &bytes) {
    std::vector<T> v(bytes.size() / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), bytes.data(), v.size() * sizeof(T));
    return v;
}

template <class T>
Comparison compare_exact(const std::vector<uint8_t> &got, const std::vector<uint8_t> &ref) {
    auto g = load_all<T>(got), r = load_all<T>(ref);
    Comparison c;
    c.elements = int64_t(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
        double d = std::fabs(double(g[i]) - double(r[i]));
        c.worst_abs = std::max(c.worst_abs, d);
        if (g[i] != r[i]) ++c.mismatches;
    }
    return c;
}

Comparison compare_float(const std::vector<uint8_t> &got, const std::vector<uint8_t> &ref) {
    auto g = load_all<float>(got), r = load_all<float>(ref);
    Comparison c;
    c.elements = int64_t(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
        double d = std::fabs(double(g[i]) - double(r[i]));
        if (std::isnan(d)) d = INFINITY;
        c.worst_abs = std::max(c.worst_abs, d);
        if (!(d <= 1e-5 + 1e-4 * std::fabs(double(r[i])))) ++c.mismatches;
    }
    return c;
}

// Manifests are a few kilobytes; this only keeps a hostile one from taking all memory.
constexpr std::uintmax_t kMaxManifestBytes = 64u << 20;

// Size of the regular file at `path` (CompileError for a missing file, a directory, a device).
std::uintmax_t regular_file_size(const std::filesystem::path &path) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw CompileError(fmt::format("cannot read '{}'", path.string()));
    if (!std::filesystem::is_regular_file(status))
        throw CompileError(fmt::format("'{}' is not a regular file", path.string()));
    std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) throw CompileError(fmt::format("cannot read '{}'", path.string()));
    return size;
}

} // namespace

GoldenManifest load_manifest(const std::filesystem::path &golden_dir) {
    std::filesystem::path path = golden_dir / "manifest.json";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw CompileError(fmt::format("golden manifest '{}' not found", path.string()));
    if (regular_file_size(path) > kMaxManifestBytes)
        throw CompileError(
            fmt::format("golden manifest '{}' is larger than 64 MiB", path.string()));
    std::ifstream in(path);
    if (!in) throw CompileError(fmt::format("golden manifest '{}' not found", path.string()));
    try {
        json j = json::parse(in);
        GoldenManifest m;
        m.dir = golden_dir;
        m.status = j.value("status", "ok");
        if (j.contains("error") && j["error"].is_string()) m.error = j["error"];
        m.arena_used_bytes = j.value("arena_used_bytes", int64_t(0));
        m.arena_used_bytes_32bit = j.value("arena_used_bytes_32bit_host", int64_t(0));
        for (const auto &t : j.at("inputs"))
            m.inputs.push_back(tensor_of(t));
        for (const auto &t : j.at("outputs"))
            m.outputs.push_back(tensor_of(t));
        for (const auto &s : j.at("samples")) {
            GoldenSample sample;
            sample.k = s.at("k").get<int>();
            sample.inputs = s.at("inputs").get<std::vector<std::string>>();
            if (s.contains("outputs"))
                sample.outputs = s["outputs"].get<std::vector<std::string>>();
            m.samples.push_back(std::move(sample));
        }
        return m;
    } catch (const json::exception &e) {
        throw CompileError(
            fmt::format("golden manifest '{}' is malformed: {}", path.string(), e.what()));
    }
}

std::string GoldenManifest::no_reference_reason() const {
    if (status == "tflm_failed")
        return fmt::format("TFLM failed on this model: {}",
                           error.empty() ? "(no reason given)" : error);
    return fmt::format("the golden manifest's status is '{}', not 'ok'", status);
}

std::vector<uint8_t> read_exact(const std::filesystem::path &path, int64_t bytes) {
    std::uintmax_t size = regular_file_size(path);
    if (size != std::uintmax_t(bytes))
        throw CompileError(
            fmt::format("'{}' has {} bytes, expected {}", path.string(), size, bytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CompileError(fmt::format("cannot read '{}'", path.string()));
    // Expected size + 1: enough to see that the file grew, never more.
    std::vector<uint8_t> data(std::size_t(bytes) + 1);
    in.read(reinterpret_cast<char *>(data.data()), std::streamsize(data.size()));
    if (in.gcount() != std::streamsize(bytes))
        throw CompileError(
            fmt::format("'{}' changed size while read (expected {} bytes)", path.string(), bytes));
    data.resize(std::size_t(bytes));
    return data;
}

Comparison compare_outputs(ir::DType dtype, const std::vector<uint8_t> &got,
                           const std::vector<uint8_t> &ref) {
    if (got.size() != ref.size()) {
        Comparison c;
        c.elements = c.mismatches = int64_t(ref.size());
        c.worst_abs = INFINITY;
        return c;
    }
    switch (dtype) {
    case ir::DType::Float32:
        return compare_float(got, ref);
    case ir::DType::Int8:
        return compare_exact<int8_t>(got, ref);
    case ir::DType::UInt8:
    case ir::DType::Bool:
        return compare_exact<uint8_t>(got, ref);
    case ir::DType::Int16:
        return compare_exact<int16_t>(got, ref);
    case ir::DType::Int32:
        return compare_exact<int32_t>(got, ref);
    case ir::DType::Int64:
        return compare_exact<int64_t>(got, ref);
    }
    return {};
}

void check_manifest_signature(const std::vector<GoldenTensor> &golden, const ir::Graph &graph,
                              const std::vector<ir::TensorId> &ids, const char *what) {
    if (golden.size() != ids.size())
        throw CompileError(fmt::format("manifest lists {} {}s, the model has {}", golden.size(),
                                       what, ids.size()));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const ir::Tensor &t = graph.tensor(ids[i]);
        const GoldenTensor &g = golden[i];
        if (g.dtype != ir::dtype_name(t.dtype) || g.shape != t.shape || g.bytes != t.byte_size())
            throw CompileError(fmt::format(
                "{} {} '{}': manifest says {} {} ({} bytes), the model has {} {} ({} bytes)", what,
                i, g.name, g.dtype, ir::shape_str(g.shape), g.bytes, ir::dtype_name(t.dtype),
                ir::shape_str(t.shape), t.byte_size()));
    }
}

} // namespace microaot::driver
