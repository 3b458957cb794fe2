#include "driver/firmware.h"

#include "backends/backend.h"
#include "driver/install_layout.h"
#include "driver/process.h"
#include "ir/error.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>

namespace microaot::driver {
namespace {

// One C literal per element of `bytes` read as `dtype` (exact).
std::string literals(ir::DType dtype, const std::vector<uint8_t> &bytes) {
    std::size_t size = ir::dtype_size(dtype), n = bytes.size() / size;
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        const uint8_t *p = bytes.data() + i * size;
        std::string v;
        switch (dtype) {
        case ir::DType::Int8:
            v = fmt::format("{}", int(int8_t(p[0])));
            break;
        case ir::DType::UInt8:
        case ir::DType::Bool:
            v = fmt::format("{}", int(p[0]));
            break;
        case ir::DType::Int16: {
            int16_t x;
            std::memcpy(&x, p, 2);
            v = fmt::format("{}", x);
            break;
        }
        case ir::DType::Int32: {
            int32_t x;
            std::memcpy(&x, p, 4);
            v = backends::c_int32(x);
            break;
        }
        case ir::DType::Int64: {
            int64_t x;
            std::memcpy(&x, p, 8);
            v = x == INT64_MIN ? "(-INT64_C(9223372036854775807) - 1)"
                               : fmt::format("INT64_C({})", x);
            break;
        }
        case ir::DType::Float32: {
            float x;
            std::memcpy(&x, p, 4);
            v = std::isnan(x) ? "NAN" : backends::c_float(x);
            break;
        }
        }
        out += i % 12 == 0 ? "\n    " : " ";
        out += v + (i + 1 < n ? "," : "");
    }
    return out + "\n";
}

std::string array(std::string_view c_type, const std::string &symbol, ir::DType dtype,
                  const std::vector<uint8_t> &bytes) {
    return fmt::format("static const {} {}[{}] MAO_FW_ALIGN = {{{}}};\n", c_type, symbol,
                       bytes.size() / ir::dtype_size(dtype), literals(dtype, bytes));
}

// "int8_t" -> "int8", "float" -> "float".
std::string compare_name(std::string_view c_type) {
    std::string s(c_type);
    return s.ends_with("_t") ? s.substr(0, s.size() - 2) : s;
}

std::string compare_function(std::string_view c_type, bool is_float) {
    std::string check = is_float
                            ? "        if (d != d) d = HUGE_VAL;\n"
                              "        if (!(d <= 1e-5 + 1e-4 * fabs((double)ref[i]))) ++*bad;\n"
                            : "        if (got[i] != ref[i]) ++*bad;\n";
    return fmt::format(
        "static void mao_compare_{0}(const {1} *got, const {1} *ref, size_t n, unsigned long "
        "*bad,\n                             double *worst) {{\n"
        "    size_t i;\n    for (i = 0; i < n; ++i) {{\n"
        "        double d = fabs((double)got[i] - (double)ref[i]);\n{2}"
        "        if (d > *worst || d != d) *worst = d;\n    }}\n}}\n\n",
        compare_name(c_type), c_type, check);
}

} // namespace

std::string render_firmware_main(const std::string &name, const ir::Graph &graph,
                                 const codegen::IoLayout &io,
                                 const std::vector<FirmwareSample> &samples) {
    bool has_samples = !samples.empty();
    bool has_reference = has_samples && !samples[0].outputs.empty();
    std::size_t count = has_samples ? samples.size() : 1;
    std::string data, tables, outputs, select, compare, functions;
    std::set<std::string> compare_types;
    for (std::size_t i = 0; i < io.inputs.size(); ++i) {
        const ir::Tensor &t = graph.tensor(io.inputs[i].id);
        auto c_type = ir::dtype_c_type(t.dtype);
        std::string table;
        for (std::size_t s = 0; s < count; ++s) {
            std::string symbol = fmt::format("mao_golden_in{}_s{}", i, s);
            data += has_samples ? array(c_type, symbol, t.dtype, samples[s].inputs.at(i))
                                : fmt::format("static const {} {}[{}_{}_ELEMENTS] MAO_FW_ALIGN "
                                              "= {{0}};\n",
                                              c_type, symbol, name, io.inputs[i].field);
            table += fmt::format("{}{}", s ? ", " : "", symbol);
        }
        tables += fmt::format("static const {} *const mao_golden_in{}[{}] = {{{}}};\n", c_type, i,
                              count, table);
        select += fmt::format("    in->{} = mao_golden_in{}[sample];\n", io.inputs[i].field, i);
    }
    for (std::size_t j = 0; j < io.outputs.size(); ++j) {
        const ir::Tensor &t = graph.tensor(io.outputs[j].id);
        auto c_type = ir::dtype_c_type(t.dtype);
        std::string macro = fmt::format("{}_{}_ELEMENTS", name, io.outputs[j].field);
        outputs += fmt::format("static {} mao_out{}[{}] MAO_FW_ALIGN;\n", c_type, j, macro);
        select +=
            fmt::format("    out->{} = mao_out{};\n    memset(mao_out{}, 0, sizeof mao_out{});\n",
                        io.outputs[j].field, j, j, j);
        if (!has_reference) continue;
        std::string table;
        for (std::size_t s = 0; s < count; ++s) {
            std::string symbol = fmt::format("mao_golden_ref{}_s{}", j, s);
            data += array(c_type, symbol, t.dtype, samples[s].outputs.at(j));
            table += fmt::format("{}{}", s ? ", " : "", symbol);
        }
        tables += fmt::format("static const {} *const mao_golden_ref{}[{}] = {{{}}};\n", c_type, j,
                              count, table);
        if (compare_types.insert(std::string(c_type)).second)
            functions += compare_function(c_type, t.dtype == ir::DType::Float32);
        compare += fmt::format("    mao_compare_{}(mao_out{}, mao_golden_ref{}[sample], {}, bad, "
                               "worst);\n",
                               compare_name(c_type), j, j, macro);
    }
    std::string ks;
    for (std::size_t s = 0; s < count; ++s)
        ks += fmt::format("{}{}", s ? ", " : "", has_samples ? samples[s].k : 0);

    return fmt::format(
        R"(/* Firmware for model '{0}' on cortex-m4f-qemu. Generated by microaot run. */
#include "{0}.h"
#include "mao_target.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAO_FW_ALIGN __attribute__((aligned(16)))

/* Modelled accelerator cycles: defined only when the model offloads to the MAC-array
 * accelerator (runtime/macarray); weak, so CPU-only firmware links without them. */
extern uint64_t macarray_cycles(void) __attribute__((weak));
extern void macarray_reset_cycles(void) __attribute__((weak));
#define MAO_NUM_SAMPLES {1}
#define MAO_HAS_REFERENCE {2}

/* Golden data (flash). */
{3}{4}static const int mao_sample_k[MAO_NUM_SAMPLES] = {{{5}}};

/* Outputs (RAM). */
{6}
static void mao_select(int sample, {0}_inputs *in, {0}_outputs *out) {{
{7}}}

{8}static void mao_check(int sample, unsigned long *bad, double *worst) {{
    *bad = 0;
    *worst = 0;
{9}    (void)sample;
}}

static void mao_report(int sample, int rc, unsigned long stack) {{
    unsigned long bad;
    double worst;
    uint32_t bits[2];
    mao_check(sample, &bad, &worst);
    memcpy(bits, &worst, sizeof bits);
    printf("MAO_SAMPLE %d %s bad=%lu worst=%08lx%08lx stack=%lu rc=%d\n", mao_sample_k[sample],
           rc != 0 ? "ERROR" : !MAO_HAS_REFERENCE ? "RAN" : bad == 0 ? "PASS" : "FAIL", bad,
           (unsigned long)bits[1], (unsigned long)bits[0], stack, rc);
}}

int main(void) {{
    {0}_inputs in;
    {0}_outputs out;
    int rc;
#ifdef MAO_PROFILE
    /* One inference with every node hook as a region. */
    mao_select(0, &in, &out);
    rc = {0}_run(&in, &out);
    mao_report(0, rc, 0);
    return rc != 0 ? 3 : 0;
#else
    int sample, failed = 0;
    unsigned long stack, bad;
    double worst;
    mao_select(0, &in, &out);
    rc = {0}_run(&in, &out); /* warm-up, not counted */
    /* Stack painted at reset and nothing else run yet: the high-water mark of startup + main +
     * one inference (later marks also see the console calls' leftovers below the SP). */
    printf("MAO_WARMUP rc=%d stack=%lu\n", rc, (unsigned long)mao_stack_used());
    if (rc != 0) return 3;
    for (sample = 0; sample < MAO_NUM_SAMPLES; ++sample) {{
        mao_select(sample, &in, &out);
        if (macarray_reset_cycles) macarray_reset_cycles();
        mao_stack_repaint();
        mao_region_begin();
        rc = {0}_run(&in, &out);
        mao_region_end();
        stack = (unsigned long)mao_stack_used();
        mao_report(sample, rc, stack);
        if (macarray_cycles) printf("MAO_ACCEL %lu\n", (unsigned long)macarray_cycles());
        mao_check(sample, &bad, &worst);
        if (rc != 0) return 3;
        failed |= bad != 0;
    }}
    return failed ? 1 : 0;
#endif
}}
)",
        name, count, has_reference ? 1 : 0, data, tables, ks, outputs, select, functions, compare);
}

std::string render_profile_header() {
    // Accelerator cycles per node are read outside the counted regions.
    return R"(/* Per-node profiling: every node of the model becomes a counted region. */
#ifndef MAO_PROFILE_H
#define MAO_PROFILE_H
#include "mao_target.h"
#include <stdint.h>
#include <stdio.h>
extern uint64_t macarray_cycles(void) __attribute__((weak));
static uint64_t mao_profile_accel_mark;
static void mao_profile_node_begin(void) {
    if (macarray_cycles) mao_profile_accel_mark = macarray_cycles();
    mao_region_begin();
}
static void mao_profile_node_end(int node) {
    mao_region_end();
    if (macarray_cycles)
        printf("MAO_NODE_ACCEL %d %lu\n", node,
               (unsigned long)(macarray_cycles() - mao_profile_accel_mark));
}
#define MAO_NODE_BEGIN(node) mao_profile_node_begin()
#define MAO_NODE_END(node) mao_profile_node_end(node)
#endif
)";
}

// ---- building and running ------------------------------------------------------------------

#ifndef MICROAOT_TARGET_DIR
#define MICROAOT_TARGET_DIR "targets/cortex-m4f-qemu"
#endif
#ifndef MICROAOT_INSNCOUNT_PLUGIN
#define MICROAOT_INSNCOUNT_PLUGIN "libmao_insncount.so"
#endif

namespace {

std::string env_or(const char *var, const char *fallback) {
    const char *v = std::getenv(var);
    return v && *v ? v : fallback;
}

std::string read_file(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TargetTools find_target_tools() {
    TargetTools t;
    // An installation carries its own copy (cmake --install): share/microaot/targets/...,
    // lib/microaot/libmao_insncount.so.
    std::filesystem::path prefix = installed_prefix();
    std::string target_dir = prefix.empty()
                                 ? MICROAOT_TARGET_DIR
                                 : (prefix / "share/microaot/targets/cortex-m4f-qemu").string();
    std::string plugin = prefix.empty() ? MICROAOT_INSNCOUNT_PLUGIN
                                        : (prefix / "lib/microaot/libmao_insncount.so").string();
    t.target_dir = env_or("MICROAOT_TARGET_DIR", target_dir.c_str());
    t.plugin = env_or("MICROAOT_INSNCOUNT_PLUGIN", plugin.c_str());
    t.cross_prefix = env_or("MAO_CROSS_PREFIX", "arm-none-eabi-");
    for (const char *f : {"build-firmware.sh", "run-qemu.sh", "mao_target.h", "target.cflags"})
        if (!std::filesystem::exists(t.target_dir / f))
            throw CompileError(fmt::format("target support '{}' not found (set "
                                           "MICROAOT_TARGET_DIR)",
                                           (t.target_dir / f).string()));
    if (!std::filesystem::exists(t.plugin))
        throw CompileError(fmt::format("QEMU plugin '{}' not found (build target mao_insncount or "
                                       "set MICROAOT_INSNCOUNT_PLUGIN)",
                                       t.plugin.string()));
    return t;
}

QemuRun parse_qemu_output(const std::string &text) {
    QemuRun r;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream f(line);
        std::string tag;
        f >> tag;
        if (tag == "MAO_REGION") {
            int64_t index = 0, insns = 0, excluded = 0, cycles = -1;
            f >> index >> insns >> excluded >> cycles;
            r.regions.push_back(insns);
            r.region_cycles.push_back(cycles);
        } else if (tag == "MAO_SIZE") {
            for (std::string kv; f >> kv;)
                if (auto eq = kv.find('='); eq != std::string::npos)
                    r.sizes[kv.substr(0, eq)] = std::stoll(kv.substr(eq + 1));
        } else if (tag == "MAO_EXIT") {
            f >> r.exit_status;
        } else if (tag == "MAO_TIMEOUT") {
            r.timed_out = true;
        } else if (tag == "MAO_SAMPLE") {
            r.sample_lines.push_back(line);
        } else if (tag == "MAO_WARMUP") {
            for (std::string kv; f >> kv;)
                if (kv.starts_with("stack=")) r.warmup_stack = std::stoll(kv.substr(6));
        } else if (tag == "MAO_ACCEL") {
            int64_t cycles = 0;
            f >> cycles;
            r.accel_cycles.push_back(cycles);
        } else if (tag == "MAO_NODE_ACCEL") {
            int64_t node = 0, cycles = 0;
            f >> node >> cycles;
            r.node_accel_cycles[node] = cycles;
        } else if (tag == "MAO_COUNTER_ERROR") {
            r.errors.push_back(line);
        }
    }
    return r;
}

int64_t golden_bytes(const TargetTools &tools, const std::filesystem::path &elf,
                     const std::filesystem::path &work) {
    std::filesystem::path out = work / "golden_symbols.txt";
    if (run_process({tools.cross_prefix + "nm", "-S", elf.string()}, out) != 0)
        throw CompileError(fmt::format("{}nm failed on '{}'", tools.cross_prefix, elf.string()));
    int64_t total = 0;
    std::istringstream lines(read_file(out));
    for (std::string line; std::getline(lines, line);) {
        std::istringstream f(line);
        std::string address, size, type, symbol;
        if ((f >> address >> size >> type >> symbol) && symbol.starts_with("mao_golden_"))
            total += std::stoll(size, nullptr, 16);
    }
    return total;
}

int64_t library_code_bytes(const TargetTools &tools, const std::filesystem::path &generated_dir,
                           const std::string &name, const std::filesystem::path &work) {
    std::vector<std::string> cflags;
    std::istringstream flags(read_file(tools.target_dir / "target.cflags"));
    for (std::string f; flags >> f;)
        cflags.push_back(f);
    std::filesystem::path objects = work / "objects";
    std::filesystem::create_directories(objects);
    std::vector<std::string> size_argv = {tools.cross_prefix + "size", "-A"};
    std::vector<std::filesystem::path> sources;
    for (const auto &e : std::filesystem::directory_iterator(generated_dir))
        if (e.path().extension() == ".c" && e.path().filename() != name + "_weights.c")
            sources.push_back(e.path());
    std::sort(sources.begin(), sources.end());
    for (const auto &src : sources) {
        std::vector<std::string> argv = {tools.cross_prefix + "gcc"};
        argv.insert(argv.end(), cflags.begin(), cflags.end());
        std::filesystem::path obj = objects / src.filename().replace_extension(".o");
        for (std::string a : std::initializer_list<std::string>{
                 "-std=c99", "-I" + generated_dir.string(), "-c", src.string(), "-o", obj.string()})
            argv.push_back(a);
        if (run_process(argv) != 0)
            throw CompileError(fmt::format("cannot cross-compile '{}'", src.string()));
        size_argv.push_back(obj.string());
    }
    std::filesystem::path out = work / "library_sizes.txt";
    if (run_process(size_argv, out) != 0)
        throw CompileError(fmt::format("{}size failed", tools.cross_prefix));
    int64_t total = 0;
    std::istringstream lines(read_file(out));
    for (std::string line; std::getline(lines, line);) {
        std::istringstream f(line);
        std::string section;
        int64_t bytes = 0;
        if (!(f >> section >> bytes) || section.starts_with(".rodata.mao_weights")) continue;
        if (section.starts_with(".text") || section.starts_with(".rodata") ||
            section.starts_with(".data"))
            total += bytes;
    }
    return total;
}

} // namespace microaot::driver
