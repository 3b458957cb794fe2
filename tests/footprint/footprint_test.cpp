// The footprint module's parsers on hand-made input: Thumb-2 stack adjustments, GCC call-graph
// files and disassembly, the generated-source reader, --check-fit limits and messages.
#include "footprint/check_fit.h"
#include "footprint/generated_source.h"
#include "footprint/kernel_table.h"
#include "footprint/tablegen/call_graph.h"
#include "ir/error.h"

#include <gtest/gtest.h>

namespace microaot::footprint {
namespace {

using tablegen::CallGraph;
using tablegen::stack_adjustment;

TEST(StackAdjustment, PrologueInstructions) {
    EXPECT_EQ(stack_adjustment("push", "{r4, r5, r6, lr}"), 16);
    EXPECT_EQ(stack_adjustment("push.w", "{r4, r5, r6, r7, r8, r9, sl, fp, lr}"), 36);
    EXPECT_EQ(stack_adjustment("stmdb", "sp!, {r4, r5, r6, r7, r8, r9, sl, fp, ip, lr}"), 40);
    EXPECT_EQ(stack_adjustment("stmdb", "r0!, {r4, r5}"), 0); // not the stack pointer
    EXPECT_EQ(stack_adjustment("vpush", "{d8-d11}"), 32);
    EXPECT_EQ(stack_adjustment("vpush", "{s16-s17}"), 8);
    EXPECT_EQ(stack_adjustment("push", "{r4-r7, lr}"), 20);
    EXPECT_EQ(stack_adjustment("sub", "sp, #72\t@ 0x48"), 72);
    EXPECT_EQ(stack_adjustment("sub.w", "sp, sp, #692\t@ 0x2b4"), 692);
    EXPECT_EQ(stack_adjustment("subw", "sp, sp, #1024"), 1024);
    EXPECT_EQ(stack_adjustment("strd", "ip, lr, [sp, #-16]!"), 16);
    EXPECT_EQ(stack_adjustment("sub", "r3, sp, #8"), 0);
    EXPECT_EQ(stack_adjustment("add", "sp, #72"), 0);
    EXPECT_EQ(stack_adjustment("str", "r3, [sp, #8]"), 0);
}

// Two objects defining a function of the same name, a cross-object call resolved by name, a
// C-library callee known from its disassembly, and inline assembly that pushes more than
// -fstack-usage reports.
TEST(CallGraph, WorstPathAcrossObjectsAndLibrary) {
    CallGraph g;
    g.add_callgraph_info("a.c", R"ci(graph: { title: "a.c"
node: { title: "kernel" label: "kernel\na.c:1:6\n100 bytes (static)" }
node: { title: "a.c:helper" label: "helper\na.c:2:13\n40 bytes (static)" }
node: { title: "other" label: "other\nb.h:3:1" shape : ellipse }
node: { title: "memcpy" label: "__builtin_memcpy\n<built-in>" shape : ellipse }
edge: { sourcename: "kernel" targetname: "a.c:helper" label: "a.c:5:3" }
edge: { sourcename: "a.c:helper" targetname: "other" }
edge: { sourcename: "kernel" targetname: "memcpy" }
})ci");
    g.add_callgraph_info("b.c",
                         R"ci(node: { title: "other" label: "other\nb.c:1:6\n24 bytes (static)" }
node: { title: "kernel" label: "kernel\nb.c:9:6\n8 bytes (static)" })ci");
    g.add_disassembly("libc", "00008000 <memcpy>:\n    8000:\tpush\t{r4, r5, r6, lr}\n"
                              "    8002:\tbl\t8010 <inner>\n"
                              "00008010 <inner>:\n    8010:\tsub\tsp, #40\n    8012:\tbx\tlr\n");
    EXPECT_EQ(g.bound("libc", "memcpy").bytes, 16 + 40);
    tablegen::StackBound a = g.bound("a.c", "kernel");
    EXPECT_EQ(a.bytes, 100 + 40 + 24); // helper + b.c's other: deeper than memcpy (56)
    EXPECT_TRUE(a.exact);
    EXPECT_EQ(g.bound("b.c", "kernel").bytes, 8);

    // helper has an asm block pushing 10 registers besides its prologue: the disassembly's
    // 36 + 40 bytes replace -fstack-usage's 40.
    g.raise_frames_to_disassembly("a.c", "00000000 <helper>:\n   0:\tstmdb\tsp!, {r4, r5, r6, "
                                         "r7, r8, r9, sl, fp, lr}\n   4:\tstmdb\tsp!, {r4, r5, "
                                         "r6, r7, r8, r9, sl, fp, ip, lr}\n");
    EXPECT_EQ(g.bound("a.c", "kernel").bytes, 100 + 76 + 24);

    g.add_callgraph_info("c.c",
                         R"ci(node: { title: "lonely" label: "lonely\nc.c:1:1\n8 bytes (static)" }
node: { title: "missing" label: "missing\nx.h:1:1" shape : ellipse }
edge: { sourcename: "lonely" targetname: "missing" })ci");
    tablegen::StackBound c = g.bound("c.c", "lonely");
    EXPECT_FALSE(c.exact);
    EXPECT_EQ(c.unresolved.count("missing"), 1u);
}

TEST(CallGraph, RecursionAndDynamicFramesAreNotExact) {
    CallGraph g;
    g.add_callgraph_info("r.c", R"ci(node: { title: "f" label: "f\nr.c:1:1\n16 bytes (static)" }
node: { title: "g" label: "g\nr.c:2:1\n32 bytes (dynamic,bounded)" }
edge: { sourcename: "f" targetname: "f" }
edge: { sourcename: "g" targetname: "f" })ci");
    EXPECT_FALSE(g.bound("r.c", "f").exact);
    EXPECT_FALSE(g.bound("r.c", "g").exact);
}

codegen::GeneratedFile file(std::string name, std::string content) {
    return {std::move(name), std::move(content)};
}

TEST(GeneratedSource, CallsArityConstantsPerNode) {
    std::vector<codegen::GeneratedFile> files = {
        file("m_weights.h", "extern const int8_t m_c0[100];\nextern const int32_t m_c1[5];\n"
                            "extern const float m_c2[3];\n"),
        file("m.c", "static const mao_conv_params node0_conv = {\n    .batches = 1,\n};\n"
                    "static const mao_fc_params node1_fc = {\n};\n"
                    "int m_run_with_workspace(const m_inputs *in, m_outputs *out, void *ws) {\n"
                    "    if (in == NULL) return 1;\n"
                    "    MAO_NODE_BEGIN(0);\n"
                    "    mao_conv2d_s8(&node0_conv, in->x, m_c0, m_c1, f(a, b), (int8_t *)(ws + "
                    "16));\n"
                    "    MAO_NODE_END(0);\n"
                    "    MAO_NODE_BEGIN(3);\n"
                    "    void k(const int8_t *p);\n"
                    "    k(m_c1);\n    k(m_c2);\n"
                    "    MAO_NODE_END(3);\n    return 0;\n}\n")};
    GeneratedSource g = read_generated(files, "m");
    EXPECT_EQ(g.constant_bytes.at("m_c0"), 100);
    EXPECT_EQ(g.constant_bytes.at("m_c1"), 20);
    EXPECT_EQ(g.constant_bytes.at("m_c2"), 12);
    EXPECT_EQ(g.param_types, (std::vector<std::string>{"mao_conv_params", "mao_fc_params"}));
    ASSERT_EQ(g.nodes.size(), 2u);
    EXPECT_EQ(*g.nodes[0].node, 0u);
    ASSERT_EQ(g.nodes[0].calls.size(), 1u);
    EXPECT_EQ(g.nodes[0].calls[0].function, "mao_conv2d_s8");
    EXPECT_EQ(g.nodes[0].calls[0].arity, 6); // f(a, b) is one argument
    EXPECT_EQ(g.nodes[0].constants, (std::vector<std::string>{"m_c0", "m_c1"}));
    EXPECT_EQ(*g.nodes[1].node, 3u);
    EXPECT_EQ(g.nodes[1].calls.size(), 2u); // the local prototype is not a call
    EXPECT_EQ(g.nodes[1].constants, (std::vector<std::string>{"m_c1", "m_c2"}));

    EXPECT_THROW(read_generated({files[1]}, "m"), CompileError);
}

TEST(CheckFit, ParsesLimits) {
    FitLimits l;
    EXPECT_EQ(parse_fit_limits("flash=512K,ram=128K", l), "");
    EXPECT_EQ(*l.flash, 512 * 1024);
    EXPECT_EQ(*l.ram, 128 * 1024);
    EXPECT_EQ(parse_fit_limits("ram=2M", l), "");
    EXPECT_FALSE(l.flash);
    EXPECT_EQ(*l.ram, 2 * 1024 * 1024);
    EXPECT_EQ(parse_fit_limits("flash=1000", l), "");
    EXPECT_EQ(*l.flash, 1000);
    EXPECT_NE(parse_fit_limits("", l), "");
    EXPECT_NE(parse_fit_limits("flash", l), "");
    EXPECT_NE(parse_fit_limits("flash=12Q", l), "");
    EXPECT_NE(parse_fit_limits("flash=-1K", l), "");
    EXPECT_NE(parse_fit_limits("eeprom=1K", l), "");
    EXPECT_NE(parse_fit_limits("flash=99999999999999999999", l), "");
    EXPECT_NE(parse_fit_limits("flash=9999999999999999K", l), "");
}

TEST(CheckFit, NamesTheLargestConsumers) {
    Footprint fp;
    fp.measured = true;
    fp.weights = 1000;
    fp.weights_per_layer = {{std::size_t(2), "CONV_2D", 700},
                            {std::size_t(5), "FULLY_CONNECTED", 300}};
    fp.kernels = {{"mao_conv2d_s8", "cortex_m4/mao_conv2d_s8.c", 1, 400, 0, 0, 64, true}};
    fp.entry_code = 100;
    fp.workspace = 2000;
    fp.stack_bound = 96;
    EXPECT_EQ(fp.flash(), 1500);
    EXPECT_EQ(fp.ram(), 2096);
    FitLimits l;
    ASSERT_EQ(parse_fit_limits("flash=1K,ram=4K", l), "");
    std::vector<std::string> v = fit_violations(fp, l);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0], "flash does not fit: needs 1,500 B, limit 1K (1,024 B), 476 B over; largest: "
                    "weights of node 2 (CONV_2D) 700 B, kernel mao_conv2d_s8 400 B, weights of "
                    "node 5 (FULLY_CONNECTED) 300 B");
    ASSERT_EQ(parse_fit_limits("flash=1500,ram=2096", l), "");
    EXPECT_TRUE(fit_violations(fp, l).empty());
    ASSERT_EQ(parse_fit_limits("ram=2095", l), "");
    v = fit_violations(fp, l);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].rfind("RAM does not fit: needs 2,096 B", 0), 0u);
}

TEST(KernelTable, FingerprintIsFnv1a) {
    EXPECT_EQ(fingerprint(""), "cbf29ce484222325");
    EXPECT_EQ(fingerprint("a"), "af63dc4c8601ec8c");
}

} // namespace
} // namespace microaot::footprint
