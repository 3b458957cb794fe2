// NAME_metadata.json: what was generated, where every tensor lives, and resource estimates.
#include "codegen/writers.h"

#include "ir/ops.h"
#include "ir/saturating.h"

#include <nlohmann/json.hpp>

namespace microaot::codegen {
namespace {

using json = nlohmann::ordered_json;

json tensor_json(const ir::Graph &graph, const IoTensor &io) {
    const ir::Tensor &t = graph.tensor(io.id);
    json j;
    j["name"] = t.name;
    j["field"] = io.field;
    j["dtype"] = ir::dtype_name(t.dtype);
    j["shape"] = t.shape;
    j["bytes"] = t.byte_size();
    if (t.quant.empty())
        j["quantization"] = nullptr;
    else
        j["quantization"] = {{"scale", t.quant.scale[0]}, {"zero_point", t.quant.zero_point[0]}};
    return j;
}

} // namespace

std::string render_metadata(const ir::Graph &graph, const IoLayout &io,
                            const planner::MemoryPlan &plan, const std::vector<NodeRecord> &nodes,
                            const ModelEmitter &emitter, const CodegenOptions &options,
                            int64_t weights_bytes, const std::vector<std::string> &runtime_files) {
    json j;
    j["name"] = options.name;
    j["model"] = graph.name;
    j["generator"] = "microaot 0.1.0";
    j["target"] = options.target;
    j["inputs"] = json::array();
    for (const auto &t : io.inputs)
        j["inputs"].push_back(tensor_json(graph, t));
    j["outputs"] = json::array();
    for (const auto &t : io.outputs)
        j["outputs"].push_back(tensor_json(graph, t));
    int64_t total_macs = 0;
    j["nodes"] = json::array();
    for (const auto &rec : nodes) {
        const ir::Node &n = graph.nodes[rec.node];
        ir::TensorId y = n.outputs.at(0);
        int64_t macs = ir::node_macs(graph, n);
        total_macs = ir::saturating_add(total_macs, macs);
        json node;
        node["index"] = rec.node;
        node["op"] = ir::op_name(n.kind);
        node["output"] = graph.tensor(y).name;
        node["backend"] = rec.backend;
        node["kernel"] = rec.kernel;
        std::string caller = emitter.caller_buffer(y);
        auto it = plan.offset_of.find(y);
        if (!caller.empty())
            node["output_location"] = caller;
        else if (it != plan.offset_of.end())
            node["output_location"] = "workspace";
        node["workspace_offset"] =
            caller.empty() && it != plan.offset_of.end() ? json(it->second) : json(nullptr);
        node["output_bytes"] = graph.tensor(y).byte_size();
        node["macs"] = macs;
        j["nodes"].push_back(node);
    }
    j["total_macs"] = total_macs;
    j["workspace"] = {{"size", plan.peak},
                      {"lower_bound", plan.lower_bound},
                      {"alignment", options.alignment},
                      {"strategy", plan.strategy}};
    j["flash_estimate_bytes"] = {{"weights", weights_bytes}, {"code", 0}, {"total", weights_bytes}};
    j["flash_estimate_note"] = "weights and derived constants only; code size unknown (0)";
    j["ram_estimate_bytes"] = plan.peak;
    j["runtime_files"] = runtime_files;
    // Names are UTF-8 (checked on import); the model name comes from a file name and may not be.
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace microaot::codegen
