#include "codegen/model_emitter.h"

#include "ir/error.h"

#include <fmt/format.h>

namespace microaot::codegen {

ModelEmitter::ModelEmitter(const ir::Graph &graph, const IoLayout &io,
                           const planner::MemoryPlan &plan,
                           const std::map<ir::TensorId, ir::TensorId> &aliases,
                           WeightsTable &weights)
    : graph_(graph), io_(io), plan_(plan), aliases_(aliases), weights_(weights) {
    // Names the generated source uses itself.
    for (const char *reserved : {"in", "out", "ws", "workspace"})
        param_names_.reserve(reserved);
}

ir::TensorId ModelEmitter::root_of(ir::TensorId id) const {
    for (std::size_t hops = 0; hops <= aliases_.size(); ++hops) {
        auto it = aliases_.find(id);
        if (it == aliases_.end()) return id;
        id = it->second;
    }
    throw CompileError(fmt::format("codegen: alias cycle through tensor {}", id));
}

bool ModelEmitter::shares_storage(ir::TensorId a, ir::TensorId b) const {
    return root_of(a) == root_of(b);
}

std::string ModelEmitter::caller_buffer(ir::TensorId id) const {
    ir::TensorId root = root_of(id);
    const IoTensor *io = io_.find(id);
    if (!io) io = io_.find(root);
    for (auto it = aliases_.begin(); !io && it != aliases_.end(); ++it)
        if (root_of(it->first) == root) io = io_.find(it->first);
    if (!io) return {};
    return fmt::format("{}->{}", io->is_input ? "in" : "out", io->field);
}

std::string ModelEmitter::tensor_ref(ir::TensorId id) {
    if (id == ir::kNoTensor) return "NULL";
    // Backends (plugins included) may ask for any id: refuse, do not index out of range.
    if (id < 0 || std::size_t(id) >= graph_.tensors.size())
        throw CompileError(fmt::format("tensor_ref({}): no such tensor (the graph has {})", id,
                                       graph_.tensors.size()));
    const ir::Tensor &t = graph_.tensor(id);
    if (t.is_constant())
        return weights_.add(ir::dtype_c_type(t.dtype), *t.data, fmt::format("'{}'", t.name));
    std::string caller = caller_buffer(id);
    if (!caller.empty()) return caller;
    auto it = plan_.offset_of.find(id);
    if (it == plan_.offset_of.end())
        throw CompileError(
            fmt::format("codegen: tensor '{}' has no place in the memory plan", t.name));
    return fmt::format("({} *)(ws + {})", ir::dtype_c_type(t.dtype), it->second);
}

std::string ModelEmitter::add_constant(std::string_view c_type, std::span<const uint8_t> bytes,
                                       std::string_view what) {
    return weights_.add(c_type, bytes, what);
}

std::string ModelEmitter::add_params(std::string_view c_type, std::string_view name_hint,
                                     std::string_view initializer) {
    std::string name = param_names_.unique(c_identifier(name_hint));
    param_decls_.push_back(fmt::format("static const {} {} = {};", c_type, name, initializer));
    return name;
}

void ModelEmitter::add_statement(std::string statement) {
    statements_.push_back(std::move(statement));
}

void ModelEmitter::use_kernel(std::string_view kernel, std::string_view runtime_file) {
    claim_kernels_.emplace_back(kernel);
    runtime_files_[std::string(runtime_file)] = true;
}

std::string ModelEmitter::scratch_ref() {
    auto it = plan_.scratch_offset_of.find(claim_);
    if (it == plan_.scratch_offset_of.end()) return "NULL";
    return fmt::format("(void *)(ws + {})", it->second);
}

std::vector<std::string> ModelEmitter::take_claim_kernels() {
    std::vector<std::string> out;
    out.swap(claim_kernels_);
    return out;
}

} // namespace microaot::codegen
