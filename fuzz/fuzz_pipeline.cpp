// libFuzzer target for the whole compile pipeline, in memory: import -> passes -> partition ->
// plan -> codegen. The first input byte chooses the configuration (host, cortex-m4f, each with
// and without --accel macarray); the rest is the model. Every input must either compile or
// raise CompileError; anything else (crash, sanitizer report, other exception, hang) is a
// finding. Seeds: fuzz/make_seeds.sh (every shared model under every configuration).
#include "driver/driver.h"
#include "frontends/tflite/importer.h"
#include "ir/error.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

microaot::driver::CompileOptions options_for(uint8_t selector) {
    microaot::driver::CompileOptions o;
    o.name = "m";
    o.target = selector & 1 ? "cortex-m4f" : "host";
    if (selector & 2) o.accel = selector & 4 ? "macarray:sram=6K,rows=8,cols=8" : "macarray";
    return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size) {
    if (size < 1) return 0;
    try {
        microaot::ir::Graph graph =
            microaot::tflite::import_model(std::span<const uint8_t>(data + 1, size - 1), "fuzz");
        microaot::driver::compile_graph(std::move(graph), options_for(data[0]));
    } catch (const microaot::CompileError &) {
        // Refused with a one-line message: the expected outcome for most inputs.
    }
    return 0;
}
