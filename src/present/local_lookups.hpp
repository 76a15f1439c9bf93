// Memoized host-local lookups presenters need per row: uid -> user, ifindex -> name, time -> local text.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sockscope {

// ISO 8601 local time with offset, seconds precision: "2024-05-01T12:34:56+02:00".
void append_local_time(std::string& out, std::int64_t unix_ms);

// Not thread-safe: one per presenter call or per UI thread. Views it returns stay valid for its life.
class LocalLookups {
 public:
  using Lookup = std::function<std::optional<std::string>(std::uint32_t)>;

  LocalLookups();  // the system's: getpwuid_r and if_indextoname
  LocalLookups(Lookup user_name, Lookup interface_name);  // injected, for tests

  // The user's name, or the uid as text when it has none.
  std::string_view user_name(std::uint32_t uid);
  // The interface's name; nullopt for index 0 or an interface this namespace does not know.
  std::optional<std::string_view> interface_name(std::uint32_t ifindex);
  // append_local_time, remembered per value (many rows share one process).
  std::string_view local_time(std::int64_t unix_ms);

 private:
  Lookup user_lookup_;
  Lookup interface_lookup_;
  std::unordered_map<std::uint32_t, std::string> users_;
  std::unordered_map<std::uint32_t, std::optional<std::string>> interfaces_;
  std::unordered_map<std::int64_t, std::string> times_;
};

}  // namespace sockscope
