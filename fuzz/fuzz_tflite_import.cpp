// libFuzzer target: any byte string given to the TFLite importer either imports (and passes
// ir::verify) or raises CompileError. Anything else (crash, sanitizer report, other exception)
// is a finding. Seed corpus: ../shared/models/*.tflite.
#include "frontends/tflite/importer.h"
#include "ir/error.h"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, std::size_t size) {
    try {
        microaot::tflite::import_model(std::span<const uint8_t>(data, size), "fuzz");
    } catch (const microaot::CompileError &) {
        // Rejected cleanly: the expected outcome for most inputs.
    }
    return 0;
}
