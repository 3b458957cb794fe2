// The Cortex-M4 backend: claims what the CPU backend claims and emits the same calls, but links
// the DSP/FPU kernels from runtime/cortex_m4/ wherever one exists (same names and signatures as
// the portable ones, bit-exact, with portable fallbacks when compiled for another CPU).
#pragma once

#include "backends/backend.h"
#include "backends/cpu/cpu_backend.h"

#include <string>
#include <string_view>

namespace microaot::cortex_m4 {

// "portable/mao_conv2d_s8.c" -> "cortex_m4/mao_conv2d_s8.c" when the Cortex-M4 runtime has that
// kernel; any other path unchanged.
std::string runtime_file_for(std::string_view portable_file);

class CortexM4Backend final : public backends::Backend {
  public:
    std::string_view name() const override { return "cortex_m4"; }
    std::optional<backends::Claim> claim(const ir::Graph &graph, std::size_t node,
                                         std::string &why_not) const override;
    // Emits the CPU backend's code with the runtime files remapped, bracketed by
    // MAO_NODE_BEGIN(i); / MAO_NODE_END(i); profiling hooks (empty macros unless MAO_PROFILE).
    void emit(const backends::Claim &claim, backends::EmitContext &ctx) const override;
    std::vector<std::string> runtime_sources() const override;

  private:
    cpu::CpuBackend cpu_;
};

} // namespace microaot::cortex_m4
