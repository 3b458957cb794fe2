// TFLite -> IR importer. Validates the whole file (flatbuffer structure, every index, shape and
// buffer) before building the graph, then runs ir::verify, so a returned graph is consistent.
#pragma once

#include "frontends/registry.h"
#include "ir/graph.h"

#include <cstdint>
#include <span>
#include <string>

namespace microaot::tflite {

// The registry entry for .tflite flatbuffers (identifier "TFL3").
frontends::Frontend frontend();

// Imports subgraph 0 of a .tflite flatbuffer. `name` becomes Graph::name and prefixes errors.
// Throws microaot::CompileError (one line, naming what and where) for any bad or unsupported
// input; never reads outside `bytes`.
ir::Graph import_model(std::span<const uint8_t> bytes, std::string name);

} // namespace microaot::tflite
