// What the live model asks of the outside world, injected so tests can fake every effect.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logic/endpoint_diff.hpp"
#include "model/endpoint.hpp"
#include "model/error.hpp"
#include "model/netns.hpp"
#include "model/process_details.hpp"

namespace sockscope {
class NameSource;
class LocalLookups;
}  // namespace sockscope

namespace sockscope::view {

// How the collector should run from now on.
struct CollectControl {
  std::optional<std::chrono::milliseconds> interval;  // nullopt = paused
  bool unix_sockets = false;                          // collect UNIX sockets too
  bool refresh_now = false;                           // one collection right away
  friend bool operator==(const CollectControl&, const CollectControl&) = default;
};

// The model's filter and sort as a function the collector thread runs on each new table, so a
// refresh of 100k rows is ordered off the client's thread. `version` changes whenever what the
// function does changes (another sort column, filter text, protocol or state toggle).
struct RowArranger {
  std::uint64_t version = 0;
  std::function<std::vector<std::size_t>(const LiveTablePtr&)> arrange;
};

struct ModelServices {
  const NameSource* names = nullptr;                   // names known now (never blocks)
  std::function<void(const IpAddress&)> request_name;  // starts a background lookup
  LocalLookups* local = nullptr;                       // user and interface names; null = numbers
  std::function<void(const CollectControl&)> control;
  // Hands the collector thread the model's current filter and sort (see RowArranger).
  std::function<void(RowArranger)> arrange;
  // SOCK_DESTROY in the connection's own network namespace (null: the current one); errors
  // carry errno (EPERM, EOPNOTSUPP, ENOENT).
  std::function<Result<void>(const Endpoint&, const NetnsInfo*)> close_connection;
  // kill(2); errors carry errno (EPERM, ESRCH).
  std::function<Result<void>(int pid, int signal)> send_signal;
  std::function<ProcessDetails(int pid)> process_details;
  // Writes a whole file (Save).
  std::function<Result<void>(const std::string& path, std::string_view content)> write_file;
};

}  // namespace sockscope::view
