// StopToken: one run's request to stop writing at the next row boundary (set from signal handlers).
#pragma once

#include <atomic>

namespace sockscope {

// Owned by one run (one command, one exporter request): stopping it stops that run's writers only,
// and reset() makes it usable again. request() is async-signal-safe.
class StopToken {
 public:
  // `signal`: the signal that asked, so the run can die of it afterwards; 0 when none did.
  void request(int signal = 0) noexcept {
    signal_.store(signal, std::memory_order_relaxed);
    requested_.store(true, std::memory_order_release);
  }
  bool requested() const noexcept { return requested_.load(std::memory_order_relaxed); }
  int signal() const noexcept { return requested() ? signal_.load(std::memory_order_relaxed) : 0; }
  void reset() noexcept {
    requested_.store(false, std::memory_order_relaxed);
    signal_.store(0, std::memory_order_relaxed);
  }

 private:
  std::atomic<bool> requested_{false};
  std::atomic<int> signal_{0};
  static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
                "set from signal handlers");
};

}  // namespace sockscope
