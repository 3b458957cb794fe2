// The example MAC-array accelerator backend: claims int8 CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED (with their fused activation) whose tiles fit the device's local SRAM, and
// emits one call to the runtime driver (runtime/macarray/) per node: DMA of input rows, weights
// and bias into the SRAM, accumulation jobs on the array, requantization on the CPU.
#pragma once

#include "backends/backend.h"
#include "backends/macarray/macarray_plan.h"

namespace microaot::macarray {

class MacArrayBackend final : public backends::Backend {
  public:
    // profile_hooks: bracket each node with MAO_NODE_BEGIN/END (as the Cortex-M4 backend does).
    explicit MacArrayBackend(Config config = {}, bool profile_hooks = false)
        : config_(config), profile_hooks_(profile_hooks) {}

    std::string_view name() const override { return "macarray"; }
    std::optional<backends::Claim> claim(const ir::Graph &graph, std::size_t node,
                                         std::string &why_not) const override;
    void emit(const backends::Claim &claim, backends::EmitContext &ctx) const override;
    std::optional<int64_t> cost_cycles(const ir::Graph &graph,
                                       const backends::Claim &claim) const override;
    std::vector<backends::MemoryPool> memory_pools() const override;

    const Config &config() const { return config_; }

  private:
    Config config_;
    bool profile_hooks_;
};

// Geometry of an int8 CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED node, or nullopt with the
// reason the accelerator cannot run it.
std::optional<Geometry> geometry_of(const ir::Graph &graph, std::size_t node, std::string &why_not);

} // namespace microaot::macarray
