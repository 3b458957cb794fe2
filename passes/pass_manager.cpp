// The pass manager: runs passes in order and checks the IR after each one.
#include "passes/builtin_passes.h"
#include "passes/pass.h"

#include "ir/error.h"
#include "ir/verifier.h"

#include <fmt/format.h>

namespace microaot::passes {

const std::vector<Pass> &default_pipeline() {
    // dead-code renumbers tensors, so it runs before reshape-alias records tensor ids.
    static const std::vector<Pass> pipeline = {
        {"fuse-activation", fuse_activation},
        {"depthwise-to-conv", depthwise_to_conv},
        {"fold-constants", fold_constants},
        {"dead-code", remove_dead_code},
        {"reshape-alias", alias_reshapes},
    };
    return pipeline;
}

void run_pipeline(ir::Graph &graph, PassContext &context, const std::vector<Pass> &pipeline) {
    for (const Pass &pass : pipeline) {
        pass.run(graph, context);
        if (!context.verify_between_passes) continue;
        try {
            ir::verify(graph);
        } catch (const CompileError &e) {
            throw CompileError(fmt::format("after pass '{}': {}", pass.name, e.what()));
        }
    }
}

} // namespace microaot::passes
