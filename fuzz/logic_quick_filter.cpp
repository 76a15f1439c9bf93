// Fuzz target: the live view's quick filter (typed text) against rows holding hostile names and paths.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "logic/quick_filter.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // NUL-separated: typed text, process name, executable, UNIX path, resolved-name text.
  auto parts = fuzz::split_args(fuzz::as_text(data, size));
  parts.resize(5);
  Snapshot snap;
  Process p;
  p.pid = 4242;
  p.name = parts[1];
  p.exe = parts[2];
  snap.processes.push_back(p);
  Endpoint inet;
  inet.local_port = 8080;
  inet.state = TcpState::Established;
  inet.owners = {Owner{0, 3}, Owner{7, 4}};  // the second points past the process table
  Endpoint unix_sock;
  unix_sock.proto = Proto::Unix;
  unix_sock.family = Family::Unix;
  unix_sock.unix_path = parts[3];
  snap.endpoints = {inet, unix_sock};

  const QuickFilter filter(parts[0]);
  for (const auto& e : snap.endpoints) {
    const bool hit = filter.matches(e, snap, parts[4]);
    if (filter.empty() && !hit) std::abort();  // an empty filter hides nothing
  }
  // The process name always finds its own row, whatever bytes it holds.
  const QuickFilter by_name(p.name);
  if (!by_name.empty() && by_name.needle.size() == p.name.size() && !by_name.matches(snap.endpoints[0], snap)) std::abort();
  return 0;
}
