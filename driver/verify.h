// `microaot verify`: compile a model, build a host harness, run every golden sample and compare.
#pragma once

#include "frontends/registry.h"

#include <cstdio>
#include <string>
#include <vector>

namespace microaot::driver {

struct VerifyOptions {
    std::string model_path;
    std::string golden_dir;
    std::string keep_dir; // non-empty: build here and keep everything
    std::string cc = "cc";
    bool sanitize = false;
    std::string runtime_dir;                  // empty: default
    std::vector<std::string> backend_plugins; // CompileOptions::backend_plugins
    std::string accel;                        // CompileOptions::accel
    frontends::ImportOptions import;          // CompileOptions::import
};

// Prints one line per sample and a final PASS/FAIL line to `out`. Returns 0 when every output
// matches, 1 on a mismatch (or when the generated code fails to build or run), 3 when the
// manifest has no reference outputs (TFLM failed; the model is still compiled and run as a
// smoke test). Throws CompileError for bad input (exit 2).
int verify(const VerifyOptions &options, std::FILE *out);

} // namespace microaot::driver
