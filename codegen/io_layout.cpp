#include "codegen/io_layout.h"

#include "codegen/c_names.h"
#include "ir/error.h"

#include <cctype>
#include <fmt/format.h>
#include <set>

namespace microaot::codegen {

const IoTensor *IoLayout::find(ir::TensorId id) const {
    auto it = index_.find(id);
    if (it == index_.end()) return nullptr;
    const auto &list = it->second.first ? inputs : outputs;
    return &list[it->second.second];
}

namespace {

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

// The header defines macros NAME_... (NAME_WORKSPACE_SIZE, NAME_<field>_RANK, ...) and the guard
// NAME_H: a field spelled like one would be rewritten by the preprocessor, so such fields get a
// prefix.
std::string field_name(std::string_view tensor_name, std::string_view api_name) {
    std::string field = c_identifier(tensor_name);
    if (!api_name.empty() && starts_with_ignoring_case(field, std::string(api_name) + "_"))
        field.insert(0, "f_");
    return field;
}

} // namespace

IoLayout make_io_layout(const ir::Graph &graph, std::string_view api_name) {
    IoLayout layout;
    NameTable names;
    std::set<ir::TensorId> seen;
    auto add = [&](ir::TensorId id, bool is_input) {
        const ir::Tensor &t = graph.tensor(id);
        if (!seen.insert(id).second)
            throw CompileError(fmt::format("tensor '{}' is listed more than once as a graph "
                                           "input/output",
                                           t.name));
        if (t.is_constant())
            throw CompileError(fmt::format("graph {} '{}' is a constant (not supported)",
                                           is_input ? "input" : "output", t.name));
        if (ir::element_count(t.shape) <= 0)
            throw CompileError(fmt::format("graph {} '{}' has no elements ({})",
                                           is_input ? "input" : "output", t.name,
                                           ir::shape_str(t.shape)));
        IoTensor io{id, names.unique(field_name(t.name, api_name)), is_input};
        auto &list = is_input ? layout.inputs : layout.outputs;
        layout.index_[id] = {is_input, list.size()};
        list.push_back(std::move(io));
    };
    for (ir::TensorId id : graph.inputs)
        add(id, true);
    for (ir::TensorId id : graph.outputs)
        add(id, false);
    if (layout.inputs.empty() || layout.outputs.empty())
        throw CompileError("the graph needs at least one input and one output");
    return layout;
}

} // namespace microaot::codegen
