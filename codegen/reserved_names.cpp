#include "codegen/reserved_names.h"

#include <algorithm>
#include <array>

namespace microaot::codegen {
namespace {

// Sorted (std::binary_search). C89..C23 and C++20 keywords and alternative tokens; object-like
// macros and typedefs of <stdint.h>, <stddef.h>, <stdio.h>, <stdlib.h>, <math.h>, <errno.h>,
// <stdbool.h>, <iso646.h>, <complex.h>, <assert.h> (NDEBUG), <time.h>, <signal.h>, <stdarg.h>;
// macros GCC predefines in GNU modes (linux, unix, i386).
constexpr std::array<std::string_view, 177> kWords = {
    "BUFSIZ",
    "EOF",
    "FILE",
    "I",
    "INFINITY",
    "NAN",
    "NDEBUG",
    "NULL",
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_BitInt",
    "_Bool",
    "_Complex",
    "_Decimal128",
    "_Decimal32",
    "_Decimal64",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char16_t",
    "char32_t",
    "char8_t",
    "class",
    "clock_t",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "complex",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "div_t",
    "do",
    "double",
    "double_t",
    "dynamic_cast",
    "else",
    "enum",
    "errno",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "float_t",
    "for",
    "fpos_t",
    "friend",
    "goto",
    "i386",
    "i486",
    "i586",
    "i686",
    "if",
    "imaginary",
    "inline",
    "int",
    "int16_t",
    "int32_t",
    "int64_t",
    "int8_t",
    "int_fast16_t",
    "int_fast32_t",
    "int_fast64_t",
    "int_fast8_t",
    "int_least16_t",
    "int_least32_t",
    "int_least64_t",
    "int_least8_t",
    "intmax_t",
    "intptr_t",
    "ldiv_t",
    "linux",
    "lldiv_t",
    "long",
    "math_errhandling",
    "max_align_t",
    "mbstate_t",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "noreturn",
    "not",
    "not_eq",
    "nullptr",
    "nullptr_t",
    "off_t",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "ptrdiff_t",
    "public",
    "register",
    "reinterpret_cast",
    "requires",
    "restrict",
    "return",
    "short",
    "sig_atomic_t",
    "signed",
    "size_t",
    "sizeof",
    "ssize_t",
    "static",
    "static_assert",
    "static_cast",
    "stderr",
    "stdin",
    "stdout",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "time_t",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "typeof",
    "typeof_unqual",
    "uint16_t",
    "uint32_t",
    "uint64_t",
    "uint8_t",
    "uint_fast16_t",
    "uint_fast32_t",
    "uint_fast64_t",
    "uint_fast8_t",
    "uint_least16_t",
    "uint_least32_t",
    "uint_least64_t",
    "uint_least8_t",
    "uintmax_t",
    "uintptr_t",
    "union",
    "unix",
    "unsigned",
    "using",
    "va_list",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "wint_t",
    "xor",
    "xor_eq",
};

static_assert(std::is_sorted(kWords.begin(), kWords.end()));

// Upper-case macro families: the prefix followed by at least one more [A-Z0-9_] character, the
// last one a letter or digit (INT8_MAX, UINTPTR_MAX, SIZE_MAX, FLT_EPSILON, M_PI, SIGINT, ...).
constexpr std::array<std::string_view, 32> kMacroPrefixes = {
    "ATOMIC_", "CHAR_", "CLOCKS_", "DBL_",  "DECIMAL_", "EXIT_", "FILENAME_", "FLT_",
    "FOPEN_",  "FP_",   "HUGE_",   "INT",   "LC_",      "LDBL_", "LLONG_",    "LONG_",
    "L_",      "MAO_",  "MATH_",   "MB_",   "M_",       "PRI",   "PTRDIFF_",  "RAND_",
    "SCHAR_",  "SCN",   "SEEK_",   "SHRT_", "SIG",      "SIZE_", "TMP_",      "UINT",
};
constexpr std::array<std::string_view, 6> kMoreMacroPrefixes = {"UCHAR_", "ULLONG_", "ULONG_",
                                                                "USHRT_", "WCHAR_",  "WINT_"};

bool upper_or_digit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool macro_tail(std::string_view tail) {
    return !tail.empty() && upper_or_digit(tail.back()) &&
           std::all_of(tail.begin(), tail.end(),
                       [](char c) { return upper_or_digit(c) || c == '_'; });
}

bool in_macro_family(std::string_view name) {
    auto matches = [&](std::string_view prefix) {
        return name.starts_with(prefix) && macro_tail(name.substr(prefix.size()));
    };
    return std::any_of(kMacroPrefixes.begin(), kMacroPrefixes.end(), matches) ||
           std::any_of(kMoreMacroPrefixes.begin(), kMoreMacroPrefixes.end(), matches);
}

// <errno.h>: E followed by upper-case letters and digits (EDOM, ERANGE, E2BIG, ...).
bool is_errno_macro(std::string_view name) {
    return name.size() >= 2 && name[0] == 'E' &&
           std::all_of(name.begin() + 1, name.end(), upper_or_digit);
}

} // namespace

bool is_reserved_identifier(std::string_view name) {
    return std::binary_search(kWords.begin(), kWords.end(), name) || in_macro_family(name) ||
           is_errno_macro(name);
}

} // namespace microaot::codegen
