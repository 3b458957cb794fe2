// `microaot inspect MODEL [--json] [--ir] [--partition] [--target T] [--accel A]
//  [--backend-plugin LIB]...`:
// what a model computes and what it costs; with --partition, which backend runs each node; with
// --target (or --accel), also the flash and RAM the generated library will take there.
#include "cli/command.h"
#include "cli/input_shape.h"
#include "driver/driver.h"
#include "footprint/footprint.h"
#include "frontends/registry.h"
#include "ir/ops.h"
#include "ir/printer.h"
#include "ir/saturating.h"
#include "ir/text.h"
#include "report/compiled_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace microaot::cli {
namespace {

struct InspectOptions {
    std::string model;
    bool json = false;
    bool ir = false;
    bool partition = false;
    std::string target = "host";
    std::string accel;
    std::vector<std::string> plugins;
    frontends::ImportOptions import;
    bool compiled = false; // --target, --accel or --backend-plugin given: compile in memory
};

struct NodeCost {
    int64_t param_bytes = 0; // constant inputs of this node
    int64_t macs = 0;
};

struct ModelCost {
    std::vector<NodeCost> nodes;
    int64_t param_bytes = 0; // every constant tensor once, however many nodes read it
    int64_t macs = 0;
    int64_t largest_activation_bytes = 0;
    ir::TensorId largest_activation = ir::kNoTensor;
};

ModelCost measure(const ir::Graph &g) {
    ModelCost cost;
    for (const ir::Node &n : g.nodes) {
        NodeCost nc;
        for (ir::TensorId id : n.inputs)
            if (id != ir::kNoTensor && g.tensor(id).is_constant())
                nc.param_bytes = ir::saturating_add(nc.param_bytes, g.tensor(id).byte_size());
        nc.macs = ir::node_macs(g, n);
        cost.macs = ir::saturating_add(cost.macs, nc.macs);
        cost.nodes.push_back(nc);
    }
    for (std::size_t i = 0; i < g.tensors.size(); ++i) {
        const ir::Tensor &t = g.tensors[i];
        if (t.is_constant()) {
            cost.param_bytes = ir::saturating_add(cost.param_bytes, t.byte_size());
        } else if (t.byte_size() > cost.largest_activation_bytes) {
            cost.largest_activation_bytes = t.byte_size();
            cost.largest_activation = ir::TensorId(i);
        }
    }
    return cost;
}

std::string tensor_summary(const ir::Tensor &t) {
    std::string s = fmt::format("'{}' {}{}", ir::printable(t.name), ir::dtype_name(t.dtype),
                                ir::shape_str(t.shape));
    if (!t.quant.empty()) s += " " + ir::quant_str(t.quant);
    return s;
}

void print_text(const ir::Graph &g, const ModelCost &cost) {
    fmt::print("model {}: {} nodes, {} tensors\n", ir::printable(g.name), g.nodes.size(),
               g.tensors.size());
    for (ir::TensorId id : g.inputs)
        fmt::print("input   {}\n", tensor_summary(g.tensor(id)));
    for (ir::TensorId id : g.outputs)
        fmt::print("output  {}\n", tensor_summary(g.tensor(id)));
    fmt::print("\n{:>4}  {:<18} {:<20} {:>12} {:>12}\n", "node", "operator", "output shape",
               "param bytes", "MACs");
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const ir::Node &n = g.nodes[i];
        fmt::print("{:>4}  {:<18} {:<20} {:>12} {:>12}\n", i, ir::op_name(n.kind),
                   ir::shape_str(g.tensor(n.outputs[0]).shape), cost.nodes[i].param_bytes,
                   cost.nodes[i].macs);
    }
    fmt::print("\ntotal parameter bytes: {}\ntotal MACs: {}{}\n", cost.param_bytes, cost.macs,
               cost.macs == ir::kSaturated ? " (saturated)" : "");
    if (cost.largest_activation != ir::kNoTensor)
        fmt::print("largest activation: {} bytes ('{}')\n", cost.largest_activation_bytes,
                   ir::printable(g.tensor(cost.largest_activation).name));
}

nlohmann::ordered_json tensor_json(const ir::Tensor &t) {
    nlohmann::ordered_json j = {
        {"name", t.name}, {"dtype", ir::dtype_name(t.dtype)}, {"shape", t.shape}};
    if (!t.quant.empty())
        j["quantization"] = {
            {"scale", t.quant.scale}, {"zero_point", t.quant.zero_point}, {"axis", t.quant.axis}};
    return j;
}

nlohmann::ordered_json to_json(const ir::Graph &g, const ModelCost &cost) {
    nlohmann::ordered_json j;
    j["model"] = g.name;
    for (ir::TensorId id : g.inputs)
        j["inputs"].push_back(tensor_json(g.tensor(id)));
    for (ir::TensorId id : g.outputs)
        j["outputs"].push_back(tensor_json(g.tensor(id)));
    j["nodes"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const ir::Node &n = g.nodes[i];
        j["nodes"].push_back({{"index", i},
                              {"operator", ir::op_name(n.kind)},
                              {"attributes", ir::attrs_str(n)},
                              {"output", tensor_json(g.tensor(n.outputs[0]))},
                              {"param_bytes", cost.nodes[i].param_bytes},
                              {"macs", cost.nodes[i].macs}});
    }
    j["totals"] = {{"param_bytes", cost.param_bytes},
                   {"macs", cost.macs},
                   {"largest_activation_bytes", cost.largest_activation_bytes}};
    if (cost.largest_activation != ir::kNoTensor)
        j["totals"]["largest_activation"] = g.tensor(cost.largest_activation).name;
    return j;
}

// JSON for a terminal: ASCII only (\uXXXX escapes also cover DEL and the C1 controls), and
// bytes that are not UTF-8 replaced rather than thrown on.
std::string terminal_json(const nlohmann::ordered_json &j) {
    return j.dump(2, ' ', true, nlohmann::ordered_json::error_handler_t::replace);
}

// Compiles in memory (nothing is written) and reports the partition of the optimized graph.
int run_partition(const InspectOptions &opts) {
    driver::CompileOptions options;
    options.target = opts.target;
    options.backend_plugins = opts.plugins;
    options.accel = opts.accel;
    options.import = opts.import;
    driver::CompileResult r = driver::compile_file(opts.model, options);
    partition::PartitionReport report = driver::partition_report(r);
    if (opts.json) {
        nlohmann::ordered_json j;
        j["model"] = r.graph.name;
        j["nodes_after_passes"] = r.graph.nodes.size();
        j["partition"] = nlohmann::ordered_json::parse(partition::report_json(report));
        fmt::print("{}\n", terminal_json(j));
        return kExitOk;
    }
    fmt::print("model {}: {} nodes after passes\n{}", ir::printable(r.graph.name),
               r.graph.nodes.size(), partition::report_text(report));
    return kExitOk;
}

int run_inspect(const InspectOptions &opts) {
    if (opts.partition) return run_partition(opts);
    ir::Graph graph = frontends::import_file(opts.model, opts.import);
    if (opts.ir) {
        fmt::print("{}", ir::dump(graph));
        return kExitOk;
    }
    ModelCost cost = measure(graph);
    if (!opts.compiled) {
        if (opts.json)
            fmt::print("{}\n",
                       to_json(graph, cost)
                           .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        else
            print_text(graph, cost);
        return kExitOk;
    }
    // Memory before flashing: the compile (in memory, nothing written) and its footprint.
    driver::CompileOptions options;
    options.target = opts.target;
    options.backend_plugins = opts.plugins;
    options.accel = opts.accel;
    options.import = opts.import;
    driver::CompileResult r = driver::compile_file(opts.model, options);
    footprint::Footprint fp = footprint::estimate(r, opts.target);
    if (opts.json) {
        nlohmann::ordered_json j = to_json(graph, cost);
        j["compiled"] = report::compiled_json(r, options, fp);
        fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    } else {
        print_text(graph, cost);
        fmt::print("{}", footprint::render_text(fp, r));
    }
    return kExitOk;
}

const bool kRegistered = register_command("inspect", [](CLI::App &app) {
    auto opts = std::make_shared<InspectOptions>();
    CLI::App *cmd = app.add_subcommand("inspect", "Show a model's inputs, outputs, operators, "
                                                  "parameter bytes and MACs");
    cmd->add_option("model", opts->model, "Model file (.tflite or .onnx)")->required();
    cmd->add_flag("--json", opts->json, "Print one JSON document instead of text");
    add_input_shape_option(cmd, opts->import);
    cmd->add_flag("--ir", opts->ir, "Print the imported IR (ir::dump)");
    cmd->add_flag("--partition", opts->partition,
                  "Show which backend runs each node (after passes) and why others declined");
    CLI::Option *target = cmd->add_option(
        "--target", opts->target,
        "Compile for this target (default: host) and add the flash and RAM the library will "
        "take there; with --partition, the partition for it");
    CLI::Option *accel =
        cmd->add_option("--accel", opts->accel, "Accelerator, as for compile (implies a compile)");
    CLI::Option *plugins =
        cmd->add_option("--backend-plugin", opts->plugins,
                        "Shared library with an out-of-tree backend, as for compile (repeatable)");
    return std::function<int()>([opts, target, accel, plugins] {
        opts->compiled = target->count() + accel->count() + plugins->count() > 0;
        return run_inspect(*opts);
    });
});

} // namespace
} // namespace microaot::cli
