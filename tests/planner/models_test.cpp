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

// The hybrid KWS model: every int8 weight becomes scale[c] * (q - zero_point[c]), c counted
// here from the element's coordinate along the quantization axis.
TEST(PlannerModels, HybridModelWeightsAreDequantizedPerChannel) {
    ir::Graph raw = frontends::import_file(test::model_path("kws_ref_model_float32"));
    ir::Graph converted = raw;
    passes::PassContext context;
    passes::dequantize_hybrid_weights(converted, context);
    int hybrid_nodes = 0;
    for (std::size_t i = 0; i < raw.nodes.size(); ++i) {
        if (!is_hybrid(raw, raw.nodes[i])) continue;
        ++hybrid_nodes;
        const ir::Tensor &q = raw.tensor(raw.nodes[i].inputs[1]);
        const ir::Tensor &f = converted.tensor(converted.nodes[i].inputs[1]);
        ASSERT_EQ(f.dtype, ir::DType::Float32);
        std::vector<float> got(std::size_t(ir::element_count(f.shape)));
        std::memcpy(got.data(), f.data->data(), f.data->size());
        int64_t inner = 1;
        for (std::size_t d = std::size_t(q.quant.axis) + 1; d < q.shape.size(); ++d)
            inner *= q.shape[d];
        for (std::size_t e = 0; e < got.size(); ++e) {
            std::size_t c =
                q.quant.per_channel()
                    ? std::size_t(int64_t(e) / inner % q.shape[std::size_t(q.quant.axis)])
                    : 0;
            float want =
                q.quant.scale[c] * float(int64_t(int8_t((*q.data)[e])) - q.quant.zero_point[c]);
            ASSERT_FLOAT_EQ(got[e], want) << "node " << i << " element " << e;
        }
    }
    EXPECT_GT(hybrid_nodes, 0);
    std::printf("kws_ref_model_float32: %d hybrid nodes dequantized\n", hybrid_nodes);
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
        for (const ir::Node &node : graph.nodes)
            EXPECT_FALSE(is_hybrid(graph, node));
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
