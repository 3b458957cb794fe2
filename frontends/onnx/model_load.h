// Internal: from bytes to a checked ModelProto (external data resolved, the library's checker and
// shape inference run where it knows the opset).
#pragma once

#include "frontends/registry.h"

#include <onnx/onnx_pb.h>

#include <map>
#include <string>

namespace microaot::onnx_import {

// The opsets ONNX 1.12's checker and shape inference know; newer files are checked by us.
inline constexpr int64_t kLibraryMaxOpset = 17;
// The newest default-domain opset whose operators we import with their current signatures.
inline constexpr int64_t kMaxOpset = 20;

struct LoadedModel {
    onnx::ModelProto model;
    int64_t opset = 0;
    bool library_checked = false;
};

// Parses, resolves external data, fixes input shapes and runs ONNX's checker where it knows the
// opset (library_checked).
LoadedModel load_model(const frontends::ImportSource &source,
                       const frontends::ImportOptions &options);

// ONNX's strict shape inference (library_checked models only): the static shapes it finds, by
// value name. Run only after our own import accepted the graph: ONNX 1.12's shape inference
// reads out of bounds on some inconsistent graphs its checker lets through (found by the
// mutation test: a Conv whose inputs' ranks disagree crashed in convPoolShapeInference).
std::map<std::string, std::vector<int64_t>> library_shapes(LoadedModel &m,
                                                           const std::string &label);

} // namespace microaot::onnx_import
