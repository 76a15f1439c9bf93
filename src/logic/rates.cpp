// Transfer rates between two tcp_info readings.
#include "logic/rates.hpp"

namespace sockscope {

namespace {

std::optional<double> per_second(std::uint64_t before, std::uint64_t after, double seconds) {
  if (after < before) return std::nullopt;
  return static_cast<double>(after - before) / seconds;
}

}  // namespace

Rates tcp_rates(const Endpoint& before, const Endpoint& after, std::chrono::duration<double> elapsed) {
  Rates r;
  const double seconds = elapsed.count();
  if (!before.tcp || !after.tcp || !(seconds > 0)) return r;
  r.send = per_second(before.tcp->bytes_sent, after.tcp->bytes_sent, seconds);
  r.receive = per_second(before.tcp->bytes_received, after.tcp->bytes_received, seconds);
  return r;
}

}  // namespace sockscope
