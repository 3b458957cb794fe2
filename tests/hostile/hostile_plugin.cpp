// A backend plugin that misbehaves on purpose, in the way named by $MAO_HOSTILE_MODE. microaot
// must turn every misbehaviour into a one-line error naming the plugin (exit 2), never a crash,
// an abort or a file copied from outside the plugin's folder.
#include "backends/plugin_api.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

using namespace microaot;

std::string mode() {
    const char *m = std::getenv("MAO_HOSTILE_MODE");
    return m ? m : "";
}

class HostileBackend final : public backends::Backend {
  public:
    explicit HostileBackend(std::string dir) : dir_(std::move(dir)) {}

    std::string_view name() const override { return "hostile"; }

    std::optional<backends::Claim> claim(const ir::Graph &, std::size_t node,
                                         std::string &why_not) const override {
        std::string m = mode();
        if (m == "claim_throws_std") throw std::runtime_error("std exception from claim");
        if (m == "claim_throws_int") throw 42;
        if (node != 0) {
            why_not = "claims node 0 only";
            return std::nullopt;
        }
        return backends::Claim{{node}, "hostile_kernel"};
    }

    void emit(const backends::Claim &claim, backends::EmitContext &ctx) const override {
        std::string m = mode();
        if (m == "emit_throws_std") throw std::logic_error("std exception from emit");
        if (m == "emit_throws_string") throw std::string("a thrown std::string");
        if (m == "bad_tensor_ref") ctx.tensor_ref(123456);
        if (m == "negative_tensor_ref") ctx.tensor_ref(-7);
        if (m == "pool_name_spaces") ctx.pool_ref({"my pool", 64, 16, ""}, 0);
        if (m == "pool_huge") ctx.pool_ref({"huge", int64_t(1) << 40, 16, ""}, 0);
        if (m == "pool_bad_macro") ctx.pool_ref({"ok", 64, 16, "ADDR\n#include </etc/passwd>"}, 0);
        if (m == "kernel_relative_escape")
            ctx.use_kernel("hostile_kernel", "../../../../../../../../etc/passwd");
        if (m == "kernel_absolute_escape") ctx.use_kernel("hostile_kernel", "/etc/passwd");
        if (m == "kernel_plugin_dir_escape")
            ctx.use_kernel("hostile_kernel", dir_ + "/../../../../../../../../etc/passwd");
        if (m == "kernel_bad_name") ctx.use_kernel("not a name", "portable/mao_copy.c");
        if (m == "params_bad_type") ctx.add_params("int x; int y", "p", "0");
        // Otherwise: a harmless node-0 copy through the portable kernel.
        const ir::Node &n = ctx.graph().nodes.at(claim.nodes.at(0));
        ctx.add_statement("/* hostile plugin */");
        ctx.add_statement("mao_copy(" + ctx.tensor_ref(n.outputs.at(0)) + ", " +
                          ctx.tensor_ref(n.inputs.at(0)) + ", 0);");
        ctx.use_kernel("mao_copy", "portable/mao_copy.c");
    }

  private:
    std::string dir_;
};

backends::Backend *create(const backends::PluginHost &host) {
    if (mode() == "create_throws_std") throw std::runtime_error("std exception from create");
    if (mode() == "create_throws_int") throw 7;
    return new HostileBackend(host.plugin_dir);
}

} // namespace

MICROAOT_PLUGIN_EXPORT const microaot::backends::PluginDescriptor *MICROAOT_PLUGIN_ENTRY(void) {
    static const microaot::backends::PluginDescriptor d{MICROAOT_PLUGIN_ABI_VERSION, "hostile",
                                                        &create};
    return &d;
}
