// HTTP basic auth against the web configuration's bcrypt hashes (verified by libcrypt, compared in
// constant time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "serve/web_config.hpp"

namespace sockscope::serve {

// "Basic BASE64(user:password)" as user and password; nullopt when it is not that.
std::optional<std::pair<std::string, std::string>> parse_basic_authorization(std::string_view header);

// Whether `header` (the Authorization header, "" when absent) names a user of `config` with the
// right password. An unknown user costs one bcrypt all the same.
bool authorized(const WebConfig& config, std::string_view header);

}  // namespace sockscope::serve
