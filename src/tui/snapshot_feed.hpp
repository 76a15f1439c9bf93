// Where the live loop gets its tables from: the collector thread in the program, a script in tests.
#pragma once

#include <optional>

#include "logic/endpoint_diff.hpp"
#include "model/error.hpp"
#include "tui/view_services.hpp"

namespace sockscope::tui {

class SnapshotFeed {
 public:
  virtual ~SnapshotFeed() = default;
  // The newest live table (a snapshot already diffed against the one before) or collection
  // failure not taken yet; an older untaken one is dropped (its changes are in the newer table).
  virtual std::optional<Result<LiveTablePtr>> take() = 0;
  // A descriptor that is readable while a result waits, so the loop can sleep on it; -1 = none.
  virtual int wake_fd() const { return -1; }
  virtual void control(const CollectControl& c) = 0;
};

}  // namespace sockscope::tui
