#include "ir/limits.h"

#include "ir/error.h"
#include "ir/text.h"

#include <fmt/format.h>

namespace microaot::ir {
namespace {

void check_count(int64_t count, int64_t limit, std::string_view what) {
    if (count > limit)
        throw CompileError(
            fmt::format("the model has {} {}; microaot compiles at most {}", count, what, limit));
}

} // namespace

void check_counts(int64_t nodes, int64_t tensors, int64_t inputs, int64_t outputs) {
    check_count(nodes, kMaxNodes, "operators");
    check_count(tensors, kMaxTensors, "tensors");
    check_count(inputs, kMaxGraphInputs, "graph inputs");
    check_count(outputs, kMaxGraphOutputs, "graph outputs");
}

void check_limits(const Graph &graph) {
    check_count(int64_t(graph.nodes.size()), kMaxNodes, "operators");
    // Passes add at most one tensor per node (a dequantized or rearranged filter).
    check_count(int64_t(graph.tensors.size()), kMaxTensors + kMaxNodes, "tensors");
    check_count(int64_t(graph.inputs.size()), kMaxGraphInputs, "graph inputs");
    check_count(int64_t(graph.outputs.size()), kMaxGraphOutputs, "graph outputs");
    for (std::size_t i = 0; i < graph.tensors.size(); ++i) {
        const Tensor &t = graph.tensors[i];
        if (auto at = invalid_utf8_at(t.name))
            throw CompileError(fmt::format("tensor {} '{}': name is not valid UTF-8 (byte 0x{:02x} "
                                           "at offset {})",
                                           i, printable(t.name),
                                           static_cast<unsigned char>(t.name[*at]), *at));
        if (int64_t(t.shape.size()) > kMaxRank)
            throw CompileError(fmt::format("tensor {} '{}': rank {} is above the limit of {}", i,
                                           printable(t.name), t.shape.size(), kMaxRank));
        int64_t elements = 1;
        for (int64_t d : t.shape) {
            if (d < 0) break; // the verifier names negative dimensions
            if (d != 0 && elements > kMaxTensorElements / d)
                throw CompileError(fmt::format("tensor {} '{}': shape {} has more than 2^31 - 1 "
                                               "elements",
                                               i, printable(t.name), shape_str(t.shape)));
            if (d != 0) elements *= d;
        }
    }
}

} // namespace microaot::ir
