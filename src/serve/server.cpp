// civetweb glue: one catch-all handler, auth before anything, TLS set up by our own callback.
#include "serve/server.hpp"

#include <arpa/inet.h>
#include <civetweb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <charconv>
#include <fmt/format.h>
#include <vector>

#include "present/sanitize.hpp"
#include "serve/basic_auth.hpp"

namespace sockscope::serve {

namespace {

int handler(mg_connection* conn, void* data) { return static_cast<Server*>(data)->handle(conn); }

int init_ssl(void* ssl_ctx, void* user_data) {
  return static_cast<Server*>(user_data)->init_tls(ssl_ctx);
}

// civetweb's own messages (a client gone mid-request, a TLS handshake refused) are not ours to print.
int quiet_log(const mg_connection*, const char*) { return 1; }

std::string_view reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

std::string openssl_error() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "unknown error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

}  // namespace

std::expected<ListenAddress, std::string> parse_listen(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return std::unexpected(fmt::format("--listen '{}': {}", terminal_safe(text), why));
  };
  ListenAddress a;
  std::string_view host, port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return bad("expected [IPv6]:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    a.v6 = true;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return bad("expected ADDR:PORT or [IPv6]:PORT");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned p = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || p == 0 || p > 65535)
    return bad("the port must be a number from 1 to 65535");
  a.port = static_cast<std::uint16_t>(p);
  a.host = std::string(host);
  if (a.v6) {
    in6_addr addr{};
    if (inet_pton(AF_INET6, a.host.c_str(), &addr) != 1) return bad("not a numeric IPv6 address");
    a.loopback = IN6_IS_ADDR_LOOPBACK(&addr);
  } else {
    in_addr addr{};
    if (inet_pton(AF_INET, a.host.c_str(), &addr) != 1) return bad("not a numeric IPv4 address");
    a.loopback = (ntohl(addr.s_addr) >> 24) == 127;
  }
  return a;
}

std::expected<std::unique_ptr<Server>, std::string> Server::start(const ServerOptions& options, Service& service) {
  std::unique_ptr<Server> server(new Server(options, service));
  const bool tls = options.web.tls();
  if (tls && !(mg_init_library(MG_FEATURES_TLS) & MG_FEATURES_TLS))
    return std::unexpected("TLS is not available: civetweb could not load libssl (the sockscope civetweb-tls shim)");
  if (!tls) mg_init_library(0);
  const std::string where = options.listen.v6 ? fmt::format("[{}]:{}", options.listen.host, options.listen.port)
                                              : fmt::format("{}:{}", options.listen.host, options.listen.port);
  const std::string ports = where + (tls ? "s" : "");
  const std::string threads = std::to_string(options.threads);
  const std::string timeout = std::to_string(options.request_timeout_ms);
  const std::string max_size = std::to_string(options.max_request_size);
  std::vector<const char*> config = {"listening_ports", ports.c_str(),
                                     "num_threads", threads.c_str(),
                                     "request_timeout_ms", timeout.c_str(),
                                     "max_request_size", max_size.c_str(),
                                     "enable_keep_alive", "no",
                                     nullptr};
  mg_callbacks callbacks{};
  callbacks.log_message = quiet_log;
  if (tls) callbacks.init_ssl = init_ssl;
  mg_init_data init{};
  init.callbacks = &callbacks;
  init.user_data = server.get();
  init.configuration_options = config.data();
  char error_text[256] = "";
  unsigned error_code = 0;
  mg_error_data error{};
  error.code = &error_code;
  error.text = error_text;
  error.text_buffer_size = sizeof error_text;
  mg_context* ctx = mg_start2(&init, &error);
  if (!ctx) {
    std::string why = !server->tls_error_.empty() ? server->tls_error_ : std::string(error_text);
    if (why.empty()) why = "civetweb could not start";
    return std::unexpected(fmt::format("cannot serve on {}: {}", where, terminal_safe(why)));
  }
  server->context_ = ctx;
  mg_set_request_handler(ctx, "/", handler, server.get());
  return server;
}

Server::~Server() {
  if (context_) mg_stop(static_cast<mg_context*>(context_));
  mg_exit_library();
}

int Server::init_tls(void* ssl_ctx) {
  SSL_CTX* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  const WebConfig& web = options_.web;
  if (SSL_CTX_use_certificate_chain_file(ctx, web.cert_file.c_str()) != 1) {
    tls_error_ = "cert_file " + web.cert_file + ": " + openssl_error();
    return -1;
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, web.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    tls_error_ = "key_file " + web.key_file + ": " + openssl_error();
    return -1;
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    tls_error_ = "key_file " + web.key_file + " does not match cert_file " + web.cert_file;
    return -1;
  }
  const int version = web.min_tls_version == 13   ? TLS1_3_VERSION
                      : web.min_tls_version == 11 ? TLS1_1_VERSION
                      : web.min_tls_version == 10 ? TLS1_VERSION
                                                  : TLS1_2_VERSION;
  SSL_CTX_set_min_proto_version(ctx, version);
  return 1;  // set up: civetweb loads no certificate of its own
}

int Server::handle(void* connection) {
  mg_connection* conn = static_cast<mg_connection*>(connection);
  const mg_request_info* ri = mg_get_request_info(conn);
  Response r;
  const bool head = ri->request_method && std::string_view(ri->request_method) == "HEAD";
  if (options_.web.auth()) {
    const char* header = mg_get_header(conn, "Authorization");
    if (!authorized(options_.web, header ? header : "")) {
      r.status = 401;
      r.body = "unauthorized\n";
      mg_printf(conn,
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"sockscope\"\r\n"
                "Content-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                r.body.size());
      if (!head) mg_write(conn, r.body.data(), r.body.size());
      return 401;
    }
  }
  const char* accept = mg_get_header(conn, "Accept");
  Request request{ri->request_method ? ri->request_method : "", ri->local_uri ? ri->local_uri : "",
                  ri->query_string ? ri->query_string : "", accept ? accept : ""};
  r = service_.handle(request);
  std::string more;
  for (const auto& [name, value] : r.headers) more += name + ": " + value + "\r\n";
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nX-Content-Type-Options: nosniff\r\n"
            "Cache-Control: no-store\r\n%sConnection: close\r\n\r\n",
            r.status, std::string(reason(r.status)).c_str(), r.content_type.c_str(), r.body.size(), more.c_str());
  if (!head) mg_write(conn, r.body.data(), r.body.size());
  return r.status;
}

}  // namespace sockscope::serve
