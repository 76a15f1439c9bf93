// --web-config FILE: Prometheus exporter-toolkit's web configuration (YAML), the parts sockscope
// serves: TLS (certificate, key, minimum version) and basic auth users with bcrypt hashes.
//
//   tls_server_config:
//     cert_file: server.crt        # relative paths: from the file's own directory
//     key_file: server.key
//     min_version: TLS12           # TLS10, TLS11, TLS12 (default), TLS13
//   basic_auth_users:
//     alice: $2y$10$...            # htpasswd -nBC 10 "" | tr -d ':\n'
//
// Anything else is refused, so a misspelt key never silently leaves the exporter unprotected.
#pragma once

#include <expected>
#include <map>
#include <string>
#include <string_view>

namespace sockscope::serve {

struct WebConfig {
  std::string cert_file;  // both or neither
  std::string key_file;
  int min_tls_version = 12;  // 10..13: TLS 1.x
  std::map<std::string, std::string> users;  // user -> bcrypt hash
  bool tls() const { return !cert_file.empty(); }
  bool auth() const { return !users.empty(); }
};

// Parses the YAML text; `base_dir` completes relative paths. The error is one line naming the
// bad part: "tls_server_config: unknown key 'certfile'".
std::expected<WebConfig, std::string> parse_web_config(std::string_view yaml, const std::string& base_dir);

// Reads and parses FILE ("--web-config FILE: ..." errors).
std::expected<WebConfig, std::string> load_web_config(const std::string& path);

}  // namespace sockscope::serve
