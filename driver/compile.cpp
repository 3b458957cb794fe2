#include "driver/driver.h"

#include "backends/cpu/cpu_backend.h"
#include "backends/macarray/macarray_backend.h"
#include "backends/plugin_loader.h"
#include "codegen/c_names.h"
#include "driver/install_layout.h"
#include "driver/target_memory.h"
#include "frontends/registry.h"
#include "ir/error.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

#ifndef MICROAOT_RUNTIME_DIR
#define MICROAOT_RUNTIME_DIR "runtime"
#endif

namespace microaot::driver {
namespace {

std::string checked_name(const std::string &name) {
    if (codegen::c_identifier(name) != name)
        throw CompileError(fmt::format("--name '{}' is not a C identifier (try '{}')", name,
                                       codegen::c_identifier(name)));
    return name;
}

// Workspace scratch each claim's backend asks for, keyed by assignment index.
std::vector<planner::ScratchRequest> scratch_requests(const CompileResult &r) {
    std::vector<planner::ScratchRequest> out;
    for (std::size_t i = 0; i < r.partition.assignments.size(); ++i) {
        const auto &a = r.partition.assignments[i];
        int64_t bytes = a.backend->scratch_bytes(r.graph, a.claim);
        // Bounded like a memory pool: the planner's offset arithmetic stays far from overflow,
        // and the target memory check then holds the total to the target.
        if (bytes < 0 || bytes > backends::kMaxPoolBytes)
            throw CompileError(fmt::format("backend '{}' asked for {} scratch bytes at node {}",
                                           a.backend->name(), bytes, a.claim.nodes.at(0)));
        if (bytes > 0)
            out.push_back({i, int(a.claim.nodes.front()), int(a.claim.nodes.back()), bytes});
    }
    return out;
}

CompileResult run_pipeline(ir::Graph graph, const CompileOptions &options,
                           std::chrono::steady_clock::time_point start) {
    CompileResult r;
    r.name = checked_name(options.name.empty() ? codegen::c_identifier(graph.name) : options.name);
    passes::run_pipeline(graph, r.passes, passes::default_pipeline());
    r.graph = std::move(graph);
    r.backends = backends_for(options);
    std::vector<const backends::Backend *> order;
    for (const auto &b : r.backends)
        order.push_back(b.get());
    r.partition = partition::partition(r.graph, order);
    planner::PlanOptions plan_options;
    r.plan = planner::plan_memory(r.graph, r.passes.aliases, scratch_requests(r), plan_options);
    planner::check_plan(r.graph, r.plan, plan_options);
    codegen::CodegenOptions cg;
    cg.name = r.name;
    cg.target = options.target;
    cg.runtime_dir = options.runtime_dir.empty() ? default_runtime_dir() : options.runtime_dir;
    cg.alignment = plan_options.alignment;
    for (const auto &b : r.backends)
        if (const std::string *dir = backends::plugin_dir_of(*b))
            cg.plugin_dirs[std::string(b->name())] = *dir;
    r.generated = codegen::generate(r.graph, r.passes.aliases, r.partition, r.plan, cg);
    check_fits_target(options.target, r.plan.peak, r.generated.weights_bytes, r.generated.pools);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

// `--accel macarray[:key=value,...]` (see backends/macarray/macarray_plan.h).
std::unique_ptr<backends::Backend> accelerator_backend(const CompileOptions &options) {
    std::string_view spec = options.accel;
    auto colon = spec.find(':');
    std::string_view kind = spec.substr(0, colon);
    if (kind != "macarray")
        throw CompileError(fmt::format("unknown accelerator '{}' (supported: macarray)", kind));
    std::string_view rest = colon == std::string_view::npos ? "" : spec.substr(colon + 1);
    auto config = macarray::parse_config(rest);
    return std::make_unique<macarray::MacArrayBackend>(config, options.target == "cortex-m4f");
}

} // namespace

std::string default_runtime_dir() {
    if (const char *env = std::getenv("MICROAOT_RUNTIME_DIR"); env && *env) return env;
    if (auto prefix = installed_prefix(); !prefix.empty())
        return (prefix / "share" / "microaot" / "runtime").string();
    return MICROAOT_RUNTIME_DIR;
}

std::string default_name(const std::string &model_path) {
    return codegen::c_identifier(std::filesystem::path(model_path).stem().string());
}

std::vector<std::unique_ptr<backends::Backend>> backends_for_target(const std::string &target) {
    std::vector<std::unique_ptr<backends::Backend>> list;
    if (target == "host")
        list.push_back(std::make_unique<cpu::CpuBackend>());
    else if (target == "cortex-m4f")
        list.push_back(std::make_unique<cpu::CpuBackend>(cpu::Runtime::CortexM4));
    else
        throw CompileError(
            fmt::format("unknown target '{}' (supported: host, cortex-m4f)", target));
    return list;
}

std::vector<std::unique_ptr<backends::Backend>> backends_for(const CompileOptions &options) {
    std::vector<std::unique_ptr<backends::Backend>> list;
    for (const auto &path : options.backend_plugins)
        list.push_back(backends::load_backend_plugin(path, options.target));
    if (!options.accel.empty()) list.push_back(accelerator_backend(options));
    for (auto &b : backends_for_target(options.target))
        list.push_back(std::move(b));
    for (std::size_t i = 0; i < list.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (list[i]->name() == list[j]->name())
                throw CompileError(fmt::format("two backends are named '{}'", list[i]->name()));
    return list;
}

CompileResult compile_file(const std::string &model_path, const CompileOptions &options) {
    auto start = std::chrono::steady_clock::now();
    ir::Graph graph = frontends::import_file(model_path, options.import);
    CompileOptions o = options;
    if (o.name.empty()) o.name = default_name(model_path);
    return run_pipeline(std::move(graph), o, start);
}

CompileResult compile_graph(ir::Graph graph, const CompileOptions &options) {
    return run_pipeline(std::move(graph), options, std::chrono::steady_clock::now());
}

} // namespace microaot::driver
