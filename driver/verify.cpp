#include "driver/verify.h"

#include "driver/driver.h"
#include "driver/golden.h"
#include "driver/host_build.h"
#include "driver/process.h"
#include "ir/error.h"
#include "ir/text.h"

#include <fmt/format.h>
#include <fstream>
#include <optional>

namespace microaot::driver {
namespace {

namespace fs = std::filesystem;

std::string describe(const Comparison &c, ir::DType dtype) {
    if (dtype == ir::DType::Float32)
        return fmt::format("max |diff| {:.3g}, {}/{} outside tolerance", c.worst_abs, c.mismatches,
                           c.elements);
    return fmt::format("max |diff| {}, {}/{} elements differ", c.worst_abs, c.mismatches,
                       c.elements);
}

} // namespace

int verify(const VerifyOptions &options, std::FILE *out) {
    GoldenManifest manifest = load_manifest(options.golden_dir);
    bool has_reference = manifest.has_reference();
    if (!has_reference)
        fmt::print(out, "no reference outputs: {}\n", manifest.no_reference_reason());
    // A check that checks nothing is not a pass.
    if (manifest.samples.empty()) {
        fmt::print(out, "NO REFERENCE: the golden manifest has no samples to compare\n");
        return 3;
    }

    CompileOptions compile_options;
    compile_options.runtime_dir = options.runtime_dir;
    compile_options.backend_plugins = options.backend_plugins;
    compile_options.accel = options.accel;
    compile_options.import = options.import;
    CompileResult r = compile_file(options.model_path, compile_options);
    check_manifest_signature(manifest.inputs, r.graph, r.graph.inputs, "input");
    check_manifest_signature(manifest.outputs, r.graph, r.graph.outputs, "output");
    // Check every golden file before building anything.
    for (const auto &s : manifest.samples) {
        if (s.inputs.size() != manifest.inputs.size() ||
            (has_reference && s.outputs.size() != manifest.outputs.size()))
            throw CompileError(fmt::format("sample {}: wrong number of files", s.k));
        for (std::size_t i = 0; i < s.inputs.size(); ++i)
            read_exact(manifest.dir / s.inputs[i], manifest.inputs[i].bytes);
    }

    std::optional<TempDir> temp;
    fs::path work;
    if (options.keep_dir.empty()) {
        temp.emplace();
        work = temp->path();
    } else {
        work = options.keep_dir;
    }
    fs::path gen = work / "generated", exe = work / "harness";
    codegen::write_files(gen, r.generated.files);
    fs::path harness = work / "harness.c";
    std::ofstream(harness) << render_harness(r.name, r.graph, r.generated.io);
    int rc = build_host_program(options.cc, gen, {harness}, exe, options.sanitize);
    if (rc != 0) {
        fmt::print(out, "FAIL: the generated code did not build with '{}' (status {})\n",
                   options.cc, rc);
        return 1;
    }

    bool all_ok = true;
    double worst = 0;
    for (const auto &s : manifest.samples) {
        std::vector<std::string> argv = {exe.string()};
        for (const auto &f : s.inputs)
            argv.push_back((manifest.dir / f).string());
        std::vector<fs::path> got_paths;
        for (std::size_t j = 0; j < manifest.outputs.size(); ++j) {
            got_paths.push_back(work / fmt::format("got_{}_{}.bin", s.k, j));
            argv.push_back(got_paths.back().string());
        }
        int run = run_process(argv);
        if (run != 0) {
            fmt::print(out, "sample {}: harness failed (status {})\n", s.k, run);
            all_ok = false;
            continue;
        }
        std::string line = fmt::format("sample {}:", s.k);
        for (std::size_t j = 0; j < manifest.outputs.size(); ++j) {
            const ir::Tensor &t = r.graph.tensor(r.graph.outputs[j]);
            auto got = read_exact(got_paths[j], t.byte_size());
            if (!has_reference) {
                line += fmt::format(" {} computed ({} bytes)",
                                    ir::printable(manifest.outputs[j].name), got.size());
                continue;
            }
            auto ref = read_exact(manifest.dir / s.outputs[j], t.byte_size());
            Comparison c = compare_outputs(t.dtype, got, ref);
            worst = std::max(worst, c.worst_abs);
            all_ok = all_ok && c.ok();
            line += fmt::format(" {} ({}): {} {}", ir::printable(manifest.outputs[j].name),
                                ir::dtype_name(t.dtype), describe(c, t.dtype),
                                c.ok() ? "OK" : "MISMATCH");
        }
        fmt::print(out, "{}\n", line);
    }
    std::string tag = options.sanitize ? ", ASan+UBSan" : "";
    if (!has_reference) {
        if (!all_ok) {
            fmt::print(out, "FAIL: the generated code failed to run{}\n", tag);
            return 1;
        }
        fmt::print(out, "NO REFERENCE: {} samples ran cleanly{}; nothing to compare\n",
                   manifest.samples.size(), tag);
        return 3;
    }
    fmt::print(out, "{}: {} samples, worst |diff| {:.3g}, workspace {} bytes{}\n",
               all_ok ? "PASS" : "FAIL", manifest.samples.size(), worst, r.plan.peak, tag);
    return all_ok ? 0 : 1;
}

} // namespace microaot::driver
