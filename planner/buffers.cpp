#include "planner/buffers.h"

#include "ir/error.h"

#include <algorithm>
#include <fmt/format.h>

namespace microaot::planner {
namespace {

bool is_graph_io(const ir::Graph &graph, ir::TensorId id) {
    auto has = [id](const std::vector<ir::TensorId> &ids) {
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    return has(graph.inputs) || has(graph.outputs);
}

void check_alias_tensor(const ir::Graph &graph, ir::TensorId id) {
    if (id < 0 || std::size_t(id) >= graph.tensors.size())
        throw CompileError(
            fmt::format("memory plan: alias refers to tensor {} of {}", id, graph.tensors.size()));
    if (graph.tensor(id).is_constant())
        throw CompileError(fmt::format("memory plan: constant '{}' cannot share activation "
                                       "storage",
                                       graph.tensor(id).name));
}

// The tensor owning `id`'s storage, following alias chains.
ir::TensorId storage_root(const std::map<ir::TensorId, ir::TensorId> &aliases, ir::TensorId id) {
    for (std::size_t hops = 0; hops <= aliases.size(); ++hops) {
        auto it = aliases.find(id);
        if (it == aliases.end()) return id;
        id = it->second;
    }
    throw CompileError(fmt::format("memory plan: alias cycle through tensor {}", id));
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

BufferSet collect_buffers(const ir::Graph &graph,
                          const std::map<ir::TensorId, ir::TensorId> &aliases,
                          const PlanOptions &options) {
    for (auto [alias, source] : aliases) {
        check_alias_tensor(graph, alias);
        check_alias_tensor(graph, source);
    }
    std::vector<TensorLifetime> life = tensor_lifetimes(graph);
    // Root first, then its aliases in id order.
    std::map<ir::TensorId, std::vector<ir::TensorId>> groups;
    for (ir::TensorId id = 0; id < ir::TensorId(life.size()); ++id) {
        if (!life[std::size_t(id)].activation) continue;
        ir::TensorId root = storage_root(aliases, id);
        auto &members = groups[root];
        if (id == root)
            members.insert(members.begin(), id);
        else
            members.push_back(id);
    }
    BufferSet set;
    for (auto &[root, members] : groups) {
        bool caller_owned = std::any_of(members.begin(), members.end(),
                                        [&](ir::TensorId id) { return is_graph_io(graph, id); });
        if (caller_owned && !options.place_graph_io) {
            for (ir::TensorId id : members)
                if (!is_graph_io(graph, id)) set.in_caller_buffers.push_back(id);
            continue;
        }
        set.buffers.push_back(merge_group(graph, life, std::move(members)));
    }
    return set;
}

std::vector<std::vector<int>> in_place_partners(const ir::Graph &graph,
                                                const std::vector<PlacedBuffer> &buffers) {
    std::vector<std::vector<int>> partners(buffers.size());
    for (std::size_t out = 0; out < buffers.size(); ++out) {
        const PlacedBuffer &b = buffers[out];
        for (std::size_t in = 0; in < buffers.size(); ++in) {
            const PlacedBuffer &a = buffers[in];
            if (in == out || a.last_step != b.first_step || a.size != b.size) continue;
            bool allowed = std::any_of(a.tensors.begin(), a.tensors.end(), [&](ir::TensorId x) {
                return std::any_of(b.tensors.begin(), b.tensors.end(), [&](ir::TensorId y) {
                    return may_write_over_input(graph, b.first_step, x, y);
                });
            });
            if (!allowed) continue;
            partners[out].push_back(int(in));
            partners[in].push_back(int(out));
        }
    }
    return partners;
}

int64_t live_size_lower_bound(const std::vector<PlacedBuffer> &buffers,
                              const std::vector<std::vector<int>> &partners, int64_t alignment) {
    int first = 0, last = 0;
    for (const PlacedBuffer &b : buffers) {
        first = std::min(first, b.first_step);
        last = std::max(last, b.last_step);
    }
    int64_t bound = 0;
    for (int step = first; step <= last; ++step) {
        int64_t live = 0, shared = 0;
        for (std::size_t i = 0; i < buffers.size(); ++i) {
            const PlacedBuffer &b = buffers[i];
            if (step < b.first_step || step > b.last_step) continue;
            live += align_up(b.size, alignment);
            if (b.first_step != step) continue;
            // Only one dying input can sit exactly under this output.
            for (int p : partners[i])
                if (buffers[std::size_t(p)].last_step == step)
                    shared = std::max(shared, align_up(buffers[std::size_t(p)].size, alignment));
        }
        bound = std::max(bound, live - shared);
    }
    return bound;
}

} // namespace microaot::planner
