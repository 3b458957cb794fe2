// `run --profile --json` output: read it (checked against the compiled graph) and draw cycles
// (the TRM timing model's estimate, when the run gave one) or instructions per layer.
#include "report/html_util.h"
#include "report/sections.h"

#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace microaot::report {
namespace {

using json = nlohmann::json;

int64_t count_field(const json &entry, const char *key, const std::string &where) {
    const json *v = entry.contains(key) ? &entry[key] : nullptr;
    if (!v || !v->is_number_integer() || v->get<int64_t>() < 0)
        throw CompileError(
            fmt::format("{}: '{}' is missing or not a non-negative integer", where, key));
    return v->get<int64_t>();
}

} // namespace

Profile read_profile(const std::string &path, const ir::Graph &graph) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CompileError(fmt::format("cannot open profile '{}'", path));
    std::ostringstream text;
    text << in.rdbuf();
    json j = json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw CompileError(fmt::format("profile '{}' is not a JSON object (want the file of "
                                       "`microaot run --profile --json FILE`)",
                                       path));
    if (!j.contains("profile") || !j["profile"].is_array())
        throw CompileError(fmt::format("profile '{}' has no per-node \"profile\" list (run with "
                                       "--profile --json FILE)",
                                       path));
    Profile p;
    p.path = path;
    p.has_cycles = !j["profile"].empty();
    std::size_t index = 0;
    for (const json &e : j["profile"]) {
        std::string where = fmt::format("profile '{}' entry {}", path, index++);
        if (!e.is_object()) throw CompileError(where + ": not an object");
        ProfileEntry entry;
        int64_t node = count_field(e, "node", where);
        if (node >= int64_t(graph.nodes.size()))
            throw CompileError(fmt::format("{}: node {} but the compiled graph has {} nodes "
                                           "(another model or other options?)",
                                           where, node, graph.nodes.size()));
        entry.node = std::size_t(node);
        entry.op = e.contains("op") && e["op"].is_string() ? e["op"].get<std::string>() : "";
        std::string expected(ir::op_name(graph.nodes[entry.node].kind));
        if (entry.op != expected)
            throw CompileError(fmt::format("{}: node {} is '{}' there but {} in the compiled "
                                           "graph (another model or other options?)",
                                           where, node, entry.op, expected));
        entry.kernel =
            e.contains("kernel") && e["kernel"].is_string() ? e["kernel"].get<std::string>() : "";
        entry.instructions = count_field(e, "instructions", where);
        if (e.contains("cycles"))
            entry.cycles = count_field(e, "cycles", where);
        else
            p.has_cycles = false;
        if (e.contains("accel_cycles")) entry.accel_cycles = count_field(e, "accel_cycles", where);
        p.nodes.push_back(entry);
    }
    return p;
}

std::string profile_section(const Profile &p, const driver::CompileResult &r) {
    const char *unit = p.has_cycles ? "cycles" : "instructions";
    auto cpu = [&](const ProfileEntry &e) { return p.has_cycles ? *e.cycles : e.instructions; };
    int64_t most = 1, total = 0, accel_total = 0;
    for (const auto &e : p.nodes) {
        most = std::max(most, cpu(e) + e.accel_cycles);
        total += cpu(e);
        accel_total += e.accel_cycles;
    }
    const double label_w = 190, bar_w = 640, row_h = 20;
    double height = double(p.nodes.size()) * row_h + 8;
    std::string rows;
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
        const ProfileEntry &e = p.nodes[i];
        double y = 4 + double(i) * row_h, w = bar_w * double(cpu(e)) / double(most);
        double aw = bar_w * double(e.accel_cycles) / double(most);
        std::string hover = fmt::format("node {} {} ({}): {} {}{}, {} instructions, {} MACs",
                                        e.node, e.op, e.kernel, grouped(cpu(e)), unit,
                                        p.has_cycles ? " (estimate)" : "", grouped(e.instructions),
                                        grouped(ir::node_macs(r.graph, r.graph.nodes[e.node])));
        if (e.accel_cycles > 0)
            hover += fmt::format("; accelerator {} modelled cycles", grouped(e.accel_cycles));
        rows += fmt::format(
            "<g class=\"profile-bar\" data-node=\"{}\"><title>{}</title>{}<rect class=\"cpu\" "
            "x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>{}{}</g>",
            e.node, escape(hover),
            svg_text(label_w - 6, y + 13, fmt::format("{} {}", e.node, e.op),
                     "class=\"tick\" text-anchor=\"end\""),
            label_w, y, std::max(1.0, w), row_h - 4,
            e.accel_cycles > 0
                ? fmt::format("<rect class=\"accel\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                              "height=\"{:.1f}\"/>",
                              label_w + w, y, aw, row_h - 4)
                : "",
            svg_text(label_w + w + aw + 4, y + 13, grouped(cpu(e) + e.accel_cycles),
                     "class=\"tick\""));
    }
    std::string caption =
        p.has_cycles
            ? fmt::format("CPU cycles per layer: the TRM timing model's estimate from the "
                          "emulator run (no wait states), {} in total",
                          grouped(total))
            : fmt::format("Instructions per layer counted on the emulator ({} in total; the "
                          "profile has no cycle estimate)",
                          grouped(total));
    if (accel_total > 0)
        caption += fmt::format("; orange: the accelerator's modelled cycles ({} in total)",
                               grouped(accel_total));
    return fmt::format("<section id=\"profile\"><h2>Where the time goes</h2><p>{}. From "
                       "<code>{}</code>.</p><svg class=\"profile\" "
                       "xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\">"
                       "{}</svg></section>\n",
                       caption, escape(p.path), label_w + bar_w + 90, height, rows);
}

} // namespace microaot::report
