#include "harness.h"

#include <fmt/format.h>

namespace microaot::semantic_fuzz {
namespace {

std::string run_function(const CompiledMutant &m) {
    const std::string &n = m.name;
    std::string out = fmt::format("static int run_{0}(int pattern) {{\n"
                                  "    {0}_inputs in;\n    {0}_outputs out;\n    int rc;\n"
                                  "    void *ws = malloc({0}_WORKSPACE_SIZE > 0 ? "
                                  "{0}_WORKSPACE_SIZE : 1);\n",
                                  n);
    for (std::size_t i = 0; i < m.inputs.size(); ++i)
        out += fmt::format("    void *in{0} = input({1}, \"{2}\", pattern);\n", i,
                           m.inputs[i].bytes, m.inputs[i].c_type);
    for (std::size_t i = 0; i < m.outputs.size(); ++i)
        out += fmt::format("    void *out{0} = malloc({1});\n", i, m.outputs[i].bytes);
    for (std::size_t i = 0; i < m.inputs.size(); ++i)
        out += fmt::format("    in.{} = (const {} *)in{};\n", m.inputs[i].field, m.inputs[i].c_type,
                           i);
    for (std::size_t i = 0; i < m.outputs.size(); ++i)
        out +=
            fmt::format("    out.{} = ({} *)out{};\n", m.outputs[i].field, m.outputs[i].c_type, i);
    out += fmt::format("    rc = (uintptr_t)ws % {0}_WORKSPACE_ALIGN == 0\n"
                       "             ? {0}_run_with_workspace(&in, &out, ws)\n"
                       "             : {0}_run(&in, &out);\n",
                       n);
    for (std::size_t i = 0; i < m.inputs.size(); ++i)
        out += fmt::format("    free(in{});\n", i);
    for (std::size_t i = 0; i < m.outputs.size(); ++i)
        out += fmt::format("    free(out{});\n", i);
    return out + "    free(ws);\n    return rc;\n}\n\n";
}

} // namespace

std::string render_batch_harness(const std::vector<CompiledMutant> &batch) {
    std::string out = "/* semantic-fuzz batch harness (generated). */\n"
                      "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
                      "#include <string.h>\n\n";
    for (const CompiledMutant &m : batch)
        out += fmt::format("#include \"{0}/{0}.h\"\n", m.name);
    out += R"(
static uint32_t random_state = 12345u;

static uint32_t next_random(void) {
    random_state = random_state * 1664525u + 1013904223u;
    return random_state >> 8;
}

/* A heap block of `bytes` holding elements of `type` all -128 (pattern 0), all 127 (1) or
 * random (2): floats uniform in [-128, 127]; other types byte by byte (0x80, 0x7f, random:
 * int8 -128 / 127, wider integers their extremes' neighbours). */
static void *input(long bytes, const char *type, int pattern) {
    unsigned char *p = (unsigned char *)malloc((size_t)bytes);
    long i;
    if (p == NULL) {
        fprintf(stderr, "harness: out of memory\n");
        exit(4);
    }
    if (strcmp(type, "float") == 0) {
        for (i = 0; i + 4 <= bytes; i += 4) {
            float v = pattern == 0 ? -128.0f : pattern == 1 ? 127.0f
                                               : (float)(next_random() % 25500u) / 100.0f - 128.0f;
            memcpy(p + i, &v, 4);
        }
    } else {
        for (i = 0; i < bytes; ++i)
            p[i] = (unsigned char)(pattern == 0 ? 0x80 : pattern == 1 ? 0x7f : next_random());
    }
    return p;
}

)";
    for (const CompiledMutant &m : batch)
        out += run_function(m);
    out += "static int (*const runs[])(int) = {\n";
    for (const CompiledMutant &m : batch)
        out += fmt::format("    run_{},\n", m.name);
    out += fmt::format(R"(}};

int main(int argc, char **argv) {{
    int k, p, start = argc > 1 ? atoi(argv[1]) : 0;
    for (k = start; k < {0}; ++k) {{
        for (p = 0; p < 3; ++p) {{
            int rc;
            printf("begin %d %d\n", k, p);
            fflush(stdout);
            rc = runs[k](p);
            if (rc != 0) {{
                printf("run %d pattern %d returned %d\n", k, p, rc);
                return 3;
            }}
            printf("end %d %d\n", k, p);
            fflush(stdout);
        }}
    }}
    return 0;
}}
)",
                       batch.size());
    return out;
}

} // namespace microaot::semantic_fuzz
