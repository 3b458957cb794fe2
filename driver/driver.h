// The compile pipeline for the CLI and tests: import -> passes -> partition -> plan -> codegen.
#pragma once

#include "backends/backend.h"
#include "codegen/codegen.h"
#include "frontends/registry.h"
#include "ir/graph.h"
#include "partition/partition.h"
#include "partition/partition_report.h"
#include "passes/pass.h"
#include "planner/memory_plan.h"

#include <memory>
#include <string>
#include <vector>

namespace microaot::driver {

struct CompileOptions {
    std::string name; // C prefix; empty: derived from the model file name
    std::string target = "host";
    std::string runtime_dir; // empty: default_runtime_dir()
    // Shared libraries with out-of-tree backends (backends/plugin_api.h), asked in this order
    // before the target's built-in backends.
    std::vector<std::string> backend_plugins;
    // Built-in accelerator asked before the target's backends: "" (none) or
    // "macarray[:rows=4,cols=16,sram=64K,dma=4,dma_setup=8,job_setup=16]".
    std::string accel;
    // What the frontend needs besides the file (e.g. fixed input shapes).
    frontends::ImportOptions import;
};

struct CompileResult {
    ir::Graph graph; // after the passes
    passes::PassContext passes;
    std::vector<std::unique_ptr<backends::Backend>> backends; // priority order
    partition::Partition partition;
    planner::MemoryPlan plan;
    codegen::Generated generated;
    std::string name;
    double seconds = 0; // wall time of the whole compile
};

// $MICROAOT_RUNTIME_DIR if set, else the source tree's runtime/ (compile definition).
std::string default_runtime_dir();
// The model file's stem as a C identifier.
std::string default_name(const std::string &model_path);
// The backends for `target`, in priority order (CompileError for an unknown target).
std::vector<std::unique_ptr<backends::Backend>> backends_for_target(const std::string &target);
// The plugins' backends (in order) followed by the target's; CompileError for a bad plugin or
// two backends with the same name.
std::vector<std::unique_ptr<backends::Backend>> backends_for(const CompileOptions &options);

CompileResult compile_file(const std::string &model_path, const CompileOptions &options);
CompileResult compile_graph(ir::Graph graph, const CompileOptions &options);

// Per node: backend, emitted kernel, and why higher-priority backends declined.
partition::PartitionReport partition_report(const CompileResult &result);
// The `compile --report` summary (includes the partition report).
std::string compile_report(const CompileResult &result);

} // namespace microaot::driver
