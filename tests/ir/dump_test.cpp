// ir::dump is stable: the exact text for a known graph (written from the format documented in
// ir/printer.cpp), and identical output for identical graphs.
#include "graph_fixtures.h"
#include "ir/printer.h"

#include <gtest/gtest.h>

namespace microaot::test {
namespace {

TEST(Dump, KnownGraphText) {
    ir::Graph g = conv_relu_graph();
    g.tensors[0].quant = {{0.5f}, {-3}, 0};
    const std::string expected = "graph \"conv_relu\"\n"
                                 "  input  %0 \"x\" float32[1x4x4x2] q(s=0.5, zp=-3)\n"
                                 "  const  %1 \"w\" float32[3x1x1x2] (24 B)\n"
                                 "  const  %2 \"b\" float32[3] (12 B)\n"
                                 "  node 0 CONV_2D{stride=1x1 pads=[0,0,0,0] act=NONE}(%0, %1, %2) "
                                 "-> %3\n"
                                 "    value  %3 \"y\" float32[1x4x4x3]\n"
                                 "  node 1 RELU(%3) -> %4\n"
                                 "    value  %4 \"z\" float32[1x4x4x3]\n"
                                 "  output %4 \"z\" float32[1x4x4x3]\n";
    EXPECT_EQ(ir::dump(g), expected);
}

TEST(Dump, AbsentInputPrintsDash) {
    ir::Graph g = conv_relu_graph();
    g.nodes[0].inputs[2] = ir::kNoTensor;
    EXPECT_NE(ir::dump(g).find("(%0, %1, -)"), std::string::npos);
}

TEST(Dump, SameGraphSameText) {
    EXPECT_EQ(ir::dump(conv_relu_graph()), ir::dump(conv_relu_graph()));
}

} // namespace
} // namespace microaot::test
