// `microaot run MODEL --target cortex-m4f-qemu [--golden DIR] [--profile] [--keep DIR]
//  [--timeout S] [--samples N] [--json FILE] [--accel SPEC]`
#include "cli/command.h"
#include "cli/input_shape.h"
#include "driver/run.h"

#include <cstdio>
#include <memory>

namespace microaot::cli {
namespace {

const bool registered = register_command("run", [](CLI::App &app) {
    auto opts = std::make_shared<driver::RunOptions>();
    CLI::App *cmd = app.add_subcommand(
        "run", "Build a firmware for a target, run it on the emulator and measure it");
    cmd->add_option("model", opts->model_path, "Model file (.tflite or .onnx)")->required();
    cmd->add_option("--target", opts->target, "Run target (cortex-m4f-qemu)")->required();
    cmd->add_option("--golden", opts->golden_dir,
                    "Golden data directory (manifest.json); without it: zero inputs, no check");
    add_input_shape_option(cmd, opts->import);
    cmd->add_flag("--profile", opts->profile, "Per-operator cycle estimate and instruction counts");
    cmd->add_option("--keep", opts->keep_dir, "Build in DIR and keep it (fw.elf, main.c, ...)");
    cmd->add_option("--timeout", opts->timeout, "Seconds per emulator run (default 300)");
    cmd->add_option("--samples", opts->max_samples, "Only the first N golden samples");
    cmd->add_option("--json", opts->json_path, "Write every figure to FILE as JSON");
    cmd->add_option("--accel", opts->accel,
                    "Offload to a built-in accelerator, e.g. macarray[:rows=4,cols=16,sram=64K]");
    return [opts]() {
        int rc = driver::run(*opts, stdout);
        std::fflush(stdout);
        return rc;
    };
});

} // namespace
} // namespace microaot::cli
