// Opening and loading an embedded eBPF object with libbpf, and the one-line reasons when that fails.
#include "collect/bpf_object_load.hpp"

#include <cerrno>
#include <cstring>

#ifdef SOCKSCOPE_HAVE_BPF
#include <bpf/libbpf.h>
#endif

namespace sockscope {

std::string bpf_failure(std::string_view program, std::string_view what, int err) {
  if (err < 0) err = -err;
  std::string reason = err == EPERM || err == EACCES
      ? "not permitted (needs root: CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)"
      : std::strerror(err);
  return std::string(program) + ": " + std::string(what) + ": " + reason;
}

#ifdef SOCKSCOPE_HAVE_BPF
namespace {

// libbpf reports to stderr by default; sockscope reports failures itself, in one line.
int quiet_libbpf(libbpf_print_level, const char*, va_list) { return 0; }

}  // namespace

Result<bpf_object*> load_bpf_object(std::string_view program, const char* object_name, const unsigned char* bytes,
                                    std::size_t size, const std::function<void(bpf_object*)>& prepare) {
  libbpf_set_print(quiet_libbpf);
  bpf_object_open_opts opts{};
  opts.sz = sizeof opts;
  opts.object_name = object_name;
  bpf_object* object = bpf_object__open_mem(bytes, size, &opts);
  if (!object) return fail(bpf_failure(program, "open", errno));
  if (prepare) prepare(object);
  if (const int rc = bpf_object__load(object); rc != 0) {
    bpf_object__close(object);
    return fail(bpf_failure(program, "load", rc));
  }
  return object;
}

#else

Result<bpf_object*> load_bpf_object(std::string_view program, const char*, const unsigned char*, std::size_t,
                                    const std::function<void(bpf_object*)>&) {
  return fail(std::string(program) + ": not built in");
}

#endif

}  // namespace sockscope
