// `microaot verify MODEL --golden DIR [--keep DIR] [--cc CC] [--sanitize]
//  [--backend-plugin LIB]...`
#include "cli/command.h"
#include "cli/input_shape.h"
#include "driver/verify.h"

#include <cstdio>
#include <memory>

namespace microaot::cli {
namespace {

const bool registered = register_command("verify", [](CLI::App &app) {
    auto opts = std::make_shared<driver::VerifyOptions>();
    CLI::App *cmd = app.add_subcommand(
        "verify", "Compile, build on the host and compare with golden TFLM outputs");
    cmd->add_option("model", opts->model_path, "Model file (.tflite or .onnx)")->required();
    cmd->add_option("--golden", opts->golden_dir, "Golden data directory (manifest.json)")
        ->required();
    cmd->add_option("--keep", opts->keep_dir, "Build in DIR and keep it");
    cmd->add_option("--cc", opts->cc, "Host C compiler (default: cc)");
    cmd->add_option("--accel", opts->accel,
                    "Offload to an accelerator: macarray[:rows=4,cols=16,sram=64K,...]");
    cmd->add_option("--backend-plugin", opts->backend_plugins,
                    "Shared library with an out-of-tree backend (repeatable)");
    add_input_shape_option(cmd, opts->import);
    cmd->add_flag("--sanitize", opts->sanitize, "Build the harness with ASan+UBSan");
    return [opts]() {
        int rc = driver::verify(*opts, stdout);
        std::fflush(stdout);
        return rc;
    };
});

} // namespace
} // namespace microaot::cli
