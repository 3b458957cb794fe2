// `microaot ops`: every operator microaot knows, its operands and traits, and which kernels run it
// per dtype, as the markdown page docs/operators.md.
#include "cli/command.h"
#include "driver/operator_table.h"

#include <fmt/format.h>

namespace microaot::cli {
namespace {

const bool kRegistered = register_command("ops", [](CLI::App &app) {
    app.add_subcommand("ops", "Print the supported operators, dtypes and kernels (markdown, as "
                              "docs/operators.md)");
    return std::function<int()>([] {
        fmt::print("{}", driver::operator_table_markdown());
        return kExitOk;
    });
});

} // namespace
} // namespace microaot::cli
