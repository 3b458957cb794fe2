#include "report/compiled_json.h"

#include "ir/ops.h"

#include <fmt/format.h>

namespace microaot::report {

using json = nlohmann::ordered_json;

std::string buffer_label(const ir::Graph &graph, const planner::PlacedBuffer &buffer) {
    // A buffer without tensors belongs to a node (kernel scratch), live while it runs.
    if (buffer.tensors.empty()) return fmt::format("scratch of node {}", buffer.first_step);
    std::string label;
    for (ir::TensorId id : buffer.tensors)
        label += (label.empty() ? "" : " = ") + graph.tensor(id).name;
    return label;
}

json plan_json(const ir::Graph &graph, const planner::MemoryPlan &plan) {
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
        j["buffers"].push_back({{"index", i},
                                {"label", buffer_label(graph, b)},
                                {"tensors", tensors},
                                {"size", b.size},
                                {"offset", b.offset},
                                {"first_step", b.first_step},
                                {"last_step", b.last_step}});
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
                              {"macs", ir::op_info(node.kind).macs(r.graph, node)},
                              {"declined", declined}});
    }
    j["memory_plan"] = plan_json(r.graph, r.plan);
    j["footprint"] = footprint::to_json(fp);
    return j;
}

} // namespace microaot::report
