#include "codegen/model_emitter.h"

#include "codegen/runtime_paths.h"
#include "ir/error.h"
#include "ir/text.h"

#include <fmt/format.h>

namespace microaot::codegen {

ModelEmitter::ModelEmitter(const ir::Graph &graph, const IoLayout &io,
                           const planner::MemoryPlan &plan,
                           const std::map<ir::TensorId, ir::TensorId> &aliases,
                           WeightsTable &weights, std::filesystem::path runtime_root)
    : graph_(graph), io_(io), plan_(plan), aliases_(aliases), weights_(weights),
      runtime_root_(std::move(runtime_root)) {
    // Names the generated source uses itself.
    for (const char *reserved : {"in", "out", "ws", "workspace"})
        param_names_.reserve(reserved);
    resolve_aliases();
}

// Every tensor's storage root (each alias link followed once), and per root the lowest-numbered
// alias that is a graph input/output: caller_buffer() is then O(log n).
void ModelEmitter::resolve_aliases() {
    constexpr ir::TensorId kUnknown = -2, kOnPath = -3;
    roots_.assign(graph_.tensors.size(), kUnknown);
    std::vector<ir::TensorId> path;
    for (ir::TensorId start = 0; start < ir::TensorId(roots_.size()); ++start) {
        ir::TensorId id = start;
        while (id >= 0 && std::size_t(id) < roots_.size() && roots_[std::size_t(id)] == kUnknown) {
            auto it = aliases_.find(id);
            if (it == aliases_.end()) {
                roots_[std::size_t(id)] = id;
                break;
            }
            roots_[std::size_t(id)] = kOnPath;
            path.push_back(id);
            id = it->second;
        }
        if (id < 0 || std::size_t(id) >= roots_.size() || roots_[std::size_t(id)] == kOnPath)
            throw CompileError(
                fmt::format("codegen: alias cycle or bad alias through tensor {}", id));
        for (ir::TensorId on_path : path)
            roots_[std::size_t(on_path)] = roots_[std::size_t(id)];
        path.clear();
    }
    for (const auto &entry : aliases_) {
        ir::TensorId alias = entry.first;
        if (io_.find(alias)) io_alias_of_root_.emplace(root_of(alias), alias); // lowest id wins
    }
}

ir::TensorId ModelEmitter::root_of(ir::TensorId id) const {
    if (id < 0 || std::size_t(id) >= roots_.size()) return id;
    return roots_[std::size_t(id)];
}

bool ModelEmitter::shares_storage(ir::TensorId a, ir::TensorId b) const {
    return root_of(a) == root_of(b);
}

std::string ModelEmitter::caller_buffer(ir::TensorId id) const {
    ir::TensorId root = root_of(id);
    const IoTensor *io = io_.find(id);
    if (!io) io = io_.find(root);
    if (!io) {
        auto it = io_alias_of_root_.find(root);
        if (it != io_alias_of_root_.end()) io = io_.find(it->second);
    }
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
    if (t.is_constant()) {
        // A constant read by many nodes is looked up once (its bytes are not hashed again).
        std::string what = fmt::format("'{}'", t.name);
        auto it = constant_arrays_.find(id);
        if (it != constant_arrays_.end()) {
            if (it->second != "NULL") weights_.add_use(it->second, what);
            return it->second;
        }
        std::string array = weights_.add(ir::dtype_c_type(t.dtype), *t.data, what);
        constant_arrays_.emplace(id, array);
        return array;
    }
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

void ModelEmitter::begin_claim(std::size_t claim, std::string_view backend,
                               std::string plugin_dir) {
    claim_ = claim;
    backend_ = backend;
    plugin_dir_ = std::move(plugin_dir);
}

std::string ModelEmitter::add_params(std::string_view c_type, std::string_view name_hint,
                                     std::string_view initializer) {
    if (!backends::is_c_identifier(c_type))
        throw CompileError(
            fmt::format("parameter type '{}' is not a C identifier", ir::printable(c_type)));
    std::string name = param_names_.unique(c_identifier(name_hint));
    param_decls_.push_back(fmt::format("static const {} {} = {};", c_type, name, initializer));
    return name;
}

void ModelEmitter::add_statement(std::string statement) {
    statements_.push_back(std::move(statement));
}

void ModelEmitter::use_kernel(std::string_view kernel, std::string_view runtime_file) {
    if (!backends::is_c_identifier(kernel))
        throw CompileError(
            fmt::format("kernel name '{}' is not a C identifier", ir::printable(kernel)));
    check_runtime_file(runtime_file, runtime_root_, plugin_dir_, backend_);
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
