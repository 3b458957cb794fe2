// `microaot report`: one self-contained HTML page (inline SVG and CSS, no script, nothing fetched)
// showing a compile result: the graph coloured by backend (hover: shapes, quantization, MACs, why
// other backends declined), the memory timeline (every planned buffer over the schedule at its
// workspace offset, peak and lower bound), the flash and RAM breakdown (code per kernel, weights
// per layer) and, given `run --json` output with a profile, cycles (or instructions) per layer.
#pragma once

#include "driver/driver.h"
#include "footprint/footprint.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace microaot::report {

struct ProfileEntry {
    std::size_t node = 0;
    std::string op, kernel;
    int64_t instructions = 0;
    std::optional<int64_t> cycles; // the TRM timing model's estimate, when run gave one
    int64_t accel_cycles = 0;      // the accelerator's modelled cycles for this node
};

struct Profile {
    std::string path;
    std::vector<ProfileEntry> nodes;
    bool has_cycles = false; // every entry has a cycle estimate
};

// Reads the per-node profile of `microaot run --profile --json FILE`. CompileError (one line
// naming the file and what is wrong) when it is not such a file or names a node that the
// compiled graph does not have (index out of range, another operator).
Profile read_profile(const std::string &path, const ir::Graph &graph);

struct ReportInput {
    const driver::CompileResult &result;
    const driver::CompileOptions &options;
    const footprint::Footprint &footprint;
    const Profile *profile = nullptr; // optional
    std::string model_path;
};

// The page. Deterministic: the same input gives the same bytes.
std::string render_html(const ReportInput &input);

} // namespace microaot::report
