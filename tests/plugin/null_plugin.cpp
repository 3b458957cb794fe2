// A backend plugin that claims nothing: compiling with it must give exactly the default output.
#include "backends/plugin_api.h"

namespace {

class NullBackend final : public microaot::backends::Backend {
  public:
    std::string_view name() const override { return "null_backend"; }
    std::optional<microaot::backends::Claim> claim(const microaot::ir::Graph &, std::size_t,
                                                   std::string &why_not) const override {
        why_not = "claims nothing (test plugin)";
        return std::nullopt;
    }
    void emit(const microaot::backends::Claim &, microaot::backends::EmitContext &) const override {
        throw microaot::CompileError("null_backend: emit called without a claim");
    }
};

microaot::backends::Backend *create(const microaot::backends::PluginHost &) {
    return new NullBackend;
}

} // namespace

MICROAOT_PLUGIN_EXPORT const microaot::backends::PluginDescriptor *MICROAOT_PLUGIN_ENTRY(void) {
#ifdef TEST_ABI_VERSION // the wrong-version test plugin
    static const microaot::backends::PluginDescriptor d{TEST_ABI_VERSION, "null", &create};
#else
    static const microaot::backends::PluginDescriptor d{MICROAOT_PLUGIN_ABI_VERSION, "null",
                                                        &create};
#endif
    return &d;
}
