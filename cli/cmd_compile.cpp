// `microaot compile MODEL -o DIR [--name NAME] [--target host] [--backend-plugin LIB]...
//  [--accel SPEC] [--report] [--check-fit flash=512K,ram=128K] [--list-files]`
#include "cli/command.h"
#include "cli/input_shape.h"
#include "driver/driver.h"
#include "footprint/check_fit.h"
#include "ir/text.h"

#include <cstdio>
#include <fmt/format.h>
#include <memory>

namespace microaot::cli {
namespace {

struct CompileArgs {
    std::string model, out_dir, name, target = "host";
    std::vector<std::string> plugins;
    std::string accel;
    bool report = false;
    bool list_files = false;
    std::string check_fit;
    frontends::ImportOptions import;
};

// --check-fit: one line per limit exceeded on stderr, exit 2; a line saying how close it is.
int check_fit(const driver::CompileResult &r, const CompileArgs &a) {
    footprint::FitLimits limits;
    footprint::parse_fit_limits(a.check_fit, limits); // validated when parsing the command line
    footprint::Footprint fp = footprint::estimate(r, a.target);
    if (!fp.measured) {
        fmt::print(stderr,
                   "microaot: usage error: --check-fit needs a target with measured "
                   "kernels (cortex-m4f): {}\n",
                   fp.source);
        return kExitUsage;
    }
    std::vector<std::string> problems = footprint::fit_violations(fp, limits);
    for (const auto &p : problems)
        fmt::print(stderr, "microaot: error: {}\n", p);
    if (!problems.empty()) return kExitBadInput;
    fmt::print("fits: flash {} B{}, RAM {} B{} (estimated before building; see inspect "
               "--target {})\n",
               fp.flash(), limits.flash ? fmt::format(" of {}", limits.flash_text) : "", fp.ram(),
               limits.ram ? fmt::format(" of {}", limits.ram_text) : "", a.target);
    return kExitOk;
}

int run_compile(const CompileArgs &a) {
    driver::CompileOptions options;
    options.name = a.name;
    options.target = a.target;
    options.backend_plugins = a.plugins;
    options.accel = a.accel;
    options.import = a.import;
    driver::CompileResult r = driver::compile_file(a.model, options);
    if (a.list_files) {
        for (const auto &f : r.generated.files)
            fmt::print("{}\n", f.name);
        return kExitOk;
    }
    if (!a.check_fit.empty())
        if (int rc = check_fit(r, a); rc != kExitOk) return rc;
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
    cmd->add_option("model", args->model, "Model file (.tflite or .onnx)")->required();
    CLI::Option *output = cmd->add_option("-o,--output", args->out_dir, "Output directory");
    cmd->add_option("--name", args->name, "C prefix of the generated API (default: file stem)");
    // The driver validates the target name (one-line error listing the supported ones).
    cmd->add_option("--target", args->target, "Code generation target (default: host)");
    cmd->add_option("--accel", args->accel,
                    "Offload to an accelerator: macarray[:rows=4,cols=16,sram=64K,...]");
    cmd->add_option("--backend-plugin", args->plugins,
                    "Shared library with an out-of-tree backend, asked before the built-in ones "
                    "(repeatable)");
    add_input_shape_option(cmd, args->import);
    cmd->add_flag("--report", args->report, "Print passes, kernels and memory summary");
    cmd->add_option("--check-fit", args->check_fit,
                    "Fail (exit 2, nothing written) unless the library fits, e.g. "
                    "flash=512K,ram=128K (K = 1024 bytes); needs --target cortex-m4f")
        ->check([](const std::string &spec) {
            footprint::FitLimits limits;
            return footprint::parse_fit_limits(spec, limits);
        });
    CLI::Option *list = cmd->add_flag("--list-files", args->list_files,
                                      "Print the names of the files compile writes, write nothing");
    cmd->callback([output, list] {
        if (output->count() == 0 && list->count() == 0)
            throw CLI::RequiredError("-o,--output (or --list-files)");
    });
    return [args]() { return run_compile(*args); };
});

} // namespace
} // namespace microaot::cli
