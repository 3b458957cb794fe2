// Every shared .tflite model: import, run the default passes, plan, check; prints peak vs bound.
#include "frontends/registry.h"
#include "passes/builtin_passes.h"
#include "passes/pass.h"
#include "planner/memory_plan.h"
#include "shared_models.h"

#include "ir/error.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

namespace microaot {
namespace {

std::vector<std::filesystem::path> shared_models() {
    std::vector<std::filesystem::path> paths;
    for (const auto &path : test::shared_model_files())
        if (!test::expected_refusal(path.stem().string())) paths.push_back(path);
    return paths;
}

bool is_hybrid(const ir::Graph &g, const ir::Node &n) {
    bool weighted = n.kind == ir::OpKind::Conv2D || n.kind == ir::OpKind::DepthwiseConv2D ||
                    n.kind == ir::OpKind::FullyConnected;
    return weighted && g.tensor(n.inputs[0]).dtype == ir::DType::Float32 &&
           g.tensor(n.inputs[1]).dtype == ir::DType::Int8;
}

// The hybrid KWS model: the default passes keep every hybrid node's weights int8 (the CPU backend
// runs TFLite's hybrid kernels on them), byte for byte as imported, with their quantization.
TEST(PlannerModels, HybridModelWeightsStayInt8) {
    ir::Graph raw = frontends::import_file(test::model_path("kws_ref_model_float32"));
    std::vector<std::vector<uint8_t>> imported;
    for (const ir::Node &n : raw.nodes)
        if (is_hybrid(raw, n)) imported.push_back(*raw.tensor(n.inputs[1]).data);
    ASSERT_FALSE(imported.empty());

    ir::Graph graph = raw;
    passes::PassContext context;
    passes::run_pipeline(graph, context, passes::default_pipeline());
    std::size_t hybrid_nodes = 0;
    for (const ir::Node &n : graph.nodes) {
        if (!is_hybrid(graph, n)) continue;
        const ir::Tensor &w = graph.tensor(n.inputs[1]);
        ASSERT_LT(hybrid_nodes, imported.size());
        EXPECT_EQ(*w.data, imported[hybrid_nodes]) << "hybrid node " << hybrid_nodes;
        EXPECT_FALSE(w.quant.empty());
        ++hybrid_nodes;
    }
    EXPECT_EQ(hybrid_nodes, imported.size());
    std::printf("kws_ref_model_float32: %zu hybrid nodes keep int8 weights\n", hybrid_nodes);
}

TEST(PlannerModels, EverySharedModelGetsACheckedPlan) {
    auto paths = shared_models();
    ASSERT_FALSE(paths.empty());
    for (const auto &path : paths) {
        SCOPED_TRACE(path.filename().string());
        ir::Graph graph;
        try {
            graph = frontends::import_file(path.string());
        } catch (const CompileError &e) {
            // Unsupported models are the importer's business; report and go on.
            std::printf("%-34s not imported: %s\n", path.filename().c_str(), e.what());
            continue;
        }
        passes::PassContext context;
        passes::run_pipeline(graph, context, passes::default_pipeline());
        std::printf("%-34s passes: %zu log lines, %zu aliases\n", path.filename().c_str(),
                    context.log.size(), context.aliases.size());
        for (bool place_io : {false, true}) {
            planner::PlanOptions options;
            options.place_graph_io = place_io;
            planner::MemoryPlan plan = planner::plan_memory(graph, context.aliases, {}, options);
            EXPECT_NO_THROW(planner::check_plan(graph, plan, options));
            EXPECT_GE(plan.peak, plan.lower_bound);
            std::printf("%-34s io=%d nodes %3zu buffers %3zu peak %8lld bound %8lld (%s)\n",
                        path.filename().c_str(), int(place_io), graph.nodes.size(),
                        plan.buffers.size(), static_cast<long long>(plan.peak),
                        static_cast<long long>(plan.lower_bound), plan.strategy.c_str());
        }
    }
}

} // namespace
} // namespace microaot
