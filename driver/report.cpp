// `microaot compile --report`: passes log, per-node backend and kernel, memory summary.
#include "driver/driver.h"

#include "ir/ops.h"
#include "ir/text.h"
#include "partition/partition_report.h"

#include <fmt/format.h>
#include <map>

namespace microaot::driver {

partition::PartitionReport partition_report(const CompileResult &r) {
    std::vector<std::string> names;
    for (const auto &b : r.backends)
        names.emplace_back(b->name());
    std::map<std::size_t, std::string> kernels;
    for (const auto &rec : r.generated.nodes)
        kernels[rec.node] = rec.kernel;
    return partition::make_report(r.graph, r.partition, names, kernels);
}

std::string compile_report(const CompileResult &r) {
    // Names in the log and tables come from the model: printable (no newlines, no escapes).
    std::string out = fmt::format("model '{}' -> {} ({} nodes after passes)\n",
                                  ir::printable(r.graph.name), r.name, r.graph.nodes.size());
    out += "passes:\n";
    for (const auto &line : r.passes.log)
        out += "  " + ir::printable(line) + "\n";
    if (r.passes.log.empty()) out += "  (no changes)\n";
    out += "nodes:\n";
    for (const auto &rec : r.generated.nodes) {
        const ir::Node &n = r.graph.nodes[rec.node];
        auto it = r.plan.offset_of.find(n.outputs.at(0));
        std::string where =
            it == r.plan.offset_of.end() ? "caller buffer" : fmt::format("ws+{}", it->second);
        out +=
            fmt::format("  {:>3} {:<18} {:<5} {:<36} -> '{}' ({} B at {})\n", rec.node,
                        ir::op_name(n.kind), ir::printable(rec.backend), ir::printable(rec.kernel),
                        ir::printable(r.graph.tensor(n.outputs[0]).name),
                        r.graph.tensor(n.outputs[0]).byte_size(), where);
    }
    out += partition::report_text(partition_report(r));
    out += fmt::format("workspace: {} bytes (lower bound {}, strategy {})\n", r.plan.peak,
                       r.plan.lower_bound, r.plan.strategy);
    out += fmt::format("weights: {} bytes; compile time {:.3f} s\n", r.generated.weights_bytes,
                       r.seconds);
    return out;
}

} // namespace microaot::driver
