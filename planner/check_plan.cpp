// Independent checks of a finished plan. Lifetimes are recomputed from the graph, so a plan with
// wrong steps, sizes or offsets is caught even if the planner believed it.
#include "planner/buffers.h"
#include "planner/lifetimes.h"
#include "planner/memory_plan.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace microaot::planner {
namespace {

[[noreturn]] void fail(const std::string &what) {
    throw CompileError("memory plan check: " + what);
}

bool is_graph_io(const ir::Graph &graph, ir::TensorId id) {
    auto has = [id](const std::vector<ir::TensorId> &ids) {
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    return has(graph.inputs) || has(graph.outputs);
}

// True when RESHAPE nodes connect `id` to a graph input/output (so it may live in that buffer).
bool reshaped_from_io(const ir::Graph &graph, ir::TensorId id) {
    std::set<ir::TensorId> seen{id};
    std::vector<ir::TensorId> todo{id};
    while (!todo.empty()) {
        ir::TensorId t = todo.back();
        todo.pop_back();
        if (is_graph_io(graph, t)) return true;
        for (const ir::Node &node : graph.nodes) {
            if (!ir::op_def(node.kind).has(ir::kZeroCopyView)) continue;
            ir::TensorId in = node.input(0), out = node.outputs.at(0);
            ir::TensorId next = t == in ? out : t == out ? in : ir::kNoTensor;
            if (next != ir::kNoTensor && seen.insert(next).second) todo.push_back(next);
        }
    }
    return false;
}

class PlanChecker {
  public:
    PlanChecker(const ir::Graph &g, const MemoryPlan &p, const PlanOptions &o)
        : graph_(g), plan_(p), options_(o), life_(tensor_lifetimes(g)) {}

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
        if (!options_.place_graph_io && is_graph_io(graph_, id))
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
        const auto &caller = plan_.in_caller_buffers;
        for (ir::TensorId id = 0; id < ir::TensorId(life_.size()); ++id) {
            if (!life_[std::size_t(id)].activation || owner_.contains(id)) continue;
            if (!options_.place_graph_io && is_graph_io(graph_, id)) continue;
            bool listed = std::find(caller.begin(), caller.end(), id) != caller.end();
            if (listed && reshaped_from_io(graph_, id)) continue;
            fail(fmt::format("activation '{}' is not placed", name(id)));
        }
    }

    // Output `b` written in place over dying input `a` at b's first step.
    bool in_place_pair(const PlacedBuffer &a, const PlacedBuffer &b) const {
        if (a.offset != b.offset || a.size != b.size || a.last_step != b.first_step) return false;
        for (ir::TensorId x : a.tensors)
            for (ir::TensorId y : b.tensors)
                if (may_write_over_input(graph_, b.first_step, x, y)) return true;
        return false;
    }

    void check_no_overlap() const {
        const auto &bs = plan_.buffers;
        for (std::size_t i = 0; i < bs.size(); ++i) {
            for (std::size_t j = i + 1; j < bs.size(); ++j) {
                const PlacedBuffer &a = bs[i], &b = bs[j];
                bool together =
                    lifetimes_overlap(a.first_step, a.last_step, b.first_step, b.last_step);
                bool share = a.size > 0 && b.size > 0 && a.offset < b.offset + b.size &&
                             b.offset < a.offset + a.size;
                if (!together || !share || in_place_pair(a, b) || in_place_pair(b, a)) continue;
                fail(fmt::format("'{}' [{}, {}) and '{}' [{}, {}) are alive together and overlap",
                                 name(a), a.offset, a.offset + a.size, name(b), b.offset,
                                 b.offset + b.size));
            }
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
    std::map<ir::TensorId, std::size_t> owner_;
    std::size_t scratch_buffers_ = 0;
};

} // namespace

void check_plan(const ir::Graph &graph, const MemoryPlan &plan, const PlanOptions &options) {
    PlanChecker(graph, plan, options).run();
}

} // namespace microaot::planner
