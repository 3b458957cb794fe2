// Writes the C library for a partitioned, planned graph: NAME.h, NAME.c, NAME_weights.{c,h},
// the runtime files the emitted calls need, and NAME_metadata.json.
#pragma once

#include "backends/backend.h"
#include "codegen/io_layout.h"
#include "ir/graph.h"
#include "partition/partition.h"
#include "planner/memory_plan.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace microaot::codegen {

struct CodegenOptions {
    std::string name;        // C identifier prefixing every public symbol
    std::string target;      // recorded in the metadata
    std::string runtime_dir; // root holding portable/ (and other backends' runtime folders)
    int64_t alignment = 16;  // workspace alignment the plan was made with
    // Backend name -> folder of a plugin backend: its runtime files (absolute paths) must be
    // inside it. Built-in backends use paths relative to runtime_dir.
    std::map<std::string, std::string> plugin_dirs;
};

struct NodeRecord {
    std::size_t node = 0;
    std::string backend;
    std::string kernel; // kernels actually called, "+"-joined; "none" for a zero-copy node
};

struct GeneratedFile {
    std::string name;
    std::string content;
};

struct Generated {
    std::vector<GeneratedFile> files; // sorted by name
    std::vector<NodeRecord> nodes;
    IoLayout io;
    int64_t weights_bytes = 0;
    int64_t workspace_size = 0;
    std::vector<backends::MemoryPool> pools; // pools the emitted code uses (extra static RAM)
};

Generated generate(const ir::Graph &graph, const std::map<ir::TensorId, ir::TensorId> &aliases,
                   const partition::Partition &partition, const planner::MemoryPlan &plan,
                   const CodegenOptions &options);

// Creates `dir` if needed and writes every file (overwriting).
void write_files(const std::filesystem::path &dir, const std::vector<GeneratedFile> &files);

} // namespace microaot::codegen
