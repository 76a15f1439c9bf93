// The HTTP(S) server around the service: civetweb, with basic auth and TLS from the web
// configuration, bounded request size, threads and time per request.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "serve/service.hpp"
#include "serve/web_config.hpp"

namespace sockscope::serve {

// --listen ADDR:PORT, [IPv6]:PORT. Numeric addresses only.
struct ListenAddress {
  std::string host;  // without brackets
  std::uint16_t port = 0;
  bool v6 = false;
  bool loopback = false;  // 127.0.0.0/8 or ::1
};
// The error names the bad part: "--listen 'x': ...".
std::expected<ListenAddress, std::string> parse_listen(std::string_view text);

struct ServerOptions {
  ListenAddress listen;
  WebConfig web;
  int threads = 8;                    // requests served at once; more wait in the accept queue
  int request_timeout_ms = 10000;     // a client this slow to send or read is dropped
  std::size_t max_request_size = 16384;  // request line and headers, bytes
};

class Server {
 public:
  // Starts serving; the error is one line ("cannot listen on 127.0.0.1:9099: ...").
  static std::expected<std::unique_ptr<Server>, std::string> start(const ServerOptions& options, Service& service);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Handles one request (civetweb's thread); public for the C callback only.
  int handle(void* connection);
  int init_tls(void* ssl_ctx);

 private:
  Server(const ServerOptions& options, Service& service) : options_(options), service_(service) {}
  ServerOptions options_;
  Service& service_;
  void* context_ = nullptr;  // mg_context
  std::string tls_error_;
};

}  // namespace sockscope::serve
