// `microaot compile MODEL -o DIR [--name NAME] [--target host] [--backend-plugin LIB]...
//  [--report]`
#include "cli/command.h"
#include "driver/driver.h"
#include "ir/text.h"

#include <fmt/format.h>
#include <memory>

namespace microaot::cli {
namespace {

struct CompileArgs {
    std::string model, out_dir, name, target = "host";
    std::vector<std::string> plugins;
    std::string accel;
    bool report = false;
};

int run_compile(const CompileArgs &a) {
    driver::CompileOptions options;
    options.name = a.name;
    options.target = a.target;
    options.backend_plugins = a.plugins;
    options.accel = a.accel;
    driver::CompileResult r = driver::compile_file(a.model, options);
    codegen::write_files(a.out_dir, r.generated.files);
    if (a.report) fmt::print("{}", driver::compile_report(r));
    fmt::print("wrote {} files to {} (workspace {} bytes, weights {} bytes)\n",
               r.generated.files.size(), ir::printable(a.out_dir), r.plan.peak,
               r.generated.weights_bytes);
    return kExitOk;
}

const bool registered = register_command("compile", [](CLI::App &app) {
    auto args = std::make_shared<CompileArgs>();
    CLI::App *cmd = app.add_subcommand("compile", "Generate a C99 library from a TFLite model");
    cmd->add_option("model", args->model, "Model file (.tflite)")->required();
    cmd->add_option("-o,--output", args->out_dir, "Output directory")->required();
    cmd->add_option("--name", args->name, "C prefix of the generated API (default: file stem)");
    // The driver validates the target name (one-line error listing the supported ones).
    cmd->add_option("--target", args->target, "Code generation target (default: host)");
    cmd->add_option("--accel", args->accel,
                    "Offload to an accelerator: macarray[:rows=4,cols=16,sram=64K,...]");
    cmd->add_option("--backend-plugin", args->plugins,
                    "Shared library with an out-of-tree backend, asked before the built-in ones "
                    "(repeatable)");
    cmd->add_flag("--report", args->report, "Print passes, kernels and memory summary");
    return [args]() { return run_compile(*args); };
});

} // namespace
} // namespace microaot::cli
