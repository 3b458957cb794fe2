#include "ir/types.h"

#include <array>
#include <utility>

namespace microaot::ir {
namespace {

struct DTypeInfo {
    DType type;
    std::string_view name;
    std::string_view c_type;
    std::size_t size;
};

constexpr std::array kDTypes = {
    DTypeInfo{DType::Int8, "int8", "int8_t", 1},
    DTypeInfo{DType::UInt8, "uint8", "uint8_t", 1},
    DTypeInfo{DType::Int16, "int16", "int16_t", 2},
    DTypeInfo{DType::Int32, "int32", "int32_t", 4},
    DTypeInfo{DType::Int64, "int64", "int64_t", 8},
    DTypeInfo{DType::Float32, "float32", "float", 4},
    DTypeInfo{DType::Bool, "bool", "uint8_t", 1},
};

const DTypeInfo &info(DType t) {
    return kDTypes[static_cast<std::size_t>(t)];
}

} // namespace

std::string_view dtype_name(DType t) {
    return info(t).name;
}
std::string_view dtype_c_type(DType t) {
    return info(t).c_type;
}
std::size_t dtype_size(DType t) {
    return info(t).size;
}

std::optional<DType> dtype_from_name(std::string_view name) {
    for (const auto &d : kDTypes)
        if (d.name == name) return d.type;
    return std::nullopt;
}

int64_t element_count(const Shape &shape) {
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

std::string shape_str(const Shape &shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += "x";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

} // namespace microaot::ir
