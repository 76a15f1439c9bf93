// Whether an eBPF program (the owner iterator, the connection events) must load here, or which precondition is missing.
#pragma once

#include <sys/utsname.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "collect/bpf_socket_files.hpp"

namespace sockscope::testing {

// "" when everything an eBPF program needs is here — a build with it (`built_in`), CAP_SYS_ADMIN
// or CAP_BPF with CAP_PERFMON in the effective set, the kernel's BTF, a kernel from 5.`min_minor`
// on (`feature` names what that kernel brought) — so a load that fails is a bug and must fail the
// test. Otherwise the missing precondition, for the skip message. Nothing else (a loader error, a
// verifier refusal) is a reason to skip.
inline std::string bpf_missing_precondition(bool built_in, int min_minor, const char* feature) {
  if (!built_in) return "this build has no eBPF programs (configured with -DSOCKSCOPE_EBPF=OFF)";
  std::ifstream status("/proc/self/status");
  std::uint64_t caps = 0;
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("CapEff:")) caps = std::stoull(line.substr(7), nullptr, 16);
  }
  constexpr int kCapSysAdmin = 21, kCapPerfmon = 38, kCapBpf = 39;
  auto has = [&](int cap) { return ((caps >> cap) & 1) != 0; };
  if (!has(kCapSysAdmin) && !(has(kCapBpf) && has(kCapPerfmon)))
    return "not privileged: neither CAP_SYS_ADMIN nor CAP_BPF with CAP_PERFMON in the effective capabilities";
  std::error_code ec;
  if (!std::filesystem::exists("/sys/kernel/btf/vmlinux", ec)) return "the kernel has no BTF (/sys/kernel/btf/vmlinux is missing)";
  utsname u{};
  int major = 0, minor = 0;
  if (::uname(&u) == 0 && std::sscanf(u.release, "%d.%d", &major, &minor) == 2 && (major < 5 || (major == 5 && minor < min_minor)))
    return std::string("kernel ") + u.release + " predates " + feature;
  return {};
}

// The eBPF owner iterator (task-file iterators: 5.11).
inline std::string ebpf_missing_precondition() {
  return bpf_missing_precondition(BpfSocketFiles::built_in(), 11, "task-file iterators (5.11)");
}

}  // namespace sockscope::testing
