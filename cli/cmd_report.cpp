// `microaot report MODEL [--target T] [--accel A] [--backend-plugin LIB]... [--profile FILE.json]
//  -o report.html`: one self-contained HTML page about the compile (report/html_report.h).
#include "cli/command.h"
#include "driver/driver.h"
#include "footprint/footprint.h"
#include "ir/error.h"
#include "report/html_report.h"

#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <optional>

namespace microaot::cli {
namespace {

struct ReportArgs {
    std::string model, output, profile;
    driver::CompileOptions options;
};

int run_report(const ReportArgs &a) {
    driver::CompileResult r = driver::compile_file(a.model, a.options);
    footprint::Footprint fp = footprint::estimate(r, a.options.target);
    std::optional<report::Profile> profile;
    if (!a.profile.empty()) profile = report::read_profile(a.profile, r.graph);
    std::string html =
        report::render_html({r, a.options, fp, profile ? &*profile : nullptr, a.model});
    std::ofstream out(a.output, std::ios::binary);
    out << html;
    out.close();
    if (!out) throw CompileError(fmt::format("cannot write '{}'", a.output));
    fmt::print("wrote {} ({} nodes, {} buffers{})\n", a.output, r.graph.nodes.size(),
               r.plan.buffers.size(),
               profile ? fmt::format(", {} profiled nodes", profile->nodes.size()) : "");
    return kExitOk;
}

const bool registered = register_command("report", [](CLI::App &app) {
    auto args = std::make_shared<ReportArgs>();
    CLI::App *cmd = app.add_subcommand(
        "report", "Write one self-contained HTML page: graph by backend, memory timeline, flash "
                  "and RAM, and per-layer cycles from a run profile");
    cmd->add_option("model", args->model, "Model file (.tflite or .onnx)")->required();
    cmd->add_option("-o,--output", args->output, "HTML file to write")->required();
    cmd->add_option("--target", args->options.target, "Code generation target (default: host)");
    cmd->add_option("--accel", args->options.accel,
                    "Offload to an accelerator: macarray[:rows=4,cols=16,sram=64K,...]");
    cmd->add_option("--backend-plugin", args->options.backend_plugins,
                    "Shared library with an out-of-tree backend (repeatable)");
    cmd->add_option(
        "--profile", args->profile,
        "JSON written by `microaot run --profile --json FILE` (same model and options)");
    return [args]() { return run_report(*args); };
});

} // namespace
} // namespace microaot::cli
