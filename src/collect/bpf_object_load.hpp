// Opening and loading an embedded eBPF object with libbpf, and the one-line reasons when that fails.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "model/error.hpp"

struct bpf_object;

// Declares the bytes CMake embeds for src/collect/bpf/<name>.bpf.c (sockscope_bpf_program in
// CMakeLists.txt), at namespace scope: sockscope_<name>_bpf and sockscope_<name>_bpf_size.
#define SOCKSCOPE_EMBEDDED_BPF(name)                 \
  extern const unsigned char sockscope_##name##_bpf[]; \
  extern const std::size_t sockscope_##name##_bpf_size

namespace sockscope {

// "<program>: <what>: <reason>", the reason naming the missing privilege for EPERM and EACCES.
// `err` is an errno, positive or negative (libbpf returns both).
std::string bpf_failure(std::string_view program, std::string_view what, int err);

// Opens the object file `bytes` (embedded by CMake) and loads it into the kernel, keeping libbpf
// quiet: sockscope reports failures itself, as bpf_failure(program, ...). `prepare`, when given,
// runs between opening and loading (to choose which programs load). Fails without kernel BTF,
// without the attach types the object needs, or when the verifier refuses.
Result<bpf_object*> load_bpf_object(std::string_view program, const char* object_name, const unsigned char* bytes,
                                    std::size_t size, const std::function<void(bpf_object*)>& prepare = {});

}  // namespace sockscope
