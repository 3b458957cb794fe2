// The pass manager: the default pipeline end to end, and verifier failures named by pass.
#include "graph_builder.h"

#include "passes/pass.h"

#include "ir/error.h"
#include "ir/verifier.h"

#include <gtest/gtest.h>

namespace microaot {
namespace {

using namespace microaot::testing;
using ir::OpKind;

std::string name_of(const ir::Graph &g, ir::TensorId id) {
    return g.tensor(id).name;
}

// x -> FC(int8 weights: hybrid) -> RELU -> ADD(reshaped constant) -> RESHAPE -> SOFTMAX -> y,
// plus a dead RELU6 branch on x.
ir::Graph everything_graph() {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 4});
    ir::TensorId w =
        int8_constant(g, "w", {4, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                      int8_quant(0.5f, 0));
    ir::TensorId f = activation(g, "f", {1, 4});
    ir::TensorId r = activation(g, "r", {1, 4});
    ir::TensorId c = float_constant(g, "c", {2, 2}, {1, 2, 3, 4});
    ir::TensorId cr = activation(g, "cr", {1, 4});
    ir::TensorId s = activation(g, "s", {1, 4});
    ir::TensorId t = activation(g, "t", {4});
    ir::TensorId dead = activation(g, "dead", {1, 4});
    ir::TensorId y = activation(g, "y", {4});
    add_node(g, OpKind::FullyConnected, ir::FullyConnectedAttrs{}, {x, w}, f);
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {f}, r);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {c}, cr);
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {r, cr}, s);
    add_node(g, OpKind::Relu6, ir::NoAttrs{}, {x}, dead);
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {s}, t);
    add_node(g, OpKind::Softmax, ir::SoftmaxAttrs{}, {t}, y);
    g.outputs = {y};
    ir::verify(g);
    return g;
}

TEST(Pipeline, DefaultPipelineSimplifiesAndKeepsTheGraphValid) {
    ir::Graph g = everything_graph();
    passes::PassContext ctx;
    passes::run_pipeline(g, ctx, passes::default_pipeline());
    ir::verify(g);

    std::vector<OpKind> kinds;
    for (const ir::Node &n : g.nodes)
        kinds.push_back(n.kind);
    EXPECT_EQ(kinds, (std::vector<OpKind>{OpKind::FullyConnected, OpKind::Add, OpKind::Reshape,
                                          OpKind::Softmax}));
    EXPECT_EQ(g.nodes[0].attr<ir::FullyConnectedAttrs>().activation, ir::Activation::Relu);
    // The hybrid FC keeps its int8 weights (the CPU backend runs a hybrid kernel on them).
    EXPECT_EQ(name_of(g, g.nodes[0].inputs[1]), "w");
    EXPECT_EQ(g.tensor(g.nodes[0].inputs[1]).dtype, ir::DType::Int8);
    EXPECT_TRUE(g.tensor(g.nodes[1].inputs[1]).is_constant());
    for (const ir::Tensor &t : g.tensors)
        EXPECT_NE(t.name, "dead");
    ASSERT_EQ(ctx.aliases.size(), 1u);
    EXPECT_EQ(name_of(g, ctx.aliases.begin()->first), "t");
    EXPECT_EQ(name_of(g, ctx.aliases.begin()->second), "s");
    EXPECT_GE(ctx.log.size(), 4u);
}

void break_outputs(ir::Graph &graph, passes::PassContext &) {
    graph.outputs = {999};
}

TEST(Pipeline, VerifierFailureNamesThePass) {
    ir::Graph g = everything_graph();
    passes::PassContext ctx;
    std::vector<passes::Pass> pipeline = {{"breaker", break_outputs}};
    try {
        passes::run_pipeline(g, ctx, pipeline);
        FAIL() << "expected a CompileError";
    } catch (const CompileError &e) {
        EXPECT_NE(std::string(e.what()).find("after pass 'breaker'"), std::string::npos)
            << e.what();
    }
    ir::Graph unchecked = everything_graph();
    ctx.verify_between_passes = false;
    EXPECT_NO_THROW(passes::run_pipeline(unchecked, ctx, pipeline));
}

} // namespace
} // namespace microaot
