// The subset schema (frontends/tflite/tflite_subset.fbs) against TensorFlow's own reader of
// TFLite's schema. schema_models.py writes models (TFLite converter output, and models written
// with TensorFlow's flatbuffer object API that set every field of every table) together with
// TensorFlow's reading of each. Here each model is verified and read with our generated reader,
// every field we describe is dumped under the name TensorFlow's reader gives it, and the two
// readings must agree value by value: a wrong field id, type or default, a wrong union number
// or a field we forgot shows up as a difference.
#include "frontends/tflite/tflite_subset_generated.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace microaot::test {
namespace {

namespace fb = microaot::tflite_fb;
using nlohmann::json;

const std::filesystem::path kModelsDir = MICROAOT_SCHEMA_MODELS_DIR;

// ------------------------------------------------------------------------- reading, as JSON

// The name TensorFlow's Python reader gives a schema field: lowerCamelCase of the snake_case name.
std::string tensorflow_name(std::string_view snake) {
    std::string out;
    bool upper = false;
    for (char c : snake) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper ? char(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    return out;
}

template <class V> json value(V v) {
    if constexpr (std::is_same_v<V, bool>)
        return v;
    else if constexpr (std::is_enum_v<V>)
        return static_cast<int64_t>(v);
    else if constexpr (std::is_floating_point_v<V>)
        return static_cast<double>(v);
    else if constexpr (std::is_signed_v<V>)
        return static_cast<int64_t>(v);
    else
        return static_cast<uint64_t>(v);
}

json value(const flatbuffers::String *s) {
    return s ? json(s->str()) : json(nullptr);
}

template <class E> json value(const flatbuffers::Vector<E> *v) {
    if (!v) return nullptr;
    json out = json::array();
    for (auto e : *v)
        out.push_back(value(e));
    return out;
}

// [bool] vectors are generated as Vector<uint8_t>.
json bools(const flatbuffers::Vector<uint8_t> *v) {
    if (!v) return nullptr;
    json out = json::array();
    for (uint8_t e : *v)
        out.push_back(e != 0);
    return out;
}

// Buffer data by length and FNV-1a digest (as schema_models.py does), not byte by byte.
json digest(const flatbuffers::Vector<uint8_t> *v) {
    if (!v) return nullptr;
    uint32_t h = 0x811C9DC5u;
    for (uint8_t e : *v)
        h = (h ^ e) * 0x01000193u;
    return {{"length", v->size()}, {"fnv1a", h}};
}

template <class T, class Fill> json table(const T *t, Fill fill) {
    if (!t) return nullptr;
    json o = json::object();
    fill(*t, o);
    return o;
}

template <class T, class Fill>
json tables(const flatbuffers::Vector<flatbuffers::Offset<T>> *v, Fill fill) {
    if (!v) return nullptr;
    json out = json::array();
    for (const T *t : *v)
        out.push_back(table(t, fill));
    return out;
}

// Inside a fill lambda over table `t` into object `o`: one field through its generated accessor.
#define F(name) o[tensorflow_name(#name)] = value(t.name())

#define OPTIONS(T, ...)                                                                            \
    case fb::BuiltinOptions::T:                                                                    \
        return table(op.builtin_options_as_##T(), [](const fb::T &t, json &o) {                    \
            (void)t;                                                                               \
            (void)o;                                                                               \
            __VA_ARGS__                                                                            \
        });

// No `default:`: -Wswitch makes every member of our union appear here.
json builtin_options(const fb::Operator &op) {
    switch (op.builtin_options_type()) {
    case fb::BuiltinOptions::NONE:
        return nullptr;
        OPTIONS(Conv2DOptions, F(padding); F(stride_w); F(stride_h); F(fused_activation_function);
                F(dilation_w_factor); F(dilation_h_factor); F(quantized_bias_type);)
        OPTIONS(DepthwiseConv2DOptions, F(padding); F(stride_w); F(stride_h); F(depth_multiplier);
                F(fused_activation_function); F(dilation_w_factor); F(dilation_h_factor);)
        OPTIONS(ConcatEmbeddingsOptions, F(num_channels); F(num_columns_per_channel);
                F(embedding_dim_per_channel);)
        OPTIONS(LSHProjectionOptions, F(type);)
        OPTIONS(Pool2DOptions, F(padding); F(stride_w); F(stride_h); F(filter_width);
                F(filter_height); F(fused_activation_function);)
        OPTIONS(SVDFOptions, F(rank); F(fused_activation_function); F(asymmetric_quantize_inputs);)
        OPTIONS(RNNOptions, F(fused_activation_function); F(asymmetric_quantize_inputs);)
        OPTIONS(FullyConnectedOptions, F(fused_activation_function); F(weights_format);
                F(keep_num_dims); F(asymmetric_quantize_inputs); F(quantized_bias_type);)
        OPTIONS(SoftmaxOptions, F(beta);)
        OPTIONS(ConcatenationOptions, F(axis); F(fused_activation_function);)
        OPTIONS(AddOptions, F(fused_activation_function); F(pot_scale_int16);)
        OPTIONS(L2NormOptions, F(fused_activation_function);)
        OPTIONS(LocalResponseNormalizationOptions, F(radius); F(bias); F(alpha); F(beta);)
        OPTIONS(LSTMOptions, F(fused_activation_function); F(cell_clip); F(proj_clip);
                F(kernel_type); F(asymmetric_quantize_inputs);)
        OPTIONS(ResizeBilinearOptions, F(align_corners); F(half_pixel_centers);)
        OPTIONS(CallOptions, F(subgraph);)
        OPTIONS(ReshapeOptions, F(new_shape);)
        OPTIONS(SkipGramOptions, F(ngram_size); F(max_skip_size); F(include_all_ngrams);)
        OPTIONS(SpaceToDepthOptions, F(block_size);)
        OPTIONS(EmbeddingLookupSparseOptions, F(combiner);)
        OPTIONS(MulOptions, F(fused_activation_function);)
        OPTIONS(PadOptions)
        OPTIONS(GatherOptions, F(axis); F(batch_dims);)
        OPTIONS(BatchToSpaceNDOptions)
        OPTIONS(SpaceToBatchNDOptions)
        OPTIONS(TransposeOptions)
        OPTIONS(ReducerOptions, F(keep_dims);)
        OPTIONS(SubOptions, F(fused_activation_function); F(pot_scale_int16);)
        OPTIONS(DivOptions, F(fused_activation_function);)
        OPTIONS(SqueezeOptions, F(squeeze_dims);)
        OPTIONS(SequenceRNNOptions, F(time_major); F(fused_activation_function);
                F(asymmetric_quantize_inputs);)
        OPTIONS(StridedSliceOptions, F(begin_mask); F(end_mask); F(ellipsis_mask); F(new_axis_mask);
                F(shrink_axis_mask); F(offset);)
        OPTIONS(ExpOptions)
        OPTIONS(TopKV2Options)
        OPTIONS(SplitOptions, F(num_splits);)
        OPTIONS(LogSoftmaxOptions)
        OPTIONS(CastOptions, F(in_data_type); F(out_data_type);)
        OPTIONS(DequantizeOptions)
        OPTIONS(MaximumMinimumOptions)
        OPTIONS(ArgMaxOptions, F(output_type);)
        OPTIONS(LessOptions)
        OPTIONS(NegOptions)
        OPTIONS(PadV2Options)
        OPTIONS(GreaterOptions)
        OPTIONS(GreaterEqualOptions)
        OPTIONS(LessEqualOptions)
        OPTIONS(SelectOptions)
        OPTIONS(SliceOptions)
        OPTIONS(TransposeConvOptions, F(padding); F(stride_w); F(stride_h);
                F(fused_activation_function); F(quantized_bias_type);)
        OPTIONS(SparseToDenseOptions, F(validate_indices);)
        OPTIONS(TileOptions)
        OPTIONS(ExpandDimsOptions)
        OPTIONS(EqualOptions)
        OPTIONS(NotEqualOptions)
        OPTIONS(ShapeOptions, F(out_type);)
        OPTIONS(PowOptions)
        OPTIONS(ArgMinOptions, F(output_type);)
        OPTIONS(FakeQuantOptions, F(min); F(max); F(num_bits); F(narrow_range);)
        OPTIONS(PackOptions, F(values_count); F(axis);)
        OPTIONS(LogicalOrOptions)
        OPTIONS(OneHotOptions, F(axis);)
        OPTIONS(LogicalAndOptions)
        OPTIONS(LogicalNotOptions)
        OPTIONS(UnpackOptions, F(num); F(axis);)
        OPTIONS(FloorDivOptions)
        OPTIONS(SquareOptions)
        OPTIONS(ZerosLikeOptions)
        OPTIONS(FillOptions)
        OPTIONS(BidirectionalSequenceLSTMOptions, F(fused_activation_function); F(cell_clip);
                F(proj_clip); F(merge_outputs); F(time_major); F(asymmetric_quantize_inputs);)
        OPTIONS(BidirectionalSequenceRNNOptions, F(time_major); F(fused_activation_function);
                F(merge_outputs); F(asymmetric_quantize_inputs);)
        OPTIONS(UnidirectionalSequenceLSTMOptions, F(fused_activation_function); F(cell_clip);
                F(proj_clip); F(time_major); F(asymmetric_quantize_inputs);
                F(diagonal_recurrent_tensors);)
        OPTIONS(FloorModOptions)
        OPTIONS(RangeOptions)
        OPTIONS(ResizeNearestNeighborOptions, F(align_corners); F(half_pixel_centers);)
        OPTIONS(LeakyReluOptions, F(alpha);)
        OPTIONS(SquaredDifferenceOptions)
        OPTIONS(MirrorPadOptions, F(mode);)
        OPTIONS(AbsOptions)
        OPTIONS(SplitVOptions, F(num_splits);)
        OPTIONS(UniqueOptions, F(idx_out_type);)
        OPTIONS(ReverseV2Options)
        OPTIONS(AddNOptions)
        OPTIONS(GatherNdOptions)
        OPTIONS(CosOptions)
        OPTIONS(WhereOptions)
        OPTIONS(RankOptions)
        OPTIONS(ReverseSequenceOptions, F(seq_dim); F(batch_dim);)
        OPTIONS(MatrixDiagOptions)
        OPTIONS(QuantizeOptions)
        OPTIONS(MatrixSetDiagOptions)
        OPTIONS(HardSwishOptions)
        OPTIONS(IfOptions, F(then_subgraph_index); F(else_subgraph_index);)
        OPTIONS(WhileOptions, F(cond_subgraph_index); F(body_subgraph_index);)
        OPTIONS(DepthToSpaceOptions, F(block_size);)
        OPTIONS(NonMaxSuppressionV4Options)
        OPTIONS(NonMaxSuppressionV5Options)
        OPTIONS(ScatterNdOptions)
        OPTIONS(SelectV2Options)
        OPTIONS(DensifyOptions)
        OPTIONS(SegmentSumOptions)
        OPTIONS(BatchMatMulOptions, F(adj_x); F(adj_y); F(asymmetric_quantize_inputs);)
        OPTIONS(CumsumOptions, F(exclusive); F(reverse);)
        OPTIONS(CallOnceOptions, F(init_subgraph_index);)
        OPTIONS(BroadcastToOptions)
        OPTIONS(Rfft2dOptions)
        OPTIONS(Conv3DOptions, F(padding); F(stride_d); F(stride_w); F(stride_h);
                F(fused_activation_function); F(dilation_d_factor); F(dilation_w_factor);
                F(dilation_h_factor);)
        OPTIONS(HashtableOptions, F(table_id); F(key_dtype); F(value_dtype);)
        OPTIONS(HashtableFindOptions)
        OPTIONS(HashtableImportOptions)
        OPTIONS(HashtableSizeOptions)
        OPTIONS(VarHandleOptions, F(container); F(shared_name);)
        OPTIONS(ReadVariableOptions)
        OPTIONS(AssignVariableOptions)
        OPTIONS(RandomOptions, F(seed); F(seed2);)
        OPTIONS(BucketizeOptions, F(boundaries);)
        OPTIONS(GeluOptions, F(approximate);)
        OPTIONS(DynamicUpdateSliceOptions)
        OPTIONS(UnsortedSegmentProdOptions)
        OPTIONS(UnsortedSegmentMaxOptions)
        OPTIONS(UnsortedSegmentMinOptions)
        OPTIONS(UnsortedSegmentSumOptions)
        OPTIONS(ATan2Options)
        OPTIONS(SignOptions)
        OPTIONS(BitcastOptions)
        OPTIONS(BitwiseXorOptions)
        OPTIONS(RightShiftOptions)
    }
    return "type outside the BuiltinOptions enum";
}

#define OPTIONS2(T, ...)                                                                           \
    case fb::BuiltinOptions2::T:                                                                   \
        return table(op.builtin_options_2_as_##T(), [](const fb::T &t, json &o) {                  \
            (void)t;                                                                               \
            (void)o;                                                                               \
            __VA_ARGS__                                                                            \
        });

// Members of BuiltinOptions2 we do not describe read as null (TensorFlow's reading then differs).
json builtin_options_2(const fb::Operator &op) {
    switch (op.builtin_options_2_type()) {
    case fb::BuiltinOptions2::NONE:
        return nullptr;
        OPTIONS2(StablehloPadOptions, F(edge_padding_low); F(edge_padding_high);
                 F(interior_padding);)
        OPTIONS2(DilateOptions)
        OPTIONS2(StablehloRngBitGeneratorOptions, F(algorithm);)
        OPTIONS2(StableHLOCompositeOptions, F(name); F(decomposition_subgraph_index);
                 F(composite_attributes); F(composite_attributes_format); F(version);)
        OPTIONS2(StablehloShiftLeftOptions)
        OPTIONS2(StablehloCaseOptions, F(branch_subgraph_indices);)
    }
    return nullptr;
}

void quantization(const fb::QuantizationParameters &t, json &o) {
    F(scale);
    F(zero_point);
    F(quantized_dimension);
    o["detailsType"] = value(t.details_type());
    // CustomQuantization's contents are not described, only its presence.
    o["details"] = t.details_as_CustomQuantization() ? json::object() : json(nullptr);
}

json tensors(const fb::SubGraph &subgraph) {
    return tables(subgraph.tensors(), [](const fb::Tensor &t, json &o) {
        F(shape);
        F(type);
        F(buffer);
        F(name);
        F(is_variable);
        F(shape_signature);
        F(has_rank);
        F(external_buffer);
        o["quantization"] = table(t.quantization(), quantization);
        o["sparsity"] = t.sparsity() ? json::object() : json(nullptr); // presence only
    });
}

json operators(const fb::SubGraph &subgraph) {
    return tables(subgraph.operators(), [](const fb::Operator &t, json &o) {
        F(opcode_index);
        F(inputs);
        F(outputs);
        F(builtin_options_type);
        F(custom_options);
        F(custom_options_format);
        F(intermediates);
        F(large_custom_options_offset);
        F(large_custom_options_size);
        F(builtin_options_2_type);
        F(debug_metadata_index);
        o["builtinOptions"] = builtin_options(t);
        o["builtinOptions2"] = builtin_options_2(t);
        o["mutatingVariableInputs"] = bools(t.mutating_variable_inputs());
    });
}

json tensor_maps(const flatbuffers::Vector<flatbuffers::Offset<fb::TensorMap>> *maps) {
    return tables(maps, [](const fb::TensorMap &t, json &o) {
        F(name);
        F(tensor_index);
    });
}

json our_reading(const fb::Model &model) {
    return table(&model, [](const fb::Model &t, json &o) {
        F(version);
        F(description);
        F(metadata_buffer);
        o["operatorCodes"] = tables(t.operator_codes(), [](const fb::OperatorCode &t, json &o) {
            F(deprecated_builtin_code);
            F(custom_code);
            F(version);
            F(builtin_code);
        });
        o["subgraphs"] = tables(t.subgraphs(), [](const fb::SubGraph &t, json &o) {
            F(inputs);
            F(outputs);
            F(name);
            F(debug_metadata_index);
            o["tensors"] = tensors(t);
            o["operators"] = operators(t);
        });
        o["buffers"] = tables(t.buffers(), [](const fb::Buffer &t, json &o) {
            F(offset);
            F(size);
            o["data"] = digest(t.data());
        });
        o["metadata"] = tables(t.metadata(), [](const fb::Metadata &t, json &o) {
            F(name);
            F(buffer);
        });
        o["signatureDefs"] = tables(t.signature_defs(), [](const fb::SignatureDef &t, json &o) {
            F(signature_key);
            F(subgraph_index);
            o["inputs"] = tensor_maps(t.inputs());
            o["outputs"] = tensor_maps(t.outputs());
        });
    });
}

#undef F

// ------------------------------------------------------------------------------- comparison

void compare(const json &ours, const json &theirs, const std::string &path,
             std::vector<std::string> &differences) {
    if (ours.is_object() && theirs.is_object()) {
        std::set<std::string> keys;
        for (const auto &[key, _] : ours.items())
            keys.insert(key);
        for (const auto &[key, _] : theirs.items())
            keys.insert(key);
        for (const std::string &key : keys) {
            if (!theirs.contains(key))
                differences.push_back(path + "." + key + ": read by us, not by TensorFlow");
            else if (!ours.contains(key))
                differences.push_back(path + "." + key + ": not described by our schema");
            else
                compare(ours[key], theirs[key], path + "." + key, differences);
        }
    } else if (ours.is_array() && theirs.is_array() && ours.size() == theirs.size()) {
        for (std::size_t i = 0; i < ours.size(); ++i)
            compare(ours[i], theirs[i], path + "[" + std::to_string(i) + "]", differences);
    } else if (ours != theirs || ours.is_boolean() != theirs.is_boolean()) {
        differences.push_back(path + ": ours " + ours.dump() + ", TensorFlow " + theirs.dump());
    }
}

json read_json(const std::filesystem::path &path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return json::parse(in);
}

std::vector<uint8_t> read_bytes(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Reading {
    json ours;
    json tensorflow;
};

// Every model of the manifest, read both ways. The models must exist: schema_models.py (the
// fixture this test requires) writes them.
const std::map<std::string, Reading> &readings() {
    static const std::map<std::string, Reading> all = [] {
        std::map<std::string, Reading> out;
        json manifest = read_json(kModelsDir / "manifest.json");
        for (const json &entry : manifest.at("models")) {
            const std::string name = entry.get<std::string>();
            std::vector<uint8_t> bytes = read_bytes(kModelsDir / (name + ".tflite"));
            flatbuffers::Verifier verifier(bytes.data(), bytes.size());
            if (!fb::VerifyModelBuffer(verifier))
                throw std::runtime_error(name + ": rejected by our schema's verifier");
            out[name] = {our_reading(*fb::GetModel(bytes.data())),
                         read_json(kModelsDir / (name + ".expected.json"))};
        }
        return out;
    }();
    return all;
}

std::vector<const json *> models_of_kind(std::string_view prefix, bool ours) {
    std::vector<const json *> out;
    for (const auto &[name, reading] : readings())
        if (name.starts_with(prefix)) out.push_back(ours ? &reading.ours : &reading.tensorflow);
    return out;
}

// --------------------------------------------------------------------------------- the tests

TEST(SubsetSchema, ReadsEveryModelAsTensorFlowDoes) {
    ASSERT_GE(readings().size(), 10u);
    for (const auto &[name, reading] : readings()) {
        std::vector<std::string> differences;
        compare(reading.ours, reading.tensorflow, "model", differences);
        std::string shown;
        for (std::size_t i = 0; i < std::min<std::size_t>(differences.size(), 20); ++i)
            shown += "\n  " + differences[i];
        EXPECT_TRUE(differences.empty())
            << name << ": " << differences.size() << " differences" << shown;
    }
}

// Our enums name TFLite's values exactly. BuiltinOptions2 is a deliberate subset; TensorType
// may know values newer than the TensorFlow in the venv.
template <class E, std::size_t N>
void expect_enum(const json &tensorflow, const char *enum_name, const E (&values)[N],
                 const char *(*name_of)(E), bool subset, const std::set<std::string> &newer) {
    SCOPED_TRACE(enum_name);
    json theirs = tensorflow.at(enum_name);
    std::map<std::string, int64_t> ours;
    for (E v : values)
        ours[name_of(v)] = static_cast<int64_t>(v);
    for (const auto &[name, number] : ours) {
        if (theirs.contains(name)) {
            EXPECT_EQ(json(number), theirs[name]) << name;
        } else {
            EXPECT_TRUE(newer.count(name)) << name << " is not in TensorFlow's enum";
        }
    }
    if (subset) return;
    for (const auto &[name, number] : theirs.items()) {
        EXPECT_TRUE(ours.count(name)) << name << " = " << number << " is missing";
    }
}

TEST(SubsetSchema, EnumsNameTfliteValues) {
    json enums = read_json(kModelsDir / "manifest.json").at("enums");
    const std::set<std::string> none;
    expect_enum(enums, "TensorType", fb::EnumValuesTensorType(), fb::EnumNameTensorType, false,
                {"FLOAT8_E4M3FN", "FLOAT8_E5M2"});
    expect_enum(enums, "Padding", fb::EnumValuesPadding(), fb::EnumNamePadding, false, none);
    expect_enum(enums, "ActivationFunctionType", fb::EnumValuesActivationFunctionType(),
                fb::EnumNameActivationFunctionType, false, none);
    expect_enum(enums, "FullyConnectedOptionsWeightsFormat",
                fb::EnumValuesFullyConnectedOptionsWeightsFormat(),
                fb::EnumNameFullyConnectedOptionsWeightsFormat, false, none);
    expect_enum(enums, "LSHProjectionType", fb::EnumValuesLSHProjectionType(),
                fb::EnumNameLSHProjectionType, false, none);
    expect_enum(enums, "LSTMKernelType", fb::EnumValuesLSTMKernelType(), fb::EnumNameLSTMKernelType,
                false, none);
    expect_enum(enums, "CombinerType", fb::EnumValuesCombinerType(), fb::EnumNameCombinerType,
                false, none);
    expect_enum(enums, "MirrorPadMode", fb::EnumValuesMirrorPadMode(), fb::EnumNameMirrorPadMode,
                false, none);
    expect_enum(enums, "CustomOptionsFormat", fb::EnumValuesCustomOptionsFormat(),
                fb::EnumNameCustomOptionsFormat, false, none);
    expect_enum(enums, "BuiltinOptions", fb::EnumValuesBuiltinOptions(), fb::EnumNameBuiltinOptions,
                false, none);
    expect_enum(enums, "BuiltinOptions2", fb::EnumValuesBuiltinOptions2(),
                fb::EnumNameBuiltinOptions2, true, none);
}

// The object-API models can only catch a misplaced field if every field takes several values
// across them, and bool fields of one table differ from each other in at least one model.
TEST(SubsetSchema, ObjectApiModelsExerciseEveryOptionsField) {
    std::vector<const json *> models = models_of_kind("object_api_", false);
    ASSERT_GE(models.size(), 5u);
    // options table name -> field -> values across models
    std::map<std::string, std::map<std::string, std::vector<json>>> seen;
    auto collect = [&](const json &op, const char *type_key, const char *options_key,
                       const char *(*name_of)(int64_t)) {
        int64_t type = op.at(type_key).get<int64_t>();
        if (type == 0) return;
        ASSERT_TRUE(op.at(options_key).is_object()) << name_of(type) << " has no table";
        auto &fields = seen[name_of(type)];
        for (const auto &[field, v] : op.at(options_key).items())
            fields[field].push_back(v);
    };
    for (const json *model : models)
        for (const json &op : model->at("subgraphs")[0].at("operators")) {
            collect(op, "builtinOptionsType", "builtinOptions", [](int64_t t) {
                return fb::EnumNameBuiltinOptions(static_cast<fb::BuiltinOptions>(t));
            });
            collect(op, "builtinOptions2Type", "builtinOptions2", [](int64_t t) {
                return fb::EnumNameBuiltinOptions2(static_cast<fb::BuiltinOptions2>(t));
            });
        }
    for (fb::BuiltinOptions t : fb::EnumValuesBuiltinOptions()) {
        if (t == fb::BuiltinOptions::NONE) continue;
        EXPECT_TRUE(seen.count(fb::EnumNameBuiltinOptions(t))) << fb::EnumNameBuiltinOptions(t);
    }
    for (fb::BuiltinOptions2 t : fb::EnumValuesBuiltinOptions2()) {
        if (t == fb::BuiltinOptions2::NONE) continue;
        EXPECT_TRUE(seen.count(fb::EnumNameBuiltinOptions2(t))) << fb::EnumNameBuiltinOptions2(t);
    }
    for (const auto &[table_name, fields] : seen)
        for (const auto &[field, values] : fields) {
            std::set<std::string> distinct;
            for (const json &v : values)
                distinct.insert(v.dump());
            EXPECT_GE(distinct.size(), 2u) << table_name << "." << field << " never changes";
            for (const auto &[other, other_values] : fields) {
                if (other >= field || !values.front().is_boolean()) continue;
                EXPECT_NE(values, other_values)
                    << table_name << "." << field << " and ." << other << " always agree";
            }
        }
}

// The converter models carry what importers of these operators meet in practice.
TEST(SubsetSchema, ConverterModelsCoverWhatImportersMeet) {
    std::set<std::string> options_seen;
    bool intermediates = false, dynamic_dim = false, signatures = false, metadata = false;
    for (const json *model : models_of_kind("converter_", true)) {
        signatures |= !model->at("signatureDefs").empty();
        metadata |= !model->at("metadata").empty();
        for (const json &subgraph : model->at("subgraphs")) {
            for (const json &op : subgraph.at("operators")) {
                auto type = static_cast<fb::BuiltinOptions>(op.at("builtinOptionsType").get<int>());
                options_seen.insert(fb::EnumNameBuiltinOptions(type));
                intermediates |= !op.at("intermediates").is_null() && !op["intermediates"].empty();
            }
            for (const json &tensor : subgraph.at("tensors")) {
                const json &signature = tensor.at("shapeSignature");
                dynamic_dim |= signature.is_array() &&
                               std::find(signature.begin(), signature.end(), -1) != signature.end();
            }
        }
    }
    EXPECT_TRUE(intermediates) << "no operator with intermediate tensors (integer LSTM)";
    EXPECT_TRUE(dynamic_dim) << "no tensor with an unknown dimension in shape_signature";
    EXPECT_TRUE(signatures);
    EXPECT_TRUE(metadata);
    // Options tables with fields, and a few empty ones, as the converter writes them.
    for (const char *name : {"AddOptions",
                             "ArgMaxOptions",
                             "ArgMinOptions",
                             "BatchMatMulOptions",
                             "CallOnceOptions",
                             "ConcatenationOptions",
                             "Conv2DOptions",
                             "CumsumOptions",
                             "DepthToSpaceOptions",
                             "DepthwiseConv2DOptions",
                             "DivOptions",
                             "FullyConnectedOptions",
                             "GatherOptions",
                             "GeluOptions",
                             "IfOptions",
                             "L2NormOptions",
                             "LeakyReluOptions",
                             "LocalResponseNormalizationOptions",
                             "MirrorPadOptions",
                             "MulOptions",
                             "OneHotOptions",
                             "PackOptions",
                             "Pool2DOptions",
                             "ReducerOptions",
                             "ResizeBilinearOptions",
                             "ResizeNearestNeighborOptions",
                             "ShapeOptions",
                             "SoftmaxOptions",
                             "SpaceToDepthOptions",
                             "SplitOptions",
                             "SplitVOptions",
                             "SqueezeOptions",
                             "StridedSliceOptions",
                             "SubOptions",
                             "TransposeConvOptions",
                             "UnidirectionalSequenceLSTMOptions",
                             "UnpackOptions",
                             "VarHandleOptions",
                             "WhileOptions",
                             "PadOptions",
                             "PadV2Options",
                             "ExpandDimsOptions",
                             "SelectV2Options"})
        EXPECT_TRUE(options_seen.count(name)) << name << " does not occur in converter models";
}

} // namespace
} // namespace microaot::test
