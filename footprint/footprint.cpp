#include "footprint/footprint.h"

#include "footprint/generated_source.h"
#include "footprint/kernel_table.h"
#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace microaot::footprint {
namespace {

int64_t align16(int64_t bytes) {
    return (bytes + 15) / 16 * 16;
}

std::string grouped(int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

// Generated kernel sources (by file name) recognised in the table by their bytes.
std::map<std::string, std::string> recognise_sources(const KernelTable &table,
                                                     const driver::CompileResult &r,
                                                     std::vector<std::string> &unmeasured) {
    std::map<std::string, std::string> files; // generated name -> runtime file
    for (const auto &f : r.generated.files) {
        if (!f.name.ends_with(".c") || f.name == r.name + ".c" || f.name == r.name + "_weights.c")
            continue;
        std::string runtime = table.source_with_content(f.content);
        if (runtime.empty())
            unmeasured.push_back(f.name + " (not a measured runtime file)");
        else
            files[f.name] = runtime;
    }
    return files;
}

const MeasuredFunction *find_in(const KernelTable &table,
                                const std::map<std::string, std::string> &files,
                                const std::string &name) {
    for (const auto &[generated, runtime] : files)
        if (const MeasuredFunction *f = table.function(runtime, name)) return f;
    return nullptr;
}

// Kernels the entry point calls and everything they need from other objects.
void add_kernels(const KernelTable &table, const GeneratedSource &src,
                 const std::map<std::string, std::string> &files, Footprint &fp) {
    std::map<std::string, int> calls;
    for (const auto &n : src.nodes)
        for (const auto &c : n.calls)
            ++calls[c.function];
    std::vector<std::string> pending;
    for (const auto &[name, count] : calls)
        pending.push_back(name);
    std::set<std::string> seen, c_library;
    while (!pending.empty()) {
        std::string name = pending.back();
        pending.pop_back();
        if (!seen.insert(name).second) continue;
        if (const MeasuredFunction *f = find_in(table, files, name)) {
            fp.kernels.push_back({f->name, f->file, calls.count(name) ? calls[name] : 0, f->flash,
                                  f->data, f->bss, f->stack, f->stack_exact});
            pending.insert(pending.end(), f->calls.begin(), f->calls.end());
        } else if (const MeasuredFunction *c = table.c_library_function(name)) {
            fp.c_library.push_back({c->name, c->flash, c->data, c->bss});
        } else if (!table.board_defines(name)) {
            fp.unmeasured.push_back(name + " (called, not measured)");
        }
    }
    std::sort(fp.kernels.begin(), fp.kernels.end(), [](const auto &a, const auto &b) {
        return a.flash != b.flash ? a.flash > b.flash : a.function < b.function;
    });
}

void add_entry_points(const KernelTable &table, const GeneratedSource &src, Footprint &fp) {
    int max_arity = 0;
    for (const auto &n : src.nodes)
        for (const auto &c : n.calls) {
            max_arity = std::max(max_arity, c.arity);
            fp.entry_code += table.entry_point(c.arity)->per_call_flash;
            ++fp.kernel_calls;
        }
    const EntryPointCost *base = table.entry_point(max_arity);
    fp.entry_code += base->base_flash;
    int64_t deepest = 0;
    for (const auto &k : fp.kernels)
        if (k.calls > 0) {
            deepest = std::max(deepest, k.stack);
            fp.stack_exact = fp.stack_exact && k.stack_exact;
        }
    fp.stack_bound = base->stack + deepest;
    for (const auto &type : src.param_types) {
        auto it = table.param_types.find(type);
        if (it == table.param_types.end())
            fp.unmeasured.push_back(type + " (parameter struct, size unknown)");
        else
            fp.parameters += it->second;
    }
}

void add_weights(const GeneratedSource &src, const ir::Graph &graph, Footprint &fp) {
    std::set<std::string> counted;
    for (const auto &n : src.nodes) {
        LayerWeights layer{n.node,
                           n.node ? std::string(ir::op_name(graph.nodes.at(*n.node).kind))
                                  : std::string("(shared)"),
                           0};
        for (const auto &c : n.constants)
            if (counted.insert(c).second && src.constant_bytes.count(c))
                layer.bytes += align16(src.constant_bytes.at(c));
        if (layer.bytes > 0) fp.weights_per_layer.push_back(layer);
    }
    int64_t rest = 0;
    for (const auto &[name, bytes] : src.constant_bytes)
        if (!counted.count(name)) rest += align16(bytes);
    if (rest > 0) fp.weights_per_layer.push_back({std::nullopt, "(not named by a node)", rest});
    for (const auto &[name, bytes] : src.constant_bytes)
        fp.weights += align16(bytes);
}

} // namespace

int64_t Footprint::kernel_flash() const {
    int64_t total = 0;
    for (const auto &k : kernels)
        total += k.flash + k.data;
    return total;
}
int64_t Footprint::code() const {
    return kernel_flash() + entry_code + parameters;
}
int64_t Footprint::library_flash() const {
    return code() + weights;
}
int64_t Footprint::c_library_flash() const {
    int64_t total = 0;
    for (const auto &c : c_library)
        total += c.flash + c.data;
    return total;
}
int64_t Footprint::flash() const {
    return library_flash() + c_library_flash();
}
int64_t Footprint::static_ram() const {
    // An empty workspace is still declared, as one byte (codegen/source_writer.cpp).
    int64_t total = pools + (workspace == 0 ? 1 : 0);
    for (const auto &k : kernels)
        total += k.data + k.bss;
    for (const auto &c : c_library)
        total += c.data + c.bss;
    return total;
}
int64_t Footprint::ram() const {
    return workspace + static_ram() + stack_bound;
}

Footprint estimate(const driver::CompileResult &r, const std::string &target) {
    Footprint fp;
    fp.target = target;
    fp.workspace = r.plan.peak;
    for (const auto &pool : r.generated.pools)
        fp.pools += pool.size;
    GeneratedSource src = read_generated(r.generated.files, r.name);
    add_weights(src, r.graph, fp);
    const KernelTable &table = measured_table();
    if (!table.available || table.target != target || table.entry_points.empty()) {
        fp.source = !table.available ? fmt::format("no code figures: {}", table.reason)
                                     : fmt::format("no code figures for target '{}' (measured: {})",
                                                   target, table.target);
        return fp;
    }
    fp.measured = true;
    fp.source = fmt::format("kernels measured at microaot build time with {} ({})", table.compiler,
                            table.cflags);
    std::map<std::string, std::string> files = recognise_sources(table, r, fp.unmeasured);
    add_kernels(table, src, files, fp);
    add_entry_points(table, src, fp);
    return fp;
}

std::string render_text(const Footprint &fp, const driver::CompileResult &r) {
    std::string out = fmt::format("\nmemory before flashing ({}): {}\n", fp.target, fp.source);
    if (!fp.measured) {
        out +=
            fmt::format("  weights {} B, workspace {} B, pools {} B (no code or stack figures)\n",
                        grouped(fp.weights), grouped(fp.workspace), grouped(fp.pools));
        return out;
    }
    out += fmt::format("  flash {:>9} B = code {} B (kernels {}, entry points {}, parameters {}) + "
                       "weights {} B\n",
                       grouped(fp.library_flash()), grouped(fp.code()), grouped(fp.kernel_flash()),
                       grouped(fp.entry_code), grouped(fp.parameters), grouped(fp.weights));
    out += fmt::format("  RAM   {:>9} B = workspace {} B + static {} B + stack bound {} B{}\n",
                       grouped(fp.ram()), grouped(fp.workspace), grouped(fp.static_ram()),
                       grouped(fp.stack_bound), fp.stack_exact ? "" : " (incomplete: see below)");
    if (!fp.c_library.empty()) {
        std::string list;
        for (const auto &c : fp.c_library)
            list += fmt::format("{}{} {} B", list.empty() ? "" : ", ", c.name,
                                grouped(c.flash + c.data));
        out += fmt::format("  + C library the kernels call (often linked already): {} B flash "
                           "({})\n",
                           grouped(fp.c_library_flash()), list);
    }
    out += fmt::format("  {:<32} {:<40} {:>5} {:>8} {:>7}\n", "kernel", "measured from", "calls",
                       "flash B", "stack B");
    for (const auto &k : fp.kernels)
        out += fmt::format("  {:<32} {:<40} {:>5} {:>8} {:>7}\n", k.function, k.file, k.calls,
                           grouped(k.flash + k.data), grouped(k.stack));
    out += fmt::format("  {:<32} {:<40} {:>5} {:>8}\n", r.name + "_run (entry points)",
                       "estimated per call", fp.kernel_calls, grouped(fp.entry_code));
    std::vector<LayerWeights> largest = fp.weights_per_layer;
    std::stable_sort(largest.begin(), largest.end(),
                     [](const auto &a, const auto &b) { return a.bytes > b.bytes; });
    std::string top;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, largest.size()); ++i)
        top +=
            fmt::format("{}{} {} B", i ? ", " : "",
                        largest[i].node ? fmt::format("node {} {}", *largest[i].node, largest[i].op)
                                        : largest[i].op,
                        grouped(largest[i].bytes));
    if (!top.empty()) out += "  largest weights: " + top + "\n";
    for (const auto &u : fp.unmeasured)
        out += "  not measured: " + u + "\n";
    return out;
}

nlohmann::ordered_json to_json(const Footprint &fp) {
    using json = nlohmann::ordered_json;
    json j;
    j["target"] = fp.target;
    j["measured"] = fp.measured;
    j["source"] = fp.source;
    j["flash"] = {{"total", fp.flash()},
                  {"library", fp.library_flash()},
                  {"code", fp.code()},
                  {"kernels", fp.kernel_flash()},
                  {"entry_points", fp.entry_code},
                  {"parameters", fp.parameters},
                  {"weights", fp.weights},
                  {"c_library", fp.c_library_flash()}};
    j["ram"] = {
        {"total", fp.ram()}, {"workspace", fp.workspace},     {"static", fp.static_ram()},
        {"pools", fp.pools}, {"stack_bound", fp.stack_bound}, {"stack_exact", fp.stack_exact}};
    j["kernels"] = json::array();
    for (const auto &k : fp.kernels)
        j["kernels"].push_back({{"function", k.function},
                                {"file", k.file},
                                {"calls", k.calls},
                                {"flash", k.flash},
                                {"data", k.data},
                                {"bss", k.bss},
                                {"stack", k.stack}});
    j["c_library"] = json::array();
    for (const auto &c : fp.c_library)
        j["c_library"].push_back(
            {{"function", c.name}, {"flash", c.flash}, {"data", c.data}, {"bss", c.bss}});
    j["weights_per_layer"] = json::array();
    for (const auto &w : fp.weights_per_layer)
        j["weights_per_layer"].push_back(
            {{"node", w.node ? json(*w.node) : json(nullptr)}, {"op", w.op}, {"bytes", w.bytes}});
    j["unmeasured"] = fp.unmeasured;
    return j;
}

} // namespace microaot::footprint
