// The partitioner: the first backend that claims a node takes it, cost estimates can decline a
// claim for the next backend, reasons are recorded, malformed claims and unclaimed nodes are
// one-line errors naming the operator, node, output and every backend's reason.
#include "backends/cpu/cpu_backend.h"
#include "graph_builder.h"
#include "ir/error.h"
#include "partition/partition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace microaot::test {
namespace {

using namespace microaot::testing;
using ::testing::HasSubstr;

// x -> RELU -> a -> RELU6 -> y, float32.
ir::Graph two_relus(ir::DType dtype = ir::DType::Float32) {
    ir::Graph g;
    ir::Quantization q;
    if (dtype != ir::DType::Float32) q = {{0.5f}, {0}, 0};
    ir::TensorId x = input(g, "x", {1, 4}, dtype, q);
    ir::TensorId a = activation(g, "a", {1, 4}, dtype, q);
    ir::TensorId y = activation(g, "relu_out", {1, 4}, dtype, q);
    add_node(g, ir::OpKind::Relu, ir::NoAttrs{}, {x}, a);
    add_node(g, ir::OpKind::Relu6, ir::NoAttrs{}, {a}, y);
    g.outputs = {y};
    return g;
}

// Claims RELU6 nodes only, at a fixed cost, or a chain of nodes of any kind.
class FakeAccelerator final : public backends::Backend {
  public:
    FakeAccelerator(int64_t cost, std::vector<std::size_t> extra = {})
        : cost_(cost), extra_(std::move(extra)) {}
    std::string_view name() const override { return "fake"; }
    std::optional<backends::Claim> claim(const ir::Graph &g, std::size_t node,
                                         std::string &why_not) const override {
        if (g.nodes[node].kind != ir::OpKind::Relu6) {
            why_not = "RELU6 only";
            return std::nullopt;
        }
        backends::Claim c{{node}, "fake_relu6"};
        c.nodes.insert(c.nodes.end(), extra_.begin(), extra_.end());
        return c;
    }
    void emit(const backends::Claim &, backends::EmitContext &) const override {}
    std::optional<int64_t> cost_cycles(const ir::Graph &, const backends::Claim &) const override {
        return cost_;
    }

  private:
    int64_t cost_;
    std::vector<std::size_t> extra_;
};

TEST(Partition, FirstClaimingBackendTakesTheNodeAndDeclinersAreRecorded) {
    FakeAccelerator fake(1);
    cpu::CpuBackend cpu;
    const backends::Backend *list[] = {&fake, &cpu};
    partition::Partition p = partition::partition(two_relus(), list);
    ASSERT_EQ(p.assignments.size(), 2u);
    EXPECT_EQ(p.assignments[0].backend, &cpu);
    ASSERT_EQ(p.assignments[0].declined.size(), 1u);
    EXPECT_EQ(p.assignments[0].declined[0].reason, "RELU6 only");
    EXPECT_EQ(p.assignments[1].backend, &fake);
    EXPECT_EQ(p.assignments[1].cost_cycles, 1);
    // The CPU's cost model for 4 outputs of a data-movement operator: 2 cycles each.
    EXPECT_EQ(p.assignments[1].fallback_cost_cycles, 8);
}

TEST(Partition, ACostlierClaimIsDeclinedForTheNextBackend) {
    FakeAccelerator fake(1000);
    cpu::CpuBackend cpu;
    const backends::Backend *list[] = {&fake, &cpu};
    partition::Partition p = partition::partition(two_relus(), list);
    EXPECT_EQ(p.assignments[1].backend, &cpu);
    ASSERT_EQ(p.assignments[1].declined.size(), 1u);
    EXPECT_EQ(p.assignments[1].declined[0].reason, "CPU cheaper: 8 vs 1000 cycles");
}

TEST(Partition, MalformedClaimIsAnError) {
    FakeAccelerator fake(1, {7}); // claims node 1 and a node that does not follow it
    cpu::CpuBackend cpu;
    const backends::Backend *list[] = {&fake, &cpu};
    EXPECT_THROW(
        {
            try {
                partition::partition(two_relus(), list);
            } catch (const CompileError &e) {
                EXPECT_THAT(e.what(), HasSubstr("backend 'fake' made an invalid claim at node 1"));
                throw;
            }
        },
        CompileError);
}

TEST(Partition, UnclaimedNodeNamesOpNodeOutputAndReasons) {
    cpu::CpuBackend cpu;
    const backends::Backend *list[] = {&cpu};
    try {
        // int16 RELU off zero point 0: TFLite Micro refuses it, so the CPU backend declines.
        ir::Graph g = two_relus(ir::DType::Int16);
        for (ir::Tensor &t : g.tensors)
            t.quant.zero_point = {5};
        partition::partition(g, list);
        FAIL() << "expected CompileError";
    } catch (const CompileError &e) {
        std::string msg = e.what();
        EXPECT_THAT(msg, HasSubstr("no backend supports RELU at node 0 (output 'a')"));
        EXPECT_THAT(msg, HasSubstr("cpu: int16 RELU needs zero points 0"));
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
}

// int16 MUL off zero point 0: TFLite Micro's MulPrepare refuses it, so the CPU backend declines
// (and takes it at zero point 0).
TEST(Partition, Int16MulNeedsZeroPointsZero) {
    auto graph = [](int64_t zero_point) {
        ir::Graph g;
        ir::Quantization q{{0.5f}, {zero_point}, 0};
        ir::TensorId a = input(g, "a", {1, 4}, ir::DType::Int16, q);
        ir::TensorId b = input(g, "b", {1, 4}, ir::DType::Int16, q);
        ir::TensorId y = activation(g, "mul_out", {1, 4}, ir::DType::Int16, q);
        add_node(g, ir::OpKind::Mul, ir::BinaryAttrs{}, {a, b}, y);
        g.outputs = {y};
        return g;
    };
    cpu::CpuBackend cpu;
    const backends::Backend *list[] = {&cpu};
    EXPECT_EQ(partition::partition(graph(0), list).assignments.size(), 1u);
    try {
        partition::partition(graph(3), list);
        FAIL() << "expected CompileError";
    } catch (const CompileError &e) {
        EXPECT_THAT(e.what(), HasSubstr("int16 MUL needs zero points 0, 'a' has 3"));
    }
}

} // namespace
} // namespace microaot::test
