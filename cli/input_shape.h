// `--input-shape NAME=D0xD1x...` (repeatable): fixes a graph input's dimensions (ONNX models
// with dynamic dimensions). Shared by inspect, compile, verify and run.
#pragma once

#include "frontends/registry.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace microaot::cli {

// Adds the option to `cmd`, writing into `import` (a malformed value is a usage error, 64).
void add_input_shape_option(CLI::App *cmd, frontends::ImportOptions &import);

} // namespace microaot::cli
