// Loads and reads the socket_files eBPF iterator with libbpf; without libbpf at build time, says so.
#include "collect/bpf_socket_files.hpp"

#include "collect/bpf_object_load.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#ifdef SOCKSCOPE_HAVE_BPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

SOCKSCOPE_EMBEDDED_BPF(socket_files);
#endif

namespace sockscope {

#ifdef SOCKSCOPE_HAVE_BPF
namespace {

// One record as the program writes it (struct socket_file in socket_files.bpf.c).
struct SocketFileRecord {
  std::uint64_t inode;
  std::uint32_t pid;
  std::uint32_t fd;
  std::uint32_t netns;
  std::uint32_t kind;  // 0 a socket, 1 a namespace file
};
static_assert(sizeof(SocketFileRecord) == 24);

std::string failure(const char* what, int err) { return bpf_failure("eBPF task-file iterator", what, err); }

}  // namespace

// The program's .bss (its global want_netns): written here, before each walk, read by it.
struct SocketFilesBss {
  std::uint32_t want_netns;
};

struct BpfSocketFiles::Loaded {
  bpf_object* object = nullptr;
  bpf_link* link = nullptr;
  int bss_fd = -1;  // the .bss map (one element, key 0)
  ~Loaded() {
    if (link) bpf_link__destroy(link);
    if (object) bpf_object__close(object);
  }
};

bool BpfSocketFiles::built_in() { return true; }

Result<std::unique_ptr<BpfSocketFiles>> BpfSocketFiles::load() {
  auto loaded = std::make_unique<Loaded>();
  // Also fails without kernel BTF (/sys/kernel/btf/vmlinux) or without task-file iterators.
  auto object = load_bpf_object("eBPF task-file iterator", "sockscope", sockscope_socket_files_bpf,
                                sockscope_socket_files_bpf_size);
  if (!object) return std::unexpected(object.error());
  loaded->object = *object;
  bpf_program* program = bpf_object__find_program_by_name(loaded->object, "socket_files");
  if (!program) return fail(failure("find program", ENOENT));
  loaded->link = bpf_program__attach_iter(program, nullptr);
  if (!loaded->link) return fail(failure("attach", errno));
  // Written with bpf_map_update_elem: libbpf 1.1 (Debian 12) maps the kernel's copy of .bss into
  // this process only for skeletons; bpf_map__initial_value() is a private image after the load.
  bpf_map* map = nullptr;
  bpf_object__for_each_map(map, loaded->object) {
    if (std::string_view(bpf_map__name(map)).ends_with(".bss") && bpf_map__value_size(map) == sizeof(SocketFilesBss))
      loaded->bss_fd = bpf_map__fd(map);
  }
  if (loaded->bss_fd < 0) return fail(failure("find the program's .bss", ENOENT));
  return std::unique_ptr<BpfSocketFiles>(new BpfSocketFiles(std::move(loaded)));
}

Result<void> BpfSocketFiles::read(std::vector<InodeOwner>& out, std::vector<NsDescriptor>* namespace_files, bool with_netns) {
  const std::uint32_t zero = 0;
  const SocketFilesBss bss{with_netns ? 1u : 0u};
  if (bpf_map_update_elem(loaded_->bss_fd, &zero, &bss, BPF_ANY) != 0) return fail(failure("set up", errno));
  // Each iterator descriptor walks the tasks once, from the start.
  const int fd = bpf_iter_create(bpf_link__fd(loaded_->link));
  if (fd < 0) return fail(failure("create", errno));
  // The kernel hands out at most its seq_file buffer (8 pages) per read(); records never straddle
  // reads, but a short read is handled anyway.
  alignas(SocketFileRecord) unsigned char buf[64 * 1024];
  std::size_t have = 0;
  while (true) {
    const ssize_t n = ::read(fd, buf + have, sizeof buf - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return fail(failure("read", err));
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
    const std::size_t whole = have / sizeof(SocketFileRecord);
    for (std::size_t i = 0; i < whole; ++i) {
      SocketFileRecord r;
      std::memcpy(&r, buf + i * sizeof r, sizeof r);
      if (r.kind == 0) {
        out.push_back({socket_key(r.netns, r.inode), Owner{r.pid, static_cast<int>(r.fd)}});
      } else if (namespace_files &&
                 std::ranges::find(*namespace_files, r.inode, &NsDescriptor::inode) == namespace_files->end()) {
        namespace_files->push_back({r.inode, static_cast<int>(r.pid), static_cast<int>(r.fd)});
      }
    }
    const std::size_t used = whole * sizeof(SocketFileRecord);
    std::memmove(buf, buf + used, have - used);
    have -= used;
  }
  ::close(fd);
  return {};
}

#else  // built without libbpf

struct BpfSocketFiles::Loaded {};

bool BpfSocketFiles::built_in() { return false; }

Result<std::unique_ptr<BpfSocketFiles>> BpfSocketFiles::load() {
  return fail("eBPF task-file iterator: this sockscope was built without it (libbpf-dev and clang were missing)");
}

Result<void> BpfSocketFiles::read(std::vector<InodeOwner>&, std::vector<NsDescriptor>*, bool) {
  return fail("eBPF task-file iterator: not built in");
}

#endif

BpfSocketFiles::BpfSocketFiles(std::unique_ptr<Loaded> loaded) : loaded_(std::move(loaded)) {}
BpfSocketFiles::~BpfSocketFiles() = default;

}  // namespace sockscope
