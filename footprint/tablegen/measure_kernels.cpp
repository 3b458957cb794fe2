// measure_kernels: run at microaot build time. Cross-compiles every runtime kernel and the board
// support with the target's flags and measures, per global function, what it takes in a linked
// image (flash, data, bss of everything it reaches with --gc-sections), its worst-case stack
// (-fstack-usage/-fcallgraph-info, frames raised to what the disassembly pushes where inline
// assembly pushes more) and what it calls outside its object; the same for the
// C-library functions they call (sizes from a probe link, stack from the disassembly); sizeof of
// every parameter struct; and what a generated entry point costs per kernel call. Writes the
// table as JSON and as a C++ source embedding it (footprint/kernel_table.h reads it).
//
// usage: measure_kernels --target NAME --cross-prefix P --cflags-file F --runtime DIR
//                        --board DIR --work DIR --json OUT.json --cpp OUT.cpp
//        measure_kernels --target NAME --unavailable REASON --json OUT.json --cpp OUT.cpp
#include "footprint/tablegen/call_graph.h"
#include "footprint/tablegen/toolchain.h"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace microaot::footprint::tablegen {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

struct Options {
    std::string target, prefix, unavailable;
    fs::path cflags_file, runtime, board, work, json_out, cpp_out;
};

struct MeasuredObject {
    std::string scope; // "portable/mao_conv2d_s8.c", "board/startup.c"
    fs::path object;
    std::vector<std::string> functions; // global functions it defines
};

std::vector<std::string> words(const std::string &text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::string object_name(const std::string &scope) {
    std::string s = scope;
    std::replace(s.begin(), s.end(), '/', '_');
    return fs::path(s).replace_extension(".o").string();
}

MeasuredObject compile_object(const Toolchain &tc, const std::string &scope, const fs::path &src,
                              const std::vector<std::string> &includes, CallGraph &graph) {
    fs::path dir = tc.work() / "objects";
    fs::create_directories(dir);
    MeasuredObject m{scope, dir / object_name(scope), {}};
    std::vector<std::string> extra = {"-std=c99", "-fstack-usage", "-fcallgraph-info=su"};
    for (const auto &inc : includes)
        extra.push_back("-I" + inc);
    tc.compile(src, m.object, extra);
    graph.add_callgraph_info(scope, read_text(fs::path(m.object).replace_extension(".ci")));
    std::set<std::string> in_assembly;
    for (const auto &s : tc.symbols(m.object))
        if (s.type == 'T') {
            m.functions.push_back(s.name);
            if (!graph.defines(scope, s.name)) in_assembly.insert(s.name);
        }
    std::sort(m.functions.begin(), m.functions.end());
    std::string listing = tc.disassembly(m.object);
    graph.raise_frames_to_disassembly(scope, listing);
    if (!in_assembly.empty()) graph.add_disassembly(scope, listing, in_assembly);
    return m;
}

json sizes_json(const Sizes &s) {
    return {{"flash", s.flash}, {"data", s.data}, {"bss", s.bss}};
}

void set_stack(json &j, const StackBound &b) {
    j["stack"] = b.bytes;
    j["stack_exact"] = b.exact;
    j.erase("stack_unresolved");
    if (!b.unresolved.empty()) j["stack_unresolved"] = b.unresolved;
}

// Each global function of each object: its gc-closure within the object, and the symbols that
// closure needs from elsewhere.
json measure_functions(const Toolchain &tc, const std::vector<MeasuredObject> &objects,
                       const CallGraph &graph, std::set<std::string> &external) {
    json list = json::array();
    fs::path probe = tc.work() / "probe.elf";
    for (const auto &o : objects)
        for (const auto &fn : o.functions) {
            tc.link_probe({o.object}, fn, false, probe);
            json j = {{"name", fn}, {"file", o.scope}};
            j.update(sizes_json(tc.sizes(probe)));
            set_stack(j, graph.bound(o.scope, fn));
            std::vector<std::string> calls = tc.undefined(probe);
            std::sort(calls.begin(), calls.end());
            j["calls"] = calls;
            external.insert(calls.begin(), calls.end());
            list.push_back(j);
        }
    return list;
}

// C-library functions: each linked alone against newlib-nano/libm/libgcc with its dependencies.
json measure_c_library(const Toolchain &tc, const std::set<std::string> &names, CallGraph &graph) {
    fs::path empty_c = tc.work() / "empty.c", empty_o = tc.work() / "empty.o";
    std::ofstream(empty_c) << "/* nothing: a link needs one object */\n";
    tc.compile(empty_c, empty_o, {});
    struct Probe {
        std::string name;
        Sizes sizes;
        bool found = false;
    };
    std::vector<Probe> probes;
    for (const auto &name : names) {
        fs::path elf = tc.work() / "libc_probe.elf";
        tc.link_probe({empty_o}, name, true, elf);
        Probe p{name, tc.sizes(elf), false};
        std::vector<Symbol> symbols = tc.symbols(elf);
        for (const auto &s : symbols)
            p.found = p.found || (s.name == name && s.type != 'U' && s.type != 'w');
        graph.add_disassembly("libc", tc.disassembly(elf));
        // Code symbols sharing an address are one function under several names.
        std::map<int64_t, std::vector<std::string>> at;
        for (const auto &s : symbols)
            if ((s.type == 'T' || s.type == 't') && s.address >= 0) at[s.address].push_back(s.name);
        for (const auto &[address, names_here] : at)
            for (const auto &listed : names_here)
                if (graph.defines("libc", listed))
                    for (const auto &alias : names_here)
                        graph.add_alias("libc", alias, listed);
        probes.push_back(p);
    }
    json list = json::array();
    for (const auto &p : probes) {
        json j = {{"name", p.name}, {"found", p.found}};
        j.update(sizes_json(p.sizes));
        set_stack(j, graph.bound("libc", p.name));
        list.push_back(j);
    }
    return list;
}

// Names declared by `typedef ... { ... } name;` in a header.
std::vector<std::string> typedef_struct_names(const std::string &text) {
    std::vector<std::string> names;
    for (auto at = text.find("typedef"); at != std::string::npos;
         at = text.find("typedef", at + 1)) {
        auto open = text.find('{', at), semicolon = text.find(';', at);
        if (open == std::string::npos || semicolon < open) continue; // not a struct/enum body
        int depth = 0;
        std::size_t close = open;
        for (; close < text.size(); ++close) {
            depth += text[close] == '{' ? 1 : text[close] == '}' ? -1 : 0;
            if (depth == 0) break;
        }
        auto end = text.find(';', close);
        if (end == std::string::npos) break;
        auto name = words(text.substr(close + 1, end - close - 1));
        if (name.size() == 1) names.push_back(name[0]);
        at = end;
    }
    return names;
}

// sizeof of every typedef'd struct of the runtime headers: each becomes a char array whose size
// nm reports (nothing runs on the target).
json measure_param_types(const Toolchain &tc, const fs::path &runtime) {
    json sizes = json::object();
    std::vector<fs::path> headers;
    for (const auto &e : fs::recursive_directory_iterator(runtime))
        if (e.path().extension() == ".h") headers.push_back(e.path());
    std::sort(headers.begin(), headers.end());
    int index = 0;
    for (const auto &h : headers) {
        std::vector<std::string> names = typedef_struct_names(read_text(h));
        if (names.empty()) continue;
        fs::path src = tc.work() / fmt::format("sizeof_{}.c", index),
                 obj = tc.work() / fmt::format("sizeof_{}.o", index);
        ++index;
        std::ofstream out(src);
        out << "#include \"" << h.filename().string() << "\"\n";
        for (const auto &n : names)
            out << "char mao_sizeof_" << n << "[sizeof(" << n << ")];\n";
        out.close();
        tc.compile(
            src, obj,
            {"-std=c99", "-I" + h.parent_path().string(), "-I" + (runtime / "portable").string()});
        for (const auto &s : tc.symbols(obj))
            if (s.name.starts_with("mao_sizeof_")) sizes[s.name.substr(11)] = s.size;
    }
    return sizes;
}

// A source shaped like a generated NAME.c (see codegen/source_writer.cpp): argument checks, then
// `calls` kernel calls of `arity` arguments (a parameter struct, weights arrays, workspace slots,
// the caller's buffers), and the run wrapper.
std::string entry_point_probe(int arity, int calls) {
    std::string s = "#include <stddef.h>\n#include <stdint.h>\n"
                    "typedef struct { int32_t v[8]; } probe_params;\n"
                    "typedef struct { const int8_t *x; } probe_inputs;\n"
                    "typedef struct { int8_t *y; } probe_outputs;\n";
    s += "void probe_kernel(const probe_params *p";
    for (int a = 1; a < arity; ++a)
        s += fmt::format(", {}int8_t *a{}", a % 2 ? "const " : "", a);
    s += ");\n";
    for (int c = 0; c < calls; ++c) {
        s += fmt::format("static const probe_params node{} = {{{{{}, 1, 2, 3, 4, 5, 6, 7}}}};\n", c,
                         c);
        for (int a = 1; a < arity; a += 2)
            s += fmt::format("extern const int8_t probe_c{}_{}[16];\n", c, a);
    }
    s += "static uint8_t probe_workspace[65536] __attribute__((aligned(16)));\n"
         "int probe_run_with_workspace(const probe_inputs *in, probe_outputs *out, void "
         "*workspace) {\n"
         "    uint8_t *ws = (uint8_t *)workspace;\n"
         "    if (in == NULL || out == NULL || workspace == NULL) return 1;\n"
         "    if (in->x == NULL) return 1;\n    if (out->y == NULL) return 1;\n"
         "    if ((uintptr_t)workspace % 16 != 0) return 2;\n    (void)ws;\n";
    for (int c = 0; c < calls; ++c) {
        s += fmt::format("    probe_kernel(&node{}", c);
        for (int a = 1; a < arity; ++a) {
            if (a % 2)
                s += c == 0 && a == 1 ? ", in->x" : fmt::format(", probe_c{}_{}", c, a);
            else
                s += c + 1 == calls && a + 1 >= arity
                         ? ", out->y"
                         : fmt::format(", (int8_t *)(ws + {})", 1024 * (c + a));
        }
        s += ");\n";
    }
    s += "    return 0;\n}\n"
         "int probe_run(const probe_inputs *in, probe_outputs *out) {\n"
         "    return probe_run_with_workspace(in, out, probe_workspace);\n}\n";
    return s;
}

// Code of an entry point as base + calls x per-call bytes, per arity (from 1 and 8 calls), and
// the stack of probe_run down to (not into) the kernel.
json measure_entry_points(const Toolchain &tc) {
    json list = json::array();
    for (int arity = 1; arity <= 12; ++arity) {
        int64_t code[2] = {0, 0};
        StackBound stack;
        const int counts[2] = {1, 8};
        for (int i = 0; i < 2; ++i) {
            fs::path src = tc.work() / "entry_probe.c", obj = tc.work() / "entry_probe.o";
            std::ofstream(src) << entry_point_probe(arity, counts[i]);
            tc.compile(src, obj, {"-std=c99", "-fstack-usage", "-fcallgraph-info=su"});
            for (const auto &s : tc.symbols(obj))
                if (s.type == 'T' || s.type == 't') code[i] += s.size;
            CallGraph graph;
            graph.add_callgraph_info("probe", read_text(fs::path(obj).replace_extension(".ci")));
            StackBound b = graph.bound("probe", "probe_run");
            if (b.bytes > stack.bytes) stack = b;
        }
        int64_t per_call = (code[1] - code[0] + 3) / 7;
        list.push_back({{"arity", arity},
                        {"base_flash", std::max<int64_t>(0, code[0] - per_call)},
                        {"per_call_flash", per_call},
                        {"stack", stack.bytes}});
    }
    return list;
}

// FNV-1a (64 bit) of a file's bytes: the footprint module recognises a generated output's kernel
// source by its content (footprint/kernel_table.h, same function).
std::string fingerprint(const std::string &bytes) {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : bytes)
        h = (h ^ c) * 1099511628211ull;
    return fmt::format("{:016x}", h);
}

json measure(const Options &o) {
    std::vector<std::string> cflags = words(read_text(o.cflags_file));
    Toolchain tc(o.prefix, cflags, o.work);
    CallGraph graph;
    std::vector<MeasuredObject> kernels, board;
    std::vector<fs::path> sources;
    for (const auto &e : fs::recursive_directory_iterator(o.runtime))
        if (e.path().extension() == ".c") sources.push_back(e.path());
    std::sort(sources.begin(), sources.end());
    for (const auto &src : sources)
        kernels.push_back(
            compile_object(tc, fs::relative(src, o.runtime).generic_string(), src,
                           {src.parent_path().string(), (o.runtime / "portable").string()}, graph));
    for (const auto &name : words(read_text(o.board / "target.sources")))
        board.push_back(
            compile_object(tc, "board/" + name, o.board / name, {o.board.string()}, graph));

    std::set<std::string> external;
    json j;
    j["available"] = true;
    j["target"] = o.target;
    j["compiler"] = tc.version();
    std::string flags;
    for (const auto &f : cflags)
        flags += (flags.empty() ? "" : " ") + f;
    j["cflags"] = flags + " -std=c99";
    // The board's measured first so that kernels calling it resolve; its calls to the C library
    // are measured too but not needed by the library.
    json board_functions = measure_functions(tc, board, graph, external);
    std::set<std::string> kernel_external;
    json functions = measure_functions(tc, kernels, graph, kernel_external);
    std::set<std::string> defined;
    for (const auto &list : {kernels, board})
        for (const auto &obj : list)
            defined.insert(obj.functions.begin(), obj.functions.end());
    std::set<std::string> c_library;
    for (const auto &name : kernel_external)
        if (!defined.count(name)) c_library.insert(name);
    j["c_library"] = measure_c_library(tc, c_library, graph);
    // Stack bounds again now that the C library's frames are known.
    for (auto *list : {&functions, &board_functions})
        for (auto &f : *list)
            set_stack(f, graph.bound(f["file"].get<std::string>(), f["name"].get<std::string>()));
    j["functions"] = functions;
    json fingerprints = json::object();
    for (const auto &src : sources)
        fingerprints[fs::relative(src, o.runtime).generic_string()] = fingerprint(read_text(src));
    j["sources"] = fingerprints;
    j["board_functions"] = board_functions;
    j["param_types"] = measure_param_types(tc, o.runtime);
    j["entry_points"] = measure_entry_points(tc);
    return j;
}

void write_outputs(const Options &o, const json &table) {
    std::string text = table.dump(1);
    std::ofstream(o.json_out) << text << "\n";
    std::ofstream cpp(o.cpp_out);
    cpp << "// Generated at build time by footprint/tablegen/measure_kernels. Do not edit.\n"
           "#include \"footprint/kernel_table.h\"\n\n"
           "namespace microaot::footprint {\n\n"
           "std::string_view measured_table_json() {\n    return R\"mao_table(" +
               text + ")mao_table\";\n}\n\n} // namespace microaot::footprint\n";
    if (!cpp) throw ToolError(fmt::format("cannot write '{}'", o.cpp_out.string()));
}

Options parse(int argc, char **argv) {
    Options o;
    std::map<std::string, std::string *> text = {
        {"--target", &o.target}, {"--cross-prefix", &o.prefix}, {"--unavailable", &o.unavailable}};
    std::map<std::string, fs::path *> paths = {{"--cflags-file", &o.cflags_file},
                                               {"--runtime", &o.runtime},
                                               {"--board", &o.board},
                                               {"--work", &o.work},
                                               {"--json", &o.json_out},
                                               {"--cpp", &o.cpp_out}};
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (text.count(key))
            *text[key] = argv[i + 1];
        else if (paths.count(key))
            *paths[key] = argv[i + 1];
        else
            throw ToolError(fmt::format("unknown argument '{}'", key));
    }
    if (o.target.empty() || o.json_out.empty() || o.cpp_out.empty())
        throw ToolError("usage: measure_kernels --target NAME ... --json OUT --cpp OUT");
    return o;
}

} // namespace
} // namespace microaot::footprint::tablegen

int main(int argc, char **argv) {
    using namespace microaot::footprint::tablegen;
    try {
        Options o = parse(argc, argv);
        json table;
        if (!o.unavailable.empty())
            table = {{"available", false}, {"target", o.target}, {"reason", o.unavailable}};
        else
            table = measure(o);
        write_outputs(o, table);
    } catch (const std::exception &e) {
        std::cerr << "measure_kernels: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
