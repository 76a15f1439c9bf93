// Reading query literals: numbers with size, duration and rate units, ports, addresses, prefixes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "logic/query_ast.hpp"

namespace sockscope {

// Sizes: a number (may have a fraction) and an optional unit. K M G T (and KB MB GB TB, any case)
// are decimal powers of 1000, as disks and networks count; KiB MiB GiB TiB binary powers of 1024;
// B is bytes. Results over INT64_MAX are refused.
std::optional<std::int64_t> parse_size(std::string_view text);
// Rates: a size followed by "/s" (bytes per second); a bare number is bytes per second.
std::optional<std::int64_t> parse_rate(std::string_view text);
// Durations in microseconds: us ms s m h d; a bare number counts `bare_unit` microseconds.
std::optional<std::int64_t> parse_duration(std::string_view text, std::uint64_t bare_unit);
// A plain integer: decimal or 0x hexadecimal, not negative.
std::optional<std::int64_t> parse_count(std::string_view text);

// An IPv4 or IPv6 address with an optional /length; no brackets. nullopt when not one.
std::optional<AddressPrefix> parse_prefix(std::string_view text);

// Whether `address` lies in `prefix`, as the kernel's sock_diag host condition decides: a family
// must match, except that an IPv4 prefix also selects IPv4-mapped IPv6 addresses; length 0 with a
// family selects every address of that family.
bool prefix_contains(const AddressPrefix& prefix, const IpAddress& address);

// The canonical text of a prefix: "10.0.0.0/8", "fd00::/64" (no brackets).
std::string prefix_text(const AddressPrefix& p);

}  // namespace sockscope
