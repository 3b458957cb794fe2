// Independent checks of a finished plan. Lifetimes are recomputed from the graph, so a plan with
// wrong steps, sizes or offsets is caught even if the planner believed it.
#include "planner/buffers.h"
#include "planner/lifetimes.h"
#include "planner/memory_plan.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <queue>

namespace microaot::planner {
namespace {

[[noreturn]] void fail(const std::string &what) {
    throw CompileError("memory plan check: " + what);
}

// Tensors that zero-copy views (RESHAPE) connect to a graph input/output (so they may live in
// that buffer): one search from every graph input and output.
std::vector<bool> reshaped_from_io(const ir::Graph &graph, const std::vector<bool> &io) {
    std::vector<std::vector<ir::TensorId>> edges(graph.tensors.size());
    auto valid = [&](ir::TensorId id) { return id >= 0 && std::size_t(id) < graph.tensors.size(); };
    for (const ir::Node &node : graph.nodes) {
        if (!ir::op_def(node.kind).has(ir::kZeroCopyView) || node.outputs.empty()) continue;
        ir::TensorId in = node.input(0), out = node.outputs[0];
        if (!valid(in) || !valid(out)) continue;
        edges[std::size_t(in)].push_back(out);
        edges[std::size_t(out)].push_back(in);
    }
    std::vector<bool> reached = io;
    std::vector<ir::TensorId> todo;
    for (std::size_t i = 0; i < io.size(); ++i)
        if (io[i]) todo.push_back(ir::TensorId(i));
    while (!todo.empty()) {
        ir::TensorId t = todo.back();
        todo.pop_back();
        for (ir::TensorId next : edges[std::size_t(t)])
            if (!reached[std::size_t(next)]) {
                reached[std::size_t(next)] = true;
                todo.push_back(next);
            }
    }
    return reached;
}

class PlanChecker {
  public:
    PlanChecker(const ir::Graph &g, const MemoryPlan &p, const PlanOptions &o)
        : graph_(g), plan_(p), options_(o), life_(tensor_lifetimes(g)), io_(graph_io_mask(g)) {}

    void run() {
        if (options_.alignment <= 0) fail("alignment must be positive");
        for (std::size_t i = 0; i < plan_.buffers.size(); ++i)
            check_buffer(i);
        if (plan_.offset_of.size() != owner_.size())
            fail(fmt::format("offset_of lists {} tensors, buffers hold {}", plan_.offset_of.size(),
                             owner_.size()));
        if (plan_.scratch_offset_of.size() != scratch_buffers_)
            fail(fmt::format("scratch_offset_of lists {} claims, {} scratch buffers are placed",
                             plan_.scratch_offset_of.size(), scratch_buffers_));
        check_every_activation_placed();
        check_no_overlap();
        check_peak();
    }

  private:
    std::string name(ir::TensorId id) const { return graph_.tensor(id).name; }
    std::string name(const PlacedBuffer &b) const {
        if (b.scratch_claim) return fmt::format("scratch of claim {}", *b.scratch_claim);
        return name(b.tensors.at(0));
    }

    void check_buffer(std::size_t index) {
        const PlacedBuffer &b = plan_.buffers[index];
        if (b.offset < 0 || b.offset % options_.alignment != 0)
            fail(fmt::format("buffer {} offset {} is not a multiple of {}", index, b.offset,
                             options_.alignment));
        if (b.scratch_claim) {
            check_scratch(index, b);
            return;
        }
        if (b.tensors.empty()) fail(fmt::format("buffer {} holds no tensor", index));
        for (ir::TensorId id : b.tensors)
            check_member(index, b, id);
    }

    void check_scratch(std::size_t index, const PlacedBuffer &b) {
        if (!b.tensors.empty()) fail(fmt::format("scratch buffer {} also holds tensors", index));
        if (b.size <= 0 || b.first_step < 0 || b.last_step < b.first_step ||
            b.last_step >= int(graph_.nodes.size()))
            fail(fmt::format("scratch buffer {} has {} bytes over steps {}..{}", index, b.size,
                             b.first_step, b.last_step));
        auto it = plan_.scratch_offset_of.find(*b.scratch_claim);
        if (it == plan_.scratch_offset_of.end() || it->second != b.offset)
            fail(fmt::format("scratch_offset_of[{}] disagrees with its buffer offset {}",
                             *b.scratch_claim, b.offset));
        ++scratch_buffers_;
    }

    void check_member(std::size_t index, const PlacedBuffer &b, ir::TensorId id) {
        if (id < 0 || std::size_t(id) >= graph_.tensors.size())
            fail(fmt::format("buffer {} names tensor {} of {}", index, id, graph_.tensors.size()));
        const TensorLifetime &l = life_[std::size_t(id)];
        if (!l.activation) fail(fmt::format("'{}' is placed but is not an activation", name(id)));
        if (!options_.place_graph_io && io_[std::size_t(id)])
            fail(fmt::format("graph input/output '{}' is placed", name(id)));
        if (!owner_.emplace(id, index).second)
            fail(fmt::format("'{}' is in two buffers", name(id)));
        if (b.size < graph_.tensor(id).byte_size())
            fail(fmt::format("buffer {} has {} bytes, '{}' needs {}", index, b.size, name(id),
                             graph_.tensor(id).byte_size()));
        if (b.first_step > l.first || b.last_step < l.last)
            fail(fmt::format("buffer {} lives steps {}..{}, '{}' lives {}..{}", index, b.first_step,
                             b.last_step, name(id), l.first, l.last));
        auto it = plan_.offset_of.find(id);
        if (it == plan_.offset_of.end() || it->second != b.offset)
            fail(fmt::format("offset_of['{}'] disagrees with its buffer offset {}", name(id),
                             b.offset));
    }

    void check_every_activation_placed() const {
        std::vector<bool> listed(life_.size(), false);
        for (ir::TensorId id : plan_.in_caller_buffers)
            if (id >= 0 && std::size_t(id) < listed.size()) listed[std::size_t(id)] = true;
        std::vector<bool> near_io = reshaped_from_io(graph_, io_);
        for (ir::TensorId id = 0; id < ir::TensorId(life_.size()); ++id) {
            auto i = std::size_t(id);
            if (!life_[i].activation || owner_.contains(id)) continue;
            if (!options_.place_graph_io && io_[i]) continue;
            if (listed[i] && near_io[i]) continue;
            fail(fmt::format("activation '{}' is not placed", name(id)));
        }
    }

    // Buffer `b` written in place over dying buffer `a` at b's first step, at a's offset.
    bool in_place_pair(const std::vector<int> &owner, std::size_t a, std::size_t b) const {
        const PlacedBuffer &x = plan_.buffers[a], &y = plan_.buffers[b];
        return x.offset == y.offset && may_write_in_place(graph_, owner, plan_.buffers, a, b);
    }

    // Sweep in first-step order over the buffers alive at each start, kept by offset: those
    // never share bytes (the check), so a new buffer can only collide with the live ones just
    // below its end. An allowed in-place pair hands its bytes from the input to the output.
    void check_no_overlap() const {
        const auto &bs = plan_.buffers;
        std::vector<int> owner = buffer_owners(graph_, bs);
        std::vector<std::size_t> order(bs.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return bs[a].first_step < bs[b].first_step;
        });
        using Live = std::multimap<int64_t, std::size_t>; // offset -> buffer
        Live live;
        std::vector<Live::iterator> where(bs.size(), live.end());
        using Death = std::pair<int, std::size_t>; // (last step, buffer)
        std::priority_queue<Death, std::vector<Death>, std::greater<>> deaths;
        for (std::size_t b : order) {
            const PlacedBuffer &me = bs[b];
            for (; !deaths.empty() && deaths.top().first < me.first_step; deaths.pop()) {
                std::size_t dead = deaths.top().second;
                if (where[dead] != live.end()) live.erase(where[dead]);
                where[dead] = live.end();
            }
            if (me.size <= 0 || me.last_step < me.first_step) continue; // no bytes, or never alive
            // Walk down from the last live buffer starting below my end while it reaches me.
            auto it = live.lower_bound(me.offset + me.size);
            while (it != live.begin()) {
                auto below = std::prev(it);
                std::size_t other = below->second;
                const PlacedBuffer &a = bs[other];
                if (below->first + a.size <= me.offset) break;
                if (!in_place_pair(owner, other, b) && !in_place_pair(owner, b, other))
                    fail(fmt::format("'{}' [{}, {}) and '{}' [{}, {}) are alive together and "
                                     "overlap",
                                     name(a), a.offset, a.offset + a.size, name(me), me.offset,
                                     me.offset + me.size));
                where[other] = live.end(); // it dies here; its bytes are now mine
                it = live.erase(below);
            }
            where[b] = live.emplace(me.offset, b);
            deaths.push({me.last_step, b});
        }
    }

    void check_peak() const {
        int64_t bound = live_size_lower_bound(
            plan_.buffers, in_place_partners(graph_, plan_.buffers), options_.alignment);
        if (plan_.peak < bound || plan_.peak < plan_.lower_bound)
            fail(fmt::format("peak {} is below the lower bound {}", plan_.peak,
                             std::max(bound, plan_.lower_bound)));
        for (const PlacedBuffer &b : plan_.buffers)
            if (b.offset + b.size > plan_.peak)
                fail(fmt::format("'{}' ends at {}, past the peak {}", name(b), b.offset + b.size,
                                 plan_.peak));
    }

    const ir::Graph &graph_;
    const MemoryPlan &plan_;
    const PlanOptions &options_;
    std::vector<TensorLifetime> life_;
    std::vector<bool> io_;
    std::map<ir::TensorId, std::size_t> owner_;
    std::size_t scratch_buffers_ = 0;
};

} // namespace

void check_plan(const ir::Graph &graph, const MemoryPlan &plan, const PlanOptions &options) {
    PlanChecker(graph, plan, options).run();
}

} // namespace microaot::planner
