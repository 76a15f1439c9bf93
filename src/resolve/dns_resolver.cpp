// Reverse DNS with c-ares: one channel driven by a worker thread polling its sockets.
#include "resolve/dns_resolver.hpp"

#include <ares.h>
#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "parse/hosts.hpp"

namespace sockscope {

namespace {

// ares_library_init/cleanup are reference counted but not thread-safe.
std::mutex g_library_mutex;

int library_init() {
  std::lock_guard lock(g_library_mutex);
  return ares_library_init(ARES_LIB_INIT_ALL);
}

void library_cleanup() {
  std::lock_guard lock(g_library_mutex);
  ares_library_cleanup();
}

}  // namespace

struct DnsResolver::Impl {
  enum class State : std::uint8_t { Pending, Found, NotFound };
  struct Entry {
    State state = State::Pending;
    std::string name;  // kept while a refresh is pending, so find() stays useful
    Clock::time_point expires{};
  };
  // One outstanding c-ares query; owned by c-ares until its callback runs.
  struct Query {
    Impl* impl;
    IpAddress key;
  };

  explicit Impl(Options o) : options(std::move(o)) {}

  Options options;
  ares_channel channel = nullptr;
  bool library_ready = false;
  int wake_fd = -1;
  std::thread worker;

  mutable std::mutex mutex;
  std::condition_variable idle;  // signalled when pending reaches zero
  std::map<IpAddress, Entry> cache;
  std::deque<IpAddress> queue;  // requested, not yet handed to c-ares
  std::size_t pending = 0;      // entries in State::Pending
  std::size_t sweep_at = 4096;
  bool stopping = false;

  // Worker-thread only.
  std::map<ares_socket_t, short> sockets;  // fd -> poll events wanted, from the state callback
  std::size_t in_flight = 0;

  Clock::time_point now() const { return options.now ? options.now() : Clock::now(); }

  ~Impl() {
    if (channel) ares_destroy(channel);
    if (library_ready) library_cleanup();
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
  }

  static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
    auto* self = static_cast<Impl*>(data);
    const short events = static_cast<short>((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
    if (events == 0) {
      self->sockets.erase(fd);
    } else {
      self->sockets[fd] = events;
    }
  }

  static void on_host(void* arg, int status, int /*timeouts*/, hostent* host) {
    auto* query = static_cast<Query*>(arg);
    Impl* self = query->impl;
    --self->in_flight;
    std::optional<std::string> name;
    // Stored as given. c-ares 1.18.1 already refuses names outside [A-Za-z0-9._-]
    // (ARES_EBADRESP), but presenters escape regardless of what a resolver let through.
    if (status == ARES_SUCCESS && host && host->h_name && host->h_name[0] != '\0') {
      name = host->h_name;
    }
    const bool abandoned = status == ARES_EDESTRUCTION || status == ARES_ECANCELLED;
    self->finish(query->key, std::move(name), abandoned);
    delete query;
  }

  void finish(const IpAddress& key, std::optional<std::string> name, bool abandoned) {
    std::lock_guard lock(mutex);
    auto it = cache.find(key);
    if (it == cache.end() || it->second.state != State::Pending) return;
    if (abandoned) {
      if (it->second.name.empty()) {
        cache.erase(it);
      } else {
        it->second.state = State::Found;  // keep the stale name; it was right once
      }
    } else if (name) {
      it->second = Entry{State::Found, std::move(*name), now() + options.positive_ttl};
    } else {
      it->second = Entry{State::NotFound, {}, now() + options.negative_ttl};
    }
    if (--pending == 0) idle.notify_all();
  }

  // Caller holds the mutex. Expired answers are dropped once the cache has grown, so a
  // long-running TUI on a busy host does not keep every address it ever saw.
  void sweep(Clock::time_point t) {
    if (cache.size() < sweep_at) return;
    for (auto it = cache.begin(); it != cache.end();) {
      if (it->second.state != State::Pending && it->second.expires <= t) {
        it = cache.erase(it);
      } else {
        ++it;
      }
    }
    sweep_at = std::max<std::size_t>(4096, cache.size() * 2);
  }

  void submit(const IpAddress& key) {
    ++in_flight;
    auto* query = new Query{this, key};
    if (key.family == Family::Inet4) {
      ares_gethostbyaddr(channel, key.bytes.data(), 4, AF_INET, &Impl::on_host, query);
    } else {
      ares_gethostbyaddr(channel, key.bytes.data(), 16, AF_INET6, &Impl::on_host, query);
    }
  }

  int poll_timeout_ms() {
    if (in_flight == 0) return -1;
    timeval max{1, 0};
    timeval buf{};
    const timeval* tv = ares_timeout(channel, &max, &buf);
    // Round up: waking a millisecond early only to find nothing due spins the loop.
    return static_cast<int>(tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000);
  }

  void run() {
    std::vector<IpAddress> batch;
    std::vector<pollfd> fds;
    for (;;) {
      batch.clear();
      {
        std::lock_guard lock(mutex);
        if (stopping) break;
        while (!queue.empty() && in_flight + batch.size() < options.max_in_flight) {
          batch.push_back(queue.front());
          queue.pop_front();
        }
      }
      // Outside the lock: a hosts-file hit calls back synchronously, and the callback locks.
      for (const auto& key : batch) submit(key);

      fds.clear();
      fds.push_back(pollfd{wake_fd, POLLIN, 0});
      for (const auto& [fd, events] : sockets) fds.push_back(pollfd{fd, events, 0});
      const int ready = ::poll(fds.data(), fds.size(), poll_timeout_ms());
      if (ready < 0 && errno != EINTR) break;  // only EFAULT/EINVAL/ENOMEM: nothing to retry

      if (fds[0].revents & POLLIN) {
        std::uint64_t count = 0;
        [[maybe_unused]] auto n = ::read(wake_fd, &count, sizeof count);
      }
      for (std::size_t i = 1; i < fds.size(); ++i) {
        const short r = fds[i].revents;
        if (r == 0) continue;
        const bool readable = r & (POLLIN | POLLERR | POLLHUP);
        const bool writable = r & POLLOUT;
        ares_process_fd(channel, readable ? fds[i].fd : ARES_SOCKET_BAD,
                        writable ? fds[i].fd : ARES_SOCKET_BAD);
      }
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts and retries
    }
    // Fails the outstanding queries (ARES_EDESTRUCTION) on this thread, which owns the channel.
    ares_destroy(channel);
    channel = nullptr;
    std::lock_guard lock(mutex);
    stopping = true;  // also after a poll failure: later requests must not wait on a dead loop
    for (const auto& key : queue) {
      auto it = cache.find(key);
      if (it != cache.end() && it->second.state == State::Pending) {
        cache.erase(it);
        --pending;
      }
    }
    queue.clear();
    idle.notify_all();
  }
};

DnsResolver::DnsResolver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<DnsResolver>> DnsResolver::create(Options options) {
  if (options.tries < 1) options.tries = 1;
  if (options.max_in_flight < 1) options.max_in_flight = 1;
  if (options.timeout.count() < 1) options.timeout = std::chrono::milliseconds(1);
  auto impl = std::make_unique<Impl>(std::move(options));
  const Options& o = impl->options;

  if (const int rc = library_init(); rc != ARES_SUCCESS) {
    return fail(std::string("cannot initialise c-ares: ") + ares_strerror(rc));
  }
  impl->library_ready = true;

  ares_options ao{};
  ao.timeout = static_cast<int>(std::min<std::chrono::milliseconds::rep>(o.timeout.count(), 3600000));
  ao.tries = o.tries;
  char lookups_file_then_dns[] = "fb";
  char lookups_dns[] = "b";
  ao.lookups = o.use_hosts_file ? lookups_file_then_dns : lookups_dns;
  ao.sock_state_cb = &Impl::on_socket_state;
  ao.sock_state_cb_data = impl.get();
  const int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_LOOKUPS | ARES_OPT_SOCK_STATE_CB;
  if (const int rc = ares_init_options(&impl->channel, &ao, mask); rc != ARES_SUCCESS) {
    impl->channel = nullptr;
    return fail(std::string("cannot initialise the DNS resolver: ") + ares_strerror(rc));
  }
  if (!o.servers.empty()) {
    if (const int rc = ares_set_servers_ports_csv(impl->channel, o.servers.c_str()); rc != ARES_SUCCESS) {
      return fail("invalid DNS server list '" + o.servers + "': " + ares_strerror(rc), EINVAL);
    }
  }
  impl->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (impl->wake_fd < 0) {
    const int err = errno;
    return fail("cannot create the DNS worker's eventfd", err);
  }
  impl->worker = std::thread([p = impl.get()] { p->run(); });
  return std::unique_ptr<DnsResolver>(new DnsResolver(std::move(impl)));
}

DnsResolver::~DnsResolver() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake();
  impl_->worker.join();
}

void DnsResolver::request(const IpAddress& addr) {
  if (addr.is_unspecified()) return;
  const IpAddress key = host_key(addr);
  if (key.is_unspecified()) return;  // ::ffff:0.0.0.0
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    const auto t = impl_->now();
    auto [it, inserted] = impl_->cache.try_emplace(key);
    if (!inserted) {
      if (it->second.state == Impl::State::Pending || t < it->second.expires) return;
      it->second.state = Impl::State::Pending;
    }
    ++impl_->pending;
    impl_->queue.push_back(key);
    impl_->sweep(t);
  }
  impl_->wake();
}

std::optional<std::string> DnsResolver::find(const IpAddress& addr) const {
  const IpAddress key = host_key(addr);
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->cache.find(key);
  if (it == impl_->cache.end() || it->second.name.empty()) return std::nullopt;
  return it->second.name;
}

bool DnsResolver::wait(Clock::time_point deadline) {
  std::unique_lock lock(impl_->mutex);
  return impl_->idle.wait_until(lock, deadline, [&] { return impl_->pending == 0; });
}

}  // namespace sockscope
