// The EmitContext codegen hands to backends: resolves tensors to C expressions (caller buffers,
// workspace offsets, weights arrays) and collects statements, parameter structs and kernels.
#pragma once

#include "backends/backend.h"
#include "codegen/c_names.h"
#include "codegen/io_layout.h"
#include "codegen/weights_table.h"
#include "planner/memory_plan.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace microaot::codegen {

class ModelEmitter final : public backends::EmitContext {
  public:
    // `runtime_root`: where relative runtime file paths point (CodegenOptions::runtime_dir).
    ModelEmitter(const ir::Graph &graph, const IoLayout &io, const planner::MemoryPlan &plan,
                 const std::map<ir::TensorId, ir::TensorId> &aliases, WeightsTable &weights,
                 std::filesystem::path runtime_root);

    // The claim (partition assignment index) whose code is emitted next, its backend and that
    // backend's plugin folder ("" for built-in ones): use_kernel accepts only runtime files
    // inside that backend's runtime folder.
    void begin_claim(std::size_t claim, std::string_view backend, std::string plugin_dir);

    const ir::Graph &graph() const override { return graph_; }
    std::string tensor_ref(ir::TensorId id) override;
    bool shares_storage(ir::TensorId a, ir::TensorId b) const override;
    std::string add_constant(std::string_view c_type, std::span<const uint8_t> bytes,
                             std::string_view what) override;
    std::string add_params(std::string_view c_type, std::string_view name_hint,
                           std::string_view initializer) override;
    void add_statement(std::string statement) override;
    // `kernel` must be a C identifier and `runtime_file` inside the claiming backend's runtime
    // folder (see runtime_paths.h); CompileError otherwise.
    void use_kernel(std::string_view kernel, std::string_view runtime_file) override;
    std::string scratch_ref() override;

    // Kernels used since the last call (the current claim's), then reset.
    std::vector<std::string> take_claim_kernels();
    const std::vector<std::string> &statements() const { return statements_; }
    const std::vector<std::string> &param_decls() const { return param_decls_; }
    // runtime file (relative to the runtime root) -> used; sorted.
    const std::map<std::string, bool> &runtime_files() const { return runtime_files_; }
    // The caller buffer field ("in->x"/"out->y") holding `id`'s storage, or "".
    std::string caller_buffer(ir::TensorId id) const;

  private:
    void resolve_aliases();
    ir::TensorId root_of(ir::TensorId id) const;

    const ir::Graph &graph_;
    const IoLayout &io_;
    const planner::MemoryPlan &plan_;
    const std::map<ir::TensorId, ir::TensorId> &aliases_;
    WeightsTable &weights_;
    NameTable param_names_;
    std::vector<std::string> statements_, param_decls_, claim_kernels_;
    std::map<std::string, bool> runtime_files_;
    std::size_t claim_ = 0;
    std::filesystem::path runtime_root_;
    std::string backend_, plugin_dir_; // the claim being emitted
    std::map<ir::TensorId, std::string> constant_arrays_;   // constant tensor -> its array
    std::vector<ir::TensorId> roots_;                       // storage root per tensor
    std::map<ir::TensorId, ir::TensorId> io_alias_of_root_; // root -> lowest caller-owned alias
};

} // namespace microaot::codegen
