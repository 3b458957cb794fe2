#include "frontends/registry.h"

#include "frontends/onnx/importer.h"
#include "frontends/tflite/importer.h"
#include "ir/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace microaot::frontends {
namespace {

// Enough bytes for every format's signature.
constexpr std::size_t kSniffBytes = 64;

std::vector<Frontend> &registered() {
    static std::vector<Frontend> list;
    return list;
}
std::mutex &registry_mutex() {
    static std::mutex m;
    return m;
}

std::vector<Frontend> builtin_frontends() {
    return {tflite::frontend(), onnx_import::frontend()};
}

const Frontend *frontend_for(std::span<const uint8_t> head, const std::vector<Frontend> &list) {
    for (const Frontend &f : list)
        if (f.recognizes(head.first(std::min(head.size(), kSniffBytes)))) return &f;
    return nullptr;
}

[[noreturn]] void unknown_format(const std::string &label, const std::vector<Frontend> &list) {
    std::string formats;
    for (const Frontend &f : list)
        formats += fmt::format("{}{} ({})", formats.empty() ? "" : ", ", f.description, f.name);
    throw CompileError(
        fmt::format("{}: not a model file microaot reads (expected {})", label, formats));
}

// Reads a regular file of bounded size; the head is checked before the rest is read, so a huge
// file of another kind costs nothing.
std::vector<uint8_t> read_model_file(const std::string &path, const std::vector<Frontend> &list,
                                     const Frontend *&format) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw CompileError(fmt::format("cannot open model file '{}': no such file", path));
    if (!fs::is_regular_file(status))
        throw CompileError(fmt::format("model '{}' is not a regular file", path));
    uint64_t size = fs::file_size(path, ec);
    if (ec) throw CompileError(fmt::format("cannot read model file '{}': {}", path, ec.message()));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CompileError(fmt::format("cannot open model file '{}'", path));
    std::vector<uint8_t> bytes(static_cast<std::size_t>(std::min<uint64_t>(size, kSniffBytes)));
    in.read(reinterpret_cast<char *>(bytes.data()), std::streamsize(bytes.size()));
    if (std::size_t(in.gcount()) != bytes.size())
        throw CompileError(fmt::format("cannot read model file '{}'", path));
    format = frontend_for(bytes, list);
    if (!format) unknown_format(path, list);
    if (size > kMaxModelBytes)
        throw CompileError(fmt::format("model file '{}' is {} bytes, above the {}-byte limit", path,
                                       size, kMaxModelBytes));
    std::size_t head = bytes.size();
    bytes.resize(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char *>(bytes.data() + head), std::streamsize(bytes.size() - head));
    if (std::size_t(in.gcount()) != bytes.size() - head)
        throw CompileError(fmt::format("cannot read model file '{}'", path));
    return bytes;
}

} // namespace

void register_frontend(const Frontend &frontend) {
    if (!frontend.recognizes || !frontend.import || frontend.name.empty())
        throw CompileError("register_frontend: a frontend needs a name, recognizes and import");
    std::lock_guard lock(registry_mutex());
    for (const Frontend &f : builtin_frontends())
        if (f.name == frontend.name)
            throw CompileError(fmt::format("frontend '{}' is already registered", f.name));
    for (const Frontend &f : registered())
        if (f.name == frontend.name)
            throw CompileError(fmt::format("frontend '{}' is already registered", f.name));
    registered().push_back(frontend);
}

std::vector<Frontend> frontends() {
    std::vector<Frontend> all = builtin_frontends();
    std::lock_guard lock(registry_mutex());
    all.insert(all.end(), registered().begin(), registered().end());
    return all;
}

ir::Graph import_file(const std::string &path, const ImportOptions &options) {
    std::vector<Frontend> list = frontends();
    const Frontend *format = nullptr;
    std::vector<uint8_t> bytes = read_model_file(path, list, format);
    return format->import({bytes, std::filesystem::path(path).stem().string(), path, path},
                          options);
}

ir::Graph import_bytes(std::span<const uint8_t> bytes, std::string name,
                       const ImportOptions &options) {
    std::vector<Frontend> list = frontends();
    const Frontend *format = frontend_for(bytes, list);
    if (!format) unknown_format(name, list);
    std::string label = name;
    return format->import({bytes, std::move(name), std::move(label), ""}, options);
}

} // namespace microaot::frontends
