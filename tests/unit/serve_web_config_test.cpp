// --web-config: exporter-toolkit's YAML, fixtures and malformed input; basic auth with bcrypt.
#include <gtest/gtest.h>

#include <string>

#include "serve/basic_auth.hpp"
#include "serve/web_config.hpp"

namespace sockscope::serve {
namespace {

const std::string kDir = SOCKSCOPE_FIXTURES "/web_config/";
// htpasswd -nbBC 4 "" 'pa:ss word'
const std::string kHash = "$2y$04$Pb/rtqYLBPRF0FhID2153eiqSSySHUJNOU9pBF7rH16ddBnqjgRGC";

TEST(ServeWebConfig, FullFile) {
  auto c = load_web_config(kDir + "full.yml");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->cert_file, kDir + "server.crt");  // relative to the file
  EXPECT_EQ(c->key_file, "/etc/ssl/server.key");
  EXPECT_EQ(c->min_tls_version, 13);
  EXPECT_TRUE(c->tls());
  ASSERT_EQ(c->users.size(), 2u);
  EXPECT_EQ(c->users.at("alice"), kHash);
  EXPECT_EQ(c->users.at("bob"), kHash);
}

TEST(ServeWebConfig, EmptyMeansNothing) {
  auto c = parse_web_config("", ".");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->tls());
  EXPECT_FALSE(c->auth());
  EXPECT_EQ(c->min_tls_version, 12);
}

TEST(ServeWebConfig, MalformedFilesNameTheBadPart) {
  const std::pair<const char*, const char*> cases[] = {
      {"misspelt_key.yml", "tls_server_config: unknown key 'certfile'"},
      {"plain_password.yml", "basic_auth_users: the hash of 'alice' is not bcrypt"},
      {"cert_without_key.yml", "cert_file and key_file go together"},
      {"not_yaml.yml", "not YAML"},
      {"bad_version.yml", "min_version 'SSL3' is not"},
      {"unknown_section.yml", "unknown key 'http_server_config'"},
      {"list.yml", "the top level must be a mapping"},
  };
  for (const auto& [file, message] : cases) {
    auto c = load_web_config(kDir + file);
    ASSERT_FALSE(c) << file;
    EXPECT_TRUE(c.error().starts_with("--web-config " + kDir + file + ": ")) << c.error();
    EXPECT_NE(c.error().find(message), std::string::npos) << file << ": " << c.error();
    EXPECT_EQ(c.error().find('\n'), std::string::npos) << c.error();
  }
  auto missing = load_web_config(kDir + "does-not-exist.yml");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("cannot be read"), std::string::npos);
}

TEST(ServeWebConfig, HostileKeysAreQuotedSafely) {
  auto c = parse_web_config("\"\\e[2Jevil\": 1\n", ".");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().find('\x1b'), std::string::npos) << c.error();
}

TEST(ServeBasicAuth, ParsesTheHeader) {
  auto p = parse_basic_authorization("Basic YWxpY2U6cGE6c3Mgd29yZA==");  // alice:pa:ss word
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, "alice");
  EXPECT_EQ(p->second, "pa:ss word");
  EXPECT_FALSE(parse_basic_authorization(""));
  EXPECT_FALSE(parse_basic_authorization("Bearer abc"));
  EXPECT_FALSE(parse_basic_authorization("Basic !!!"));
  EXPECT_FALSE(parse_basic_authorization("Basic YWxpY2U="));  // no colon
}

TEST(ServeBasicAuth, ChecksBcrypt) {
  WebConfig c;
  c.users["alice"] = kHash;
  EXPECT_TRUE(authorized(c, "Basic YWxpY2U6cGE6c3Mgd29yZA=="));
  EXPECT_FALSE(authorized(c, "Basic YWxpY2U6cGE6c3Mgd29yZQ=="));  // a wrong password
  EXPECT_FALSE(authorized(c, "Basic Ym9iOnBhOnNzIHdvcmQ="));      // bob:pa:ss word
  EXPECT_FALSE(authorized(c, ""));
  c.users["alice"] = "$2y$04$broken";
  EXPECT_FALSE(authorized(c, "Basic YWxpY2U6cGE6c3Mgd29yZA=="));
}

}  // namespace
}  // namespace sockscope::serve
