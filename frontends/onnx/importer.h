// ONNX -> IR importer (float32 models). Parses the ModelProto with protobuf, runs ONNX's checker
// and shape inference where the installed library knows the opset (<= 17), checks every field it
// reads itself otherwise, converts NCHW to the IR's NHWC at import (weights transposed once, no
// run-time transposes) and runs ir::verify. See docs/ARCHITECTURE.md, "The ONNX frontend".
#pragma once

#include "frontends/registry.h"
#include "ir/graph.h"

namespace microaot::onnx_import {

// The registry entry for ONNX ModelProto files (recognized by their leading ir_version field).
frontends::Frontend frontend();

// True when `head` starts like a serialized ModelProto.
bool looks_like_onnx(std::span<const uint8_t> head);

ir::Graph import_model(const frontends::ImportSource &source,
                       const frontends::ImportOptions &options);

} // namespace microaot::onnx_import
