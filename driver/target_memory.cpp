#include "driver/target_memory.h"

#include "ir/error.h"
#include "ir/saturating.h"

#include <fmt/format.h>

namespace microaot::driver {
namespace {

using ir::saturating_add;

constexpr int64_t kMiB = int64_t(1) << 20;

} // namespace

TargetMemory target_memory(const std::string &target) {
    if (target == "cortex-m4f") return {4 * kMiB, 4 * kMiB, 0};
    if (target == "host") return {0, 0, INT32_MAX};
    throw CompileError(fmt::format("unknown target '{}' (supported: host, cortex-m4f)", target));
}

void check_fits_target(const std::string &target, int64_t workspace_bytes, int64_t weights_bytes,
                       std::span<const backends::MemoryPool> pools) {
    TargetMemory memory = target_memory(target);
    int64_t pool_bytes = 0;
    for (const auto &p : pools)
        pool_bytes = saturating_add(pool_bytes, p.size);
    int64_t ram = saturating_add(workspace_bytes, pool_bytes);
    if (memory.ram_bytes > 0 && ram > memory.ram_bytes)
        throw CompileError(fmt::format(
            "the model needs {} bytes of RAM ({}-byte workspace + {} bytes of memory pools), "
            "target {} has {} bytes of RAM",
            ram, workspace_bytes, pool_bytes, target, memory.ram_bytes));
    if (memory.flash_bytes > 0 && weights_bytes > memory.flash_bytes)
        throw CompileError(fmt::format("the model needs {} bytes of weights in flash, target {} "
                                       "has {} bytes of flash",
                                       weights_bytes, target, memory.flash_bytes));
    int64_t all = saturating_add(ram, weights_bytes);
    if (memory.static_bytes > 0 && all > memory.static_bytes)
        throw CompileError(fmt::format(
            "the model needs {} bytes of static data ({}-byte workspace, {} bytes of memory "
            "pools, {} bytes of weights); a {} build addresses at most {}",
            all, workspace_bytes, pool_bytes, weights_bytes, target, memory.static_bytes));
}

} // namespace microaot::driver
