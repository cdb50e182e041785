// Where a request comes from: the Origin check of writes (a cross-site page must not post to
// `evp ui`) and the Host check of a loopback server (a DNS-rebinding page, served from an
// attacker's name that resolves to 127.0.0.1, must not read the private store).
#pragma once

#include <string_view>

namespace evp::server {

// True when `origin` (an Origin header) is this server's own origin, "http://" + the Host
// header the request was sent with (compared case-insensitively). False for "null" and
// when there is no Host header.
bool is_same_origin(std::string_view origin, std::string_view host_header);

// True when a Host header names this machine's loopback: localhost (or a name under
// .localhost), 127.0.0.0/8 or [::1], with any port.
bool is_loopback_host_header(std::string_view host_header);

}  // namespace evp::server
