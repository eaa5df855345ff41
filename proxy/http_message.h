#pragma once
// The head of one HTTP/1.x message (request or response) as parsed, plus the small header
// operations the proxy needs. Header names keep their spelling; lookups ignore case.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace piiproxy {

struct HeaderField {
  std::string name;
  std::string value;
};

struct MessageHead {
  // Request: method and target. Response: status and reason.
  std::string method;
  std::string target;
  int status = 0;
  std::string reason;
  int version_major = 1;
  int version_minor = 1;
  std::vector<HeaderField> headers;

  // Framing as llhttp saw it (only meaningful once the head is complete).
  bool chunked = false;
  bool has_content_length = false;
  std::uint64_t content_length = 0;
  bool keep_alive = true;  // llhttp_should_keep_alive after the head

  bool http11() const { return version_major == 1 && version_minor >= 1; }
  void clear();

  const std::string* find(std::string_view name) const;  // first field with that name
  bool has(std::string_view name) const { return find(name) != nullptr; }
  void remove(std::string_view name);
  void set(std::string_view name, std::string value);  // replaces all fields of that name
  void add(std::string_view name, std::string value);
};

bool iequals(std::string_view a, std::string_view b);
// True when a comma-separated header value lists `token` (case-insensitive).
bool header_lists_token(std::string_view value, std::string_view token);

// Serializers: append the wire form of a head, ending with the blank line.
void append_request_head(const MessageHead& head, std::string& out);
void append_response_head(const MessageHead& head, std::string& out);

std::string_view reason_phrase(int status);

}  // namespace piiproxy
