// Constant tensors: TensorProto decoding with every length checked, and layout permutations.
#include "frontends/onnx/import_context.h"
#include "ir/error.h"

#include <onnx/onnx_pb.h>

#include <fmt/format.h>

#include <cstring>

namespace microaot::onnx_import {
namespace {

// No model for a microcontroller holds more; keeps every size computation far from overflow.
constexpr int64_t kMaxElements = int64_t(1) << 31;

std::optional<ir::DType> dtype_of(int32_t onnx_type) {
    switch (onnx_type) {
    case onnx::TensorProto::FLOAT:
        return ir::DType::Float32;
    case onnx::TensorProto::INT32:
        return ir::DType::Int32;
    case onnx::TensorProto::INT64:
        return ir::DType::Int64;
    default:
        return std::nullopt;
    }
}

template <class T, class Repeated>
std::vector<uint8_t> typed_bytes(const Repeated &values, int64_t count, const std::string &where,
                                 const char *field) {
    if (int64_t(values.size()) != count)
        throw CompileError(fmt::format("{}: {} holds {} values, the shape needs {}", where, field,
                                       values.size(), count));
    std::vector<uint8_t> bytes(std::size_t(count) * sizeof(T));
    for (int64_t i = 0; i < count; ++i) {
        T v = static_cast<T>(values.Get(int(i)));
        std::memcpy(bytes.data() + std::size_t(i) * sizeof(T), &v, sizeof(T));
    }
    return bytes;
}

} // namespace

std::string node_ref(const onnx::NodeProto &node, std::size_t index) {
    return fmt::format("node {} '{}' ({})", index, node.name(), node.op_type());
}

std::vector<float> ConstTensor::floats() const {
    std::vector<float> v(bytes.size() / 4);
    std::memcpy(v.data(), bytes.data(), v.size() * 4);
    return v;
}

std::vector<int64_t> ConstTensor::ints() const {
    std::size_t size = ir::dtype_size(dtype);
    std::vector<int64_t> v(bytes.size() / size);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (size == 4) {
            int32_t x;
            std::memcpy(&x, bytes.data() + i * 4, 4);
            v[i] = x;
        } else {
            std::memcpy(&v[i], bytes.data() + i * 8, 8);
        }
    }
    return v;
}

ConstTensor decode_tensor(const onnx::TensorProto &t, const std::string &where) {
    std::optional<ir::DType> dtype = dtype_of(t.data_type());
    if (!dtype)
        throw CompileError(fmt::format("{}: tensor data type {} is not supported (float32, int32, "
                                       "int64)",
                                       where, t.data_type()));
    if (t.data_location() == onnx::TensorProto::EXTERNAL)
        throw CompileError(fmt::format("{}: external data is only read for initializers", where));
    if (t.has_segment())
        throw CompileError(fmt::format("{}: segmented tensors are not supported", where));
    ConstTensor c;
    c.dtype = *dtype;
    int64_t count = 1;
    for (int64_t d : t.dims()) {
        if (d < 0 || (d > 0 && count > kMaxElements / d))
            throw CompileError(fmt::format("{}: dimension {} is negative or too large", where, d));
        count *= d;
        c.shape.push_back(d);
    }
    std::size_t elem = ir::dtype_size(c.dtype);
    if (t.has_raw_data()) {
        if (t.raw_data().size() != std::size_t(count) * elem)
            throw CompileError(fmt::format("{}: raw_data has {} bytes, the shape needs {}", where,
                                           t.raw_data().size(), std::size_t(count) * elem));
        c.bytes.assign(t.raw_data().begin(), t.raw_data().end());
    } else if (c.dtype == ir::DType::Float32) {
        c.bytes = typed_bytes<float>(t.float_data(), count, where, "float_data");
    } else if (c.dtype == ir::DType::Int32) {
        c.bytes = typed_bytes<int32_t>(t.int32_data(), count, where, "int32_data");
    } else {
        c.bytes = typed_bytes<int64_t>(t.int64_data(), count, where, "int64_data");
    }
    return c;
}

ir::Shape to_nhwc(const ir::Shape &s) {
    return {s[0], s[2], s[3], s[1]};
}

std::vector<float> permute4(const std::vector<float> &src, const ir::Shape &shape,
                            const int (&order)[4], ir::Shape &out_shape) {
    out_shape = {shape[order[0]], shape[order[1]], shape[order[2]], shape[order[3]]};
    int64_t stride[4] = {shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1};
    std::vector<float> dst(src.size());
    std::size_t k = 0;
    for (int64_t a = 0; a < out_shape[0]; ++a)
        for (int64_t b = 0; b < out_shape[1]; ++b)
            for (int64_t c = 0; c < out_shape[2]; ++c)
                for (int64_t d = 0; d < out_shape[3]; ++d)
                    dst[k++] = src[std::size_t(a * stride[order[0]] + b * stride[order[1]] +
                                               c * stride[order[2]] + d * stride[order[3]])];
    return dst;
}

} // namespace microaot::onnx_import
