// SIGINT/SIGTERM handlers that stop the current run's StopToken instead of killing the process mid-row.
#include "cli/stop_on_signals.hpp"

#include <atomic>
#include <csignal>

namespace sockscope::cli {

namespace {

std::atomic<StopToken*> g_target{nullptr};
static_assert(std::atomic<StopToken*>::is_always_lock_free, "read from signal handlers");

extern "C" void on_stop_signal(int sig) {
  if (StopToken* t = g_target.load()) t->request(sig);
}

}  // namespace

StopOnSignals::StopOnSignals(StopToken& token) : token_(token), previous_target_(g_target.exchange(&token)) {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sa.sa_flags = SA_RESTART;  // a write cut short by the signal is finished by stdio's retry
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &previous_int_);
  sigaction(SIGTERM, &sa, &previous_term_);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
  g_target.store(previous_target_);
}

void StopOnSignals::die_if_signalled() {
  const int sig = token_.signal();
  if (sig == 0) return;
  std::signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace sockscope::cli
