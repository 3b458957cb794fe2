// The ONNX importer on hand-built ModelProtos: the NCHW -> NHWC conversion of weights and
// inputs, each kind of broken or unsupported file refused with one line naming it, and damaged
// copies of a valid model (every truncation, seeded bit flips) refused without a crash.
#include "frontends/onnx/importer.h"
#include "frontends/registry.h"
#include "ir/error.h"

#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace microaot::test {
namespace {

using ::testing::HasSubstr;

void add_initializer(onnx::GraphProto &g, const std::string &name, std::vector<int64_t> dims,
                     const std::vector<float> &values) {
    onnx::TensorProto *t = g.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
        t->add_dims(d);
    t->set_raw_data(std::string(reinterpret_cast<const char *>(values.data()), values.size() * 4));
}

void add_value(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> *list,
               const std::string &name, std::vector<int64_t> dims) {
    onnx::ValueInfoProto *v = list->Add();
    v->set_name(name);
    auto *tt = v->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
        tt->mutable_shape()->add_dim()->set_dim_value(d);
}

onnx::NodeProto *add_node(onnx::GraphProto &g, const std::string &op,
                          std::vector<std::string> inputs, std::vector<std::string> outputs) {
    onnx::NodeProto *n = g.add_node();
    n->set_op_type(op);
    n->set_name(outputs.empty() ? op : outputs[0]);
    for (auto &i : inputs)
        n->add_input(i);
    for (auto &o : outputs)
        n->add_output(o);
    return n;
}

void set_ints(onnx::NodeProto *n, const std::string &name, std::vector<int64_t> values) {
    auto *a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
        a->add_ints(v);
}

// x [1,2,3,3] -> Conv(3 filters 2x2, values 0..23) -> Relu -> Flatten -> Gemm(transB) -> y [1,2]
onnx::ModelProto conv_model(int64_t opset = 13) {
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.set_producer_name("microaot-test");
    auto *o = m.add_opset_import();
    o->set_domain("");
    o->set_version(opset);
    onnx::GraphProto &g = *m.mutable_graph();
    g.set_name("g");
    std::vector<float> w(24);
    for (int i = 0; i < 24; ++i)
        w[std::size_t(i)] = float(i);
    add_initializer(g, "w", {3, 2, 2, 2}, w);
    add_initializer(g, "b", {3}, {0.5f, -0.5f, 1.0f});
    std::vector<float> fc(2 * 12);
    for (int i = 0; i < 24; ++i)
        fc[std::size_t(i)] = float(100 + i);
    add_initializer(g, "fc", {2, 12}, fc);
    add_value(g.mutable_input(), "x", {1, 2, 3, 3});
    set_ints(add_node(g, "Conv", {"x", "w", "b"}, {"c"}), "pads", {0, 0, 0, 0});
    add_node(g, "Relu", {"c"}, {"r"});
    add_node(g, "Flatten", {"r"}, {"f"});
    auto *gemm = add_node(g, "Gemm", {"f", "fc"}, {"y"});
    auto *tb = gemm->add_attribute();
    tb->set_name("transB");
    tb->set_type(onnx::AttributeProto::INT);
    tb->set_i(1);
    add_value(g.mutable_output(), "y", {1, 2});
    return m;
}

std::vector<uint8_t> bytes_of(const onnx::ModelProto &m) {
    std::string s = m.SerializeAsString();
    return {s.begin(), s.end()};
}

// The one-line error of importing `bytes`, or "" when it imports.
std::string import_error(const std::vector<uint8_t> &bytes,
                         const frontends::ImportOptions &options = {}, std::string path = "") {
    try {
        onnx_import::import_model({bytes, "m", "m.onnx", std::move(path)}, options);
    } catch (const CompileError &e) {
        std::string message = e.what();
        EXPECT_EQ(message.find('\n'), std::string::npos) << "error spans lines: " << message;
        return message;
    }
    return "";
}
std::string import_error(const onnx::ModelProto &m) {
    return import_error(bytes_of(m));
}

std::vector<float> floats_of(const ir::Tensor &t) {
    std::vector<float> v(t.data->size() / 4);
    std::memcpy(v.data(), t.data->data(), t.data->size());
    return v;
}

TEST(OnnxImport, ChosenByContentAndConvertedToNhwc) {
    std::vector<uint8_t> bytes = bytes_of(conv_model());
    ir::Graph g = frontends::import_bytes(bytes, "conv");
    ASSERT_EQ(g.nodes.size(), 4u);
    EXPECT_EQ(g.nodes[0].kind, ir::OpKind::Conv2D);
    EXPECT_EQ(g.nodes[3].kind, ir::OpKind::FullyConnected);
    EXPECT_EQ(g.tensor(g.inputs[0]).shape, (ir::Shape{1, 3, 3, 2}));
    EXPECT_THAT(g.layout_notes.at("x"), HasSubstr("NCHW [1x2x3x3]"));
    // OHWI filter: element [o][h][w][i] is ONNX's [o][i][h][w] = o*8 + i*4 + h*2 + w.
    const ir::Tensor &f = g.tensor(g.nodes[0].inputs[1]);
    EXPECT_EQ(f.shape, (ir::Shape{3, 2, 2, 2}));
    std::vector<float> fv = floats_of(f);
    EXPECT_EQ(fv[1], 4.0f);  // [0][0][0][1] = ONNX [0][1][0][0]
    EXPECT_EQ(fv[2], 1.0f);  // [0][0][1][0] = ONNX [0][0][0][1]
    EXPECT_EQ(fv[9], 12.0f); // [1][0][0][1] = ONNX [1][1][0][0]
    // The flattened [1,3,2,2] map is held as HWC: IR column j = (h*2+w)*3 + c reads ONNX
    // column c*4 + h*2 + w of the Gemm weights.
    std::vector<float> wv = floats_of(g.tensor(g.nodes[3].inputs[1]));
    EXPECT_EQ(wv[1], 104.0f);                 // j=1: h=0,w=0,c=1 -> k=4
    EXPECT_EQ(wv[3], 101.0f);                 // j=3: h=0,w=1,c=0 -> k=1
    EXPECT_EQ(wv[12 + 11], 100.0f + 12 + 11); // j=11: h=1,w=1,c=2 -> k=11
}

TEST(OnnxImport, Opset20IsCheckedByUs) {
    EXPECT_EQ(import_error(conv_model(20)), "");
    EXPECT_THAT(import_error(conv_model(21)), HasSubstr("opset 21 is not supported"));
}

TEST(OnnxImport, EveryUnsupportedOperatorNamedOnce) {
    onnx::ModelProto m = conv_model();
    onnx::GraphProto &g = *m.mutable_graph();
    g.mutable_node(1)->set_op_type("Sigmoid");
    add_node(g, "Tanh", {"y"}, {"t1"});
    add_node(g, "Sigmoid", {"t1"}, {"t2"});
    auto *ms = m.add_opset_import();
    ms->set_domain("com.microsoft");
    ms->set_version(1);
    auto *q = add_node(g, "QGemm", {"t2"}, {"t3"});
    q->set_domain("com.microsoft");
    std::string e = import_error(m);
    EXPECT_THAT(e, HasSubstr("unsupported ONNX operators: Sigmoid (x2, first node 1 'r'), "
                             "Tanh (x1, first node 4 't1'), com.microsoft:QGemm (x1"));
}

TEST(OnnxImport, DynamicDimsNeedInputShape) {
    onnx::ModelProto m = conv_model();
    auto *dim = m.mutable_graph()
                    ->mutable_input(0)
                    ->mutable_type()
                    ->mutable_tensor_type()
                    ->mutable_shape()
                    ->mutable_dim(0);
    dim->set_dim_param("batch");
    EXPECT_THAT(import_error(m), HasSubstr("graph input 'x' has dynamic dimension 0 ('batch')"));
    frontends::ImportOptions fixed;
    fixed.input_shapes = {{"x", {1, 2, 3, 3}}};
    EXPECT_EQ(import_error(bytes_of(m), fixed), "");
    frontends::ImportOptions wrong_rank;
    wrong_rank.input_shapes = {{"x", {1, 2, 3}}};
    EXPECT_THAT(import_error(bytes_of(m), wrong_rank), HasSubstr("has rank 3"));
    frontends::ImportOptions unknown;
    unknown.input_shapes = {{"nope", {1}}};
    EXPECT_THAT(import_error(bytes_of(m), unknown),
                HasSubstr("'nope', which is not a graph input"));
}

TEST(OnnxImport, BrokenTensorsAndGraphs) {
    {
        onnx::ModelProto m = conv_model(20); // our own checks (no library checker)
        m.mutable_graph()->mutable_initializer(0)->mutable_raw_data()->resize(7);
        EXPECT_THAT(import_error(m), HasSubstr("initializer 'w': raw_data has 7 bytes"));
    }
    {
        onnx::ModelProto m = conv_model(20);
        m.mutable_graph()->mutable_initializer(0)->set_dims(0, -3);
        EXPECT_THAT(import_error(m), HasSubstr("dimension -3 is negative or too large"));
    }
    {
        onnx::ModelProto m = conv_model(20);
        m.mutable_graph()->mutable_initializer(0)->set_dims(0, int64_t(1) << 40);
        EXPECT_THAT(import_error(m), HasSubstr("negative or too large"));
    }
    {
        onnx::ModelProto m = conv_model(20);
        m.mutable_graph()->mutable_initializer()->RemoveLast(); // fc
        EXPECT_THAT(import_error(m), HasSubstr("reads 'fc', which no graph input"));
    }
    {
        onnx::ModelProto m = conv_model(20); // a cycle: Relu reads the Gemm's output
        m.mutable_graph()->mutable_node(1)->set_input(0, "y");
        EXPECT_THAT(import_error(m), HasSubstr("node 1 'r' (Relu): reads 'y'"));
    }
    {
        onnx::ModelProto m = conv_model(20);
        m.mutable_graph()->mutable_node(0)->mutable_attribute(0)->set_type(
            onnx::AttributeProto::FLOAT);
        EXPECT_THAT(import_error(m), HasSubstr("attribute 'pads' has type 1, expected 7"));
    }
    {
        onnx::ModelProto m = conv_model(13); // the library's checker speaks for opset 13
        m.mutable_graph()->mutable_node(1)->set_input(0, "y");
        EXPECT_THAT(import_error(m), HasSubstr("ONNX checker:"));
    }
    {
        onnx::ModelProto m = conv_model(20);
        m.mutable_graph()->mutable_initializer(2)->set_data_type(onnx::TensorProto::DOUBLE);
        EXPECT_THAT(import_error(m), HasSubstr("tensor data type 11 is not supported"));
    }
}

TEST(OnnxImport, ExternalData) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("microaot-onnx-test-" + std::to_string(getpid()));
    fs::create_directories(dir);
    onnx::ModelProto m = conv_model(20);
    onnx::TensorProto *t = m.mutable_graph()->mutable_initializer(1); // b: 3 floats
    std::string data = t->raw_data();
    t->clear_raw_data();
    t->set_data_location(onnx::TensorProto::EXTERNAL);
    auto kv = [&](const std::string &k, const std::string &v) {
        auto *e = t->add_external_data();
        e->set_key(k);
        e->set_value(v);
    };
    kv("location", "m.onnx.data");
    kv("offset", "4");
    kv("length", "12");
    std::vector<uint8_t> bytes = bytes_of(m);
    std::string model_path = (dir / "m.onnx").string();
    EXPECT_THAT(import_error(bytes, {}, model_path), HasSubstr("is not beside the model"));
    EXPECT_THAT(import_error(bytes), HasSubstr("needs the model read from a file"));
    {
        std::ofstream out(dir / "m.onnx.data", std::ios::binary);
        out << "pad!" << data;
    }
    EXPECT_EQ(import_error(bytes, {}, model_path), "");
    t->mutable_external_data(1)->set_value("8");
    EXPECT_THAT(import_error(bytes_of(m), {}, model_path), HasSubstr("does not fit"));
    t->mutable_external_data(0)->set_value("../m.onnx.data");
    EXPECT_THAT(import_error(bytes_of(m), {}, model_path), HasSubstr("must be a file name"));
    fs::remove_all(dir);
}

// Every truncation and 2,000 seeded bit flips of a valid model: each one imports or is refused
// with a CompileError (ASan/UBSan builds make out-of-bounds reads fail too).
TEST(OnnxImport, DamagedCopiesNeverCrash) {
    for (int64_t opset : {13, 20}) {
        std::vector<uint8_t> good = bytes_of(conv_model(opset));
        int refused = 0;
        for (std::size_t n = 0; n < good.size(); ++n) {
            std::vector<uint8_t> cut(good.begin(), good.begin() + std::ptrdiff_t(n));
            if (!import_error(cut).empty()) ++refused;
        }
        EXPECT_GT(refused, int(good.size()) / 2);
        uint64_t state = 12345 + uint64_t(opset);
        auto next = [&] {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return state >> 33;
        };
        for (int i = 0; i < 2000; ++i) {
            std::vector<uint8_t> bad = good;
            for (int flips = 1 + int(next() % 3); flips > 0; --flips)
                bad[next() % bad.size()] ^= uint8_t(1u << (next() % 8));
            import_error(bad);
        }
    }
}

} // namespace
} // namespace microaot::test
