// Renderers for the individual generated files (internal to codegen).
#pragma once

#include "codegen/codegen.h"
#include "codegen/model_emitter.h"

#include <filesystem>
#include <string>
#include <vector>

namespace microaot::codegen {

std::string render_public_header(const ir::Graph &graph, const IoLayout &io,
                                 const CodegenOptions &options, int64_t workspace_size);
std::string render_model_source(const ir::Graph &graph, const IoLayout &io,
                                const ModelEmitter &emitter, const CodegenOptions &options);
std::string render_metadata(const ir::Graph &graph, const IoLayout &io,
                            const planner::MemoryPlan &plan, const std::vector<NodeRecord> &nodes,
                            const ModelEmitter &emitter, const CodegenOptions &options,
                            int64_t weights_bytes, const std::vector<std::string> &runtime_files);

// Reads the runtime files (relative to options.runtime_dir, or absolute) plus every local header
// they include, transitively. Returns them flattened to their base names, sorted. Every file read
// must lie inside one of `folders` (symbolic links followed): CompileError otherwise.
std::vector<GeneratedFile> collect_runtime_files(const std::vector<std::string> &files,
                                                 const std::string &runtime_dir,
                                                 const std::vector<std::filesystem::path> &folders);

} // namespace microaot::codegen
