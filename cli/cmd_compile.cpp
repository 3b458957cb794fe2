// `microaot compile MODEL -o DIR [--name NAME] [--target host] [--report]`
#include "cli/command.h"
#include "driver/driver.h"

#include <fmt/format.h>
#include <memory>

namespace microaot::cli {
namespace {

struct CompileArgs {
    std::string model, out_dir, name, target = "host";
    bool report = false;
};

int run_compile(const CompileArgs &a) {
    driver::CompileOptions options;
    options.name = a.name;
    options.target = a.target;
    driver::CompileResult r = driver::compile_file(a.model, options);
    codegen::write_files(a.out_dir, r.generated.files);
    if (a.report) fmt::print("{}", driver::compile_report(r));
    fmt::print("wrote {} files to {} (workspace {} bytes, weights {} bytes)\n",
               r.generated.files.size(), a.out_dir, r.plan.peak, r.generated.weights_bytes);
    return kExitOk;
}

const bool registered = register_command("compile", [](CLI::App &app) {
    auto args = std::make_shared<CompileArgs>();
    CLI::App *cmd = app.add_subcommand("compile", "Generate a C99 library from a TFLite model");
    cmd->add_option("model", args->model, "Model file (.tflite)")->required();
    cmd->add_option("-o,--output", args->out_dir, "Output directory")->required();
    cmd->add_option("--name", args->name, "C prefix of the generated API (default: file stem)");
    cmd->add_option("--target", args->target, "Code generation target")
        ->check(CLI::IsMember({"host"}));
    cmd->add_flag("--report", args->report, "Print passes, kernels and memory summary");
    return [args]() { return run_compile(*args); };
});

} // namespace
} // namespace microaot::cli
