// The table measured at microaot build time (footprint/tablegen/measure_kernels.cpp): for the
// cortex-m4f target, what every runtime kernel, board-support and C-library function takes once
// linked, its stack bound, sizeof of the kernels' parameter structs and the cost of a generated
// entry point per kernel call.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace microaot::footprint {

struct MeasuredFunction {
    std::string name;
    std::string file; // runtime file ("cortex_m4/mao_conv2d_s8.c"), "board/..." or "" (C library)
    int64_t flash = 0, data = 0, bss = 0; // its --gc-sections closure within its object
    int64_t stack = 0;                    // worst-case stack, callees included
    bool stack_exact = true;        // false: recursion, a dynamic frame or an unmeasured callee
    std::vector<std::string> calls; // functions it needs from other objects
};

struct EntryPointCost {
    int arity = 0;              // arguments per kernel call
    int64_t base_flash = 0;     // NAME_run + NAME_run_with_workspace without calls
    int64_t per_call_flash = 0; // one call of that arity
    int64_t stack = 0;          // NAME_run down to (not into) the kernels
};

struct KernelTable {
    bool available = false;
    std::string target, compiler, cflags;
    std::string reason;                            // why there is no table (available == false)
    std::vector<MeasuredFunction> functions;       // runtime kernels (and their helpers)
    std::vector<MeasuredFunction> board_functions; // targets/<target>/ board support
    std::vector<MeasuredFunction> c_library;       // newlib-nano / libm / libgcc
    std::map<std::string, std::string> sources;    // runtime file -> fingerprint of its bytes
    std::map<std::string, int64_t> param_types;    // C type -> sizeof
    std::vector<EntryPointCost> entry_points;      // by arity, ascending

    // The runtime file whose bytes are `content` ("" when none matches).
    std::string source_with_content(std::string_view content) const;
    const MeasuredFunction *function(const std::string &file, const std::string &name) const;
    const MeasuredFunction *c_library_function(const std::string &name) const;
    bool board_defines(const std::string &name) const;
    // The cost for calls of `arity` arguments (the largest measured arity when above it).
    const EntryPointCost *entry_point(int arity) const;
};

// The JSON text written by measure_kernels (generated source, compiled into microaot).
std::string_view measured_table_json();
// Parsed once. Throws std::runtime_error if the embedded text is malformed (a build bug).
const KernelTable &measured_table();

// FNV-1a 64-bit fingerprint as 16 hex digits (the same as measure_kernels').
std::string fingerprint(std::string_view bytes);

} // namespace microaot::footprint
