#include "report/compiled_json.h"

#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>

namespace microaot::report {

using json = nlohmann::ordered_json;

namespace {

// The node heading the claim whose scratch `buffer` is (its first step when unknown).
std::size_t scratch_node(const driver::CompileResult &r, const planner::PlacedBuffer &buffer) {
    if (buffer.scratch_claim && *buffer.scratch_claim < r.partition.assignments.size() &&
        !r.partition.assignments[*buffer.scratch_claim].claim.nodes.empty())
        return r.partition.assignments[*buffer.scratch_claim].claim.nodes[0];
    return std::size_t(std::max(buffer.first_step, 0));
}

} // namespace

std::string buffer_label(const driver::CompileResult &r, const planner::PlacedBuffer &buffer) {
    if (buffer.tensors.empty()) {
        std::size_t node = scratch_node(r, buffer);
        return node < r.graph.nodes.size() ? fmt::format("scratch of node {} {}", node,
                                                         ir::op_name(r.graph.nodes[node].kind))
                                           : fmt::format("scratch of node {}", node);
    }
    std::string label;
    for (ir::TensorId id : buffer.tensors)
        label += (label.empty() ? "" : " = ") + r.graph.tensor(id).name;
    return label;
}

json plan_json(const driver::CompileResult &r) {
    const ir::Graph &graph = r.graph;
    const planner::MemoryPlan &plan = r.plan;
    json j;
    j["peak"] = plan.peak;
    j["lower_bound"] = plan.lower_bound;
    j["strategy"] = plan.strategy;
    j["buffers"] = json::array();
    for (std::size_t i = 0; i < plan.buffers.size(); ++i) {
        const planner::PlacedBuffer &b = plan.buffers[i];
        json tensors = json::array();
        for (ir::TensorId id : b.tensors)
            tensors.push_back(graph.tensor(id).name);
        json entry = {{"index", i}, {"label", buffer_label(r, b)}, {"tensors", tensors}};
        if (b.tensors.empty()) entry["scratch_of_node"] = scratch_node(r, b);
        entry.update({{"size", b.size},
                      {"offset", b.offset},
                      {"first_step", b.first_step},
                      {"last_step", b.last_step}});
        j["buffers"].push_back(entry);
    }
    j["in_caller_buffers"] = json::array();
    for (ir::TensorId id : plan.in_caller_buffers)
        j["in_caller_buffers"].push_back(graph.tensor(id).name);
    return j;
}

json compiled_json(const driver::CompileResult &r, const driver::CompileOptions &options,
                   const footprint::Footprint &fp) {
    json j;
    j["target"] = options.target;
    j["accel"] = options.accel;
    j["name"] = r.name;
    partition::PartitionReport partition = driver::partition_report(r);
    j["backends"] = partition.backends;
    j["nodes"] = json::array();
    for (const auto &n : partition.nodes) {
        const ir::Node &node = r.graph.nodes.at(n.index);
        json declined = json::array();
        for (const auto &d : n.declined)
            declined.push_back({{"backend", d.backend}, {"reason", d.reason}});
        j["nodes"].push_back({{"index", n.index},
                              {"op", n.op},
                              {"output", n.output},
                              {"backend", n.backend},
                              {"kernel", n.kernel},
                              {"macs", ir::node_macs(r.graph, node)},
                              {"declined", declined}});
    }
    j["memory_plan"] = plan_json(r);
    j["footprint"] = footprint::to_json(fp);
    return j;
}

} // namespace microaot::report
