// The static plan of every shared model passes check_plan and needs no more RAM than TFLM's arena.
#include "driver/driver.h"
#include "driver/golden.h"
#include "shared_models.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace microaot;

TEST(Workspace, PlanIsValidAndWithinTflmArena) {
    for (const auto &model : test::supported_golden_models()) {
        SCOPED_TRACE(model);
        auto r = driver::compile_file(test::model_path(model), {});
        EXPECT_NO_THROW(planner::check_plan(r.graph, r.plan));
        EXPECT_LE(r.plan.lower_bound, r.plan.peak);
        auto manifest = driver::load_manifest(test::shared_dir() / "golden" / model);
        if (manifest.arena_used_bytes > 0) {
            EXPECT_LE(r.plan.peak, manifest.arena_used_bytes);
            EXPECT_LE(r.plan.peak, manifest.arena_used_bytes_32bit);
        }
        // The header and the metadata report the planned size.
        const auto &files = r.generated.files;
        auto find = [&](const std::string &name) -> const std::string & {
            for (const auto &f : files)
                if (f.name == name) return f.content;
            ADD_FAILURE() << "missing " << name;
            return files.front().content;
        };
        std::string define = r.name + "_WORKSPACE_SIZE " + std::to_string(r.plan.peak) + "\n";
        EXPECT_NE(find(r.name + ".h").find(define), std::string::npos);
        auto meta = nlohmann::json::parse(find(r.name + "_metadata.json"));
        EXPECT_EQ(meta["workspace"]["size"].get<int64_t>(), r.plan.peak);
        EXPECT_EQ(meta["nodes"].size(), r.graph.nodes.size());
    }
}
