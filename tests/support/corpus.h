#pragma once
// A deterministic mixed corpus (JSON records, access logs, prose, env files) with planted
// personal data of every family, for chunk-invariance and end-to-end tests. All values are
// synthetic: generated numbers with valid checksums, documentation IP ranges, example.com.
#include <cstdint>
#include <random>
#include <string>

namespace piitest {

inline std::string luhn_complete(std::string digits) {  // appends the Luhn check digit
  int sum = 0;
  bool dbl = true;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (dbl) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    dbl = !dbl;
  }
  digits += static_cast<char>('0' + (10 - sum % 10) % 10);
  return digits;
}

// ISO 13616: `country` + the two check digits that make the IBAN's mod-97 remainder 1 + `bban`.
inline std::string make_iban(const std::string& country, const std::string& bban) {
  const std::string rearranged = bban + country + "00";
  unsigned remainder = 0;
  for (char ch : rearranged) {
    const unsigned value = (ch >= 'A' && ch <= 'Z') ? static_cast<unsigned>(ch - 'A' + 10) : static_cast<unsigned>(ch - '0');
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  const unsigned check = 98 - remainder;
  return country + (check < 10 ? "0" : "") + std::to_string(check) + bban;
}

inline std::string make_corpus(std::size_t target_bytes, std::uint32_t seed = 42) {
  std::mt19937 rng(seed);
  auto num = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto digits = [&](int n) { std::string s; for (int i = 0; i < n; ++i) s += static_cast<char>('0' + num(0, 9)); return s; };
  auto word = [&] {
    static const char* words[] = {"order", "status", "shipped", "the", "customer", "invoice", "total", "amount",
                                  "request", "update", "account", "delivery", "ticket", "report", "value", "version"};
    return std::string(words[num(0, 15)]);
  };
  auto email = [&] { return std::string("user") + std::to_string(num(1, 9999)) + ".name@example" + std::to_string(num(1, 9)) + ".com"; };
  auto card = [&] {
    std::string c = luhn_complete("4" + digits(14));
    if (num(0, 2) == 0) return c.substr(0, 4) + " " + c.substr(4, 4) + " " + c.substr(8, 4) + " " + c.substr(12, 4);
    if (num(0, 1) == 0) return c.substr(0, 4) + "-" + c.substr(4, 4) + "-" + c.substr(8, 4) + "-" + c.substr(12, 4);
    return c;
  };
  auto ip = [&] { return std::string("203.0.113.") + std::to_string(num(1, 254)); };
  auto ssn = [&] { return std::to_string(num(100, 599)) + "-" + std::to_string(num(10, 99)) + "-" + std::to_string(num(1000, 9999)); };
  auto phone = [&] {
    std::string p = "+1 415 555 ";
    p += std::to_string(num(1000, 9999));
    return p;
  };
  std::string out;
  out.reserve(target_bytes + 512);
  while (out.size() < target_bytes) {
    switch (num(0, 4)) {
      case 0:
        out += "{\"id\":" + digits(8) + ",\"ts\":" + digits(13) + ",\"email\":\"" + email() + "\",\"amount\":" +
               std::to_string(num(1, 99999)) + "." + digits(2) + ",\"card\":\"" + card() + "\",\"uuid\":\"" + digits(8) +
               "-4" + digits(3) + "-a" + digits(3) + "-" + digits(12) + "\"}\n";
        break;
      case 1:
        out += ip() + " - - [23/Nov/2026:10:" + digits(2) + ":" + digits(2) + " +0000] \"GET /api/v" +
               std::to_string(num(1, 3)) + "/orders?page=" + digits(2) + " HTTP/1.1\" 200 " + digits(4) + "\n";
        break;
      case 2:
        for (int i = 0; i < 12; ++i) out += word() + " ";
        out += "call " + phone() + " or write to " + email() + ". SSN " + ssn() + " on file.\n";
        break;
      case 3:
        out += "DB_HOST=10.0." + std::to_string(num(0, 255)) + "." + std::to_string(num(1, 254)) +
               "\nAWS_KEY=AKIA" + std::string(16, static_cast<char>('A' + num(0, 25))) + "\nBUILD=1.2." + digits(1) + "\n";
        break;
      default:
        out += "IBAN DE89 3704 0044 0532 0130 00 and ipv6 2001:db8::" + std::to_string(num(1, 9)) + " version 2.4.6.8.10\n";
        break;
    }
  }
  return out;
}

}  // namespace piitest
