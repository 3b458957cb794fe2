#include "backends/cortex_m4/cortex_m4_backend.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace microaot::cortex_m4 {
namespace {

// Kernels with a Cortex-M4 version in runtime/cortex_m4/.
constexpr std::array<std::string_view, 10> kM4Kernels = {"mao_avg_pool_s8",
                                                         "mao_conv2d_f32",
                                                         "mao_conv2d_s8",
                                                         "mao_depthwise_conv2d_f32",
                                                         "mao_depthwise_conv2d_s8",
                                                         "mao_fully_connected_f32",
                                                         "mao_fully_connected_s8",
                                                         "mao_fully_connected_s8_folded",
                                                         "mao_fully_connected_s8_per_channel",
                                                         "mao_max_pool_s8"};

constexpr std::string_view kPortable = "portable/";

// Forwards everything to the code generator's context, remapping runtime files and buffering
// the claim's statements so that they can be bracketed by the profiling hooks.
class RemappingContext final : public backends::EmitContext {
  public:
    explicit RemappingContext(backends::EmitContext &inner) : inner_(inner) {}
    const ir::Graph &graph() const override { return inner_.graph(); }
    std::string tensor_ref(ir::TensorId id) override { return inner_.tensor_ref(id); }
    bool shares_storage(ir::TensorId a, ir::TensorId b) const override {
        return inner_.shares_storage(a, b);
    }
    std::string add_constant(std::string_view c_type, std::span<const uint8_t> bytes,
                             std::string_view what) override {
        return inner_.add_constant(c_type, bytes, what);
    }
    std::string add_params(std::string_view c_type, std::string_view name_hint,
                           std::string_view initializer) override {
        return inner_.add_params(c_type, name_hint, initializer);
    }
    void add_statement(std::string statement) override {
        statements_.push_back(std::move(statement));
    }
    void use_kernel(std::string_view kernel, std::string_view runtime_file) override {
        inner_.use_kernel(kernel, runtime_file_for(runtime_file));
    }
    std::vector<std::string> &statements() { return statements_; }

  private:
    backends::EmitContext &inner_;
    std::vector<std::string> statements_;
};

} // namespace

std::string runtime_file_for(std::string_view portable_file) {
    if (!portable_file.starts_with(kPortable) || !portable_file.ends_with(".c"))
        return std::string(portable_file);
    std::string_view stem = portable_file.substr(kPortable.size());
    stem.remove_suffix(2);
    if (std::find(kM4Kernels.begin(), kM4Kernels.end(), stem) == kM4Kernels.end())
        return std::string(portable_file);
    return fmt::format("cortex_m4/{}.c", stem);
}

std::optional<backends::Claim> CortexM4Backend::claim(const ir::Graph &graph, std::size_t node,
                                                      std::string &why_not) const {
    return cpu_.claim(graph, node, why_not);
}

void CortexM4Backend::emit(const backends::Claim &claim, backends::EmitContext &ctx) const {
    RemappingContext remap(ctx);
    cpu_.emit(claim, remap);
    if (remap.statements().empty()) return; // zero-copy node: nothing to time
    std::size_t node = claim.nodes.at(0);
    ctx.add_statement(fmt::format("MAO_NODE_BEGIN({});", node));
    for (auto &s : remap.statements())
        ctx.add_statement(std::move(s));
    ctx.add_statement(fmt::format("MAO_NODE_END({});", node));
}

std::vector<std::string> CortexM4Backend::runtime_sources() const {
    std::vector<std::string> files;
    for (const auto &f : cpu_.runtime_sources())
        files.push_back(runtime_file_for(f));
    for (const char *h : {"portable/mao_fixedpoint.h", "portable/mao_pool_window.h"})
        if (std::find(files.begin(), files.end(), h) == files.end()) files.push_back(h);
    return files;
}

} // namespace microaot::cortex_m4
