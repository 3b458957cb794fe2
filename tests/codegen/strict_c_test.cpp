// Generated code of every shared model compiles as strict C99 under gcc, clang and (when found)
// arm-none-eabi-gcc for the Cortex-M4F, also with the weights placed in their own sections.
#include "driver/driver.h"
#include "driver/process.h"
#include "shared_models.h"

#include <gtest/gtest.h>

using namespace microaot;

namespace {

bool have_tool(const std::string &tool) {
    return driver::run_process({"sh", "-c", "command -v " + tool + " >/dev/null 2>&1"}) == 0;
}

// Compiles every .c file of `dir` to an object with `cc` and `flags`.
void compile_all(const std::string &cc, const std::vector<std::string> &flags,
                 const std::filesystem::path &dir, const std::filesystem::path &obj_dir) {
    std::filesystem::create_directories(obj_dir);
    for (const auto &e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() != ".c") continue;
        std::vector<std::string> argv = {cc,           "-std=c99", "-Wall", "-Wextra",
                                         "-Wpedantic", "-Werror",  "-c",    "-I" + dir.string()};
        argv.insert(argv.end(), flags.begin(), flags.end());
        argv.push_back(e.path().string());
        argv.push_back("-o");
        argv.push_back((obj_dir / e.path().filename().replace_extension(".o")).string());
        EXPECT_EQ(driver::run_process(argv), 0) << cc << " " << e.path();
    }
}

// The generated code for both the portable and the Cortex-M4 runtime (whose kernels have C
// fallbacks off-target), with the weights in their own sections for one of the two.
void check_compiler(const std::string &cc, const std::vector<std::string> &flags) {
    // scripts/setup.sh installs every compiler used here: a missing one is a failure.
    ASSERT_TRUE(have_tool(cc)) << cc << " not found";
    for (const auto &model : test::supported_golden_models()) {
        SCOPED_TRACE(model);
        driver::TempDir dir;
        auto r = driver::compile_file(test::model_path(model), {});
        codegen::write_files(dir.path() / "gen", r.generated.files);
        compile_all(cc, flags, dir.path() / "gen", dir.path() / "obj");
        driver::CompileOptions m4;
        m4.target = "cortex-m4f";
        auto r_m4 = driver::compile_file(test::model_path(model), m4);
        codegen::write_files(dir.path() / "gen_m4", r_m4.generated.files);
        auto sections = flags;
        sections.push_back("-DMAO_WEIGHTS_IN_SECTION");
        compile_all(cc, sections, dir.path() / "gen_m4", dir.path() / "obj_m4");
    }
}

} // namespace

TEST(StrictC, Gcc) {
    check_compiler("gcc", {"-O2"});
}
TEST(StrictC, Clang) {
    check_compiler("clang", {"-O2"});
}
TEST(StrictC, ArmNoneEabiGcc) {
    check_compiler("arm-none-eabi-gcc",
                   {"-Os", "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"});
}
