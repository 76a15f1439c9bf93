// Small text helpers shared by the netstat table presenters: addresses, prefixes, padding, names by index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/netstat_tables.hpp"

namespace sockscope::netstat_text {

std::string ip(const IpAddress& a);
// The address with its host bits cleared.
IpAddress network_of(const IpAddress& a, std::uint8_t prefix_len);
// 255.255.255.0 for 24 (IPv4 only).
std::string netmask4(std::uint8_t prefix_len);
// fe80::/10: addresses that need an interface to mean anything.
bool is_link_local(const IpAddress& a);
// "aa:bb:cc" (sep ':') or "aa bb cc " (sep ' ', trailing too, as Windows writes it); "" for none or all zero.
std::string hw_text(const std::vector<std::uint8_t>& hw, char sep, bool trailing);
// `text` right-aligned in `width`, always with at least one space before it.
std::string right(std::string_view text, std::size_t width);
// `text` left-aligned in `width` display columns, with at least one space after it however long
// (Windows' fixed-width fields).
void append_field(std::string& line, std::string_view text, std::size_t width);
// Appends `line` to `out` without its trailing spaces, then a newline; empties `line`.
void end_line(std::string& out, std::string& line);
// Terminal-safe interface name for index `index`, or nullopt when unknown.
const InterfaceInfo* find_link(const std::vector<InterfaceInfo>& links, std::uint32_t index);
std::string safe_name(const InterfaceInfo& link);
// Removes trailing blanks from every line.
void trim_line_ends(std::string& text);

}  // namespace sockscope::netstat_text
