// StopOnSignals: while a run writes, SIGINT and SIGTERM stop that run's StopToken after a whole row.
#pragma once

#include <signal.h>

#include "present/stop_token.hpp"

namespace sockscope::cli {

// For its lifetime, routes SIGINT and SIGTERM to `token` (the process-wide part is one atomic
// pointer to the token, which a signal handler may read); the previous handlers come back after.
// One at a time per process: signals go to the run that owns the terminal's attention.
class StopOnSignals {
 public:
  explicit StopOnSignals(StopToken& token);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  // When a signal stopped the run: the process dies of it, as it would have without the handler
  // (the caller first wrote out whole rows). Otherwise returns.
  void die_if_signalled();

 private:
  StopToken& token_;
  StopToken* previous_target_;
  struct sigaction previous_int_ {}, previous_term_ {};
};

}  // namespace sockscope::cli
