// Same model in -> byte-identical files out, including after a round trip through the disk.
#include "driver/driver.h"
#include "driver/process.h"
#include "ir/error.h"
#include "shared_models.h"

#include <map>

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace microaot;

namespace {

std::string slurp(const std::filesystem::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(Codegen, ModelsFoundInSharedDir) {
    EXPECT_GE(test::supported_golden_models().size(), 13u);
}

// Every file of `dir` (recursively) by relative path -> content.
std::map<std::string, std::string> tree(const std::filesystem::path &dir) {
    std::map<std::string, std::string> out;
    for (const auto &e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out[std::filesystem::relative(e.path(), dir).string()] = slurp(e.path());
    return out;
}

// Two separate `microaot compile` processes (fresh address space, fresh allocator state, so no
// hidden dependence on pointer order or uninitialised memory) write identical trees, for the
// portable and the Cortex-M4 runtime and with the accelerator.
TEST(Codegen, TwoProcessesWriteIdenticalTrees) {
    for (const auto &model : test::supported_golden_models()) {
        for (std::vector<std::string> extra :
             {std::vector<std::string>{}, {"--target", "cortex-m4f", "--accel", "macarray"}}) {
            SCOPED_TRACE(model + (extra.empty() ? "" : " cortex-m4f+macarray"));
            driver::TempDir dir;
            for (const char *sub : {"a", "b"}) {
                std::vector<std::string> argv = {MICROAOT_BINARY, "compile",
                                                 test::model_path(model), "-o",
                                                 (dir.path() / sub).string()};
                argv.insert(argv.end(), extra.begin(), extra.end());
                // The accelerator takes int8 nodes only; the CPU runs the rest.
                ASSERT_EQ(driver::run_process(argv), 0);
            }
            auto a = tree(dir.path() / "a"), b = tree(dir.path() / "b");
            EXPECT_GT(a.size(), 4u);
            EXPECT_EQ(a, b);
        }
    }
}

// Models the compiler refuses today are refused with one line naming the operator.
TEST(Codegen, UnsupportedModelsAreRefusedByName) {
    for (const auto &model : test::golden_models()) {
        auto op = test::expected_refusal(model);
        if (!op) continue;
        try {
            driver::compile_file(test::model_path(model), {});
            ADD_FAILURE() << model << " is listed as unsupported but compiles";
        } catch (const CompileError &e) {
            std::string message = e.what();
            EXPECT_NE(message.find(*op), std::string::npos) << message;
        }
    }
}

} // namespace

TEST(Codegen, CompilingTwiceGivesIdenticalDirectories) {
    for (const auto &model : test::supported_golden_models()) {
        SCOPED_TRACE(model);
        driver::TempDir dir;
        auto a = driver::compile_file(test::model_path(model), {});
        auto b = driver::compile_file(test::model_path(model), {});
        codegen::write_files(dir.path() / "a", a.generated.files);
        codegen::write_files(dir.path() / "b", b.generated.files);
        ASSERT_EQ(a.generated.files.size(), b.generated.files.size());
        for (std::size_t i = 0; i < a.generated.files.size(); ++i) {
            const std::string &name = a.generated.files[i].name;
            ASSERT_EQ(name, b.generated.files[i].name);
            EXPECT_EQ(slurp(dir.path() / "a" / name), slurp(dir.path() / "b" / name)) << name;
        }
        std::size_t on_disk = 0;
        for ([[maybe_unused]] const auto &e : std::filesystem::directory_iterator(dir.path() / "b"))
            ++on_disk;
        EXPECT_EQ(on_disk, b.generated.files.size());
    }
}
