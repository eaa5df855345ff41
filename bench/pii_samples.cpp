#include "bench/pii_samples.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace piibench {
namespace {

constexpr std::string_view kFirstNames[] = {
    "James",  "Mary",    "Robert", "Patricia", "John",    "Jennifer", "Michael", "Linda",
    "David",  "Elena",   "William", "Sarah",   "Thomas",  "Karen",    "Daniel",  "Nancy",
    "Lukas",  "Sophie",  "Jonas",   "Hannah",  "Pierre",  "Camille",  "Marco",   "Giulia",
    "Carlos", "Lucia",   "Ahmed",   "Fatima",  "Hiroshi", "Yuki",     "Olivia",  "Noah",
    "Emma",   "Liam",    "Anna",    "Peter",   "Laura",   "Martin",   "Julia",   "Paul"};
constexpr std::string_view kLastNames[] = {
    "Smith",   "Johnson",  "Williams", "Brown",   "Jones",   "Garcia",  "Miller",  "Davis",
    "Martinez", "Wilson",  "Anderson", "Taylor",  "Thomas",  "Moore",   "Jackson", "Martin",
    "Mueller", "Schmidt",  "Schneider", "Fischer", "Weber",  "Meyer",   "Wagner",  "Becker",
    "Dubois",  "Lefebvre", "Moreau",   "Rossi",   "Russo",   "Ferrari", "Lopez",   "Gonzalez",
    "Kowalski", "Nowak",   "Jensen",   "Hansen",  "Silva",   "Santos",  "Tanaka",  "Sato"};
constexpr std::string_view kMailDomains[] = {
    "gmail.com", "outlook.com", "yahoo.de", "web.de", "proton.me",
    "acme-corp.com", "mail.example.org", "uni-hamburg.de", "orange.fr", "company.co.uk"};
constexpr std::string_view kStreets[] = {
    "Main Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Park Road", "Elm Street",
    "Washington Boulevard", "Lake View Court", "Hillside Avenue", "Sunset Boulevard",
    "Pine Street", "Church Road"};
constexpr std::string_view kCities[] = {
    "Springfield", "Portland", "Madison", "Austin", "Denver", "Columbus", "Raleigh", "Boise"};
constexpr std::string_view kStates[] = {"IL", "OR", "WI", "TX", "CO", "OH", "NC", "ID"};

constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void append_random(std::string& out, Prng& rng, std::string_view alphabet, int count) {
  for (int i = 0; i < count; ++i) out.push_back(rng.pick_char(alphabet));
}
void append_digits(std::string& out, Prng& rng, int count) {
  for (int i = 0; i < count; ++i) out.push_back(rng.digit());
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string make_email(Prng& rng) {
  std::string local = lower(random_first_name(rng));
  switch (rng.below(3)) {
    case 0: local.push_back('.'); local += lower(random_last_name(rng)); break;
    case 1: local += std::to_string(rng.between(1, 99)); break;
    default: local.push_back('_'); local.push_back(lower(random_last_name(rng))[0]); break;
  }
  return local + "@" + std::string(rng.pick(kMailDomains));
}

std::string make_phone(Prng& rng) {
  std::string s;
  switch (rng.below(5)) {
    case 0:  // E.164, Germany
      s = "+4915";
      append_digits(s, rng, 9);
      break;
    case 1:  // international with separators, Germany landline
      s = "+49 30 ";
      append_digits(s, rng, 8);
      break;
    case 2: {  // US national
      char buffer[24];
      std::snprintf(buffer, sizeof buffer, "(%d) %d-", static_cast<int>(rng.between(201, 989)),
                    static_cast<int>(rng.between(201, 989)));
      s = buffer;
      append_digits(s, rng, 4);
      break;
    }
    case 3:  // French national
      s = "0";
      s.push_back(static_cast<char>('0' + rng.between(1, 7)));
      for (int i = 0; i < 4; ++i) {
        s += " ";
        append_digits(s, rng, 2);
      }
      break;
    default:  // UK international
      s = "+44 20 7";
      append_digits(s, rng, 3);
      s.push_back(' ');
      append_digits(s, rng, 4);
      break;
  }
  return s;
}

int luhn_check_digit(const std::string& digits_without_check) {
  int sum = 0;
  bool double_it = true;  // the rightmost payload digit is doubled once the check digit is appended
  for (auto it = digits_without_check.rbegin(); it != digits_without_check.rend(); ++it) {
    int d = *it - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return (10 - sum % 10) % 10;
}

std::string make_card(Prng& rng) {
  std::string digits;
  int length = 16;
  switch (rng.below(4)) {
    case 0: digits = "4"; break;                                   // Visa
    case 1: digits = "5"; digits += std::to_string(rng.between(1, 5)); break;  // Mastercard
    case 2: digits = rng.chance(0.5) ? "34" : "37"; length = 15; break;  // Amex
    default: digits = "6011"; break;                               // Discover
  }
  append_digits(digits, rng, length - 1 - static_cast<int>(digits.size()));
  digits.push_back(static_cast<char>('0' + luhn_check_digit(digits)));
  const auto style = rng.below(3);
  if (style == 0) return digits;
  const char sep = style == 1 ? ' ' : '-';
  // Amex is written 4-6-5, the others 4-4-4-4.
  const bool amex = length == 15;
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i == 4 || (amex ? i == 10 : (i == 8 || i == 12))) grouped.push_back(sep);
    grouped.push_back(digits[i]);
  }
  return grouped;
}

// Check digits per ISO 13616: 98 - (BBAN + country as digits + "00") mod 97.
std::string iban_with_check(std::string_view country, const std::string& bban) {
  std::string rearranged = bban + std::string(country) + "00";
  int remainder = 0;
  for (char c : rearranged) {
    if (c >= '0' && c <= '9') {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      const int value = c - 'A' + 10;
      remainder = (remainder * 100 + value) % 97;
    }
  }
  const int check = 98 - remainder;
  std::string iban(country);
  iban.push_back(static_cast<char>('0' + check / 10));
  iban.push_back(static_cast<char>('0' + check % 10));
  return iban + bban;
}

std::string make_iban(Prng& rng) {
  std::string bban;
  std::string_view country;
  switch (rng.below(4)) {
    case 0: country = "DE"; append_digits(bban, rng, 18); break;
    case 1: country = "GB"; append_random(bban, rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4); append_digits(bban, rng, 14); break;
    case 2: country = "FR"; append_digits(bban, rng, 23); break;
    default: country = "NL"; append_random(bban, rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4); append_digits(bban, rng, 10); break;
  }
  std::string iban = iban_with_check(country, bban);
  if (rng.chance(0.6)) return iban;
  std::string grouped;  // paper format: groups of four separated by spaces
  for (std::size_t i = 0; i < iban.size(); i += 4) {
    if (i > 0) grouped.push_back(' ');
    grouped += iban.substr(i, 4);
  }
  return grouped;
}

std::string make_ip(Prng& rng) {
  if (rng.chance(0.15)) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string s = "2a02";
    for (int i = 0; i < 7; ++i) {
      s.push_back(':');
      append_random(s, rng, kHex, static_cast<int>(rng.between(1, 4)));
      if (s.back() == '0' && s[s.size() - 2] == ':') s.back() = '1';
    }
    return s;
  }
  std::int64_t first = rng.between(11, 223);
  if (first == 127) first = 128;
  return std::to_string(first) + "." + std::to_string(rng.between(0, 255)) + "." +
         std::to_string(rng.between(0, 255)) + "." + std::to_string(rng.between(1, 254));
}

std::string make_ssn(Prng& rng) {
  std::int64_t area = rng.between(1, 898);
  if (area == 666) area = 667;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%03d-%02d-%04d", static_cast<int>(area),
                static_cast<int>(rng.between(1, 99)), static_cast<int>(rng.between(1, 9999)));
  return buffer;
}

std::string make_token(Prng& rng) {
  std::string s;
  switch (rng.below(6)) {
    case 0: s = "AKIA"; append_random(s, rng, kBase32, 16); break;
    case 1: s = "ghp_"; append_random(s, rng, kAlnum, 36); break;
    case 2:
      s = "xoxb-";
      append_digits(s, rng, 12);
      s += "-";
      append_digits(s, rng, 13);
      s += "-";
      append_random(s, rng, kAlnum, 24);
      break;
    case 3: s = "sk_live_"; append_random(s, rng, kAlnum, 24); break;
    case 4:  // a JWT: header {"alg":"HS256","typ":"JWT"}, random payload and signature
      s = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ";
      append_random(s, rng, kBase64Url, 60);
      s += ".";
      append_random(s, rng, kBase64Url, 43);
      break;
    default: s = "AIza"; append_random(s, rng, kBase64Url, 35); break;
  }
  return s;
}

std::string make_address(Prng& rng) {
  return std::to_string(rng.between(12, 9876)) + " " + std::string(rng.pick(kStreets)) + ", " +
         std::string(rng.pick(kCities)) + ", " + std::string(rng.pick(kStates)) + " " +
         std::to_string(rng.between(10000, 99950));
}

}  // namespace

std::string_view random_first_name(Prng& rng) { return rng.pick(kFirstNames); }
std::string_view random_last_name(Prng& rng) { return rng.pick(kLastNames); }

std::string_view pii_kind_name(PiiKind kind) {
  switch (kind) {
    case PiiKind::email: return "email";
    case PiiKind::phone: return "phone";
    case PiiKind::card: return "card";
    case PiiKind::iban: return "iban";
    case PiiKind::ip: return "ip";
    case PiiKind::ssn: return "ssn";
    case PiiKind::token: return "token";
    case PiiKind::name: return "name";
    case PiiKind::address: return "address";
  }
  return "?";
}

std::string_view pii_kind_category(PiiKind kind) {
  switch (kind) {
    case PiiKind::ssn: return "national_id";
    case PiiKind::token: return "credential";
    case PiiKind::name: return "person";
    default: return pii_kind_name(kind);
  }
}

std::string_view pii_field_name(PiiKind kind) {
  switch (kind) {
    case PiiKind::email: return "email";
    case PiiKind::phone: return "phone";
    case PiiKind::card: return "card_number";
    case PiiKind::iban: return "iban";
    case PiiKind::ip: return "client_ip";
    case PiiKind::ssn: return "ssn";
    case PiiKind::token: return "api_key";
    case PiiKind::name: return "full_name";
    case PiiKind::address: return "address";
  }
  return "value";
}

std::string make_pii(PiiKind kind, Prng& rng) {
  switch (kind) {
    case PiiKind::email: return make_email(rng);
    case PiiKind::phone: return make_phone(rng);
    case PiiKind::card: return make_card(rng);
    case PiiKind::iban: return make_iban(rng);
    case PiiKind::ip: return make_ip(rng);
    case PiiKind::ssn: return make_ssn(rng);
    case PiiKind::token: return make_token(rng);
    case PiiKind::name:
      return std::string(random_first_name(rng)) + " " + std::string(random_last_name(rng));
    case PiiKind::address: return make_address(rng);
  }
  return {};
}

}  // namespace piibench
