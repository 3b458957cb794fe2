// `microaot run`: compile for the Cortex-M4F, build a firmware around the model and the golden
// data, run it on QEMU mps2-an386 and report per-inference cycles (the TRM-based estimate of
// docs/measuring.md), instructions, flash and RAM.
#pragma once

#include "frontends/registry.h"

#include <cstdio>
#include <string>

namespace microaot::driver {

struct RunOptions {
    std::string model_path;
    std::string target = "cortex-m4f-qemu";
    std::string golden_dir;  // empty: one run on zero inputs, measurement only
    std::string keep_dir;    // non-empty: build here and keep everything (fw.elf, main.c, ...)
    std::string json_path;   // non-empty: write every figure as JSON
    std::string runtime_dir; // empty: default
    bool profile = false;    // per-node cycles and instructions (a second firmware)
    int timeout = 300;       // seconds per QEMU run
    int max_samples = 0;     // > 0: only the first N golden samples
    std::string accel;       // built-in accelerator, as CompileOptions::accel ("" = CPU only)
    frontends::ImportOptions import; // CompileOptions::import
};

// Prints per-sample PASS/FAIL and the figures to `out`. Returns 0 when every output matches,
// 1 on a mismatch (or when the firmware fails to build or run), 3 when the manifest has no
// reference outputs. Throws CompileError for bad input (exit 2).
int run(const RunOptions &options, std::FILE *out);

} // namespace microaot::driver
