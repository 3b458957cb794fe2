// Memory before flashing: the flash and RAM the generated library will take on the target, from
// the compile result alone. Kernel code, data and stack come from the table measured when
// microaot was built (kernel_table.h); the entry points from the measured cost per kernel call;
// parameter structs from their measured sizeof; weights, workspace and memory pools are exact.
#pragma once

#include "driver/driver.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace microaot::footprint {

struct KernelFootprint {
    std::string function;
    std::string file; // runtime file it was measured from ("cortex_m4/mao_conv2d_s8.c")
    int calls = 0;    // calls from the entry point (0: reached through another kernel)
    int64_t flash = 0, data = 0, bss = 0, stack = 0;
    bool stack_exact = true;
};

struct LibraryFunction {
    std::string name;
    int64_t flash = 0, data = 0, bss = 0;
};

struct LayerWeights {
    std::optional<std::size_t> node; // nullopt: constants no node statement names
    std::string op;
    int64_t bytes = 0; // its weights arrays (first use), each padded to 16-byte alignment
};

struct Footprint {
    std::string target;
    bool measured = false; // false: no table for this target (only weights/workspace known)
    std::string source;    // where the figures come from, or why there are none
    std::vector<KernelFootprint> kernels;   // most flash first
    std::vector<LibraryFunction> c_library; // C-library functions the kernels call
    int kernel_calls = 0;
    int64_t entry_code = 0; // NAME_run + NAME_run_with_workspace (estimated per call)
    int64_t parameters = 0; // static const parameter structs
    int64_t weights = 0;
    std::vector<LayerWeights> weights_per_layer; // schedule order
    int64_t workspace = 0;                       // the plan's peak (NAME_workspace)
    int64_t pools = 0;       // backend memory pools (e.g. the accelerator's SRAM buffer)
    int64_t stack_bound = 0; // entry point + the deepest kernel
    bool stack_exact = true; // false: some path has an unmeasured or dynamic frame
    std::vector<std::string> unmeasured; // generated sources/functions without figures

    int64_t kernel_flash() const;  // code + constants (+ initial data) of the kernels
    int64_t code() const;          // kernels + entry points + parameters
    int64_t library_flash() const; // code + weights: the generated library's own sections
    int64_t c_library_flash() const;
    int64_t flash() const;      // library + the C-library functions it calls
    int64_t static_ram() const; // pools + kernels' and C library's data and bss
    int64_t ram() const;        // workspace + static + stack bound
};

// `target` is the one the result was compiled for (CompileOptions::target).
Footprint estimate(const driver::CompileResult &result, const std::string &target);

// The "memory before flashing" section of `inspect`.
std::string render_text(const Footprint &footprint, const driver::CompileResult &result);
nlohmann::ordered_json to_json(const Footprint &footprint);

} // namespace microaot::footprint
