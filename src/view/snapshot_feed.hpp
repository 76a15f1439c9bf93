// Where the live loop gets its tables from: the collector thread in the program, a script in tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "logic/endpoint_diff.hpp"
#include "model/error.hpp"
#include "view/model_services.hpp"

namespace sockscope::view {

// A new table, with its rows already arranged when an arranger was given.
struct FeedItem {
  LiveTablePtr table;
  std::uint64_t arranged_version = 0;  // the arranger's version; 0 = not arranged
  std::vector<std::size_t> order;      // indices into table->rows, as the arranger returned them
};

class SnapshotFeed {
 public:
  virtual ~SnapshotFeed() = default;
  // The newest live table (a snapshot already diffed against the one before) or collection
  // failure not taken yet; an older untaken one is dropped (its changes are in the newer table).
  virtual std::optional<Result<FeedItem>> take() = 0;
  // A descriptor that is readable while a result waits, so the loop can sleep on it; -1 = none.
  virtual int wake_fd() const { return -1; }
  virtual void control(const CollectControl& c) = 0;
  // How to arrange the rows of the next tables; feeds that cannot leave them to the view.
  virtual void arrange_with(RowArranger) {}
};

}  // namespace sockscope::view
