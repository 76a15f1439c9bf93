// Small helpers for command-line values shared by the commands.
#include "cli/arg_util.hpp"

namespace sockscope::cli {

std::vector<std::string> split_list(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const auto& item : raw) {
    std::size_t start = 0;
    while (start <= item.size()) {
      auto comma = item.find(',', start);
      if (comma == std::string::npos) comma = item.size();
      if (comma > start) out.push_back(item.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

std::optional<OwnerMethod> parse_owner_method(const std::string& value) {
  if (value == "auto") return OwnerMethod::Auto;
  if (value == "ebpf") return OwnerMethod::Ebpf;
  if (value == "proc") return OwnerMethod::Proc;
  return std::nullopt;
}

}  // namespace sockscope::cli
