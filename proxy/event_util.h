#pragma once
// Small helpers shared by the libevent-facing files.
#include <event2/util.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cmath>

namespace piiproxy {

inline timeval to_timeval(double seconds) {
  timeval tv{};
  double whole = std::floor(seconds);
  tv.tv_sec = static_cast<time_t>(whole);
  tv.tv_usec = static_cast<suseconds_t>((seconds - whole) * 1e6);
  return tv;
}

// Small writes (heads, last chunks) must not wait for Nagle's delayed ACK dance.
inline void set_nodelay(evutil_socket_t fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace piiproxy
