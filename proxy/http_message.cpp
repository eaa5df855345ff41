#include "proxy/http_message.h"

#include <algorithm>

namespace piiproxy {

void MessageHead::clear() {
  method.clear();
  target.clear();
  status = 0;
  reason.clear();
  version_major = 1;
  version_minor = 1;
  headers.clear();
  chunked = false;
  has_content_length = false;
  content_length = 0;
  keep_alive = true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool header_lists_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

const std::string* MessageHead::find(std::string_view name) const {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return &h.value;
  return nullptr;
}

void MessageHead::remove(std::string_view name) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const HeaderField& h) { return iequals(h.name, name); }),
                headers.end());
}

void MessageHead::set(std::string_view name, std::string value) {
  remove(name);
  headers.push_back({std::string(name), std::move(value)});
}

void MessageHead::add(std::string_view name, std::string value) {
  headers.push_back({std::string(name), std::move(value)});
}

namespace {
void append_fields(const MessageHead& head, std::string& out) {
  for (const auto& h : head.headers) {
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "\r\n";
}
}  // namespace

void append_request_head(const MessageHead& head, std::string& out) {
  out += head.method;
  out += ' ';
  out += head.target;
  out += " HTTP/1.1\r\n";  // the proxy always speaks HTTP/1.1 upstream
  append_fields(head, out);
}

void append_response_head(const MessageHead& head, std::string& out) {
  // Answer in the client's major version: an HTTP/1.0 client gets "HTTP/1.0".
  out += head.version_minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(head.status);
  out += ' ';
  out += head.reason.empty() ? std::string(reason_phrase(head.status)) : head.reason;
  out += "\r\n";
  append_fields(head, out);
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

}  // namespace piiproxy
