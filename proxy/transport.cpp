#include "proxy/transport.h"

#include <sys/uio.h>

#include <cerrno>

namespace piiproxy {

namespace {
constexpr std::size_t kLibeventReadCap = 4096;  // EVBUFFER_MAX_READ in libevent 2.1
}  // namespace

ReadOutcome read_available(bufferevent* bev, std::size_t limit) {
  evbuffer* input = bufferevent_get_input(bev);
  const evutil_socket_t fd = bufferevent_getfd(bev);
  if (fd < 0) return ReadOutcome::more_later;
  std::size_t have = evbuffer_get_length(input);
  // libevent's own read just took min(available, 4 KiB): less than that in the buffer
  // means the socket is drained, and a 64 KiB reservation would only cost memory.
  if (have < kLibeventReadCap) return ReadOutcome::more_later;
  // A bufferevent keeps the end of its input buffer frozen except while it reads itself.
  evbuffer_unfreeze(input, 0);
  struct Refreeze {
    evbuffer* buffer;
    ~Refreeze() { evbuffer_freeze(buffer, 0); }
  } refreeze{input};
  while (have < limit) {
    const std::size_t want = limit - have;
    evbuffer_iovec space[2];
    const int n = evbuffer_reserve_space(input, static_cast<ev_ssize_t>(want), space, 2);
    if (n <= 0) return ReadOutcome::more_later;
    iovec iov[2];
    for (int i = 0; i < n; ++i) iov[i] = {space[i].iov_base, space[i].iov_len};
    const ssize_t got = ::readv(fd, iov, n);
    if (got <= 0) {
      const int error = errno;
      evbuffer_commit_space(input, space, 0);
      if (got == 0) return ReadOutcome::end_of_stream;
      if (error == EAGAIN || error == EWOULDBLOCK || error == EINTR) return ReadOutcome::more_later;
      errno = error;
      return ReadOutcome::failed;
    }
    std::size_t left = static_cast<std::size_t>(got);
    int used = 0;
    for (int i = 0; i < n && left > 0; ++i, ++used) {
      if (space[i].iov_len > left) space[i].iov_len = left;
      left -= space[i].iov_len;
    }
    evbuffer_commit_space(input, space, used);
    have += static_cast<std::size_t>(got);
    if (static_cast<std::size_t>(got) < want) return ReadOutcome::more_later;  // drained
  }
  return ReadOutcome::more_later;
}

void write_staged(bufferevent* bev, evbuffer* staged, bool connected) {
  if (evbuffer_get_length(staged) == 0) return;
  evbuffer* output = bufferevent_get_output(bev);
  const evutil_socket_t fd = bufferevent_getfd(bev);
  if (connected && fd >= 0 && evbuffer_get_length(output) == 0) {
    // Errors (EAGAIN, EPIPE, ...) leave the bytes staged; the bufferevent's own write
    // then retries or reports the error through its event callback.
    evbuffer_write(staged, fd);
  }
  if (evbuffer_get_length(staged) > 0) evbuffer_add_buffer(output, staged);
}

}  // namespace piiproxy
