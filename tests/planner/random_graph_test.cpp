// Seeded random chains and diamonds. Each plan is checked by check_plan AND by an independent
// simulation: every tensor element gets a unique token, nodes "run" on a byte-addressed
// workspace at the planned offsets, and every read must still see its producer's token.
#include "graph_builder.h"

#include "passes/builtin_passes.h"
#include "planner/memory_plan.h"

#include "ir/error.h"
#include "ir/verifier.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace microaot {
namespace {

using namespace microaot::testing;
using ir::OpKind;

class RandomGraphMaker {
  public:
    explicit RandomGraphMaker(unsigned seed) : random_(seed) {}

    ir::Graph make() {
        ir::Graph g;
        pool_.push_back(input(g, "in0", {1, width()}));
        if (chance(0.3)) pool_.push_back(input(g, "in1", {1, width()}));
        int steps = int(pick(3, 30));
        for (int s = 0; s < steps; ++s)
            add_random_node(g, s);
        g.outputs = {g.nodes.back().outputs[0]};
        ir::TensorId extra = g.nodes[pick(0, g.nodes.size() - 1)].outputs[0];
        if (chance(0.3) && extra != g.outputs[0]) g.outputs.push_back(extra);
        return g;
    }

  private:
    bool chance(double p) { return std::bernoulli_distribution(p)(random_); }
    std::size_t pick(std::size_t lo, std::size_t hi) {
        return std::uniform_int_distribution<std::size_t>(lo, hi)(random_);
    }
    int64_t width() { return int64_t(pick(1, 64)); }

    // Mostly the newest tensor (chains), sometimes an older one (long lifetimes, diamonds).
    ir::TensorId operand() {
        if (chance(0.6)) return pool_.back();
        return pool_[pick(0, pool_.size() - 1)];
    }

    std::optional<ir::TensorId> same_shape_partner(const ir::Graph &g, ir::TensorId t) {
        std::vector<ir::TensorId> same;
        for (ir::TensorId c : pool_)
            if (g.tensor(c).shape == g.tensor(t).shape) same.push_back(c);
        return same[pick(0, same.size() - 1)];
    }

    void add_random_node(ir::Graph &g, int step) {
        ir::TensorId in = operand();
        ir::Shape shape = g.tensor(in).shape;
        std::string name = "t" + std::to_string(step);
        ir::TensorId out;
        switch (pick(0, 5)) {
        case 0: {
            int64_t units = width();
            ir::TensorId w = float_constant(g, name + "_w", {units, shape[1]},
                                            std::vector<float>(std::size_t(units * shape[1])));
            out = activation(g, name, {1, units});
            add_node(g, OpKind::FullyConnected, ir::FullyConnectedAttrs{}, {in, w}, out);
            break;
        }
        case 1:
            out = activation(g, name, shape);
            add_node(g, OpKind::Add, ir::BinaryAttrs{}, {in, *same_shape_partner(g, in)}, out);
            break;
        case 2:
            out = activation(g, name, shape);
            add_node(g, OpKind::Softmax, ir::SoftmaxAttrs{}, {in}, out);
            break;
        case 3:
            out = activation(g, name, shape);
            add_node(g, OpKind::Reshape, ir::NoAttrs{}, {in}, out);
            break;
        default:
            out = activation(g, name, shape);
            add_node(g, chance(0.5) ? OpKind::Relu : OpKind::Relu6, ir::NoAttrs{}, {in}, out);
        }
        pool_.push_back(out);
    }

    std::mt19937 random_;
    std::vector<ir::TensorId> pool_;
};

// Token stored for element `i` of the storage owned by `root`.
uint32_t token(ir::TensorId root, int64_t i) {
    return uint32_t(root) * 100'003u + uint32_t(i) + 1;
}

class Simulator {
  public:
    Simulator(const ir::Graph &g, const planner::MemoryPlan &plan,
              const std::map<ir::TensorId, ir::TensorId> &aliases,
              const std::vector<planner::ScratchRequest> &scratch = {})
        : g_(g), plan_(plan), aliases_(aliases), scratch_requests_(scratch),
          workspace_(std::size_t(plan.peak / 4 + 1), 0) {}

    // The first problem found, or "" when every read saw its producer's token.
    std::string run() {
        for (ir::TensorId id : g_.inputs)
            for (int64_t i = 0; i < elements(id); ++i)
                write(id, i);
        for (std::size_t s = 0; s < g_.nodes.size() && error_.empty(); ++s)
            run_node(s);
        for (ir::TensorId id : g_.outputs)
            check_all(id, "graph output");
        return error_;
    }

  private:
    ir::TensorId root(ir::TensorId id) const {
        auto it = aliases_.find(id);
        return it == aliases_.end() ? id : it->second;
    }
    int64_t elements(ir::TensorId id) const { return ir::element_count(g_.tensor(id).shape); }

    uint32_t &cell(ir::TensorId id, int64_t i) {
        auto placed = plan_.offset_of.find(id);
        if (placed == plan_.offset_of.end()) {
            auto &caller = caller_[root(id)];
            caller.resize(std::size_t(elements(id)));
            return caller[std::size_t(i)];
        }
        int64_t byte = placed->second + 4 * i;
        if (byte + 4 > plan_.peak || placed->second % 4 != 0) {
            fail("'" + g_.tensor(id).name + "' lies outside the workspace or is misaligned");
            return scratch_;
        }
        return workspace_.at(std::size_t(byte / 4));
    }
    void write(ir::TensorId id, int64_t i) { cell(id, i) = token(root(id), i); }
    void fail(const std::string &what) {
        if (error_.empty()) error_ = what;
    }
    void check(ir::TensorId id, int64_t i, const char *what) {
        if (cell(id, i) != token(root(id), i))
            fail(std::string(what) + " '" + g_.tensor(id).name + "' element " + std::to_string(i) +
                 " was overwritten");
    }
    void check_all(ir::TensorId id, const char *what) {
        for (int64_t i = 0; i < elements(id); ++i)
            check(id, i, what);
    }

    // A kernel may scribble over its scratch at any moment while it runs.
    void clobber_scratch(std::size_t s) {
        for (std::size_t r = 0; r < scratch_requests_.size(); ++r) {
            const auto &req = scratch_requests_[r];
            if (int(s) < req.first_step || int(s) > req.last_step) continue;
            auto it = plan_.scratch_offset_of.find(req.claim);
            if (it == plan_.scratch_offset_of.end()) {
                fail("scratch of claim " + std::to_string(req.claim) + " was not placed");
                return;
            }
            if (it->second + req.bytes > plan_.peak) fail("scratch lies outside the workspace");
            for (int64_t b = it->second / 4; b < (it->second + req.bytes + 3) / 4; ++b)
                if (std::size_t(b) < workspace_.size()) workspace_[std::size_t(b)] = 0xDEADBEEFu;
        }
    }

    // Element-wise ops on the in-place list read element i just before writing element i;
    // everything else may write its output before reading its inputs, so it does that here.
    void run_node(std::size_t s) {
        const ir::Node &n = g_.nodes[s];
        ir::TensorId out = n.outputs[0];
        bool aliased = aliases_.contains(out);
        bool elementwise = n.kind == OpKind::Add || n.kind == OpKind::Softmax;
        if (aliased) {
            check_all(n.inputs[0], "reshape source");
            return;
        }
        if (!elementwise) {
            clobber_scratch(s);
            for (int64_t i = 0; i < elements(out); ++i)
                write(out, i);
            clobber_scratch(s);
            for (ir::TensorId in : n.inputs)
                if (!g_.tensor(in).is_constant()) check_all(in, "input");
            check_all(out, "output next to scratch");
            return;
        }
        for (int64_t i = 0; i < elements(out); ++i) {
            for (ir::TensorId in : n.inputs)
                if (!g_.tensor(in).is_constant() && in != out) check(in, i, "input");
            write(out, i);
        }
    }

    const ir::Graph &g_;
    const planner::MemoryPlan &plan_;
    const std::map<ir::TensorId, ir::TensorId> &aliases_;
    const std::vector<planner::ScratchRequest> &scratch_requests_;
    std::vector<uint32_t> workspace_;
    std::map<ir::TensorId, std::vector<uint32_t>> caller_;
    uint32_t scratch_ = 0;
    std::string error_;
};

TEST(RandomGraphs, PlansPassTheCheckerAndTheSimulation) {
    const int64_t alignments[] = {4, 8, 16, 64};
    int64_t total_peak = 0, total_bound = 0;
    int swept_plans = 0;
    for (unsigned seed = 1; seed <= 300; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        ir::Graph g = RandomGraphMaker(seed).make();
        ASSERT_NO_THROW(ir::verify(g));
        passes::PassContext ctx;
        passes::alias_reshapes(g, ctx);
        planner::PlanOptions options;
        options.alignment = alignments[seed % 4];
        options.place_graph_io = seed % 3 == 0;
        // Kernel scratch on some non-element-wise nodes (claim index = node index here).
        std::vector<planner::ScratchRequest> scratch;
        std::mt19937 random(seed);
        for (std::size_t i = 0; i < g.nodes.size(); ++i) {
            bool elementwise = g.nodes[i].kind == OpKind::Add || g.nodes[i].kind == OpKind::Softmax;
            if (!elementwise && !ctx.aliases.contains(g.nodes[i].outputs[0]) && random() % 3 == 0)
                scratch.push_back({i, int(i), int(i), int64_t(1 + random() % 256)});
        }
        planner::MemoryPlan plan = planner::plan_memory(g, ctx.aliases, scratch, options);
        ASSERT_NO_THROW(planner::check_plan(g, plan, options));
        ASSERT_GE(plan.peak, plan.lower_bound);
        EXPECT_EQ(plan.scratch_offset_of.size(), scratch.size());
        EXPECT_EQ(Simulator(g, plan, ctx.aliases, scratch).run(), "");
        total_peak += plan.peak;
        total_bound += plan.lower_bound;
        // The O(n log n) sweep that very large graphs fall back to must be just as valid.
        options.max_overlap_pairs = 0;
        planner::MemoryPlan swept = planner::plan_memory(g, ctx.aliases, scratch, options);
        swept_plans += swept.strategy == "first-step-sweep"; // all but graphs with no overlap
        ASSERT_NO_THROW(planner::check_plan(g, swept, options));
        ASSERT_GE(swept.peak, plan.peak);
        EXPECT_EQ(Simulator(g, swept, ctx.aliases, scratch).run(), "");
    }
    EXPECT_GT(swept_plans, 250);
    std::printf("random graphs: summed peak %lld, summed lower bound %lld; %d swept plans\n",
                static_cast<long long>(total_peak), static_cast<long long>(total_bound),
                swept_plans);
}

// The simulation catches scratch placed over a live input.
TEST(RandomGraphs, SimulationCatchesScratchOverAnInput) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 8});
    ir::TensorId a = activation(g, "a", {1, 8}), y = activation(g, "y", {1, 8});
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {x}, a);
    add_node(g, OpKind::Relu6, ir::NoAttrs{}, {a}, y);
    g.outputs = {y};
    std::vector<planner::ScratchRequest> scratch = {{1, 1, 1, 16}};
    planner::MemoryPlan plan = planner::plan_memory(g, {}, scratch);
    ASSERT_NE(plan.scratch_offset_of.at(1), plan.offset_of.at(a));
    EXPECT_EQ(Simulator(g, plan, {}, scratch).run(), "");
    plan.scratch_offset_of[1] = plan.offset_of.at(a);
    std::string error = Simulator(g, plan, {}, scratch).run();
    EXPECT_NE(error.find("'a' element 0 was overwritten"), std::string::npos) << error;
}

// The simulation must itself catch a bad plan: two live tensors squeezed onto the same bytes.
TEST(RandomGraphs, SimulationCatchesOverlappingBuffers) {
    ir::Graph g;
    ir::TensorId x = input(g, "x", {1, 8});
    ir::TensorId a = activation(g, "a", {1, 8}), b = activation(g, "b", {1, 8});
    ir::TensorId y = activation(g, "y", {1, 8});
    add_node(g, OpKind::Relu, ir::NoAttrs{}, {x}, a);
    add_node(g, OpKind::Relu6, ir::NoAttrs{}, {a}, b);
    add_node(g, OpKind::Add, ir::BinaryAttrs{}, {a, b}, y);
    g.outputs = {y};
    planner::MemoryPlan plan = planner::plan_memory(g, {});
    ASSERT_NE(plan.offset_of.at(a), plan.offset_of.at(b));
    plan.offset_of[b] = plan.offset_of.at(a);
    std::string error = Simulator(g, plan, {}).run();
    EXPECT_NE(error.find("'a' element 0 was overwritten"), std::string::npos) << error;
}

} // namespace
} // namespace microaot
