// The frontend registry: every model format microaot reads, chosen by the file's content. The
// driver and the CLI import through here only, so a new format plugs in at one place
// (frontends/registry.cpp lists the built-in ones; register_frontend() adds more at run time).
#pragma once

#include "ir/graph.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace microaot::frontends {

// What the user may tell an importer beyond the file itself.
struct ImportOptions {
    // Input dimensions to fix (ONNX dynamic dims): input name -> shape.
    std::vector<std::pair<std::string, ir::Shape>> input_shapes;
};

// Where the bytes came from: errors are prefixed with `label`, the graph is named `name`, and
// `path` (empty for in-memory input) lets a format read side files (ONNX external data).
struct ImportSource {
    std::span<const uint8_t> bytes;
    std::string name;
    std::string label;
    std::string path;
};

struct Frontend {
    std::string_view name;        // "tflite"
    std::string_view description; // "TensorFlow Lite flatbuffer"
    // True when the file starts like this format (only the first bytes are looked at).
    bool (*recognizes)(std::span<const uint8_t> head) = nullptr;
    // Imports and verifies the graph; CompileError (one line) for bad or unsupported input.
    ir::Graph (*import)(const ImportSource &source, const ImportOptions &options) = nullptr;
};

// Adds a frontend after the built-in ones (tests, out-of-tree formats). Names must be unique.
void register_frontend(const Frontend &frontend);
// Built-in frontends first, then registered ones.
std::vector<Frontend> frontends();

// Reads `path` (a regular file, at most kMaxModelBytes) and imports it with the first frontend
// that recognizes its content; the graph is named after the file stem.
ir::Graph import_file(const std::string &path, const ImportOptions &options = {});
// The same for bytes in memory (`name` names the graph and prefixes errors).
ir::Graph import_bytes(std::span<const uint8_t> bytes, std::string name,
                       const ImportOptions &options = {});

// Models larger than this are refused before they are read (a flatbuffer's own limit; no
// microcontroller holds more).
inline constexpr uint64_t kMaxModelBytes = uint64_t(2) << 30;

} // namespace microaot::frontends
