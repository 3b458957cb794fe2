#include "model_editor.h"

#include "frontends/tflite/tflite_subset_bfbs_generated.h"

#include <flatbuffers/reflection.h>
#include <stdexcept>

namespace microaot::semantic_fuzz {
namespace {

namespace fb = test::fb;
using flatbuffers::uoffset_t;

template <class T> std::vector<T> vector_of(const flatbuffers::Vector<T> *v) {
    return v ? std::vector<T>(v->begin(), v->end()) : std::vector<T>{};
}

// The options table type of a BuiltinOptions union value, from the schema's reflection data
// (flatc --bfbs-gen-embed); null for NONE or a value the schema does not know.
const reflection::Object *options_object(fb::BuiltinOptions type) {
    static const reflection::Schema *schema = reflection::GetSchema(fb::ModelBinarySchema::data());
    static const reflection::Enum *options = [] {
        for (const reflection::Enum *e : *schema->enums())
            if (e->name()->string_view().ends_with(".BuiltinOptions")) return e;
        throw std::runtime_error("schema has no BuiltinOptions union");
    }();
    if (type == fb::BuiltinOptions::NONE) return nullptr;
    const reflection::EnumVal *value = options->values()->LookupByKey(int64_t(type));
    if (!value || !value->union_type()) return nullptr;
    return schema->objects()->Get(uint32_t(value->union_type()->index()));
}

bool is_byte(reflection::BaseType t) {
    return t == reflection::Bool || t == reflection::Byte || t == reflection::UByte;
}

void read_options(const fb::Operator &op, EditableOperator &e) {
    const reflection::Object *object = options_object(op.builtin_options_type());
    const auto *table = static_cast<const flatbuffers::Table *>(op.builtin_options());
    if (!object || !table) return;
    for (const reflection::Field *f : *object->fields()) {
        if (f->deprecated()) continue;
        reflection::BaseType t = f->type()->base_type();
        std::string name = f->name()->str();
        if (flatbuffers::IsFloat(t)) {
            e.fields[name] = {flatbuffers::GetAnyFieldF(*table, *f), true, false};
        } else if (flatbuffers::IsScalar(t)) {
            e.fields[name] = {double(flatbuffers::GetAnyFieldI(*table, *f)), false, is_byte(t)};
        } else if (t == reflection::Vector && flatbuffers::IsInteger(f->type()->element())) {
            const flatbuffers::VectorOfAny *v = flatbuffers::GetFieldAnyV(*table, *f);
            if (!v) continue;
            std::vector<int64_t> &values = e.vectors[name];
            for (uoffset_t i = 0; i < v->size(); ++i)
                values.push_back(flatbuffers::GetAnyVectorElemI(v, f->type()->element(), i));
        }
    }
}

// Scalars set out of their field's range wrap like a C cast (a hostile writer can store any
// bit pattern); the value is clamped to the double -> integer conversion's range first.
int64_t as_integer(double v) {
    return v >= -9.2e18 && v <= 9.2e18 ? int64_t(v) : 0;
}

template <class T>
void add_scalar(flatbuffers::FlatBufferBuilder &b, const reflection::Field &f, double v) {
    if constexpr (std::is_floating_point_v<T>)
        b.AddElement<T>(f.offset(), T(v), T(f.default_real()));
    else
        b.AddElement<T>(f.offset(), T(as_integer(v)), T(f.default_integer()));
}

void add_field(flatbuffers::FlatBufferBuilder &b, const reflection::Field &f, double v) {
    switch (f.type()->base_type()) {
    case reflection::Bool:
    case reflection::UByte:
        add_scalar<uint8_t>(b, f, v);
        break;
    case reflection::Byte:
        add_scalar<int8_t>(b, f, v);
        break;
    case reflection::Short:
        add_scalar<int16_t>(b, f, v);
        break;
    case reflection::UShort:
        add_scalar<uint16_t>(b, f, v);
        break;
    case reflection::Int:
        add_scalar<int32_t>(b, f, v);
        break;
    case reflection::UInt:
        add_scalar<uint32_t>(b, f, v);
        break;
    case reflection::Long:
        add_scalar<int64_t>(b, f, v);
        break;
    case reflection::ULong:
        add_scalar<uint64_t>(b, f, v);
        break;
    case reflection::Float:
        add_scalar<float>(b, f, v);
        break;
    case reflection::Double:
        add_scalar<double>(b, f, v);
        break;
    default:
        break;
    }
}

template <class T>
flatbuffers::uoffset_t typed_vector(flatbuffers::FlatBufferBuilder &b,
                                    const std::vector<int64_t> &values) {
    std::vector<T> typed;
    for (int64_t v : values)
        typed.push_back(T(v));
    return b.CreateVector(typed).o;
}

flatbuffers::uoffset_t add_vector(flatbuffers::FlatBufferBuilder &b, reflection::BaseType element,
                                  const std::vector<int64_t> &values) {
    switch (element) {
    case reflection::Bool:
    case reflection::UByte:
        return typed_vector<uint8_t>(b, values);
    case reflection::Byte:
        return typed_vector<int8_t>(b, values);
    case reflection::Short:
        return typed_vector<int16_t>(b, values);
    case reflection::UShort:
        return typed_vector<uint16_t>(b, values);
    case reflection::Int:
        return typed_vector<int32_t>(b, values);
    case reflection::UInt:
        return typed_vector<uint32_t>(b, values);
    case reflection::ULong:
        return typed_vector<uint64_t>(b, values);
    default:
        return typed_vector<int64_t>(b, values);
    }
}

// Writes the options table field by field from the schema: vectors first (a table cannot be
// open while they are built), then the table.
test::OptionsWriter options_writer(const EditableOperator &op) {
    const reflection::Object *object = options_object(op.options_type);
    if (!object) return {};
    return [op, object](flatbuffers::FlatBufferBuilder &b) {
        std::map<std::string, flatbuffers::uoffset_t> vectors;
        for (const auto &[name, values] : op.vectors)
            if (const reflection::Field *f = object->fields()->LookupByKey(name.c_str()))
                vectors[name] = add_vector(b, f->type()->element(), values);
        flatbuffers::uoffset_t start = b.StartTable();
        for (const reflection::Field *f : *object->fields()) {
            std::string name = f->name()->str();
            if (auto it = op.fields.find(name); it != op.fields.end())
                add_field(b, *f, it->second.value);
            else if (auto v = vectors.find(name); v != vectors.end())
                b.AddOffset(f->offset(), flatbuffers::Offset<void>(v->second));
        }
        return flatbuffers::Offset<void>(b.EndTable(start));
    };
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
            read_options(*op, e);
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
