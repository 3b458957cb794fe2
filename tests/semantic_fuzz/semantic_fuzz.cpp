// Semantic fuzzer (issue 17): real shared models with one or two scalar fields set to boundary
// values (mutations.h). Every mutant must either be refused (CompileError: the CLI's exit 2) or
// compile to C that builds with -Werror and runs clean under ASan+UBSan on inputs all -128, all
// 127 and random. The compiler itself runs under ASan+UBSan too (this binary links the
// instrumented pipeline), each mutant in its own forked child.
//
// usage: semantic_fuzz --shared DIR --work DIR [--cc CC] [--jobs N] [--mutants N] [--batch N]
//                      [--models-dir DIR] MODEL...
// MODEL: a name in DIR/models, without .tflite. --models-dir adds every DIR/*/model.tflite (the
// operator conformance bundles: they hold the operators the shared models do not).
// Prints one line per failure and the summary "semantic-fuzz: N passed, N failed"; exit 1 when
// anything failed or fewer than 2000 mutants over 6 models were tried.
#include "harness.h"
#include "model_editor.h"
#include "mutations.h"
#include "processes.h"

#include "driver/driver.h"
#include "frontends/tflite/importer.h"
#include "ir/error.h"
#include "ir/ops.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace microaot::semantic_fuzz {
namespace {

namespace fs = std::filesystem;

struct Options {
    fs::path shared, work;
    std::string cc = "cc";
    int jobs = 2, mutants_per_model = 300, batch = 24;
    std::vector<std::string> models;
    std::map<std::string, fs::path> model_files; // by model name
};

// Runs with more work than this (MACs plus element operations) or more buffer bytes are built
// but not run: a mutated shape can ask for hours of ASan time or gigabytes of inputs.
constexpr int64_t kMaxRunWork = 60'000'000;
constexpr int64_t kMaxRunBytes = 64 << 20;
constexpr unsigned kCompileSeconds = 60, kBatchSeconds = 600;

struct Case {
    int id = 0;
    std::string model;
    Mutant mutant;
};

enum class Result { Refused, RanClean, BuiltTooLargeToRun, Failed };

struct Outcome {
    Result result = Result::Failed;
    std::string why;
};

std::string mutant_name(int id) {
    return fmt::format("m{}", id);
}

driver::CompileOptions compile_options(int id, const std::string &name) {
    driver::CompileOptions o;
    o.name = name;
    o.target = "host";
    if (id % 4 == 3) o.accel = "macarray"; // a quarter also through the accelerator backend
    return o;
}

uint64_t files_hash(const std::vector<codegen::GeneratedFile> &files) {
    uint64_t h = 14695981039346656037ull;
    auto mix = [&](std::string_view s) {
        for (unsigned char c : s)
            h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    };
    for (const auto &f : files) {
        mix(f.name);
        mix(f.content);
    }
    return h;
}

// What running the model costs: MACs, plus per output element the pooling window, plus inputs.
int64_t run_work(const ir::Graph &g) {
    int64_t work = 0;
    for (const ir::Node &n : g.nodes) {
        work += ir::node_macs(g, n);
        int64_t out = ir::element_count(g.tensor(n.outputs.at(0)).shape);
        if (const auto *p = std::get_if<ir::Pool2DAttrs>(&n.attrs)) {
            const ir::Shape &x = g.tensor(n.inputs.at(0)).shape;
            out *= std::min<int64_t>(p->window.kernel_h, x[1]) *
                   std::min<int64_t>(p->window.kernel_w, x[2]);
        }
        work += out;
        if (work > kMaxRunWork) return work;
    }
    return work;
}

int64_t run_bytes(const driver::CompileResult &r) {
    int64_t bytes = r.plan.peak;
    for (const auto *list : {&r.generated.io.inputs, &r.generated.io.outputs})
        for (const auto &io : *list)
            bytes += r.graph.tensor(io.id).byte_size();
    return bytes;
}

// The code the model file itself compiles to, under the neutral name.
uint64_t file_code_hash(const std::vector<uint8_t> &file_bytes, int id) {
    ir::Graph graph = tflite::import_model(file_bytes, "mutant");
    return files_hash(driver::compile_graph(graph, compile_options(id, "m")).generated.files);
}

// In the child: 0 compiled (files and info.txt written), 2 refused, 3 the unmodified model
// (`file_bytes` given) written back by the editor compiles to other code than the file: the
// editor lost a field. Anything else is a finding too.
int compile_case(const Case &c, const EditableModel &original, const fs::path &dir,
                 const std::vector<uint8_t> *file_bytes) {
    std::vector<uint8_t> bytes = write_model(c.mutant.applied(original));
    try {
        ir::Graph graph = tflite::import_model(bytes, "mutant");
        // Under the neutral name "m" first: identical code from different mutants is built once.
        driver::CompileResult neutral = driver::compile_graph(graph, compile_options(c.id, "m"));
        if (file_bytes && files_hash(neutral.generated.files) != file_code_hash(*file_bytes, c.id))
            return 3;
        driver::CompileResult r =
            driver::compile_graph(graph, compile_options(c.id, mutant_name(c.id)));
        codegen::write_files(dir, r.generated.files);
        std::ofstream info(dir / "info.txt");
        info << "hash " << files_hash(neutral.generated.files) << "\n";
        info << "work " << run_work(r.graph) << "\nbytes " << run_bytes(r) << "\n";
        for (const auto *list : {&r.generated.io.inputs, &r.generated.io.outputs})
            for (const auto &io : *list)
                info << (io.is_input ? "input " : "output ") << io.field << " "
                     << ir::dtype_c_type(r.graph.tensor(io.id).dtype) << " "
                     << r.graph.tensor(io.id).byte_size() << "\n";
        return info ? 0 : 1;
    } catch (const CompileError &e) {
        std::ofstream(dir.string() + ".refused") << e.what() << "\n";
        return 2;
    }
}

struct Info {
    uint64_t hash = 0;
    int64_t work = 0, bytes = 0;
    CompiledMutant mutant;
};

Info read_info(const fs::path &dir, int id) {
    Info info;
    info.mutant.id = id;
    info.mutant.name = mutant_name(id);
    std::ifstream in(dir / "info.txt");
    for (std::string line; std::getline(in, line);) {
        std::istringstream s(line);
        std::string key;
        s >> key;
        if (key == "hash") s >> info.hash;
        if (key == "work") s >> info.work;
        if (key == "bytes") s >> info.bytes;
        if (key == "input" || key == "output") {
            IoBuffer b;
            s >> b.field >> b.c_type >> b.bytes;
            (key == "input" ? info.mutant.inputs : info.mutant.outputs).push_back(b);
        }
    }
    return info;
}

std::vector<std::string> c_flags() {
    return {"-std=c99",
            "-O1",
            "-g",
            "-Wall",
            "-Wextra",
            "-Wpedantic",
            "-Werror",
            "-ffp-contract=off",
            "-fsanitize=address,undefined",
            "-fno-sanitize-recover=all",
            "-fno-omit-frame-pointer"};
}

// `cc <strict flags> -c SOURCES...` in `dir` (objects land there, named after the sources).
ChildStatus compile_c(const Options &o, const std::vector<fs::path> &sources, const fs::path &dir,
                      const std::string &log) {
    std::vector<std::string> argv = {o.cc};
    for (auto &f : c_flags())
        argv.push_back(f);
    argv.push_back("-c");
    for (const fs::path &s : sources)
        argv.push_back(fs::absolute(s).string());
    return run_program(argv, log, kBatchSeconds, dir.string());
}

// The runtime kernels every mutant shares (the same runtime/ files were copied into each
// output): compiled once, in the parent, before the batches. Returns the objects, or a reason.
std::vector<std::string> compile_runtime(const Options &o, const std::vector<Info> &mutants,
                                         std::string &error) {
    std::map<std::string, fs::path> runtime; // file name -> one copy
    std::map<std::string, std::string> content;
    for (const Info &info : mutants) {
        const std::string &n = info.mutant.name;
        for (const auto &entry : fs::directory_iterator(o.work / n)) {
            std::string file = entry.path().filename().string();
            if (file.starts_with(n + ".") || file.starts_with(n + "_") || file == "info.txt")
                continue; // the mutant's own files
            std::ifstream in(entry.path(), std::ios::binary);
            std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
            auto [it, first] = content.emplace(file, text);
            if (!first && it->second != text) {
                error = "runtime file " + file + " differs between mutants";
                return {};
            }
            if (entry.path().extension() == ".c") runtime.emplace(file, entry.path());
        }
    }
    fs::path dir = o.work / "runtime";
    fs::create_directories(dir);
    for (const auto &[file, text] : content)
        std::ofstream(dir / file, std::ios::binary) << text;
    std::vector<fs::path> sources;
    std::vector<std::string> objects;
    for (const auto &entry : runtime) {
        sources.push_back(dir / entry.first);
        objects.push_back((dir / (fs::path(entry.first).stem().string() + ".o")).string());
    }
    if (!sources.empty() && compile_c(o, sources, dir, (dir / "log.txt").string()).code != 0)
        error = "the runtime files do not compile (see " + (dir / "log.txt").string() + ")";
    return objects;
}

// In a worker child: builds the batch (all mutants in one compiler call; when that fails, one
// mutant at a time so that the one that does not compile is named), runs the runnable ones,
// and writes "ID PASS|LARGE|FAIL why" lines.
int build_and_run(const Options &o, int batch_index, const std::vector<Info> &batch,
                  const std::vector<std::string> &runtime_objects) {
    fs::path dir = o.work / fmt::format("batch{}", batch_index);
    fs::create_directories(dir);
    std::string log = (dir / "log.txt").string();
    std::ofstream results(dir / "results.txt");
    auto sources_of = [&](const Info &info) {
        const std::string &n = info.mutant.name;
        return std::vector<fs::path>{o.work / n / (n + ".c"), o.work / n / (n + "_weights.c")};
    };
    std::vector<fs::path> all;
    for (const Info &info : batch)
        for (const fs::path &s : sources_of(info))
            all.push_back(s);
    std::vector<const Info *> built;
    bool together = compile_c(o, all, dir, log).code == 0;
    for (const Info &info : batch) {
        if (!together && compile_c(o, sources_of(info), dir, log).code != 0) {
            results << info.mutant.id << " FAIL its C does not compile with -Werror (see " << log
                    << ")\n";
            continue;
        }
        built.push_back(&info);
    }
    std::vector<CompiledMutant> runnable;
    std::vector<std::string> objects = runtime_objects;
    for (const Info *info : built) {
        for (const fs::path &s : sources_of(*info))
            objects.push_back((dir / (s.stem().string() + ".o")).string());
        if (info->work <= kMaxRunWork && info->bytes <= kMaxRunBytes)
            runnable.push_back(info->mutant);
        else
            results << info->mutant.id << " LARGE built; not run (work " << info->work << ", bytes "
                    << info->bytes << ")\n";
    }
    if (runnable.empty()) return 0;
    fs::path harness = dir / "harness.c", exe = dir / "harness";
    std::ofstream(harness) << render_batch_harness(runnable);
    std::vector<std::string> argv = {o.cc};
    for (auto &f : c_flags())
        argv.push_back(f);
    argv.push_back("-I" + o.work.string());
    argv.push_back(harness.string());
    argv.insert(argv.end(), objects.begin(), objects.end());
    for (const std::string &a : {std::string("-o"), exe.string(), std::string("-lm")})
        argv.push_back(a);
    if (run_program(argv, log, kBatchSeconds).code != 0) {
        for (const auto &m : runnable)
            results << m.id << " FAIL the batch harness does not build (see " << log << ")\n";
        return 0;
    }
    // Run; after a failure, blame the run that began and did not end, and go on after it.
    std::size_t start = 0;
    while (start < runnable.size()) {
        std::string out = (dir / fmt::format("run_from_{}.txt", start)).string();
        ChildStatus s = run_program({exe.string(), std::to_string(start)}, out, kBatchSeconds);
        std::ifstream in(out);
        std::size_t failed = start; // the run that began last and did not end
        for (std::string line; std::getline(in, line);) {
            unsigned k = 0, p = 0;
            if (std::sscanf(line.c_str(), "begin %u %u", &k, &p) == 2) failed = k;
            if (std::sscanf(line.c_str(), "end %u %u", &k, &p) == 2 && p == 2 &&
                k < runnable.size())
                results << runnable[k].id << " PASS\n";
        }
        if (s.code == 0) break;
        if (failed >= runnable.size()) break;
        results << runnable[failed].id << " FAIL run " << s.str() << " (see " << out << ")\n";
        start = failed + 1;
    }
    return 0;
}

// Every DIR/<name>/model.tflite, in name order (the mutant seeds follow the order).
void add_models_dir(Options &o, const fs::path &dir) {
    if (!fs::is_directory(dir)) throw std::runtime_error("no models directory " + dir.string());
    std::vector<std::string> names;
    for (const fs::directory_entry &e : fs::directory_iterator(dir))
        if (fs::is_regular_file(e.path() / "model.tflite"))
            names.push_back(e.path().filename().string());
    if (names.empty())
        throw std::runtime_error("no */model.tflite in " + dir.string() +
                                 " (the operator conformance test generates them)");
    std::sort(names.begin(), names.end());
    for (const std::string &name : names) {
        o.models.push_back(name);
        o.model_files[name] = dir / name / "model.tflite";
    }
}

Options parse(int argc, char **argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error("missing value for " + a);
            return argv[++i];
        };
        if (a == "--shared")
            o.shared = value();
        else if (a == "--work")
            o.work = value();
        else if (a == "--cc")
            o.cc = value();
        else if (a == "--jobs")
            o.jobs = std::max(1, std::stoi(value()));
        else if (a == "--mutants")
            o.mutants_per_model = std::stoi(value());
        else if (a == "--batch")
            o.batch = std::max(1, std::stoi(value()));
        else if (a == "--models-dir")
            add_models_dir(o, value());
        else
            o.models.push_back(a);
    }
    if (o.shared.empty() || o.work.empty() || o.models.empty())
        throw std::runtime_error("usage: semantic_fuzz --shared DIR --work DIR [--cc CC] "
                                 "[--jobs N] [--mutants N] [--batch N] [--models-dir DIR] "
                                 "MODEL...");
    for (const std::string &name : o.models)
        if (!o.model_files.contains(name))
            o.model_files[name] = o.shared / "models" / (name + ".tflite");
    return o;
}

int run(const Options &o) {
    auto start = std::chrono::steady_clock::now();
    fs::remove_all(o.work);
    fs::create_directories(o.work);
    std::map<std::string, EditableModel> originals;
    std::map<std::string, std::vector<uint8_t>> files;
    std::vector<Case> cases;
    for (std::size_t m = 0; m < o.models.size(); ++m) {
        std::ifstream in(o.model_files.at(o.models[m]), std::ios::binary);
        std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
        EditableModel original = read_model(bytes);
        for (Mutant &mutant : make_mutants(original, o.mutants_per_model, 1000u + uint32_t(m)))
            cases.push_back({int(cases.size()), o.models[m], std::move(mutant)});
        originals.emplace(o.models[m], std::move(original));
        files.emplace(o.models[m], std::move(bytes));
    }

    // 1. Compile every mutant in a child of its own.
    std::vector<std::function<int()>> compile_tasks;
    for (const Case &c : cases)
        compile_tasks.push_back([&o, &c, &originals, &files] {
            return compile_case(c, originals.at(c.model), o.work / mutant_name(c.id),
                                c.mutant.edits.empty() ? &files.at(c.model) : nullptr);
        });
    std::vector<ChildStatus> compiled = run_forked(compile_tasks, o.jobs, kCompileSeconds);
    double compile_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<Outcome> outcome(cases.size());
    std::map<uint64_t, int> first_with_hash; // identical generated code: built once
    std::map<int, int> same_code_as;
    std::vector<Info> to_build;
    for (const Case &c : cases) {
        const ChildStatus &s = compiled[std::size_t(c.id)];
        if (s.code == 2) {
            outcome[std::size_t(c.id)] = {Result::Refused, ""};
            continue;
        }
        if (s.code == 3) {
            outcome[std::size_t(c.id)] = {Result::Failed,
                                          "the editor changed the unmodified model's code"};
            continue;
        }
        if (s.code != 0) {
            outcome[std::size_t(c.id)] = {Result::Failed, "the compiler " + s.str()};
            continue;
        }
        Info info = read_info(o.work / mutant_name(c.id), c.id);
        auto [it, first] = first_with_hash.emplace(info.hash, c.id);
        if (!first) {
            same_code_as[c.id] = it->second;
            continue;
        }
        to_build.push_back(std::move(info));
    }
    // The unmodified models must compile: otherwise the editor, not the compiler, is broken.
    for (const Case &c : cases)
        if (c.mutant.edits.empty() && outcome[std::size_t(c.id)].result == Result::Refused)
            outcome[std::size_t(c.id)] = {Result::Failed, "the unmodified model was refused"};

    // 2. Build and run the distinct compiled ones, a batch per worker.
    std::vector<std::vector<Info>> batches;
    for (std::size_t i = 0; i < to_build.size(); i += std::size_t(o.batch))
        batches.emplace_back(
            to_build.begin() + std::ptrdiff_t(i),
            to_build.begin() + std::ptrdiff_t(std::min(to_build.size(), i + std::size_t(o.batch))));
    std::string runtime_error;
    std::vector<std::string> runtime = compile_runtime(o, to_build, runtime_error);
    if (!runtime_error.empty()) {
        std::printf("semantic-fuzz: %s\n", runtime_error.c_str());
        return 1;
    }
    std::vector<std::function<int()>> batch_tasks;
    for (std::size_t b = 0; b < batches.size(); ++b)
        batch_tasks.push_back(
            [&o, &batches, &runtime, b] { return build_and_run(o, int(b), batches[b], runtime); });
    std::vector<ChildStatus> workers = run_forked(batch_tasks, o.jobs, kBatchSeconds * 4);
    for (std::size_t b = 0; b < batches.size(); ++b) {
        for (const Info &info : batches[b])
            outcome[std::size_t(info.mutant.id)] = {Result::Failed, "no result (batch worker " +
                                                                        workers[b].str() + ")"};
        std::ifstream in(o.work / fmt::format("batch{}", b) / "results.txt");
        for (std::string line; std::getline(in, line);) {
            std::istringstream s(line);
            int id = 0;
            std::string verdict, why;
            s >> id >> verdict;
            std::getline(s, why);
            Result r = verdict == "PASS"    ? Result::RanClean
                       : verdict == "LARGE" ? Result::BuiltTooLargeToRun
                                            : Result::Failed;
            outcome[std::size_t(id)] = {r, why};
        }
    }
    for (auto [id, same] : same_code_as)
        outcome[std::size_t(id)] = outcome[std::size_t(same)];

    int counts[4] = {0, 0, 0, 0};
    for (const Case &c : cases) {
        const Outcome &out = outcome[std::size_t(c.id)];
        ++counts[int(out.result)];
        if (out.result == Result::Failed)
            std::printf("FAIL %s %s [%s]: %s\n", mutant_name(c.id).c_str(), c.model.c_str(),
                        c.mutant.describe().c_str(), out.why.c_str());
    }
    int failed = counts[int(Result::Failed)];
    int passed = int(cases.size()) - failed;
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("semantic-fuzz: %d passed, %d failed\n", passed, failed);
    std::printf("(%zu mutants of %zu models: %d refused, %d compiled and ran clean, %d compiled "
                "but too large to run; %zu distinct programs built; %.1f s (compiler %.1f s), %d "
                "jobs)\n",
                cases.size(), o.models.size(), counts[int(Result::Refused)],
                counts[int(Result::RanClean)], counts[int(Result::BuiltTooLargeToRun)],
                to_build.size(), seconds, compile_seconds, o.jobs);
    bool enough = cases.size() >= 2000 && o.models.size() >= 6;
    if (!enough) std::printf("semantic-fuzz: fewer than 2000 mutants over 6 models\n");
    return failed == 0 && enough ? 0 : 1;
}

} // namespace
} // namespace microaot::semantic_fuzz

int main(int argc, char **argv) {
    try {
        return microaot::semantic_fuzz::run(microaot::semantic_fuzz::parse(argc, argv));
    } catch (const std::exception &e) {
        std::fprintf(stderr, "semantic-fuzz: %s\n", e.what());
        return 2;
    }
}
