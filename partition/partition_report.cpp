#include "partition/partition_report.h"

#include "ir/ops.h"
#include "ir/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace microaot::partition {

PartitionReport make_report(const ir::Graph &graph, const Partition &partition,
                            const std::vector<std::string> &backends,
                            const std::map<std::size_t, std::string> &kernels) {
    PartitionReport r;
    r.backends = backends;
    for (const Assignment &a : partition.assignments) {
        for (std::size_t node : a.claim.nodes) {
            const ir::Node &n = graph.nodes.at(node);
            NodeReport nr;
            nr.index = node;
            nr.op = std::string(ir::op_name(n.kind));
            nr.output = n.outputs.empty() ? "" : graph.tensor(n.outputs[0]).name;
            nr.backend = a.backend ? std::string(a.backend->name()) : "";
            auto it = kernels.find(node);
            nr.kernel = it != kernels.end() ? it->second : a.claim.kernel;
            nr.claim_head = a.claim.nodes.at(0);
            nr.declined = a.declined;
            nr.cost_cycles = a.cost_cycles;
            nr.fallback_cost_cycles = a.fallback_cost_cycles;
            r.nodes.push_back(std::move(nr));
        }
    }
    return r;
}

std::string report_text(const PartitionReport &report) {
    std::string out = "partition (backends in priority order: ";
    for (std::size_t i = 0; i < report.backends.size(); ++i)
        out += (i ? ", " : "") + ir::printable(report.backends[i]);
    out += fmt::format(")\n  {:>4}  {:<18} {:<12} {:<32} {}\n", "node", "operator", "backend",
                       "kernel", "output");
    for (const NodeReport &n : report.nodes) {
        // Names come from the model, kernels and reasons from backends (plugins too).
        out +=
            fmt::format("  {:>4}  {:<18} {:<12} {:<32} '{}'", n.index, n.op,
                        ir::printable(n.backend), ir::printable(n.kernel), ir::printable(n.output));
        if (n.claim_head != n.index) out += fmt::format(" (with node {})", n.claim_head);
        if (n.cost_cycles)
            out += fmt::format(" ~{} cycles vs {}", *n.cost_cycles,
                               n.fallback_cost_cycles ? fmt::format("{}", *n.fallback_cost_cycles)
                                                      : std::string("none"));
        out += "\n";
        if (n.claim_head != n.index) continue;
        for (const Declined &d : n.declined)
            out += fmt::format("          {}: {}\n", ir::printable(d.backend),
                               ir::printable(d.reason));
    }
    return out;
}

std::string report_json(const PartitionReport &report, int indent) {
    using json = nlohmann::ordered_json;
    json j;
    j["backends"] = report.backends;
    j["nodes"] = json::array();
    for (const NodeReport &n : report.nodes) {
        json node = {{"index", n.index},     {"op", n.op},         {"output", n.output},
                     {"backend", n.backend}, {"kernel", n.kernel}, {"claim_head", n.claim_head}};
        node["declined"] = json::array();
        for (const Declined &d : n.declined)
            node["declined"].push_back({{"backend", d.backend}, {"reason", d.reason}});
        if (n.cost_cycles) node["cost_cycles"] = *n.cost_cycles;
        if (n.fallback_cost_cycles) node["fallback_cost_cycles"] = *n.fallback_cost_cycles;
        j["nodes"].push_back(std::move(node));
    }
    return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace microaot::partition
