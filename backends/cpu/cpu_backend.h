// The CPU backend: one kernel call per node, chosen and emitted by the operator's lowering record
// (backends/cpu/lowering.h). The same backend serves the portable C99 runtime and, with
// Runtime::CortexM4, the Cortex-M4 DSP/FPU kernels (named "cortex_m4").
#pragma once

#include "backends/backend.h"
#include "backends/cpu/lowering.h"

namespace microaot::cpu {

class CpuBackend final : public backends::Backend {
  public:
    explicit CpuBackend(Runtime runtime = Runtime::Portable) : runtime_(runtime) {}

    std::string_view name() const override;
    std::optional<backends::Claim> claim(const ir::Graph &graph, std::size_t node,
                                         std::string &why_not) const override;
    // On the Cortex-M4 runtime each node's statements are bracketed by MAO_NODE_BEGIN(i); /
    // MAO_NODE_END(i); profiling hooks (empty macros unless MAO_PROFILE).
    void emit(const backends::Claim &claim, backends::EmitContext &ctx) const override;
    std::optional<int64_t> cost_cycles(const ir::Graph &graph,
                                       const backends::Claim &claim) const override;
    int64_t scratch_bytes(const ir::Graph &graph, const backends::Claim &claim) const override;

    Runtime runtime() const { return runtime_; }

  private:
    Runtime runtime_;
};

} // namespace microaot::cpu
