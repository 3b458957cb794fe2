#include "model_editor.h"

#include <stdexcept>

namespace microaot::semantic_fuzz {
namespace {

namespace fb = test::fb;

template <class T> std::vector<T> vector_of(const flatbuffers::Vector<T> *v) {
    return v ? std::vector<T>(v->begin(), v->end()) : std::vector<T>{};
}

std::map<std::string, double> option_fields(const fb::Operator &op) {
    switch (op.builtin_options_type()) {
    case fb::BuiltinOptions::Conv2DOptions: {
        const auto *o = op.builtin_options_as_Conv2DOptions();
        return {{"padding", o->padding()},
                {"stride_w", o->stride_w()},
                {"stride_h", o->stride_h()},
                {"fused_activation_function", o->fused_activation_function()},
                {"dilation_w_factor", o->dilation_w_factor()},
                {"dilation_h_factor", o->dilation_h_factor()}};
    }
    case fb::BuiltinOptions::DepthwiseConv2DOptions: {
        const auto *o = op.builtin_options_as_DepthwiseConv2DOptions();
        return {{"padding", o->padding()},
                {"stride_w", o->stride_w()},
                {"stride_h", o->stride_h()},
                {"depth_multiplier", o->depth_multiplier()},
                {"fused_activation_function", o->fused_activation_function()},
                {"dilation_w_factor", o->dilation_w_factor()},
                {"dilation_h_factor", o->dilation_h_factor()}};
    }
    case fb::BuiltinOptions::Pool2DOptions: {
        const auto *o = op.builtin_options_as_Pool2DOptions();
        return {{"padding", o->padding()},
                {"stride_w", o->stride_w()},
                {"stride_h", o->stride_h()},
                {"filter_width", o->filter_width()},
                {"filter_height", o->filter_height()},
                {"fused_activation_function", o->fused_activation_function()}};
    }
    case fb::BuiltinOptions::FullyConnectedOptions: {
        const auto *o = op.builtin_options_as_FullyConnectedOptions();
        return {{"fused_activation_function", o->fused_activation_function()},
                {"weights_format", o->weights_format()},
                {"keep_num_dims", o->keep_num_dims() ? 1 : 0}};
    }
    case fb::BuiltinOptions::SoftmaxOptions:
        return {{"beta", op.builtin_options_as_SoftmaxOptions()->beta()}};
    case fb::BuiltinOptions::AddOptions:
        return {{"fused_activation_function",
                 op.builtin_options_as_AddOptions()->fused_activation_function()}};
    default:
        return {};
    }
}

// Scalars set out of their field's range wrap like a C cast (a hostile writer can store any
// bit pattern); the value is clamped to the double -> integer conversion's range first.
template <class T> T field(const EditableOperator &op, const char *name) {
    double v = op.fields.at(name);
    if constexpr (std::is_floating_point_v<T>) {
        return T(v);
    } else {
        if (!(v >= -9.2e18 && v <= 9.2e18)) v = 0;
        return T(int64_t(v));
    }
}

test::OptionsWriter options_writer(const EditableOperator &op) {
    switch (op.options_type) {
    case fb::BuiltinOptions::Conv2DOptions:
        return [op](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateConv2DOptions(b, field<int8_t>(op, "padding"),
                                           field<int32_t>(op, "stride_w"),
                                           field<int32_t>(op, "stride_h"),
                                           field<int8_t>(op, "fused_activation_function"),
                                           field<int32_t>(op, "dilation_w_factor"),
                                           field<int32_t>(op, "dilation_h_factor"))
                .Union();
        };
    case fb::BuiltinOptions::DepthwiseConv2DOptions:
        return [op](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateDepthwiseConv2DOptions(
                       b, field<int8_t>(op, "padding"), field<int32_t>(op, "stride_w"),
                       field<int32_t>(op, "stride_h"), field<int32_t>(op, "depth_multiplier"),
                       field<int8_t>(op, "fused_activation_function"),
                       field<int32_t>(op, "dilation_w_factor"),
                       field<int32_t>(op, "dilation_h_factor"))
                .Union();
        };
    case fb::BuiltinOptions::Pool2DOptions:
        return [op](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreatePool2DOptions(
                       b, field<int8_t>(op, "padding"), field<int32_t>(op, "stride_w"),
                       field<int32_t>(op, "stride_h"), field<int32_t>(op, "filter_width"),
                       field<int32_t>(op, "filter_height"),
                       field<int8_t>(op, "fused_activation_function"))
                .Union();
        };
    case fb::BuiltinOptions::FullyConnectedOptions:
        return [op](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateFullyConnectedOptions(b,
                                                   field<int8_t>(op, "fused_activation_function"),
                                                   field<int8_t>(op, "weights_format"),
                                                   field<int64_t>(op, "keep_num_dims") != 0)
                .Union();
        };
    case fb::BuiltinOptions::SoftmaxOptions:
        return [op](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateSoftmaxOptions(b, field<float>(op, "beta")).Union();
        };
    case fb::BuiltinOptions::AddOptions:
        return [op](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateAddOptions(b, field<int8_t>(op, "fused_activation_function")).Union();
        };
    case fb::BuiltinOptions::ReshapeOptions:
        return [op](flatbuffers::FlatBufferBuilder &b) {
            return fb::CreateReshapeOptions(b, op.has_new_shape ? b.CreateVector(op.new_shape) : 0)
                .Union();
        };
    default:
        return {};
    }
}

} // namespace

EditableModel read_model(const std::vector<uint8_t> &bytes) {
    flatbuffers::Verifier verifier(bytes.data(), bytes.size());
    if (!fb::VerifyModelBuffer(verifier)) throw std::runtime_error("not a TFLite flatbuffer");
    const fb::Model *model = fb::GetModel(bytes.data());
    if (!model->subgraphs() || model->subgraphs()->size() == 0)
        throw std::runtime_error("no subgraph");
    const fb::SubGraph *g = model->subgraphs()->Get(0);
    EditableModel m;
    if (model->operator_codes())
        for (const fb::OperatorCode *c : *model->operator_codes())
            m.operator_codes.push_back({c->deprecated_builtin_code(), c->builtin_code(),
                                        c->custom_code() ? c->custom_code()->str() : ""});
    if (g->tensors())
        for (const fb::Tensor *t : *g->tensors()) {
            test::TensorSpec s;
            s.name = t->name() ? t->name()->str() : "";
            s.shape = vector_of(t->shape());
            s.type = t->type();
            s.buffer = t->buffer();
            s.is_variable = t->is_variable();
            if (const auto *q = t->quantization()) {
                s.scale = vector_of(q->scale());
                s.zero_point = vector_of(q->zero_point());
                s.quantized_dimension = q->quantized_dimension();
            }
            m.tensors.push_back(std::move(s));
        }
    if (g->operators())
        for (const fb::Operator *op : *g->operators()) {
            EditableOperator e;
            e.opcode_index = op->opcode_index();
            e.inputs = vector_of(op->inputs());
            e.outputs = vector_of(op->outputs());
            e.options_type = op->builtin_options_type();
            e.fields = option_fields(*op);
            if (const auto *r = op->builtin_options_as_ReshapeOptions(); r && r->new_shape()) {
                e.new_shape = vector_of(r->new_shape());
                e.has_new_shape = true;
            }
            m.operators.push_back(std::move(e));
        }
    m.inputs = vector_of(g->inputs());
    m.outputs = vector_of(g->outputs());
    if (model->buffers())
        for (const fb::Buffer *b : *model->buffers())
            m.buffers.push_back({vector_of(b->data()), b->offset(), b->size()});
    return m;
}

std::vector<uint8_t> write_model(const EditableModel &model) {
    test::ModelSpec spec;
    spec.operator_codes = model.operator_codes;
    spec.tensors = model.tensors;
    for (const EditableOperator &op : model.operators) {
        test::OperatorSpec s;
        s.opcode_index = op.opcode_index;
        s.inputs = op.inputs;
        s.outputs = op.outputs;
        s.options = options_writer(op);
        s.options_type = s.options ? op.options_type : fb::BuiltinOptions::NONE;
        spec.operators.push_back(std::move(s));
    }
    spec.inputs = model.inputs;
    spec.outputs = model.outputs;
    spec.buffers = model.buffers;
    return test::build_model(spec);
}

} // namespace microaot::semantic_fuzz
