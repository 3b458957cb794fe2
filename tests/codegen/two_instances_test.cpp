// Two instances with separate workspaces give the same results as NAME_run (two_instances.c).
#include "driver/driver.h"
#include "driver/host_build.h"
#include "driver/process.h"
#include "shared_models.h"

#include <gtest/gtest.h>

using namespace microaot;

TEST(TwoInstances, SeparateWorkspacesMatchStaticRun) {
    driver::CompileOptions options;
    options.name = "m";
    auto r = driver::compile_file(test::model_path("kws_ref_model"), options);
    driver::TempDir dir;
    codegen::write_files(dir.path() / "gen", r.generated.files);
    std::filesystem::path exe = dir.path() / "two_instances";
    ASSERT_EQ(driver::build_host_program("cc", dir.path() / "gen", {TWO_INSTANCES_C}, exe, true),
              0);
    EXPECT_EQ(driver::run_process({exe.string()}), 0);
}
