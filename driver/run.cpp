#include "driver/run.h"

#include "driver/driver.h"
#include "driver/firmware.h"
#include "driver/golden.h"
#include "driver/process.h"
#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

namespace microaot::driver {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Test firmware holds golden data besides the model: give it all of the board's memory. The
// figures reported are what the firmware actually uses.
const char *const kMemoryFlags =
    "-Wl,--defsym=MAO_FLASH_SIZE=4194304,--defsym=MAO_RAM_SIZE=4194304";

// The cycle estimate is quoted as time at this clock: the MLPerf Tiny reference board
// (NUCLEO-L4R5ZI) runs its Cortex-M4F at 120 MHz.
constexpr double kReferenceClockHz = 120e6;
const char *const kCycleModel =
    "Cortex-M4 TRM instruction timing (the rules of m4count --cyc), zero flash wait states";

struct SampleResult {
    int k = 0;
    std::string status; // PASS, FAIL, RAN, ERROR
    int64_t mismatches = 0, stack = 0, instructions = 0, cycles = 0;
    double worst = 0;
};

double per_mac(int64_t count, int64_t macs) {
    return macs ? double(count) / double(macs) : 0.0;
}

double ms_at_reference_clock(int64_t cycles) {
    return 1e3 * double(cycles) / kReferenceClockHz;
}

std::vector<FirmwareSample> load_samples(const GoldenManifest &m, bool has_reference,
                                         int max_samples) {
    std::vector<FirmwareSample> samples;
    for (const auto &s : m.samples) {
        if (max_samples > 0 && int(samples.size()) >= max_samples) break;
        if (s.inputs.size() != m.inputs.size() ||
            (has_reference && s.outputs.size() != m.outputs.size()))
            throw CompileError(fmt::format("sample {}: wrong number of files", s.k));
        FirmwareSample f;
        f.k = s.k;
        for (std::size_t i = 0; i < s.inputs.size(); ++i)
            f.inputs.push_back(read_exact(m.dir / s.inputs[i], m.inputs[i].bytes));
        if (has_reference)
            for (std::size_t j = 0; j < s.outputs.size(); ++j)
                f.outputs.push_back(read_exact(m.dir / s.outputs[j], m.outputs[j].bytes));
        samples.push_back(std::move(f));
    }
    if (samples.empty()) throw CompileError("golden manifest has no samples");
    return samples;
}

std::string read_text(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Builds OUT from main.c and the generated sources; returns the build script's status.
int build(const TargetTools &tools, const fs::path &work, const fs::path &gen, const fs::path &elf,
          bool profile) {
    std::vector<std::string> argv = {"bash", (tools.target_dir / "build-firmware.sh").string(),
                                     elf.string(), (work / "main.c").string()};
    std::vector<std::string> sources;
    for (const auto &e : fs::directory_iterator(gen))
        if (e.path().extension() == ".c") sources.push_back(e.path().string());
    std::sort(sources.begin(), sources.end());
    argv.insert(argv.end(), sources.begin(), sources.end());
    for (std::string f : std::initializer_list<std::string>{"-std=c99", "-I" + gen.string(),
                                                            "-I" + work.string(), kMemoryFlags})
        argv.push_back(f);
    if (profile) argv.push_back("-DMAO_PROFILE=1");
    return run_process(argv);
}

QemuRun run_qemu(const TargetTools &tools, const fs::path &elf, const fs::path &log, int timeout) {
    run_process({"bash", (tools.target_dir / "run-qemu.sh").string(), "--timeout",
                 std::to_string(timeout), tools.plugin.string(), elf.string()},
                log);
    return parse_qemu_output(read_text(log));
}

SampleResult parse_sample(const std::string &line) {
    SampleResult s;
    std::istringstream f(line);
    std::string tag;
    f >> tag >> s.k >> s.status;
    for (std::string kv; f >> kv;) {
        auto eq = kv.find('=');
        if (eq == std::string::npos) continue;
        std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
        if (key == "bad") s.mismatches = std::stoll(value);
        if (key == "stack") s.stack = std::stoll(value);
        if (key == "worst") {
            uint64_t bits = std::stoull(value, nullptr, 16);
            std::memcpy(&s.worst, &bits, sizeof bits);
        }
    }
    return s;
}

// Every region carries its cycle estimate (a plugin without it is not the one built here).
bool has_cycles(const QemuRun &q) {
    return q.region_cycles.size() == q.regions.size() &&
           std::all_of(q.region_cycles.begin(), q.region_cycles.end(),
                       [](int64_t c) { return c >= 0; });
}

std::string grouped(int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

// Node indices of the MAO_NODE_BEGIN hooks in the generated model source, in order.
std::vector<std::size_t> hook_order(const codegen::Generated &g, const std::string &name) {
    std::vector<std::size_t> order;
    for (const auto &f : g.files) {
        if (f.name != name + ".c") continue;
        const std::string key = "MAO_NODE_BEGIN(";
        for (auto pos = f.content.find(key); pos != std::string::npos;
             pos = f.content.find(key, pos + 1)) {
            std::size_t digits = pos + key.size();
            if (digits < f.content.size() && std::isdigit(uint8_t(f.content[digits])))
                order.push_back(std::stoul(f.content.substr(digits)));
        }
    }
    return order;
}

int64_t node_macs(const ir::Graph &g, std::size_t i) {
    return ir::node_macs(g, g.nodes[i]);
}

// Per-node table; returns its JSON.
json profile_nodes(const CompileResult &r, const QemuRun &prof, int64_t total, int64_t total_cycles,
                   std::FILE *out) {
    std::vector<std::size_t> order = hook_order(r.generated, r.name);
    if (prof.regions.size() != order.size())
        throw CompileError(
            fmt::format("profile: {} regions for {} nodes", prof.regions.size(), order.size()));
    json nodes = json::array();
    fmt::print(out,
               "\nper-node profile (sample 0; cycles: TRM-based estimate, no wait states):\n"
               "| node | op | kernel | MACs | cycles | cycles/MAC | instructions | instr/MAC | "
               "accel cycles |\n|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
    int64_t sum = 0, cycle_sum = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        std::size_t n = order[i];
        std::string kernel = "?";
        for (const auto &rec : r.generated.nodes)
            if (rec.node == n) kernel = rec.kernel;
        int64_t macs = node_macs(r.graph, n), insns = prof.regions[i];
        int64_t node_cycles = prof.region_cycles[i];
        sum += insns;
        cycle_sum += node_cycles;
        auto ratio = [macs](int64_t v) {
            return macs ? fmt::format("{:.2f}", per_mac(v, macs)) : std::string("-");
        };
        std::string op(ir::op_name(r.graph.nodes[n].kind));
        auto accel = prof.node_accel_cycles.find(int64_t(n));
        int64_t accel_cycles = accel == prof.node_accel_cycles.end() ? 0 : accel->second;
        fmt::print(out, "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", n, op, kernel,
                   grouped(macs), grouped(node_cycles), ratio(node_cycles), grouped(insns),
                   ratio(insns), grouped(accel_cycles));
        nodes.push_back({{"node", n},
                         {"op", op},
                         {"kernel", kernel},
                         {"macs", macs},
                         {"cycles", node_cycles},
                         {"cycles_per_mac", per_mac(node_cycles, macs)},
                         {"instructions", insns},
                         {"instr_per_mac", per_mac(insns, macs)},
                         {"accel_cycles", accel_cycles}});
    }
    auto share = [](int64_t part, int64_t whole) {
        return whole ? 100.0 * double(part) / double(whole) : 0.0;
    };
    fmt::print(out,
               "nodes total: {} cycles ({:.1f}% of the inference), {} instructions ({:.1f}%)\n",
               grouped(cycle_sum), share(cycle_sum, total_cycles), grouped(sum), share(sum, total));
    return nodes;
}

} // namespace

int run(const RunOptions &o, std::FILE *out) {
    if (o.target != "cortex-m4f-qemu")
        throw CompileError(
            fmt::format("unknown run target '{}' (supported: cortex-m4f-qemu)", o.target));
    if (o.timeout <= 0) throw CompileError("--timeout must be a positive number of seconds");
    TargetTools tools = find_target_tools();

    std::optional<GoldenManifest> manifest;
    bool has_reference = false;
    if (!o.golden_dir.empty()) {
        manifest = load_manifest(o.golden_dir);
        has_reference = manifest->has_reference();
        if (!has_reference)
            fmt::print(out, "no reference outputs: {}\n", manifest->no_reference_reason());
    }
    CompileOptions co;
    co.target = "cortex-m4f";
    co.runtime_dir = o.runtime_dir;
    co.accel = o.accel;
    co.import = o.import;
    CompileResult r = compile_file(o.model_path, co);
    std::vector<FirmwareSample> samples;
    if (manifest) {
        check_manifest_signature(manifest->inputs, r.graph, r.graph.inputs, "input");
        check_manifest_signature(manifest->outputs, r.graph, r.graph.outputs, "output");
        samples = load_samples(*manifest, has_reference, o.max_samples);
    }

    std::optional<TempDir> temp;
    fs::path work = o.keep_dir.empty() ? temp.emplace().path() : fs::path(o.keep_dir);
    fs::path gen = work / "generated", elf = work / "fw.elf";
    codegen::write_files(gen, r.generated.files);
    std::ofstream(work / "main.c")
        << render_firmware_main(r.name, r.graph, r.generated.io, samples);
    std::ofstream(work / "mao_profile.h") << render_profile_header();
    if (int rc = build(tools, work, gen, elf, false); rc != 0) {
        fmt::print(out, "FAIL: the firmware did not build (status {})\n", rc);
        return 1;
    }
    QemuRun q = run_qemu(tools, elf, work / "run.out", o.timeout);
    std::size_t expected = samples.empty() ? 1 : samples.size();
    if (q.timed_out || q.sample_lines.size() != expected || q.regions.size() != expected ||
        !q.errors.empty() || q.sizes.empty() || q.warmup_stack < 0 || !has_cycles(q)) {
        fmt::print(out, "FAIL: the firmware run failed (exit {}{}); output:\n{}", q.exit_status,
                   q.timed_out ? ", timeout" : "", read_text(work / "run.out"));
        return 1;
    }

    std::vector<SampleResult> results;
    bool all_ok = true;
    int64_t stack = q.warmup_stack; // since reset: startup + main + one inference
    for (std::size_t i = 0; i < expected; ++i) {
        SampleResult s = parse_sample(q.sample_lines[i]);
        s.instructions = q.regions[i];
        s.cycles = q.region_cycles[i];
        all_ok = all_ok && (s.status == "PASS" || s.status == "RAN");
        fmt::print(out,
                   "sample {}: {}{} {} cycles (estimate), {} instructions, stack {} B since "
                   "repaint\n",
                   s.k, s.status,
                   has_reference ? fmt::format(" (worst |diff| {:.3g}, {} mismatches),", s.worst,
                                               s.mismatches)
                                 : ",",
                   grouped(s.cycles), grouped(s.instructions), s.stack);
        results.push_back(s);
    }

    int64_t macs = 0;
    for (std::size_t i = 0; i < r.graph.nodes.size(); ++i)
        macs += node_macs(r.graph, i);
    int64_t insns = results[0].instructions, cycles = results[0].cycles;
    int64_t golden = golden_bytes(tools, elf, work);
    int64_t lib_code = library_code_bytes(tools, gen, r.name, work);
    int64_t weights = q.sizes["weights"], fw_code = q.sizes["code"] - golden;
    int64_t workspace = r.plan.peak;
    // The accelerator's local SRAM is a static buffer in the firmware (no address macro is
    // defined): report it on its own, not as CPU RAM.
    int64_t accel_pool = 0;
    for (const auto &pool : r.generated.pools)
        accel_pool += pool.size;
    int64_t other_static = q.sizes["data"] + q.sizes["bss"] - workspace - accel_pool;
    fmt::print(out,
               "cycles per inference: {} (sample {}), {:.3f} cycles/MAC, {:.3f} ms at 120 MHz "
               "(estimate: Cortex-M4 TRM timing, no flash wait states)\n",
               grouped(cycles), results[0].k, per_mac(cycles, macs), ms_at_reference_clock(cycles));
    fmt::print(out,
               "instructions per inference: {} (sample {}), {} MACs, {:.3f} instr/MAC\n"
               "flash: code {} B (generated library; whole firmware {} B incl. startup, libc, "
               "harness), weights {} B\n"
               "RAM: workspace {} B, other static {} B, stack {} B (high-water since reset), total "
               "{} B\n",
               grouped(insns), results[0].k, grouped(macs),
               macs ? double(insns) / double(macs) : 0.0, grouped(lib_code), grouped(fw_code),
               grouped(weights), grouped(workspace), grouped(other_static), grouped(stack),
               grouped(workspace + other_static + stack));
    if (accel_pool > 0)
        fmt::print(out,
                   "accelerator pool {} B (the device's local SRAM, modelled in system RAM on the "
                   "emulator; not in the RAM total)\n",
                   grouped(accel_pool));

    if (!q.accel_cycles.empty()) {
        int64_t accel = q.accel_cycles[0];
        fmt::print(out,
                   "accelerator ({}): {} modelled cycles per inference; CPU cycles (estimate) + "
                   "accelerator cycles = {} (CPU instructions + accelerator cycles = {})\n",
                   o.accel, grouped(accel), grouped(cycles + accel), grouped(insns + accel));
    }
    json j = {{"model", fs::path(o.model_path).stem().string()},
              {"target", o.target},
              {"input_dtype", ir::dtype_name(r.graph.tensor(r.graph.inputs.at(0)).dtype)},
              {"macs", macs},
              {"cycles", cycles},
              {"cycles_per_mac", per_mac(cycles, macs)},
              {"ms_at_120mhz", ms_at_reference_clock(cycles)},
              {"cycle_model", kCycleModel},
              {"instructions", insns},
              {"instr_per_mac", per_mac(insns, macs)},
              {"flash",
               {{"code", lib_code},
                {"firmware_code", fw_code},
                {"weights", weights},
                {"golden_data", golden}}},
              {"ram",
               {{"workspace", workspace},
                {"other_static", other_static},
                {"stack", stack},
                {"total", workspace + other_static + stack},
                {"accel_pool", accel_pool}}},
              {"sizes", q.sizes},
              {"accel", o.accel},
              {"accel_cycles", q.accel_cycles.empty() ? 0 : q.accel_cycles[0]},
              {"samples", json::array()}};
    for (const auto &s : results)
        j["samples"].push_back({{"k", s.k},
                                {"status", s.status},
                                {"cycles", s.cycles},
                                {"instructions", s.instructions},
                                {"stack", s.stack},
                                {"mismatches", s.mismatches},
                                {"worst_abs_diff", s.worst}});

    // What ran: the kernel of every node (the per-node counts need --profile).
    j["nodes"] = json::array();
    for (const auto &rec : r.generated.nodes)
        j["nodes"].push_back({{"node", rec.node},
                              {"op", ir::op_name(r.graph.nodes[rec.node].kind)},
                              {"backend", rec.backend},
                              {"kernel", rec.kernel},
                              {"macs", node_macs(r.graph, rec.node)}});

    if (o.profile) {
        fs::path pelf = work / "fw_profile.elf";
        if (int rc = build(tools, work, gen, pelf, true); rc != 0) {
            fmt::print(out, "FAIL: the profiling firmware did not build (status {})\n", rc);
            return 1;
        }
        QemuRun p = run_qemu(tools, pelf, work / "run_profile.out", o.timeout);
        if (p.exit_status != 0 || !p.errors.empty() || !has_cycles(p)) {
            fmt::print(out, "FAIL: the profiling run failed (exit {})\n", p.exit_status);
            return 1;
        }
        j["profile"] = profile_nodes(r, p, insns, cycles, out);
    }
    j["result"] =
        !has_reference ? (manifest ? "no_reference" : "measured") : (all_ok ? "pass" : "fail");
    if (!o.json_path.empty()) {
        std::ofstream f(o.json_path);
        f << j.dump(2) << "\n";
        if (!f) throw CompileError(fmt::format("cannot write '{}'", o.json_path));
    }
    if (manifest && !has_reference) {
        fmt::print(out, "NO REFERENCE: {} samples ran; nothing to compare\n", results.size());
        return all_ok ? 3 : 1;
    }
    if (!manifest) {
        fmt::print(out, "MEASURED: zero inputs, no comparison\n");
        return all_ok ? 0 : 1;
    }
    fmt::print(out, "{}: {} samples on cortex-m4f-qemu\n", all_ok ? "PASS" : "FAIL",
               results.size());
    return all_ok ? 0 : 1;
}

} // namespace microaot::driver
