// The host interpreter (ir::run_on_host) against TFLite Micro's float references: every shared
// float model's golden outputs, sample by sample, within float tolerance; and its errors.
#include "driver/golden.h"
#include "frontends/registry.h"
#include "graph_builder.h"
#include "ir/error.h"
#include "ir/interpreter.h"
#include "passes/pass.h"
#include "shared_models.h"

#include <gtest/gtest.h>

namespace microaot::test {
namespace {

using namespace microaot::testing;

// Float activations throughout (constants may be int8: hybrid weights, skipped: no golden). A model
// with float edges around int8 layers (model_ToyCar_quant_fullint_micro) is not a float model.
bool all_float(const ir::Graph &g) {
    for (const ir::Tensor &t : g.tensors)
        if (!t.is_constant() && t.dtype != ir::DType::Float32) return false;
    return true;
}

TEST(HostInterpreter, FloatModelsMatchTheirGoldenOutputs) {
    int models = 0;
    for (const std::string &stem : supported_golden_models()) {
        auto manifest = driver::load_manifest(golden_dir(stem));
        ir::Graph g = frontends::import_file(model_path(stem));
        if (!all_float(g) || manifest.status != "ok") continue;
        SCOPED_TRACE(stem);
        // (The hybrid model keeps int8 weights and has no TFLM golden: tests/golden/
        // tf_hybrid_check.py compares it with TensorFlow instead.)
        passes::PassContext context;
        passes::run_pipeline(g, context, passes::default_pipeline());
        ++models;
        for (const auto &sample : manifest.samples) {
            std::vector<std::vector<uint8_t>> inputs;
            for (std::size_t i = 0; i < sample.inputs.size(); ++i)
                inputs.push_back(
                    driver::read_exact(manifest.dir / sample.inputs[i], manifest.inputs[i].bytes));
            auto values = ir::run_on_host(g, inputs);
            for (std::size_t j = 0; j < sample.outputs.size(); ++j) {
                auto ref =
                    driver::read_exact(manifest.dir / sample.outputs[j], manifest.outputs[j].bytes);
                auto c = driver::compare_outputs(ir::DType::Float32,
                                                 values[std::size_t(g.outputs[j])], ref);
                EXPECT_TRUE(c.ok())
                    << "sample " << sample.k << " output " << j << ": " << c.mismatches << " of "
                    << c.elements << " differ, worst " << c.worst_abs;
            }
        }
    }
    // hello_world_float, magic_wand, ad01_fp32, pretrainedResnet, vww_96_float
    EXPECT_GE(models, 5);
}

TEST(HostInterpreter, NamesTheNodeItCannotEvaluate) {
    ir::Graph g;
    ir::Quantization q{{0.5f}, {0}, 0};
    ir::TensorId x = input(g, "x", {1, 4}, ir::DType::Int8, q);
    ir::TensorId y = activation(g, "y", {1, 4}, ir::DType::Int8, q);
    add_node(g, ir::OpKind::Relu, ir::NoAttrs{}, {x}, y);
    g.outputs = {y};
    try {
        ir::run_on_host(g, {std::vector<uint8_t>(4)});
        FAIL() << "int8 RELU evaluated";
    } catch (const CompileError &e) {
        EXPECT_NE(std::string(e.what()).find("node 0 (RELU -> 'y'): int8 RELU is not evaluated"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(ir::run_on_host(g, {std::vector<uint8_t>(3)}), CompileError);
    EXPECT_THROW(ir::run_on_host(g, {}), CompileError);
}

} // namespace
} // namespace microaot::test
