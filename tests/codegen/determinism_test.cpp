// Same model in -> byte-identical files out, including after a round trip through the disk.
#include "driver/driver.h"
#include "driver/process.h"
#include "shared_models.h"

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

} // namespace

TEST(Codegen, ModelsFoundInSharedDir) {
    EXPECT_GE(test_models::shared_models().size(), 10u);
}

TEST(Codegen, CompilingTwiceGivesIdenticalDirectories) {
    for (const auto &model : test_models::shared_models()) {
        SCOPED_TRACE(model);
        driver::TempDir dir;
        auto a = driver::compile_file(test_models::model_path(model), {});
        auto b = driver::compile_file(test_models::model_path(model), {});
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
