#include "codegen/codegen.h"

#include "codegen/model_emitter.h"
#include "codegen/weights_table.h"
#include "codegen/writers.h"
#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <set>

namespace microaot::codegen {
namespace {

// Every graph output must be written by a node (directly or through a zero-copy alias).
void check_outputs_written(const ir::Graph &graph, const ModelEmitter &emitter,
                           const IoLayout &io) {
    std::set<std::string> written_fields;
    for (const auto &n : graph.nodes) {
        bool zero_copy = ir::op_def(n.kind).has(ir::kZeroCopyView) &&
                         emitter.shares_storage(n.input(0), n.outputs.at(0));
        if (zero_copy) continue;
        for (ir::TensorId y : n.outputs)
            written_fields.insert(emitter.caller_buffer(y));
    }
    for (const auto &out : io.outputs) {
        bool written = written_fields.contains("out->" + out.field);
        if (!written)
            throw CompileError(fmt::format("graph output '{}' is not computed by any operator",
                                           graph.tensor(out.id).name));
    }
}

} // namespace

Generated generate(const ir::Graph &graph, const std::map<ir::TensorId, ir::TensorId> &aliases,
                   const partition::Partition &partition, const planner::MemoryPlan &plan,
                   const CodegenOptions &options) {
    Generated result;
    result.io = make_io_layout(graph, options.name);
    WeightsTable weights(options.name);
    ModelEmitter emitter(graph, result.io, plan, aliases, weights, options.runtime_dir);
    check_outputs_written(graph, emitter, result.io);
    for (std::size_t i = 0; i < partition.assignments.size(); ++i) {
        const auto &a = partition.assignments[i];
        std::string name(a.backend->name());
        auto plugin = options.plugin_dirs.find(name);
        emitter.begin_claim(i, name, plugin == options.plugin_dirs.end() ? "" : plugin->second);
        a.backend->emit(a.claim, emitter);
        std::vector<std::string> kernels = emitter.take_claim_kernels();
        std::string kernel;
        for (const auto &k : kernels)
            kernel += (kernel.empty() ? "" : "+") + k;
        for (std::size_t node : a.claim.nodes)
            result.nodes.push_back(
                {node, std::string(a.backend->name()), kernel.empty() ? "none" : kernel});
    }
    result.weights_bytes = weights.total_bytes();
    result.workspace_size = plan.peak;
    result.pools = emitter.pools_used();

    std::vector<std::string> runtime;
    for (const auto &[file, used] : emitter.runtime_files())
        runtime.push_back(file);
    std::vector<std::filesystem::path> folders = {options.runtime_dir};
    for (const auto &entry : options.plugin_dirs)
        folders.push_back(entry.second);
    std::vector<GeneratedFile> files = collect_runtime_files(runtime, options.runtime_dir, folders);
    std::vector<std::string> copied;
    for (const auto &f : files)
        copied.push_back(f.name);
    const std::string &n = options.name;
    files.push_back({n + ".h", render_public_header(graph, result.io, options, plan.peak)});
    files.push_back({n + ".c", render_model_source(graph, result.io, emitter, options)});
    files.push_back({n + "_weights.h", render_weights_header(n, weights)});
    files.push_back({n + "_weights.c", render_weights_source(n, weights)});
    files.push_back(
        {n + "_metadata.json", render_metadata(graph, result.io, plan, result.nodes, emitter,
                                               options, result.weights_bytes, copied)});
    std::sort(files.begin(), files.end(),
              [](const GeneratedFile &a, const GeneratedFile &b) { return a.name < b.name; });
    for (std::size_t i = 1; i < files.size(); ++i)
        if (files[i].name == files[i - 1].name)
            throw CompileError(fmt::format("--name '{}' makes generated file '{}' clash with a "
                                           "runtime file",
                                           n, files[i].name));
    result.files = std::move(files);
    return result;
}

void write_files(const std::filesystem::path &dir, const std::vector<GeneratedFile> &files) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw CompileError(
            fmt::format("cannot create output directory '{}': {}", dir.string(), ec.message()));
    for (const auto &f : files) {
        std::ofstream out(dir / f.name, std::ios::binary | std::ios::trunc);
        out << f.content;
        if (!out) throw CompileError(fmt::format("cannot write '{}'", (dir / f.name).string()));
    }
}

} // namespace microaot::codegen
