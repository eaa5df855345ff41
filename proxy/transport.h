#pragma once
// Socket-level fast paths under a bufferevent. The bufferevent stays the transport (so a
// TLS bufferevent can replace it: these helpers are then simply not used), but for plain
// TCP two libevent 2.1 costs are avoided:
//  * evbuffer_read() reads at most 4 KiB per call (plus an ioctl(FIONREAD) each time), so a
//    64 KiB body costs 16 wake-ups; read_available() reads up to a limit in a few readv().
//  * adding bytes to an idle output buffer arms the write event (epoll_ctl) and defers the
//    write to the next loop turn; write_staged() writes at once when nothing is queued and
//    only queues what the socket did not take.
#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include <cstddef>

namespace piiproxy {

enum class ReadOutcome { more_later, end_of_stream, failed };

// Appends to the bufferevent's input buffer what the socket has, until the input holds
// `limit` bytes or the socket would block.
ReadOutcome read_available(bufferevent* bev, std::size_t limit);

// Moves all of `staged` to the bufferevent: written directly to the socket when its output
// buffer is empty and `connected`, the rest appended to the output buffer. `staged` is
// empty afterwards. A write error is left for the bufferevent to discover.
void write_staged(bufferevent* bev, evbuffer* staged, bool connected);

}  // namespace piiproxy
