// The golden-data manifest (../shared/golden/<model>/manifest.json) and output comparison.
#pragma once

#include "ir/graph.h"
#include "ir/types.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace microaot::driver {

struct GoldenTensor {
    std::string name;
    std::string dtype; // "int8", "float32", ...
    ir::Shape shape;
    int64_t bytes = 0;
};

struct GoldenSample {
    int k = 0;
    std::vector<std::string> inputs;  // file names relative to the golden dir
    std::vector<std::string> outputs; // empty when there is no reference
};

struct GoldenManifest {
    std::filesystem::path dir;
    std::string status; // "ok" or "tflm_failed" (default "ok" when absent)
    std::string error;  // TFLM's reason when it failed
    std::vector<GoldenTensor> inputs, outputs;
    std::vector<GoldenSample> samples;
    int64_t arena_used_bytes = 0, arena_used_bytes_32bit = 0;

    // Reference outputs exist only when the generator says "ok" ("tflm_failed", "failed" or any
    // other status: nothing to compare with).
    bool has_reference() const { return status == "ok"; }
    // One line for the no-reference case: TFLM's reason, or the unexpected status.
    std::string no_reference_reason() const;
};

// Throws CompileError when the manifest is missing or malformed.
GoldenManifest load_manifest(const std::filesystem::path &golden_dir);

// Reads a regular file that must hold exactly `bytes` bytes (CompileError otherwise: missing,
// not a regular file, other size). Never reads more than bytes + 1.
std::vector<uint8_t> read_exact(const std::filesystem::path &path, int64_t bytes);

struct Comparison {
    int64_t elements = 0;
    int64_t mismatches = 0;
    double worst_abs = 0; // largest |got - ref|
    bool ok() const { return mismatches == 0; }
};

// Integer dtypes bit-exact; float32 |got-ref| <= 1e-5 + 1e-4*|ref| (NaN never matches).
Comparison compare_outputs(ir::DType dtype, const std::vector<uint8_t> &got,
                           const std::vector<uint8_t> &ref);

// The manifest's inputs (or outputs) and the graph's `ids` must agree in count, dtype, shape and
// bytes; CompileError naming the first difference otherwise. `what` is "input" or "output".
void check_manifest_signature(const std::vector<GoldenTensor> &golden, const ir::Graph &graph,
                              const std::vector<ir::TensorId> &ids, const char *what);

} // namespace microaot::driver
