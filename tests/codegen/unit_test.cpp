// Smaller pieces: C names, constant deduplication, driver errors, C literals.
#include "backends/backend.h"
#include "backends/cpu/cpu_backend.h"
#include "codegen/c_names.h"
#include "codegen/weights_table.h"
#include "driver/driver.h"
#include "ir/error.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace microaot;

TEST(CNames, SanitizesAndUniquifies) {
    EXPECT_EQ(codegen::c_identifier("serving_default_input:0"), "serving_default_input_0");
    EXPECT_EQ(codegen::c_identifier("1x"), "t1x");
    EXPECT_EQ(codegen::c_identifier("int"), "int_");
    EXPECT_EQ(codegen::c_identifier(""), "t");
    EXPECT_EQ(codegen::c_identifier("_x"), "t_x");
    // C macros, standard typedefs and C++ keywords are freed by a suffix; look-alikes are kept.
    for (const char *reserved :
         {"NULL", "errno", "uint8_t", "INT8_MAX", "UINT_LEAST16_MAX", "E2BIG", "FLT_EPSILON",
          "MAO_PROFILE", "M_PI", "class", "new", "template", "bool", "true", "linux", "NDEBUG"})
        EXPECT_EQ(codegen::c_identifier(reserved), std::string(reserved) + "_") << reserved;
    for (const char *plain : {"Edge", "EDGE_", "INPUT", "news", "classes", "M_", "x_t", "input"})
        EXPECT_EQ(codegen::c_identifier(plain), plain) << plain;
    codegen::NameTable t;
    EXPECT_EQ(t.unique("a"), "a");
    EXPECT_EQ(t.unique("a"), "a_2");
    EXPECT_EQ(t.unique("a"), "a_3");
}

TEST(CLiterals, ExactAndValid) {
    EXPECT_EQ(backends::c_int32(INT32_MIN), "(-2147483647 - 1)");
    EXPECT_EQ(backends::c_float(1.0f), "1.0f");
    EXPECT_EQ(backends::c_float(0.1f), "0.1f");
    float back = std::stof(backends::c_float(3.4028235e38f));
    EXPECT_EQ(back, 3.4028235e38f);
    EXPECT_THROW(backends::c_int32(int64_t(INT32_MAX) + 1), CompileError);
    EXPECT_EQ(backends::c_comment("a*/b?"
                                  "?/"),
              "a* /b? ?/");
}

TEST(WeightsTable, DeduplicatesByTypeAndContent) {
    codegen::WeightsTable w("m");
    std::vector<uint8_t> a = {1, 2, 3, 4}, b = {1, 2, 3, 5};
    std::string first = w.add("int8_t", a, "a");
    EXPECT_EQ(w.add("int8_t", a, "a again"), first);
    EXPECT_NE(w.add("int8_t", b, "b"), first);
    EXPECT_NE(w.add("int32_t", a, "a as int32"), first);
    EXPECT_EQ(w.arrays().size(), 3u);
    EXPECT_EQ(w.total_bytes(), 12);
    std::string src = codegen::render_weights_source("m", w);
    EXPECT_NE(src.find("const int8_t m_c0[4] MAO_ALIGN(16) MAO_WEIGHTS_SECTION(m_c0) = {"),
              std::string::npos);
    // bytes 1,2,3,4 read as a little-endian int32: 1 + 2*2^8 + 3*2^16 + 4*2^24
    EXPECT_NE(src.find("67305985"), std::string::npos);
}

namespace {

// input -> RELU -> output on int16 activations: the portable kernels have no int16 path.
ir::Graph lonely_relu() {
    ir::Graph g;
    g.name = "lonely";
    ir::Quantization q{{0.5f}, {3}, 0}; // int16 RELU off zero point 0: no backend takes it
    g.inputs = {g.add_tensor({"x", ir::DType::Int16, {1, 4}, q, std::nullopt})};
    g.outputs = {g.add_tensor({"relu_out", ir::DType::Int16, {1, 4}, q, std::nullopt})};
    g.nodes.push_back({ir::OpKind::Relu, ir::NoAttrs{}, {0}, {1}});
    return g;
}

} // namespace

TEST(Driver, UnclaimedNodeFailsTheCompile) {
    EXPECT_THROW(driver::compile_graph(lonely_relu(), {}), CompileError);
}

TEST(Driver, RejectsBadNameAndTarget) {
    driver::CompileOptions o;
    o.name = "not-a-name";
    EXPECT_THROW(driver::compile_graph(lonely_relu(), o), CompileError);
    EXPECT_THROW(driver::backends_for_target("gpu"), CompileError);
}
