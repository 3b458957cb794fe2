// The CPU backend: portable C99 kernels from runtime/portable/, one call per claimed node.
#pragma once

#include "backends/backend.h"

namespace microaot::cpu {

class CpuBackend final : public backends::Backend {
  public:
    std::string_view name() const override { return "cpu"; }
    std::optional<backends::Claim> claim(const ir::Graph &graph, std::size_t node,
                                         std::string &why_not) const override;
    void emit(const backends::Claim &claim, backends::EmitContext &ctx) const override;
    std::vector<std::string> runtime_sources() const override;
};

} // namespace microaot::cpu
