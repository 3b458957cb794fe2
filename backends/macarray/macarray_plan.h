// Operand geometry, local-SRAM tiling and the cycle model of the example MAC-array accelerator
// (runtime/macarray/). Plain numbers, no IR: shared by claim (does it fit?), cost_cycles and emit.
#pragma once

#include "ir/saturating.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace microaot::macarray {

// The device and its cost model; `--accel macarray:rows=4,cols=16,sram=64K,...`.
struct Config {
    int64_t rows = 4;         // output channels per cycle
    int64_t cols = 16;        // reduction elements per channel per cycle
    int64_t sram = 64 * 1024; // local SRAM bytes
    int64_t dma = 4;          // DMA bytes per cycle
    int64_t dma_setup = 8;    // cycles per transfer
    int64_t job_setup = 16;   // cycles per job
    bool operator==(const Config &) const = default;
};

// Parses "rows=8,cols=8,sram=32K" (empty: defaults; sizes accept K/M suffixes, sram=0 allowed:
// the backend then claims nothing). CompileError naming the bad item.
Config parse_config(std::string_view options);

enum class Kind { Conv = 0, Depthwise = 1 }; // FULLY_CONNECTED is planned as a 1x1 Conv

struct Geometry {
    Kind kind = Kind::Conv;
    int64_t batches = 1, in_h = 1, in_w = 1, in_c = 1, out_h = 1, out_w = 1, out_c = 1;
    int64_t k_h = 1, k_w = 1, stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
    int64_t pad_h = 0, pad_w = 0, depth_multiplier = 1;
    bool has_bias = false;
};

// Where the operands of one tile live in the local SRAM (16-byte aligned regions).
struct TilePlan {
    int64_t tile_rows = 1, tile_channels = 1;
    int64_t sram_filter = 0, sram_bias = 0, sram_acc = 0, sram_in = 0, sram_used = 0;
};

// The cheapest tiling that fits `config.sram`, or nullopt with `why_not` set to a precise
// reason ("weights 73.0 KiB exceed local SRAM 64.0 KiB").
std::optional<TilePlan> plan_tiles(const Geometry &g, const Config &config, std::string &why_not);

// What the generated code will cost: modelled device cycles (DMA, set-up, MAC array) and the
// CPU instructions of the driver loop and requantization.
struct Cost {
    int64_t device_cycles = 0;
    int64_t cpu_cycles = 0;
    int64_t total() const { return ir::saturating_add(device_cycles, cpu_cycles); }
};
Cost estimate(const Geometry &g, const TilePlan &plan, const Config &config);

} // namespace microaot::macarray
