// Call graphs with per-function stack frames, from two sources: GCC's -fcallgraph-info=su files
// (our kernels: frames from -fstack-usage) and disassembly (C-library functions, built without
// it: frames from the prologue's push/vpush/sub sp). The worst-case stack of a function is its
// frame plus the worst of its callees'.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace microaot::footprint::tablegen {

struct Function {
    std::string name;     // symbol name (static functions: GCC's name, e.g. helper.constprop.0)
    int64_t frame = 0;    // bytes
    bool known = false;   // frame measured (false: a callee defined elsewhere)
    bool dynamic = false; // -fstack-usage said "dynamic" (alloca/VLA): frame is a minimum
    // Keys into the same graph, or "extern:<name>" for a function defined in another object.
    std::vector<std::string> callees;
};

struct StackBound {
    int64_t bytes = 0;
    bool exact = true; // false: recursion, a dynamic frame or an unmeasured callee on the path
    std::set<std::string> unresolved; // callees nobody measured
};

// Functions are keyed "<scope>|<title>": the scope is the object file (two kernels of the same
// name live in different objects), the title GCC's ("name" for global functions, "file:name" for
// file-local ones). A call to a function the object does not define is resolved by name when
// the bound is computed: a global function of another object (several: the worst), else a
// function of the disassembled C library, else it stays unresolved.
class CallGraph {
  public:
    // Adds the nodes and edges of one .ci file under `scope`.
    void add_callgraph_info(const std::string &scope, const std::string &text);
    // Adds the functions of an `objdump -d` listing (frames from their prologues) under
    // `scope`: all of them for the C library (scope "libc"), else only `only` (functions written
    // in assembly, which have no .ci entry).
    void add_disassembly(const std::string &scope, const std::string &text,
                         const std::set<std::string> &only = {});
    // Makes `alias` (a second symbol at the address of `name`, e.g. libgcc's __aeabi_dadd at
    // __adddf3: objdump labels an address with one of them only) the same function.
    void add_alias(const std::string &scope, const std::string &alias, const std::string &name);
    // Raises the frames of `scope`'s functions to what their disassembly pushes when that is
    // more: -fstack-usage does not see inline assembly that pushes registers.
    void raise_frames_to_disassembly(const std::string &scope, const std::string &text);
    bool defines(const std::string &scope, const std::string &name) const {
        return functions_.count(scope + "|" + name) > 0;
    }

    // Worst-case stack from global function `name` of `scope` down (its frame included).
    StackBound bound(const std::string &scope, const std::string &name) const;

  private:
    StackBound bound_of(const std::string &key, std::set<std::string> &path,
                        std::map<std::string, StackBound> &memo) const;
    // Keys a call to `name` from outside its object resolves to (empty: unresolved).
    std::vector<std::string> resolve(const std::string &name) const;

    std::map<std::string, Function> functions_;
    std::map<std::string, std::vector<std::string>> globals_; // name -> keys defining it
};

// Per function of an `objdump -d` listing: the bytes all its push/stmdb/vpush/sub sp move the
// stack pointer down by (an upper bound of its frame).
std::map<std::string, int64_t> disassembly_frames(const std::string &text);

// Bytes a Thumb-2 prologue instruction moves the stack pointer down by (push/stmdb sp!/vpush/
// sub sp), 0 for anything else.
int64_t stack_adjustment(const std::string &mnemonic, const std::string &operands);

} // namespace microaot::footprint::tablegen
