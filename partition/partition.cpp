#include "partition/partition.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::partition {
namespace {

// A claim must start at the node asked about and take consecutive nodes.
void check_claim(const ir::Graph &graph, const backends::Backend &backend,
                 const backends::Claim &claim, std::size_t node) {
    bool ok = !claim.nodes.empty() && claim.nodes[0] == node;
    for (std::size_t i = 0; ok && i < claim.nodes.size(); ++i)
        ok = claim.nodes[i] == node + i && claim.nodes[i] < graph.nodes.size();
    if (!ok)
        throw CompileError(
            fmt::format("backend '{}' made an invalid claim at node {}", backend.name(), node));
}

std::string unclaimed_message(const ir::Graph &graph, std::size_t node,
                              const std::vector<Declined> &declined) {
    const ir::Node &n = graph.nodes[node];
    std::string out = n.outputs.empty() ? "?" : graph.tensor(n.outputs[0]).name;
    std::string reasons;
    for (const auto &d : declined)
        reasons += fmt::format("{}{}: {}", reasons.empty() ? "" : "; ", d.backend, d.reason);
    if (reasons.empty()) reasons = "no backends";
    return fmt::format("no backend supports {} at node {} (output '{}'): {}", ir::op_name(n.kind),
                       node, out, reasons);
}

// The cost of running `claim`'s nodes on the first backend after `from` that claims its head.
std::optional<int64_t> fallback_cost(const ir::Graph &graph,
                                     std::span<const backends::Backend *const> backends,
                                     std::size_t from, const backends::Claim &claim) {
    for (std::size_t i = from + 1; i < backends.size(); ++i) {
        std::string ignored;
        auto other = backends[i]->claim(graph, claim.nodes[0], ignored);
        if (!other) continue;
        backends::Claim same{claim.nodes, other->kernel};
        return backends[i]->cost_cycles(graph, same);
    }
    return std::nullopt;
}

} // namespace

Partition partition(const ir::Graph &graph, std::span<const backends::Backend *const> backends) {
    Partition result;
    for (std::size_t node = 0; node < graph.nodes.size();) {
        Assignment a;
        for (std::size_t bi = 0; bi < backends.size(); ++bi) {
            const backends::Backend *backend = backends[bi];
            std::string why_not;
            auto claim = backend->claim(graph, node, why_not);
            if (!claim) {
                a.declined.push_back({std::string(backend->name()), why_not});
                continue;
            }
            check_claim(graph, *backend, *claim, node);
            if (auto cost = backend->cost_cycles(graph, *claim)) {
                auto fallback = fallback_cost(graph, backends, bi, *claim);
                if (fallback && *fallback <= *cost) {
                    a.declined.push_back(
                        {std::string(backend->name()),
                         fmt::format("CPU cheaper: {} vs {} cycles", *fallback, *cost)});
                    continue;
                }
                a.cost_cycles = cost;
                a.fallback_cost_cycles = fallback;
            }
            a.backend = backend;
            a.claim = std::move(*claim);
            break;
        }
        if (!a.backend) throw CompileError(unclaimed_message(graph, node, a.declined));
        node += a.claim.nodes.size();
        result.assignments.push_back(std::move(a));
    }
    return result;
}

} // namespace microaot::partition
