// The memory each code generation target offers, and the check that a compiled model fits it.
#pragma once

#include "backends/backend.h"

#include <cstdint>
#include <span>
#include <string>

namespace microaot::driver {

struct TargetMemory {
    int64_t flash_bytes = 0;  // weights and code (0: not limited separately)
    int64_t ram_bytes = 0;    // workspace and memory pools (0: not limited separately)
    int64_t static_bytes = 0; // everything static together (0: not limited)
};

// cortex-m4f: the MPS2-AN386 board `run` links for (4 MiB flash, 4 MiB RAM: MAO_FLASH_SIZE and
// MAO_RAM_SIZE can be at most that). host: all static data below 2 GiB (x86-64 small code model).
// CompileError for an unknown target.
TargetMemory target_memory(const std::string &target);

// CompileError (one line, what needs how much) when the workspace, the memory pools and the
// weights cannot fit `target`'s memory.
void check_fits_target(const std::string &target, int64_t workspace_bytes, int64_t weights_bytes,
                       std::span<const backends::MemoryPool> pools);

} // namespace microaot::driver
