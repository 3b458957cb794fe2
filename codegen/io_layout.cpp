#include "codegen/io_layout.h"

#include "codegen/c_names.h"
#include "ir/error.h"

#include <fmt/format.h>
#include <set>

namespace microaot::codegen {

const IoTensor *IoLayout::find(ir::TensorId id) const {
    for (const auto *list : {&inputs, &outputs})
        for (const auto &t : *list)
            if (t.id == id) return &t;
    return nullptr;
}

IoLayout make_io_layout(const ir::Graph &graph) {
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
        IoTensor io{id, names.unique(c_identifier(t.name)), is_input};
        (is_input ? layout.inputs : layout.outputs).push_back(std::move(io));
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
