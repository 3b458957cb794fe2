// Errors the compiler reports to the user: one line, naming what and where.
#pragma once

#include <stdexcept>
#include <string>

namespace microaot {

// Raised for bad input (corrupt model, unsupported operator, wrong usage of a stage).
// The CLI prints what() on one line and exits with status 2.
class CompileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

} // namespace microaot
