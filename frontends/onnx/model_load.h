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
    std::map<std::string, std::vector<int64_t>> inferred; // static shapes from shape inference
};

LoadedModel load_model(const frontends::ImportSource &source,
                       const frontends::ImportOptions &options);

} // namespace microaot::onnx_import
