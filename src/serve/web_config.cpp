// The web configuration, read with yaml-cpp and checked strictly.
#include "serve/web_config.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "present/sanitize.hpp"

namespace sockscope::serve {

namespace {

std::string quoted(std::string_view s) { return "'" + terminal_safe(s) + "'"; }

bool is_bcrypt(std::string_view h) {
  // $2a$, $2b$ or $2y$, two cost digits, '$', 53 characters of salt and hash.
  return h.size() == 60 && h[0] == '$' && h[1] == '2' && (h[2] == 'a' || h[2] == 'b' || h[2] == 'y') && h[3] == '$' &&
         h[4] >= '0' && h[4] <= '3' && h[5] >= '0' && h[5] <= '9' && h[6] == '$';
}

std::string resolve(const std::string& path, const std::string& base) {
  if (path.empty() || path.front() == '/' || base.empty()) return path;
  return base + "/" + path;
}

}  // namespace

std::expected<WebConfig, std::string> parse_web_config(std::string_view yaml, const std::string& base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return std::unexpected(terminal_safe("not YAML: " + e.msg + " at line " + std::to_string(e.mark.line + 1)));
  }
  WebConfig c;
  if (root.IsNull()) return c;
  if (!root.IsMap()) return std::unexpected("the top level must be a mapping");
  try {
    for (const auto& kv : root) {
      const std::string key = kv.first.as<std::string>();
      const YAML::Node& v = kv.second;
      if (key == "tls_server_config") {
        if (v.IsNull()) continue;
        if (!v.IsMap()) return std::unexpected("tls_server_config must be a mapping");
        for (const auto& t : v) {
          const std::string k = t.first.as<std::string>();
          if (!t.second.IsScalar()) return std::unexpected("tls_server_config: " + k + " must be a string");
          const std::string value = t.second.as<std::string>();
          if (k == "cert_file") {
            c.cert_file = resolve(value, base_dir);
          } else if (k == "key_file") {
            c.key_file = resolve(value, base_dir);
          } else if (k == "min_version") {
            if (value == "TLS10") c.min_tls_version = 10;
            else if (value == "TLS11") c.min_tls_version = 11;
            else if (value == "TLS12") c.min_tls_version = 12;
            else if (value == "TLS13") c.min_tls_version = 13;
            else return std::unexpected("tls_server_config: min_version " + quoted(value) + " is not TLS10, TLS11, TLS12 or TLS13");
          } else {
            return std::unexpected("tls_server_config: unknown key " + quoted(k));
          }
        }
        if (c.cert_file.empty() != c.key_file.empty())
          return std::unexpected("tls_server_config: cert_file and key_file go together");
      } else if (key == "basic_auth_users") {
        if (v.IsNull()) continue;
        if (!v.IsMap()) return std::unexpected("basic_auth_users must be a mapping of user names to bcrypt hashes");
        for (const auto& u : v) {
          const std::string user = u.first.as<std::string>();
          if (!u.second.IsScalar()) return std::unexpected("basic_auth_users: " + quoted(user) + " must have a bcrypt hash");
          const std::string hash = u.second.as<std::string>();
          if (user.empty() || user.find(':') != std::string::npos)
            return std::unexpected("basic_auth_users: user name " + quoted(user) + " is empty or holds ':'");
          if (!is_bcrypt(hash)) return std::unexpected("basic_auth_users: the hash of " + quoted(user) + " is not bcrypt ($2y$...)");
          c.users[user] = hash;
        }
      } else {
        return std::unexpected("unknown key " + quoted(key) + " (known: tls_server_config, basic_auth_users)");
      }
    }
  } catch (const YAML::Exception& e) {
    return std::unexpected(terminal_safe("malformed: " + e.msg));
  }
  return c;
}

std::expected<WebConfig, std::string> load_web_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected("--web-config " + terminal_safe(path) + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  const auto slash = path.rfind('/');
  auto c = parse_web_config(text.str(), slash == std::string::npos ? "." : path.substr(0, slash));
  if (!c) return std::unexpected("--web-config " + terminal_safe(path) + ": " + c.error());
  return c;
}

}  // namespace sockscope::serve
