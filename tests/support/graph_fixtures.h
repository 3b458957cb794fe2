// A small valid graph (CONV_2D -> RELU) that tests break one invariant at a time.
#pragma once

#include "ir/graph.h"

namespace microaot::test {

// Tensors: 0 x float32[1x4x4x2] (input), 1 w [3x1x1x2] (const), 2 b [3] (const),
//          3 y [1x4x4x3] (conv output), 4 z [1x4x4x3] (relu output, graph output).
inline ir::Graph conv_relu_graph() {
    ir::Graph g;
    g.name = "conv_relu";
    auto constant = [](std::string name, ir::Shape shape) {
        ir::Tensor t{std::move(name), ir::DType::Float32, std::move(shape), {}, std::nullopt};
        t.data = std::vector<uint8_t>(std::size_t(t.byte_size()), 0);
        return t;
    };
    g.add_tensor({"x", ir::DType::Float32, {1, 4, 4, 2}, {}, std::nullopt});
    g.add_tensor(constant("w", {3, 1, 1, 2}));
    g.add_tensor(constant("b", {3}));
    g.add_tensor({"y", ir::DType::Float32, {1, 4, 4, 3}, {}, std::nullopt});
    g.add_tensor({"z", ir::DType::Float32, {1, 4, 4, 3}, {}, std::nullopt});
    ir::Node conv{ir::OpKind::Conv2D, ir::Conv2DAttrs{}, {0, 1, 2}, {3}};
    ir::Node relu{ir::OpKind::Relu, ir::NoAttrs{}, {3}, {4}};
    g.nodes = {conv, relu};
    g.inputs = {0};
    g.outputs = {4};
    return g;
}

} // namespace microaot::test
