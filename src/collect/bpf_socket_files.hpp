// Socket descriptors of every process in one pass, from an eBPF task-file iterator (root + BTF).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "collect/proc_fd_scan.hpp"
#include "model/owner_index.hpp"
#include "model/error.hpp"

namespace sockscope {

// The compiled-in iterator (src/collect/bpf/socket_files.bpf.c), loaded once and read as often as
// wanted: loading costs a parse of the kernel's BTF (milliseconds), each read a walk of every
// descriptor table inside the kernel (~1 µs per socket descriptor instead of a readlinkat()).
// Not thread-safe: one reader at a time.
class BpfSocketFiles {
 public:
  // Fails with a one-line reason when sockscope was built without eBPF support, or the kernel
  // refuses: not root (CAP_BPF + CAP_PERFMON), no BTF, a kernel before 5.11 (task-file iterators, bpf_get_current_task_btf), a
  // seccomp filter or lockdown.
  static Result<std::unique_ptr<BpfSocketFiles>> load();
  // Whether this binary has the iterator at all.
  static bool built_in();

  // Appends {inode, Owner{pid, fd}} for every socket descriptor of every process that the
  // caller's PID namespace shows (the numbers /proc uses); `with_netns`: keyed by the network
  // namespace the socket lives in instead, socket_key(netns, inode) (three more reads per socket
  // in the kernel). Owner::process holds the PID. With `namespace_files`, also one descriptor per
  // namespace file (nsfs, of any kind) open anywhere.
  Result<void> read(std::vector<InodeOwner>& out, std::vector<NsDescriptor>* namespace_files = nullptr,
                    bool with_netns = false);

  ~BpfSocketFiles();
  BpfSocketFiles(const BpfSocketFiles&) = delete;
  BpfSocketFiles& operator=(const BpfSocketFiles&) = delete;

 private:
  struct Loaded;
  explicit BpfSocketFiles(std::unique_ptr<Loaded> loaded);
  std::unique_ptr<Loaded> loaded_;
};

}  // namespace sockscope
