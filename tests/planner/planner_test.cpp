// Hand-sized graphs whose plans are worked out in the comments, in-place rules, aliases, and
// check_plan rejecting broken plans.
#include "graph_builder.h"

#include "planner/memory_plan.h"

#include "ir/error.h"
#include "ir/verifier.h"

#include <gtest/gtest.h>

namespace microaot {
namespace {

using namespace microaot::testing;
using ir::OpKind;

ir::TensorId fc(ir::Graph &g, ir::TensorId in, int64_t units, const std::string &name) {
    int64_t depth = g.tensor(in).shape.back();
    ir::TensorId w = float_constant(g, name + "_w", {units, depth},
                                    std::vector<float>(std::size_t(units * depth), 0.f));
    ir::TensorId out = activation(g, name, {1, units});
    add_node(g, OpKind::FullyConnected, ir::FullyConnectedAttrs{}, {in, w}, out);
    return out;
}

ir::TensorId unary(ir::Graph &g, OpKind kind, ir::TensorId in, const std::string &name) {
    ir::TensorId out = activation(g, name, g.tensor(in).shape);
    add_node(g, kind,
             kind == OpKind::Softmax ? ir::Attrs{ir::SoftmaxAttrs{}} : ir::Attrs{ir::NoAttrs{}},
             {in}, out);
    return out;
}

// step 0: a = RELU(x)        a: 16 floats =  64 B, read at steps 1 and 3 -> lives 0..3
// step 1: b = FC(a) 32 units  b: 128 B, lives 1..2
// step 2: c = FC(b) 8 units   c:  32 B, lives 2..4
// step 3: d = FC(a) 8 units   d:  32 B, lives 3..4
// step 4: y = ADD(c, d)       y: graph output, caller-owned
// Live bytes per step: 64, 64+128=192, 64+128+32=224, 64+32+32=128, 32+32=64 -> bound 224.
// 224 is reachable: a@0, b@64, c@192 and d reuses b's bytes (b is dead at step 3): d@64.
ir::Graph diamond() {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 16});
    ir::TensorId a = unary(g, OpKind::Relu, x, "a");
    ir::TensorId b = fc(g, a, 32, "b");
    ir::TensorId c = fc(g, b, 8, "c");
    ir::TensorId d = fc(g, a, 8, "d");
    ir::TensorId y = activation(g, "y", {1, 8});
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {c, d}, y);
    g.outputs = {y};
    ir::verify(g);
    return g;
}

ir::TensorId by_name(const ir::Graph &g, const std::string &name) {
    for (std::size_t i = 0; i < g.tensors.size(); ++i)
        if (g.tensors[i].name == name) return ir::TensorId(i);
    throw std::runtime_error("no tensor " + name);
}

TEST(Planner, DiamondReachesTheHandComputedOptimum) {
    ir::Graph g = diamond();
    planner::MemoryPlan plan = planner::plan_memory(g, {});
    planner::check_plan(g, plan);
    EXPECT_EQ(plan.lower_bound, 224);
    EXPECT_EQ(plan.peak, 224);
    EXPECT_EQ(plan.buffers.size(), 4u); // x and y are caller-owned
    EXPECT_FALSE(plan.offset_of.contains(by_name(g, "x")));
    EXPECT_FALSE(plan.offset_of.contains(by_name(g, "y")));
    for (const planner::PlacedBuffer &b : plan.buffers)
        EXPECT_EQ(b.offset % 16, 0);
}

TEST(Planner, PlacingGraphIoAddsTheirBuffers) {
    ir::Graph g = diamond();
    planner::PlanOptions options;
    options.place_graph_io = true;
    planner::MemoryPlan plan = planner::plan_memory(g, {}, {}, options);
    planner::check_plan(g, plan, options);
    // x (64 B) now lives -1..0, y (32 B) 4..5: step 0 has x+a = 128, step 2 still 224,
    // step 4 has c+d+y = 96 -> the bound stays 224.
    EXPECT_EQ(plan.buffers.size(), 6u);
    EXPECT_EQ(plan.lower_bound, 224);
    EXPECT_EQ(plan.peak, 224);
}

TEST(Planner, AlignmentRoundsEveryOffsetAndTheBound) {
    ir::Graph g = diamond();
    planner::PlanOptions options;
    options.alignment = 100;
    planner::MemoryPlan plan = planner::plan_memory(g, {}, {}, options);
    planner::check_plan(g, plan, options);
    // Aligned sizes: a 100, b 200, c 100, d 100 -> step 2 holds 400.
    EXPECT_EQ(plan.lower_bound, 400);
    for (const planner::PlacedBuffer &b : plan.buffers)
        EXPECT_EQ(b.offset % 100, 0);
}

// x -> RELU -> a -> SOFTMAX -> s -> RELU -> y: s may be written over a (a dies at step 1).
TEST(Planner, SoftmaxWritesOverItsDyingInput) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 16});
    ir::TensorId a = unary(g, OpKind::Relu, x, "a");
    ir::TensorId s = unary(g, OpKind::Softmax, a, "s");
    g.outputs = {unary(g, OpKind::Relu, s, "y")};
    planner::MemoryPlan plan = planner::plan_memory(g, {});
    planner::check_plan(g, plan);
    EXPECT_EQ(plan.offset_of.at(a), plan.offset_of.at(s));
    EXPECT_EQ(plan.peak, 64);
    EXPECT_EQ(plan.lower_bound, 64);
}

// Same chain with RELU in the middle: not on the in-place list, so a and s need 128 bytes.
TEST(Planner, OtherOperatorsNeverOverlapTheirInputs) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 16});
    ir::TensorId a = unary(g, OpKind::Relu, x, "a");
    ir::TensorId s = unary(g, OpKind::Relu6, a, "s");
    g.outputs = {unary(g, OpKind::Relu, s, "y")};
    planner::MemoryPlan plan = planner::plan_memory(g, {});
    planner::check_plan(g, plan);
    EXPECT_NE(plan.offset_of.at(a), plan.offset_of.at(s));
    EXPECT_EQ(plan.peak, 128);
}

// ADD(a, b) with a dying and b read later: the sum may reuse a's bytes but not b's.
TEST(Planner, AddReusesOnlyTheDyingOperand) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 16});
    ir::TensorId a = unary(g, OpKind::Relu, x, "a");
    ir::TensorId b = unary(g, OpKind::Relu6, x, "b");
    ir::TensorId s = activation(g, "s", {1, 16});
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {a, b}, s);
    ir::TensorId y = activation(g, "y", {1, 16});
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {s, b}, y);
    g.outputs = {y};
    planner::MemoryPlan plan = planner::plan_memory(g, {});
    planner::check_plan(g, plan);
    // Step 2 holds a, b, s; with s over a that is 128 bytes.
    EXPECT_EQ(plan.lower_bound, 128);
    EXPECT_EQ(plan.peak, 128);
    EXPECT_EQ(plan.offset_of.at(s), plan.offset_of.at(a));
}

TEST(Planner, AliasesShareOneBufferWithTheUnionLifetime) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 16});
    ir::TensorId a = unary(g, OpKind::Relu, x, "a");
    ir::TensorId r = activation(g, "r", {16});
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {a}, r);
    ir::TensorId b = unary(g, OpKind::Relu6, r, "b");
    g.outputs = {unary(g, OpKind::Relu, b, "y")};
    planner::MemoryPlan plan = planner::plan_memory(g, {{r, a}});
    planner::check_plan(g, plan);
    EXPECT_EQ(plan.offset_of.at(a), plan.offset_of.at(r));
    const planner::PlacedBuffer *shared = nullptr;
    for (const auto &buf : plan.buffers)
        if (buf.tensors.front() == a) shared = &buf;
    ASSERT_NE(shared, nullptr);
    EXPECT_EQ(shared->tensors, (std::vector<ir::TensorId>{a, r}));
    EXPECT_EQ(shared->first_step, 0);
    EXPECT_EQ(shared->last_step, 2); // r is read by step 2
    EXPECT_EQ(plan.peak, 128);       // a/r and b at step 2
}

TEST(Planner, AliasOfAGraphOutputLivesInTheCallersBuffer) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 16});
    ir::TensorId a = unary(g, OpKind::Relu, x, "a");
    ir::TensorId y = activation(g, "y", {16});
    add_node(g, OpKind::Reshape, ir::NoAttrs{}, {a}, y);
    g.outputs = {y};
    planner::MemoryPlan plan = planner::plan_memory(g, {{y, a}});
    planner::check_plan(g, plan);
    EXPECT_TRUE(plan.buffers.empty());
    EXPECT_EQ(plan.peak, 0);
    EXPECT_EQ(plan.in_caller_buffers, (std::vector<ir::TensorId>{a}));
}

TEST(Planner, RejectsAliasCyclesAndConstants) {
    ir::Graph g = diamond();
    ir::TensorId a = by_name(g, "a"), b = by_name(g, "b"), w = by_name(g, "b_w");
    EXPECT_THROW(planner::plan_memory(g, {{a, b}, {b, a}}), CompileError);
    EXPECT_THROW(planner::plan_memory(g, {{a, w}}), CompileError);
}

// ---- check_plan must be able to fail ----

planner::PlacedBuffer &buffer_of(planner::MemoryPlan &plan, ir::TensorId id) {
    for (auto &b : plan.buffers)
        if (b.tensors.front() == id) return b;
    throw std::runtime_error("no buffer");
}

void move_to(planner::MemoryPlan &plan, ir::TensorId id, int64_t offset) {
    buffer_of(plan, id).offset = offset;
    plan.offset_of[id] = offset;
}

TEST(CheckPlan, RejectsCorruptedPlans) {
    ir::Graph g = diamond();
    const planner::MemoryPlan good = planner::plan_memory(g, {});
    ASSERT_NO_THROW(planner::check_plan(g, good));
    ir::TensorId a = by_name(g, "a"), b = by_name(g, "b"), c = by_name(g, "c");

    planner::MemoryPlan overlap = good; // b lives with a: same bytes is wrong
    move_to(overlap, b, good.offset_of.at(a));
    EXPECT_THROW(planner::check_plan(g, overlap), CompileError);

    planner::MemoryPlan misaligned = good;
    move_to(misaligned, c, good.offset_of.at(c) + 4);
    EXPECT_THROW(planner::check_plan(g, misaligned), CompileError);

    planner::MemoryPlan low_peak = good;
    low_peak.peak = good.peak - 16;
    EXPECT_THROW(planner::check_plan(g, low_peak), CompileError);

    planner::MemoryPlan missing = good;
    missing.offset_of.erase(c);
    std::erase_if(missing.buffers, [&](const auto &buf) { return buf.tensors.front() == c; });
    EXPECT_THROW(planner::check_plan(g, missing), CompileError);

    planner::MemoryPlan short_life = good; // claims a dies before step 3 reads it
    buffer_of(short_life, a).last_step = 1;
    EXPECT_THROW(planner::check_plan(g, short_life), CompileError);

    planner::MemoryPlan small = good;
    buffer_of(small, b).size = 64;
    EXPECT_THROW(planner::check_plan(g, small), CompileError);
}

TEST(CheckPlan, RejectsInPlaceReuseForOperatorsNotOnTheList) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 16});
    ir::TensorId a = unary(g, OpKind::Relu, x, "a");
    ir::TensorId s = unary(g, OpKind::Relu6, a, "s");
    g.outputs = {unary(g, OpKind::Relu, s, "y")};
    planner::MemoryPlan plan = planner::plan_memory(g, {});
    move_to(plan, s, plan.offset_of.at(a));
    EXPECT_THROW(planner::check_plan(g, plan), CompileError);
}

} // namespace
} // namespace microaot
