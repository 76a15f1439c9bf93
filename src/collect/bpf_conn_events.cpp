// Loads the conn_events eBPF program with libbpf and reads its ring buffer; without libbpf, says so.
#include "collect/bpf_conn_events.hpp"

#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "collect/bpf_object_load.hpp"
#include "parse/conn_event.hpp"

#ifdef SOCKSCOPE_HAVE_BPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

extern "C" {
#include "model/conn_event_record.h"
}

SOCKSCOPE_EMBEDDED_BPF(conn_events);
#endif

namespace sockscope {

#ifdef SOCKSCOPE_HAVE_BPF
namespace {

constexpr const char* kProgram = "eBPF connection events";

std::string failure(const std::string& what, int err) { return bpf_failure(kProgram, what, err); }

}  // namespace

struct BpfConnEvents::Loaded {
  bpf_object* object = nullptr;
  std::vector<bpf_link*> links;
  ring_buffer* ring = nullptr;
  int lost_fd = -1;
  int udp_fd = -1;  // -1: UDP flows not loaded
  std::int64_t udp_idle_ns = 0;
  std::uint64_t last_udp_scan_ns = 0;
  std::string_view accept_by = "fexit inet_accept";
  std::uint64_t malformed = 0;
  const ConnEventHandler* handler = nullptr;  // set for the duration of one poll()
  int delivered = 0;
  ~Loaded() {
    if (ring) ring_buffer__free(ring);
    for (bpf_link* link : links) bpf_link__destroy(link);
    if (object) bpf_object__close(object);
  }
  // Runs the kernel skipped because the program was already running on that CPU (a softirq
  // interrupting it there): each skipped run of a program that writes records is a lost event.
  std::uint64_t recursion_misses(std::initializer_list<const char*> names) const {
    std::uint64_t sum = 0;
    for (const char* name : names) {
      bpf_program* program = bpf_object__find_program_by_name(object, name);
      if (!program || !bpf_program__autoload(program)) continue;
      bpf_prog_info info{};
      __u32 len = sizeof info;
      if (bpf_obj_get_info_by_fd(bpf_program__fd(program), &info, &len) == 0) sum += info.recursion_misses;
    }
    return sum;
  }
  std::uint64_t lost_slot(std::uint32_t slot) const {
    // A per-CPU array hands back one value per possible CPU.
    const int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) return 0;
    std::vector<std::uint64_t> values(static_cast<std::size_t>(cpus));
    if (bpf_map_lookup_elem(lost_fd, &slot, values.data()) != 0) return 0;
    std::uint64_t sum = 0;
    for (std::uint64_t v : values) sum += v;
    return sum;
  }
  // Hands over (and deletes) the UDP flows whose last datagram is at least `idle_ns` old (all of
  // them for idle_ns < 0). lookup-and-delete takes the counters as they are at deletion, so a
  // datagram counted between the look and the deletion is not lost.
  int expire_udp(std::int64_t idle_ns, const ConnEventHandler& on_event) {
    if (udp_fd < 0) return 0;
    timespec ts{};
    ::clock_gettime(CLOCK_BOOTTIME, &ts);
    const auto now = static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
    std::vector<udp_flow_key> due;
    udp_flow_key key{}, next{};
    udp_flow value{};
    const void* prev = nullptr;
    while (bpf_map_get_next_key(udp_fd, prev, &next) == 0) {
      key = next;
      prev = &key;
      if (bpf_map_lookup_elem(udp_fd, &key, &value) != 0) continue;
      if (idle_ns < 0 || value.last_ns + static_cast<std::uint64_t>(idle_ns) <= now) due.push_back(key);
    }
    int handed = 0;
    for (const udp_flow_key& k : due) {
      if (bpf_map_lookup_and_delete_elem(udp_fd, &k, &value) != 0) {
        // Kernels before 5.14 cannot look up and delete a hash entry in one step.
        if (bpf_map_lookup_elem(udp_fd, &k, &value) != 0 || bpf_map_delete_elem(udp_fd, &k) != 0) continue;
      }
      auto event = parse_udp_flow({reinterpret_cast<const std::byte*>(&k), sizeof k},
                                  {reinterpret_cast<const std::byte*>(&value), sizeof value});
      if (!event) {
        ++malformed;
        continue;
      }
      ++handed;
      on_event(std::move(*event));
    }
    return handed;
  }
  // ring_buffer__poll's callback, for each record in the buffer.
  static int on_sample(void* ctx, void* data, std::size_t size) {
    auto* loaded = static_cast<Loaded*>(ctx);
    auto event = parse_conn_event({static_cast<const std::byte*>(data), size});
    if (!event) {
      ++loaded->malformed;  // a bug, counted with the lost ones rather than shown half-read
      return 0;
    }
    ++loaded->delivered;
    (*loaded->handler)(std::move(*event));
    return 0;
  }
};

bool BpfConnEvents::built_in() { return true; }

namespace {

// Loads and attaches the object with one of the two ways of seeing accepts (conn_events.bpf.c).
Result<void> load_with(BpfConnEvents::Loaded& loaded, const BpfConnEvents::Options& options, bool accept_by_fexit) {
  auto object = load_bpf_object(kProgram, "sockscope_conn", sockscope_conn_events_bpf, sockscope_conn_events_bpf_size,
                                [&](bpf_object* o) {
                                  bpf_map__set_max_entries(bpf_object__find_map_by_name(o, "events"), options.ring_bytes);
                                  bpf_program__set_autoload(bpf_object__find_program_by_name(o, "on_accept"), accept_by_fexit);
                                  bpf_program__set_autoload(bpf_object__find_program_by_name(o, "on_accept_syscall"),
                                                            !accept_by_fexit);
                                  bpf_map__set_max_entries(bpf_object__find_map_by_name(o, "udp_flows"),
                                                           options.udp_flows ? options.udp_flow_entries : 1);
                                  for (const char* udp : {"on_udp_send", "on_udp_receive"})
                                    bpf_program__set_autoload(bpf_object__find_program_by_name(o, udp), options.udp_flows);
                                });
  if (!object) return std::unexpected(object.error());
  loaded.object = *object;
  bpf_program* program = nullptr;
  bpf_object__for_each_program(program, loaded.object) {
    if (!bpf_program__autoload(program)) continue;
    bpf_link* link = bpf_program__attach(program);
    if (!link) return fail(failure(std::string("attach ") + bpf_program__name(program), errno));
    loaded.links.push_back(link);
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<BpfConnEvents>> BpfConnEvents::load(const Options& options) {
  auto loaded = std::make_unique<Loaded>();
  // fexit costs nothing outside accept(); some kernels refuse it (no ftrace direct calls), and there
  // the system-call return does the same work at a small cost on every system call.
  if (auto first = load_with(*loaded, options, true); !first) {
    loaded = std::make_unique<Loaded>();
    if (auto second = load_with(*loaded, options, false); !second) return std::unexpected(second.error());
    loaded->accept_by = "accept system calls";
  }
  const int events_fd = bpf_object__find_map_fd_by_name(loaded->object, "events");
  loaded->lost_fd = bpf_object__find_map_fd_by_name(loaded->object, "lost");
  if (events_fd < 0 || loaded->lost_fd < 0) return fail(failure("find maps", ENOENT));
  if (options.udp_flows) {
    loaded->udp_fd = bpf_object__find_map_fd_by_name(loaded->object, "udp_flows");
    if (loaded->udp_fd < 0) return fail(failure("find maps", ENOENT));
    loaded->udp_idle_ns = options.udp_idle_ns;
  }
  loaded->ring = ring_buffer__new(events_fd, Loaded::on_sample, loaded.get(), nullptr);
  if (!loaded->ring) return fail(failure("ring buffer", errno));
  return std::unique_ptr<BpfConnEvents>(new BpfConnEvents(std::move(loaded)));
}

std::string_view BpfConnEvents::accept_hook() const { return loaded_->accept_by; }

Result<int> BpfConnEvents::poll(int timeout_ms, const ConnEventHandler& on_event) {
  loaded_->handler = &on_event;
  loaded_->delivered = 0;
  const int rc = ring_buffer__poll(loaded_->ring, timeout_ms);
  loaded_->handler = nullptr;
  if (rc < 0 && rc != -EINTR) return fail(failure("poll", rc), -rc);
  int delivered = loaded_->delivered;
  if (loaded_->udp_fd >= 0) {
    timespec ts{};
    ::clock_gettime(CLOCK_BOOTTIME, &ts);
    const auto now = static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
    // Once a second at most: a scan walks the whole table.
    if (now - loaded_->last_udp_scan_ns >= 1'000'000'000u) {
      loaded_->last_udp_scan_ns = now;
      delivered += loaded_->expire_udp(loaded_->udp_idle_ns, on_event);
    }
  }
  return delivered;
}

Result<int> BpfConnEvents::drain(const ConnEventHandler& on_event) { return loaded_->expire_udp(-1, on_event); }

std::uint64_t BpfConnEvents::uncounted_udp() const {
  return loaded_->lost_slot(CONN_LOST_UDP_FLOWS) + loaded_->recursion_misses({"on_udp_send", "on_udp_receive"});
}

std::uint64_t BpfConnEvents::lost_events() const {
  return loaded_->lost_slot(CONN_LOST_RINGBUF) + loaded_->malformed +
         loaded_->recursion_misses({"on_state", "on_drop", "on_accept", "on_accept_syscall"});
}

std::uint64_t BpfConnEvents::untracked_opens() const { return loaded_->lost_slot(CONN_LOST_TRACKING); }

#else  // built without libbpf

struct BpfConnEvents::Loaded {};

bool BpfConnEvents::built_in() { return false; }

Result<std::unique_ptr<BpfConnEvents>> BpfConnEvents::load(const Options&) {
  return fail("eBPF connection events: this sockscope was built without them (libbpf-dev and clang were missing)");
}

Result<int> BpfConnEvents::poll(int, const ConnEventHandler&) { return fail("eBPF connection events: not built in"); }
std::uint64_t BpfConnEvents::lost_events() const { return 0; }
std::uint64_t BpfConnEvents::untracked_opens() const { return 0; }
Result<int> BpfConnEvents::drain(const ConnEventHandler&) { return 0; }
std::uint64_t BpfConnEvents::uncounted_udp() const { return 0; }
std::string_view BpfConnEvents::accept_hook() const { return {}; }

#endif

BpfConnEvents::BpfConnEvents(std::unique_ptr<Loaded> loaded) : loaded_(std::move(loaded)) {}
BpfConnEvents::~BpfConnEvents() = default;

}  // namespace sockscope
