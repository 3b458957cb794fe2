// A hand-built graph with a two-output node (SPLIT) goes through planner and codegen, builds on
// the host under ASan+UBSan, and computes what an independent evaluation in the test computes.
#include "driver/driver.h"
#include "driver/host_build.h"
#include "driver/process.h"
#include "graph_builder.h"

#include <cstring>
#include <fstream>
#include <gtest/gtest.h>

using namespace microaot;
using namespace microaot::testing;

namespace {

// x[2,6] -> SPLIT(axis 1) -> a[2,2], b[2,4]; b -> SPLIT(axis 1) -> c[2,2], d[2,2];
// y = a + c (intermediate a, c), outputs y and d (one split output is a graph output).
ir::Graph two_output_graph() {
    ir::Graph g;
    g.name = "split_add";
    ir::TensorId x = input(g, "x", {2, 6});
    ir::TensorId a = activation(g, "a", {2, 2}), b = activation(g, "b", {2, 4});
    ir::TensorId c = activation(g, "c", {2, 2}), d = activation(g, "d", {2, 2});
    ir::TensorId y = activation(g, "y", {2, 2});
    g.nodes.push_back({ir::OpKind::Split, ir::SplitAttrs{1}, {x}, {a, b}});
    g.nodes.push_back({ir::OpKind::Split, ir::SplitAttrs{1}, {b}, {c, d}});
    add_node(g, ir::OpKind::Add, ir::BinaryAttrs{}, {a, c}, y);
    g.outputs = {y, d};
    return g;
}

void write_floats(const std::filesystem::path &path, const std::vector<float> &v) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(v.data()), std::streamsize(v.size() * 4));
}

std::vector<float> read_floats(const std::filesystem::path &path, std::size_t n) {
    std::vector<float> v(n);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char *>(v.data()), std::streamsize(n * 4));
    return v;
}

} // namespace

TEST(MultiOutput, SplitNodesPlanEmitAndRun) {
    for (const char *target : {"host", "cortex-m4f"}) {
        SCOPED_TRACE(target);
        driver::CompileOptions options;
        options.name = "m";
        options.target = target;
        auto r = driver::compile_graph(two_output_graph(), options);
        // Both outputs of the first SPLIT are placed or live in a caller buffer.
        EXPECT_TRUE(r.plan.offset_of.contains(1) && r.plan.offset_of.contains(2));
        EXPECT_NO_THROW(planner::check_plan(r.graph, r.plan));

        driver::TempDir dir;
        codegen::write_files(dir.path() / "gen", r.generated.files);
        std::ofstream(dir.path() / "harness.c")
            << driver::render_harness("m", r.graph, r.generated.io);
        std::filesystem::path exe = dir.path() / "run";
        ASSERT_EQ(driver::build_host_program("cc", dir.path() / "gen", {dir.path() / "harness.c"},
                                             exe, true),
                  0);
        std::vector<float> x(12);
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = float(i) * 0.5f - 1.0f;
        write_floats(dir.path() / "x.bin", x);
        ASSERT_EQ(
            driver::run_process({exe.string(), (dir.path() / "x.bin").string(),
                                 (dir.path() / "y.bin").string(), (dir.path() / "d.bin").string()}),
            0);
        // Row r of x is [a0 a1 c0 c1 d0 d1]: y = a + c, d as is.
        std::vector<float> y = read_floats(dir.path() / "y.bin", 4);
        std::vector<float> d = read_floats(dir.path() / "d.bin", 4);
        for (int row = 0; row < 2; ++row)
            for (int col = 0; col < 2; ++col) {
                EXPECT_EQ(y[std::size_t(row * 2 + col)],
                          x[std::size_t(row * 6 + col)] + x[std::size_t(row * 6 + 2 + col)]);
                EXPECT_EQ(d[std::size_t(row * 2 + col)], x[std::size_t(row * 6 + 4 + col)]);
            }
    }
}
