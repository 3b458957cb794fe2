#include "planner/buffers.h"

#include "ir/error.h"

#include <algorithm>
#include <fmt/format.h>

namespace microaot::planner {
namespace {

void check_alias_tensor(const ir::Graph &graph, ir::TensorId id) {
    if (id < 0 || std::size_t(id) >= graph.tensors.size())
        throw CompileError(
            fmt::format("memory plan: alias refers to tensor {} of {}", id, graph.tensors.size()));
    if (graph.tensor(id).is_constant())
        throw CompileError(fmt::format("memory plan: constant '{}' cannot share activation "
                                       "storage",
                                       graph.tensor(id).name));
}

// The tensor owning each tensor's storage, following alias chains (each link visited once).
std::vector<ir::TensorId> storage_roots(const ir::Graph &graph,
                                        const std::map<ir::TensorId, ir::TensorId> &aliases) {
    constexpr ir::TensorId kUnknown = -2, kOnPath = -3;
    std::vector<ir::TensorId> root(graph.tensors.size(), kUnknown);
    std::vector<ir::TensorId> path;
    for (ir::TensorId start = 0; start < ir::TensorId(root.size()); ++start) {
        ir::TensorId id = start;
        while (root[std::size_t(id)] == kUnknown) {
            auto it = aliases.find(id);
            if (it == aliases.end()) {
                root[std::size_t(id)] = id;
                break;
            }
            root[std::size_t(id)] = kOnPath;
            path.push_back(id);
            id = it->second;
        }
        if (root[std::size_t(id)] == kOnPath)
            throw CompileError(fmt::format("memory plan: alias cycle through tensor {}", id));
        for (ir::TensorId on_path : path)
            root[std::size_t(on_path)] = root[std::size_t(id)];
        path.clear();
    }
    return root;
}

PlacedBuffer merge_group(const ir::Graph &graph, const std::vector<TensorLifetime> &life,
                         std::vector<ir::TensorId> members) {
    PlacedBuffer buffer;
    buffer.first_step = life[std::size_t(members[0])].first;
    buffer.last_step = life[std::size_t(members[0])].last;
    for (ir::TensorId id : members) {
        const TensorLifetime &l = life[std::size_t(id)];
        buffer.size = std::max(buffer.size, graph.tensor(id).byte_size());
        buffer.first_step = std::min(buffer.first_step, l.first);
        buffer.last_step = std::max(buffer.last_step, l.last);
    }
    buffer.tensors = std::move(members);
    return buffer;
}

} // namespace

std::vector<bool> graph_io_mask(const ir::Graph &graph) {
    std::vector<bool> io(graph.tensors.size(), false);
    for (const auto *list : {&graph.inputs, &graph.outputs})
        for (ir::TensorId id : *list)
            if (id >= 0 && std::size_t(id) < io.size()) io[std::size_t(id)] = true;
    return io;
}

BufferSet collect_buffers(const ir::Graph &graph,
                          const std::map<ir::TensorId, ir::TensorId> &aliases,
                          const PlanOptions &options) {
    for (auto [alias, source] : aliases) {
        check_alias_tensor(graph, alias);
        check_alias_tensor(graph, source);
    }
    std::vector<TensorLifetime> life = tensor_lifetimes(graph);
    std::vector<ir::TensorId> root = storage_roots(graph, aliases);
    // Per root: the root first, then its aliases in id order; roots in id order.
    std::vector<std::vector<ir::TensorId>> groups(life.size());
    for (ir::TensorId id = 0; id < ir::TensorId(life.size()); ++id) {
        if (!life[std::size_t(id)].activation) continue;
        auto &members = groups[std::size_t(root[std::size_t(id)])];
        if (id == root[std::size_t(id)])
            members.insert(members.begin(), id);
        else
            members.push_back(id);
    }
    std::vector<bool> io = graph_io_mask(graph);
    BufferSet set;
    for (auto &members : groups) {
        if (members.empty()) continue;
        bool caller_owned = std::any_of(members.begin(), members.end(),
                                        [&](ir::TensorId id) { return io[std::size_t(id)]; });
        if (caller_owned && !options.place_graph_io) {
            for (ir::TensorId id : members)
                if (!io[std::size_t(id)]) set.in_caller_buffers.push_back(id);
            continue;
        }
        set.buffers.push_back(merge_group(graph, life, std::move(members)));
    }
    return set;
}

bool may_write_in_place(const ir::Graph &graph, const std::vector<int> &owner,
                        const std::vector<PlacedBuffer> &buffers, std::size_t input_buffer,
                        std::size_t output_buffer) {
    const PlacedBuffer &a = buffers[input_buffer], &b = buffers[output_buffer];
    int step = b.first_step;
    if (step < 0 || std::size_t(step) >= graph.nodes.size()) return false;
    if (a.last_step != step || a.size != b.size) return false;
    // Only the tensor the node at `step` writes can go over one of the tensors it reads.
    const ir::Node &node = graph.nodes[std::size_t(step)];
    if (node.outputs.empty()) return false;
    auto in_buffer = [&](ir::TensorId id, std::size_t buffer) {
        return id >= 0 && std::size_t(id) < owner.size() && owner[std::size_t(id)] == int(buffer);
    };
    ir::TensorId y = node.outputs[0];
    if (!in_buffer(y, output_buffer)) return false;
    return std::any_of(node.inputs.begin(), node.inputs.end(), [&](ir::TensorId x) {
        return in_buffer(x, input_buffer) && may_write_over_input(graph, step, x, y);
    });
}

std::vector<int> buffer_owners(const ir::Graph &graph, const std::vector<PlacedBuffer> &buffers) {
    std::vector<int> owner(graph.tensors.size(), -1);
    for (std::size_t b = 0; b < buffers.size(); ++b)
        for (ir::TensorId id : buffers[b].tensors)
            if (id >= 0 && std::size_t(id) < owner.size()) owner[std::size_t(id)] = int(b);
    return owner;
}

std::vector<std::vector<int>> in_place_partners(const ir::Graph &graph,
                                                const std::vector<PlacedBuffer> &buffers) {
    // A buffer may only go over one that dies at its first step: bucket buffers by last step.
    // A node reads at most a few tensors, so each bucket is small.
    const int steps = int(graph.nodes.size());
    std::vector<std::vector<int>> dying(static_cast<std::size_t>(steps));
    for (std::size_t b = 0; b < buffers.size(); ++b)
        if (buffers[b].last_step >= 0 && buffers[b].last_step < steps)
            dying[std::size_t(buffers[b].last_step)].push_back(int(b));
    std::vector<int> owner = buffer_owners(graph, buffers);
    std::vector<std::vector<int>> partners(buffers.size());
    // Pairs in (output, input) order, as the lists have always been built.
    for (std::size_t out = 0; out < buffers.size(); ++out) {
        int step = buffers[out].first_step;
        if (step < 0 || step >= steps) continue;
        for (int in : dying[std::size_t(step)]) {
            if (std::size_t(in) == out ||
                !may_write_in_place(graph, owner, buffers, std::size_t(in), out))
                continue;
            partners[out].push_back(in);
            partners[std::size_t(in)].push_back(int(out));
        }
    }
    return partners;
}

int64_t live_size_lower_bound(const std::vector<PlacedBuffer> &buffers,
                              const std::vector<std::vector<int>> &partners, int64_t alignment) {
    // Sweep over the steps where something starts or ends: +size at first_step, -size after
    // last_step. An output that may go over a dying input at its first step shares that input's
    // bytes (only one input can sit exactly under it: take the largest).
    struct Event {
        int64_t step;
        int64_t delta;  // live bytes added (removed when negative) at `step`
        int64_t shared; // bytes an output shares with a dying input at `step`
    };
    std::vector<Event> events;
    events.reserve(2 * buffers.size());
    for (std::size_t i = 0; i < buffers.size(); ++i) {
        const PlacedBuffer &b = buffers[i];
        if (b.last_step < b.first_step) continue; // lives nowhere
        int64_t size = align_up(b.size, alignment), shared = 0;
        for (int p : partners[i])
            if (buffers[std::size_t(p)].last_step == b.first_step)
                shared = std::max(shared, align_up(buffers[std::size_t(p)].size, alignment));
        events.push_back({b.first_step, size, shared});
        events.push_back({int64_t(b.last_step) + 1, -size, 0});
    }
    std::sort(events.begin(), events.end(),
              [](const Event &x, const Event &y) { return x.step < y.step; });
    int64_t live = 0, bound = 0;
    for (std::size_t i = 0; i < events.size();) {
        int64_t shared = 0;
        std::size_t j = i;
        for (; j < events.size() && events[j].step == events[i].step; ++j) {
            live += events[j].delta;
            shared = std::max(shared, events[j].shared);
        }
        bound = std::max(bound, live - shared);
        i = j;
    }
    return bound;
}

} // namespace microaot::planner
