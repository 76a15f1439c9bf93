// civetweb 1.15 (Debian) loads "libssl.so" at run time and looks up SSL_get_peer_certificate, which
// OpenSSL 3 only has as a macro over SSL_get1_peer_certificate: without this function TLS cannot
// start. This library is that "libssl.so": it is linked to libssl.so.3 (whose symbols civetweb then
// finds through it) and adds the missing one. It lives in a private directory that only the
// sockscope executable's RPATH names.
#include <openssl/ssl.h>

// OpenSSL 3 defines the name as a macro for SSL_get1_peer_certificate: this defines the function.
#undef SSL_get_peer_certificate

extern "C" __attribute__((visibility("default"))) X509* SSL_get_peer_certificate(const SSL* s) {
  return SSL_get1_peer_certificate(s);
}
