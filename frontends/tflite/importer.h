// TFLite -> IR importer. Validates the whole file (flatbuffer structure, every index, shape and
// buffer) before building the graph, then runs ir::verify, so a returned graph is consistent.
#pragma once

#include "ir/graph.h"

#include <cstdint>
#include <span>
#include <string>

namespace microaot::tflite {

// Imports subgraph 0 of a .tflite flatbuffer. `name` becomes Graph::name and prefixes errors.
// Throws microaot::CompileError (one line, naming what and where) for any bad or unsupported
// input; never reads outside `bytes`.
ir::Graph import_model(std::span<const uint8_t> bytes, std::string name);

// Reads `path` and imports it; the graph is named after the file stem.
ir::Graph import_file(const std::string &path);

} // namespace microaot::tflite
