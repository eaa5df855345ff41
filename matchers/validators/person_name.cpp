// Person-name confirmers (rule pack conf/rules/person.yaml, docs/names.md).
//
// person_name runs on every dictionary hit (a capitalized or UPPER first name or surname),
// so it is a handful of byte loops and binary searches over small sorted tables: no
// allocation, no regex. A hit counts only with context:
//   * a title before it (Mr, Dr, Frau, Mme, ...), a cue phrase ("my name is", "Dear",
//     "Regards,\n"), or a name-ish field key ("first_name": , Name: , lastName=);
//   * or, for names that are not also everyday words, an adjacent capitalized token (the
//     surname after a first name, the first name before a surname, a middle initial).
// Names that are also words or places (May, Will, Brown, Paris: common_word_names.txt)
// need the first kind. The accepted span grows to cover the whole name.
//
// person_field_value runs on the value that follows a field key, title or cue (the
// expression rules of the pack) and checks that it looks like a name.
//
// Determinism across chunkings: the confirmers look at most kLookBehind bytes before
// and kLookAhead bytes after the candidate as the engine reported it, never at whatever
// else happens to be retained, so every split of the stream gives the same answer. The
// rules set context_window >= kLookBehind; the registry gives person_name a lookahead of
// kLookAhead.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "matchers/percent_encoding.h"
#include "matchers/validators/validators.h"

namespace piimatch::validators {
namespace {

constexpr std::size_t kLookBehind = 48;
constexpr std::size_t kLookAhead = 48;
constexpr std::size_t kMaxValueBytes = 64;   // decoded field value
constexpr std::size_t kMaxRawValueBytes = 128;  // percent/JSON-escaped form of it
constexpr std::size_t kMaxFoldedWord = 32;   // longer words are in no table

using Table = std::string_view;

// Names that are also everyday words or places; generated from common_word_names.txt.
constexpr Table kCommonWordNames[] = {
#include "matchers/validators/person_name_common_words.inc"
};

// Words written before a name that make it one: honorifics in several languages.
// Lower case, sorted bytewise (checked below).
constexpr Table kTitles[] = {
    "capt", "captain", "dame", "dhr", "doctor", "dott", "dr", "dra", "frau", "herr", "lady",
    "lord", "madame", "mademoiselle", "meneer", "messrs", "mevr", "mevrouw", "miss",
    "mister", "mlle", "mme", "monsieur", "mr", "mrs", "ms", "mx", "prof", "professor",
    "rev", "reverend", "se\xc3\xb1or", "se\xc3\xb1ora", "sgt", "sig", "signor", "signora",
    "sir", "sr", "sra", "srta",
};

// A cue word just before the name: greetings, closings, "contact", "signed".
constexpr Table kCueWords[] = {
    "aka", "attention", "attn", "best", "cheers", "contact", "dear", "faithfully", "hello",
    "hey", "hi", "im", "named", "nee", "n\xc3\xa9" "e", "regards", "signed", "sincerely",
    "thanks", "truly", "wishes",
};

// The cue words that also introduce things other than people: "contact Support", "a file
// named Makefile", "signed by <a certificate authority>". After one of them (and after every
// cue verb below) a name the dictionaries do not know needs two capitalized words; a single
// dictionary name is still enough (person_name).
constexpr Table kWeakCueWords[] = {"aka", "attention", "attn", "contact", "named", "signed"};

// "<verb> by/to/with Name": reported by, assigned to, spoke with. Weak cues: "reported by
// Hyperscan", "written by Quollsoft" name tools and companies as often as people.
constexpr Table kCueVerbs[] = {
    "addressed", "approved", "assigned", "authored", "created", "forwarded", "married",
    "met", "reported", "requested", "sent", "signed", "speak", "spoke", "submitted", "talk",
    "talked", "written",
};

// Verbs of speech and writing right after a name: "Elza said", "Okafor wrote". Enough
// for a dictionary name that is not also a common word.
constexpr Table kSpeechVerbs[] = {
    "added", "agreed", "answered", "asked", "asks", "explained", "noted", "replied",
    "reports", "said", "says", "thinks", "told", "writes", "wrote",
};

// Capitalized words that are not part of a name even next to one: function words,
// weekdays and the months that are not also names, place and organisation words, greetings' objects ("Dear Sir"),
// nationalities ("I am Canadian") and words common in CI/config names ("Run Tests").
constexpr Table kStopWords[] = {
    "a", "about", "account", "admin", "administrator", "after", "again", "agency",
    "airlines", "airport", "airways", "all", "also", "am", "american", "an", "and",
    "anonymous", "any", "app", "application", "apr", "are", "arena", "as", "ask",
    "association", "at", "aug", "australian", "available", "ave", "avenue", "back",
    "bakery", "bank", "bay", "be", "beach", "because", "before", "best", "bldg", "blvd",
    "boulevard", "bridge", "british", "buenos", "build", "but", "by", "cache", "cafe",
    "call", "can", "canadian", "cape", "capital", "center", "centre", "check", "checkout",
    "chinese", "church", "city", "client", "club", "co", "code", "colleagues", "college",
    "committee", "company", "config", "consulting", "contact", "corp", "corporation",
    "costa", "council", "county", "court", "create", "customer", "customers", "dashboard",
    "data", "day", "dec", "december", "default", "del", "demo", "department", "deploy",
    "dept", "do", "docker", "done", "download", "dr", "drive", "dutch", "each", "east",
    "email", "energy", "english", "enterprises", "error", "every", "everyone", "example",
    "feb", "february", "field", "fine", "first", "folks", "for", "fort", "foundation",
    "french", "fri", "friday", "friends", "from", "full", "gallery", "games", "gardens",
    "german", "get", "glad", "global", "going", "good", "great", "group", "guest", "guys",
    "had", "hall", "happy", "has", "have", "he", "health", "heights", "hello", "her",
    "here", "hi", "hills", "his", "holdings", "home", "hong", "hospital", "hotel", "how",
    "i", "i'm", "if", "image", "in", "inc", "index", "indian", "industries", "info",
    "install", "institute", "insurance", "interested", "international", "into", "is",
    "island", "it", "italian", "its", "i\xe2\x80\x99m", "jan", "january", "japanese", "job",
    "jobs", "jr", "jul", "july", "jun", "just", "kong", "labs", "lake", "lanka", "las",
    "last", "library", "lint", "llc", "login", "logistics", "looking", "los", "lower",
    "ltd", "madam", "main", "manager", "mar", "market", "me", "media", "member", "members",
    "mexican", "mon", "monday", "more", "morning", "motors", "mount", "mountain", "museum",
    "my", "name", "national", "new", "night", "no", "node", "none", "nor", "north", "not",
    "note", "nov", "november", "now", "null", "oct", "october", "of", "office", "ok", "on",
    "one", "or", "our", "page", "park", "partners", "pharmaceuticals", "place", "plc",
    "please", "port", "press", "profile", "project", "province", "publish", "publishing",
    "puerto", "pull", "push", "python", "re", "ready", "records", "regards", "release",
    "report", "restaurant", "rio", "river", "road", "run", "russian", "saint", "sainte",
    "sales", "san", "santa", "santo", "sat", "saturday", "school", "sep", "sept",
    "september", "server", "service", "services", "set", "settings", "setup", "she", "shop",
    "sir", "so", "software", "solutions", "some", "sorry", "south", "spanish", "sq",
    "square", "sri", "st", "stadium", "staff", "state", "station", "step", "store",
    "street", "string", "studio", "studios", "sun", "sunday", "support", "sure", "systems",
    "task", "team", "technologies", "test", "tests", "thank", "thanks", "that", "the",
    "theater", "theatre", "their", "them", "then", "there", "these", "they", "this",
    "those", "thu", "thursday", "to", "today", "tomorrow", "tower", "town", "traders",
    "true", "tue", "tuesday", "undefined", "university", "unknown", "up", "update",
    "upload", "upper", "us", "user", "users", "valley", "valued", "ventures", "very",
    "village", "was", "we", "wed", "wednesday", "welcome", "were", "west", "what", "when",
    "where", "who", "why", "with", "world", "yes", "yesterday", "you", "your",
};

// Acronyms of technical, financial and organisational text that have a vowel (those without
// one, HTTP, SQL, PDF, are told by their shape), lower case. Written UPPER they are not names
// even where a name list has the word ("Iban", "Lan", "Swift"): two of them side by side, as
// in "the SWIFT IBAN registry", are no first name and surname (is_acronym).
constexpr Table kAcronyms[] = {
    "ach", "aes", "amex", "aml", "ansi", "api", "ascii", "atm", "aws", "bic", "bios", "captcha",
    "ceo", "cfo", "cio", "cli", "cors", "cpu", "cto", "cuda", "cve", "dob", "ean", "ecdsa",
    "emea", "eof", "eta", "faq", "fifo", "gpu", "gui", "guid", "hmac", "iana", "iban", "ibm",
    "icao", "ide", "ieee", "ietf", "imap", "imei", "ios", "iot", "ipo", "ira", "irs", "isbn",
    "isin", "iso", "isp", "jpeg", "json", "jsonl", "kyc", "lan", "ldap", "lifo", "mac", "mime",
    "nasa", "nasdaq", "nato", "nyse", "oauth", "ocr", "oecd", "oidc", "otp", "pan", "pci", "pem",
    "pii", "pin", "posix", "raid", "ram", "rest", "rom", "rsa", "saml", "sasl", "seo", "sepa",
    "sha", "siem", "sim", "soap", "soc", "sso", "swift", "totp", "udp", "uefi", "uid", "uri",
    "url", "usa", "usb", "utc", "utf", "uuid", "vat", "vin", "wan", "wifi", "yaml", "zip",
};

// Lower-case words inside a name: the "van" of a Dutch surname, the "de la" of a Spanish one.
constexpr Table kParticles[] = {
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du",
    "el", "ibn", "la", "le", "ter", "van", "von", "zu",
};

// Field keys, normalized (lower case, no '_', '-', '.', ' '). A key that ends with one of
// these names a person strongly: the value is a name whatever its shape.
constexpr Table kStrongKeySuffixes[] = {
    "accountholder", "accountholdername", "achternaam", "apellido", "apellidos",
    "billingname", "cardholder", "cardholdername", "clientname", "cognome", "contactname",
    "contactperson", "customername", "employeename", "familyname", "firstname", "forename",
    "forenames", "fullname", "givenname", "holdername", "lastname", "legalname",
    "maidenname", "middlename", "nachname", "patientname", "personname", "prenom",
    "pr\xc3\xa9nom", "recipientname", "sendername", "shippingname", "sobrenome", "surname",
    "voornaam", "vorname",
};

// Keys that often, not always, hold a person: the value needs two or more capitalized
// tokens (or, for a dictionary hit, the hit itself is the evidence).
constexpr Table kWeakKeys[] = {
    "applicant", "approvedby", "assignedto", "assignee", "attendee", "attendees", "attn",
    "author", "buyer", "cc", "client", "contact", "createdby", "customer", "displayname",
    "employee", "fname", "from", "guest", "lname", "name", "nombre", "nome", "owner",
    "participant", "participants", "passenger", "patient", "recipient", "replyto",
    "reportedby", "reporter", "requestedby", "requester", "requestor", "sender", "signed",
    "signedby", "submittedby", "to", "user",
};

// Values that fill a name field without being a name.
constexpr Table kPlaceholderValues[] = {
    "anonymous", "default", "example", "first", "firstname", "last", "lastname", "n", "na",
    "name", "nil", "none", "null", "string", "tbd", "test", "undefined", "unknown", "user",
    "xxx",
};

template <std::size_t N>
constexpr bool sorted_unique(const Table (&table)[N]) {
  for (std::size_t i = 1; i < N; ++i) {
    if (!(table[i - 1] < table[i])) return false;
  }
  return true;
}
static_assert(sorted_unique(kCommonWordNames), "rerun scripts/build-name-lists.py");
static_assert(sorted_unique(kTitles));
static_assert(sorted_unique(kCueWords));
static_assert(sorted_unique(kWeakCueWords));
static_assert(sorted_unique(kCueVerbs));
static_assert(sorted_unique(kStopWords));
static_assert(sorted_unique(kSpeechVerbs));
static_assert(sorted_unique(kAcronyms));
static_assert(sorted_unique(kParticles));
static_assert(sorted_unique(kStrongKeySuffixes));
static_assert(sorted_unique(kWeakKeys));
static_assert(sorted_unique(kPlaceholderValues));

// Tables are looked up through open-addressing hash sets built at compile time: a hash
// and one or two comparisons per lookup, which matters because the confirmer runs on
// every dictionary hit (thousands per MB of text with many capitalized words).
constexpr std::uint32_t word_hash(std::string_view w) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (const char ch : w) {
    h ^= static_cast<unsigned char>(ch);
    h *= 16777619u;
  }
  return h;
}

constexpr std::size_t slots_for(std::size_t n) {
  std::size_t slots = 1;
  while (slots < 2 * n) slots <<= 1;
  return slots;
}

template <std::size_t Slots>
class WordSet {
 public:
  template <std::size_t N>
  constexpr explicit WordSet(const Table (&words)[N]) {
    static_assert(Slots >= 2 * N);
    for (const Table w : words) {
      std::size_t i = word_hash(w) & (Slots - 1);
      while (!slots_[i].empty()) i = (i + 1) & (Slots - 1);
      slots_[i] = w;
    }
  }
  bool contains(std::string_view w) const {
    if (w.empty()) return false;
    for (std::size_t i = word_hash(w) & (Slots - 1);; i = (i + 1) & (Slots - 1)) {
      if (slots_[i].empty()) return false;
      if (slots_[i] == w) return true;
    }
  }

 private:
  std::array<std::string_view, Slots> slots_{};
};

constexpr WordSet<slots_for(std::size(kCommonWordNames))> kCommonWordNameSet{kCommonWordNames};
constexpr WordSet<slots_for(std::size(kTitles))> kTitleSet{kTitles};
constexpr WordSet<slots_for(std::size(kCueWords))> kCueWordSet{kCueWords};
constexpr WordSet<slots_for(std::size(kWeakCueWords))> kWeakCueWordSet{kWeakCueWords};
constexpr WordSet<slots_for(std::size(kCueVerbs))> kCueVerbSet{kCueVerbs};
constexpr WordSet<slots_for(std::size(kStopWords))> kStopWordSet{kStopWords};
constexpr WordSet<slots_for(std::size(kSpeechVerbs))> kSpeechVerbSet{kSpeechVerbs};
constexpr WordSet<slots_for(std::size(kAcronyms))> kAcronymSet{kAcronyms};
constexpr WordSet<slots_for(std::size(kParticles))> kParticleSet{kParticles};
constexpr WordSet<slots_for(std::size(kWeakKeys))> kWeakKeySet{kWeakKeys};
constexpr WordSet<slots_for(std::size(kPlaceholderValues))> kPlaceholderValueSet{kPlaceholderValues};

// ---------------------------------------------------------------------------------------
// Bytes and letters. Non-ASCII letters are recognised from their UTF-8 form: two-byte
// sequences (Latin, Greek, Cyrillic, ...) and three-byte ones outside the punctuation
// and symbol blocks (U+2000-U+2BFF, lead byte 0xE2). U+00A0-U+00BF (lead 0xC2) are
// symbols and the no-break space, not letters.

constexpr bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_ascii_letter(unsigned char c) { return is_ascii_upper(c) || is_ascii_lower(c); }
constexpr bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
constexpr unsigned char ascii_lower(unsigned char c) {
  return is_ascii_upper(c) ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

// Length of the UTF-8 letter starting at text[i] (0 when it is not a letter).
inline std::size_t letter_length(std::string_view text, std::size_t i, std::size_t limit) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return is_ascii_letter(c) ? 1 : 0;
  std::size_t len = 0;
  if (c >= 0xC3 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF && c != 0xE2) len = 3;
  else return 0;
  if (i + len > limit) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if (!is_continuation(static_cast<unsigned char>(text[i + k]))) return 0;
  }
  if (len == 2) {  // U+00D7 multiplication sign, U+00F7 division sign
    const auto c2 = static_cast<unsigned char>(text[i + 1]);
    if (c == 0xC3 && (c2 == 0x97 || c2 == 0xB7)) return 0;
  }
  return len;
}

// Upper-case for the letters that have case and that name lists use: ASCII, Latin-1,
// Latin Extended-A (pairs), Greek and Cyrillic capitals.
bool letter_is_upper(std::string_view text, std::size_t i, std::size_t len) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (len == 1) return is_ascii_upper(c);
  if (len == 3) {  // Latin Extended Additional (Vietnamese): capitals at even code points
    const unsigned cp3 = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                         (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    return cp3 >= 0x1E00 && cp3 <= 0x1EFF && cp3 % 2 == 0;
  }
  if (len != 2) return false;  // scripts without case
  const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  if (cp >= 0x100 && cp <= 0x137) return cp % 2 == 0;
  if (cp >= 0x139 && cp <= 0x148) return cp % 2 == 1;
  if (cp >= 0x14A && cp <= 0x177) return cp % 2 == 0;
  if (cp == 0x178) return true;
  if (cp >= 0x179 && cp <= 0x17E) return cp % 2 == 1;
  if (cp >= 0x1CD && cp <= 0x1DC) return cp % 2 == 1;  // Latin Extended-B: Ǎ ǎ ...
  if (cp >= 0x1DE && cp <= 0x1EF) return cp % 2 == 0;
  if (cp >= 0x1F8 && cp <= 0x233) return cp % 2 == 0;  // ... Ș ș Ț ț
  if (cp >= 0x391 && cp <= 0x3A9) return true;  // Greek capitals
  if (cp >= 0x400 && cp <= 0x42F) return true;  // Cyrillic capitals
  return false;
}

constexpr bool is_inner_mark(unsigned char c) { return c == '\'' || c == '-'; }

// Length of an apostrophe or hyphen at text[i] that may join two parts of a name: ' and -
// (1 byte) or the typographic apostrophe U+2019 (3 bytes, "Ma’ruf"). 0 when none.
std::size_t mark_length_at(std::string_view text, std::size_t i, std::size_t limit) {
  if (i >= limit) return 0;
  if (is_inner_mark(static_cast<unsigned char>(text[i]))) return 1;
  if (i + 3 <= limit && text.substr(i, 3) == "\xe2\x80\x99") return 3;
  return 0;
}

// Length of such a mark ending just before `pos` (never reaching below `floor`).
std::size_t mark_length_before(std::string_view text, std::size_t pos, std::size_t floor) {
  if (pos <= floor) return 0;
  if (is_inner_mark(static_cast<unsigned char>(text[pos - 1]))) return 1;
  if (pos >= floor + 3 && text.substr(pos - 3, 3) == "\xe2\x80\x99") return 3;
  return 0;
}

enum class Shape : std::uint8_t {
  none,         // not a word
  capitalized,  // "Smith", "McDonald", "O'Brien", "José"
  upper,        // "SMITH" (two or more letters, all capitals)
  lower,        // "van", "smith"
  initial,      // "J" (one capital letter)
  mixed,        // "iPhone", "x"
};

// One word: letters with inner apostrophes and hyphens ("Jean-Pierre", "O'Neil").
struct Word {
  std::size_t begin = 0;
  std::size_t end = 0;  // exclusive
  Shape shape = Shape::none;
  std::size_t letters = 0;

  bool empty() const { return end == begin; }
};

Shape shape_of(std::string_view text, std::size_t begin, std::size_t end, std::size_t* letters_out) {
  std::size_t letters = 0, uppers = 0;
  bool first_upper = false;
  for (std::size_t i = begin; i < end;) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? (is_ascii_letter(c) ? 1 : 0) : letter_length(text, i, end);
    if (len == 0) { ++i; continue; }  // inner mark
    const bool up = len == 1 ? is_ascii_upper(c) : letter_is_upper(text, i, len);
    if (letters == 0) first_upper = up;
    uppers += up ? 1 : 0;
    ++letters;
    i += len;
  }
  if (letters_out) *letters_out = letters;
  if (letters == 0) return Shape::none;
  if (letters == 1) return first_upper ? Shape::initial : Shape::mixed;
  if (uppers == letters) return Shape::upper;
  if (first_upper) return Shape::capitalized;  // "Smith", "McDonald", "O'Brien"
  if (uppers == 0) return Shape::lower;
  return Shape::mixed;
}

// The bytes a confirmer may read: text[floor, limit). `floor_is_begin` / `limit_is_end`
// say whether those edges are the true ends of the stream; where they are not, a word
// touching the edge counts as no word (it may go on beyond), so every chunking of the
// same stream gives the same answer.
struct Window {
  std::string_view text;
  std::size_t floor = 0;
  std::size_t limit = 0;
  bool floor_is_begin = false;
  bool limit_is_end = false;
};

// The word starting exactly at `pos` (empty when text[pos] is not a letter).
Word word_at(const Window& win, std::size_t pos) {
  const std::string_view text = win.text;
  std::size_t i = pos;
  while (i < win.limit) {
    const std::size_t len = letter_length(text, i, win.limit);
    if (len > 0) {
      i += len;
      continue;
    }
    const std::size_t mark = mark_length_at(text, i, win.limit);
    if (mark > 0 && i > pos && i + mark < win.limit && letter_length(text, i + mark, win.limit) > 0) {
      i += mark;
      continue;
    }
    break;
  }
  if (i == pos || (i >= win.limit && !win.limit_is_end)) return Word{pos, pos};
  Word w{pos, i};
  w.shape = shape_of(text, w.begin, w.end, &w.letters);
  return w;
}

// Start of the letter that ends just before `pos` (pos itself when there is none).
std::size_t letter_start_before(std::string_view text, std::size_t pos, std::size_t floor) {
  if (pos <= floor) return pos;
  std::size_t i = pos - 1;
  while (i > floor && is_continuation(static_cast<unsigned char>(text[i]))) --i;
  return letter_length(text, i, pos) == pos - i ? i : pos;
}

// The word ending exactly at `pos` (empty when text[pos - 1] is not a letter).
Word word_before(const Window& win, std::size_t pos) {
  const std::string_view text = win.text;
  std::size_t i = pos;
  while (i > win.floor) {
    const std::size_t s = letter_start_before(text, i, win.floor);
    if (s < i) {
      i = s;
      continue;
    }
    const std::size_t mark = mark_length_before(text, i, win.floor);
    if (mark > 0 && i < pos && i - mark > win.floor && letter_start_before(text, i - mark, win.floor) < i - mark) {
      i -= mark;
      continue;
    }
    break;
  }
  if (i == pos || (i == win.floor && !win.floor_is_begin)) return Word{pos, pos};
  Word w{i, pos};
  w.shape = shape_of(text, w.begin, w.end, &w.letters);
  return w;
}

// Lower-cases a word's ASCII letters into `buf` (other bytes kept); empty when too long.
std::string_view fold(std::string_view text, const Word& w, std::array<char, kMaxFoldedWord>& buf) {
  const std::size_t n = w.end - w.begin;
  if (n == 0 || n > buf.size()) return {};
  for (std::size_t i = 0; i < n; ++i) {
    buf[i] = static_cast<char>(ascii_lower(static_cast<unsigned char>(text[w.begin + i])));
  }
  return {buf.data(), n};
}

template <std::size_t Slots>
bool word_in(const WordSet<Slots>& set, std::string_view text, const Word& w) {
  std::array<char, kMaxFoldedWord> buf;
  return set.contains(fold(text, w, buf));
}

// Field keys, normalized: letters and digits lower-cased, '_', '-', '.' dropped, so
// first_name, firstName, First-Name and first.name all read "firstname".
struct Key {
  std::array<char, 40> text{};
  std::size_t size = 0;
  std::string_view view() const { return {text.data(), size}; }
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

enum class Context : std::uint8_t {
  none,
  title,       // Mr, Dr., Frau
  cue,         // Dear, my name is, Regards,\n
  weak_cue,    // contact, named, reported by, assigned to: also said of things
  strong_key,  // first_name, lastName, cardholder
  weak_key,    // name, customer, from
  other_key,   // file_name, host: a key that names something else
};

constexpr bool is_space(unsigned char c) { return c == ' ' || c == '\t'; }
constexpr bool is_quote(char c) { return c == '"' || c == '\''; }

// Reads the field key that ends at `pos` (exclusive), e.g. `billing_first_name` ->
// "billingfirstname". False when there is none or it may continue below the window.
bool read_key(const Window& win, std::size_t pos, Key& key, std::size_t* key_begin = nullptr) {
  std::array<char, 40> reversed{};
  std::size_t n = 0;
  std::size_t i = pos;
  while (i > win.floor) {
    const auto c = static_cast<unsigned char>(win.text[i - 1]);
    if (is_ascii_letter(c) || (c >= '0' && c <= '9') || c >= 0x80) {
      if (n == reversed.size()) return false;
      reversed[n++] = static_cast<char>(ascii_lower(c));
    } else if (c != '_' && c != '-' && c != '.') {
      break;
    }
    --i;
  }
  if (n == 0 || (i == win.floor && !win.floor_is_begin)) return false;
  key.size = n;
  for (std::size_t k = 0; k < n; ++k) key.text[k] = reversed[n - 1 - k];
  if (key_begin) *key_begin = i;
  return true;
}

// The last bytes of the strong key suffixes ('e' for "name", 'r' for "holder", ...).
constexpr std::array<bool, 256> kStrongSuffixLastBytes = [] {
  std::array<bool, 256> last{};
  for (const Table suffix : kStrongKeySuffixes) last[static_cast<unsigned char>(suffix.back())] = true;
  return last;
}();

Context classify_key(const Key& key) {
  const auto k = key.view();
  // Every field value's key is classified (each "contact" of a JSON API record), so the
  // last byte is looked at first: keys such as "contact" or "customer" end in a byte no
  // strong suffix ends in, and then no suffix is compared at all.
  if (!k.empty() && kStrongSuffixLastBytes[static_cast<unsigned char>(k.back())]) {
    for (const auto suffix : kStrongKeySuffixes) {
      if (k.size() >= suffix.size() && k.back() == suffix.back() && ends_with(k, suffix)) return Context::strong_key;
    }
  }
  return kWeakKeySet.contains(k) ? Context::weak_key : Context::other_key;
}

// `key: `, `key=`, `"key": ` ending at `pos` (after any opening quote of the value).
Context key_context(const Window& win, std::size_t pos) {
  std::size_t i = pos;
  while (i > win.floor && is_space(static_cast<unsigned char>(win.text[i - 1]))) --i;
  if (i == win.floor || (win.text[i - 1] != ':' && win.text[i - 1] != '=')) return Context::none;
  --i;
  while (i > win.floor && is_space(static_cast<unsigned char>(win.text[i - 1]))) --i;
  if (i > win.floor && is_quote(win.text[i - 1])) --i;
  if (i > win.floor && win.text[i - 1] == '\\') --i;  // JSON inside a JSON string: \"key\"
  Key key;
  std::size_t key_begin = 0;
  if (!read_key(win, i, key, &key_begin)) return Context::none;
  if ((key.view() == "by" || key.view() == "to") && key_begin > win.floor + 1 && win.text[key_begin - 1] == ' ') {
    // "Reported by:", "Assigned to:": the verb is part of the key.
    Key verb;
    if (read_key(win, key_begin - 1, verb) && verb.size + key.size <= verb.text.size()) {
      for (std::size_t k = 0; k < key.size; ++k) verb.text[verb.size + k] = key.text[k];
      verb.size += key.size;
      return classify_key(verb);
    }
  }
  return classify_key(key);
}

// The cue that the word `w` is, if any: greetings and closings are cues, words that also
// introduce things (kWeakCueWords) weak ones.
Context cue_word_context(std::string_view text, const Word& w) {
  if (w.empty() || !word_in(kCueWordSet, text, w)) return Context::none;
  return word_in(kWeakCueWordSet, text, w) ? Context::weak_cue : Context::cue;
}

// What stands just before `start`: a title, a cue, a field key, or nothing useful.
Context context_before(const Window& win, std::size_t start) {
  const std::string_view text = win.text;
  std::size_t i = start;
  if (i > win.floor && is_quote(text[i - 1])) {  // "name": "<value>", also escaped: \"name\": \"<value>
    const std::size_t quote = i - 1;
    return key_context(win, quote > win.floor && text[quote - 1] == '\\' ? quote - 1 : quote);
  }
  if (i > win.floor && text[i - 1] == '>') {  // <firstName><value>
    Key key;
    std::size_t key_begin = 0;
    if (!read_key(win, i - 1, key, &key_begin) || key_begin == win.floor || text[key_begin - 1] != '<') {
      return Context::none;
    }
    return classify_key(key);
  }
  std::size_t spaces = 0;
  while (i > win.floor && is_space(static_cast<unsigned char>(text[i - 1]))) {
    --i;
    ++spaces;
  }
  if (i == win.floor) return Context::none;
  const char c = text[i - 1];
  if (c == ':' || c == '=') return key_context(win, i);  // Name: <value>, first_name=<value>
  if (c == '\n') {  // "Regards,\nAda", "Thanks!\r\n\r\nAda"
    int newlines = 0;
    while (i > win.floor && newlines < 3) {
      const auto d = static_cast<unsigned char>(text[i - 1]);
      if (d == '\n') ++newlines;
      else if (d != '\r' && !is_space(d)) break;
      --i;
    }
    if (i >= win.floor + 2 && text[i - 1] == '-' && text[i - 2] == '-') {
      return Context::cue;  // the "-- " line before an e-mail signature
    }
    if (i > win.floor && (text[i - 1] == ',' || text[i - 1] == '!' || text[i - 1] == '.')) --i;
    return cue_word_context(text, word_before(win, i));
  }
  if (c == ',') {  // "Thanks, <value>"
    return cue_word_context(text, word_before(win, i - 1));
  }
  if (spaces == 0 || spaces > 2) return Context::none;
  if (c == '.') {  // "Dr. <value>"
    const Word w = word_before(win, i - 1);
    return !w.empty() && w.shape != Shape::lower && word_in(kTitleSet, text, w) ? Context::title : Context::none;
  }
  const Word w1 = word_before(win, i);
  if (w1.empty()) return Context::none;
  if (word_in(kTitleSet, text, w1)) {
    // Titles are written capitalized ("Mr", "MR"); "dr" or "sir" in lower case is not one.
    return w1.shape == Shape::capitalized || w1.shape == Shape::upper ? Context::title : Context::none;
  }
  if (const Context cue = cue_word_context(text, w1); cue != Context::none) return cue;
  std::array<char, kMaxFoldedWord> buf;
  const auto first = fold(text, w1, buf);
  if (first == "i'm" || first == "i\xe2\x80\x99m") return Context::cue;  // I'm, I’m
  // Two-word cues: "name is", "I am", "reported by", "assigned to", "spoke with".
  if (first != "is" && first != "am" && first != "by" && first != "to" && first != "with") {
    return Context::none;
  }
  if (w1.begin <= win.floor || text[w1.begin - 1] != ' ') return Context::none;
  const Word w2 = word_before(win, w1.begin - 1);
  if (w2.empty()) return Context::none;
  std::array<char, kMaxFoldedWord> buf2;
  const auto second = fold(text, w2, buf2);
  if (first == "is") return second == "name" ? Context::cue : Context::none;
  if (first == "am") return second == "i" ? Context::cue : Context::none;
  return kCueVerbSet.contains(second) ? Context::weak_cue : Context::none;
}

// Whether an UPPER word reads as an acronym: only ASCII consonants (HTTP, SQL, PDF; Y counts
// as a vowel: LYNN), or one of kAcronyms (IBAN, SWIFT, JSON).
bool is_acronym(std::string_view text, const Word& w) {
  bool vowel = false;
  for (std::size_t i = w.begin; i < w.end && !vowel; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (ascii_lower(c)) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        vowel = true;
        break;
      default:
        vowel = c >= 0x80;  // a letter outside ASCII: no telling, so not an acronym
    }
  }
  return !vowel || word_in(kAcronymSet, text, w);
}

// Which neighbours of a hit can be part of its name. An acronym hit (IBAN, which a list also
// has as a first name) takes no acronym beside it: "SWIFT IBAN" is two acronyms. A first
// name that looks like an acronym, before a surname, is still found from the surname's hit.
enum class Neighbours : std::uint8_t { any, no_acronyms };

// A word that can stand next to a name as part of it, in the case style of the hit.
bool is_name_part(std::string_view text, const Word& w, bool upper_style, Neighbours neighbours) {
  // In UPPER text two-letter words are mostly acronyms ("UK", "US", "ID").
  if (w.empty() || w.letters < (upper_style ? 3u : 2u)) return false;
  if (upper_style ? w.shape != Shape::upper : w.shape != Shape::capitalized) return false;
  if (word_in(kStopWordSet, text, w) || word_in(kTitleSet, text, w)) return false;
  return !(upper_style && neighbours == Neighbours::no_acronyms && is_acronym(text, w));
}

bool is_particle(std::string_view text, const Word& w) {
  return w.shape == Shape::lower && word_in(kParticleSet, text, w);
}

// The end of the rest of a name after `end`: up to three more parts (middle names,
// initials "F.", particles "van der", the surname), each after one space. Returns `end`
// when no name part follows.
std::size_t extend_forward(const Window& win, std::size_t end, bool upper_style, Neighbours neighbours) {
  const std::string_view text = win.text;
  std::size_t accepted = end;
  std::size_t pos = end;
  int name_parts = 0;
  for (int words = 0; words < 5 && name_parts < 3; ++words) {
    if (pos + 1 >= win.limit || text[pos] != ' ') break;
    const Word w = word_at(win, pos + 1);
    if (w.empty()) break;
    if (w.shape == Shape::initial) {  // a middle initial, with or without its dot
      std::size_t after = w.end;
      if (after < win.limit && text[after] == '.') ++after;
      pos = after;  // taken only if a name part follows
      continue;
    }
    if (!upper_style && is_particle(text, w)) {
      pos = w.end;  // taken only if a name part follows
      continue;
    }
    if (!is_name_part(text, w, upper_style, neighbours)) break;
    accepted = pos = w.end;
    ++name_parts;
  }
  return accepted;
}

// The start of a first name (and middle initial) just before the surname at `start`,
// or `start` when none is there.
std::size_t extend_backward(const Window& win, std::size_t start, bool upper_style, Neighbours neighbours) {
  const std::string_view text = win.text;
  if (start < win.floor + 2 || text[start - 1] != ' ') return start;
  std::size_t pos = start - 1;
  std::size_t best = start;
  if (text[pos - 1] == '.' || (pos >= win.floor + 2 && text[pos - 2] == ' ')) {
    // an initial before the surname, or a first name and a middle initial
    const std::size_t initial_end = text[pos - 1] == '.' ? pos - 1 : pos;
    const Word initial = word_before(win, initial_end);
    if (initial.empty() || initial.shape != Shape::initial) {
      if (text[pos - 1] == '.') return start;
    } else {
      best = initial.begin;
      if (initial.begin < win.floor + 2 || text[initial.begin - 1] != ' ') return best;
      pos = initial.begin - 1;
    }
  }
  const Word w = word_before(win, pos);
  if (!is_name_part(text, w, upper_style, neighbours)) return best;
  // The word may only be capitalized because it starts a sentence ("Yesterday <Surname>"):
  // the stop-word table is the guard against that, so it lists common sentence openers.
  return w.begin;
}

// Whether a capitalized stop word ("Street", "Ventures", "Monday") follows `end` after
// one space.
bool stop_word_follows(const Window& win, std::size_t end, bool upper_style) {
  if (end + 1 >= win.limit || win.text[end] != ' ') return false;
  const Word w = word_at(win, end + 1);
  if (w.empty() || w.letters < 2) return false;
  if (upper_style ? w.shape != Shape::upper : w.shape != Shape::capitalized) return false;
  return word_in(kStopWordSet, win.text, w);
}

bool is_common_word_name(std::string_view text, const Word& w) {
  std::array<char, kMaxFoldedWord> buf;
  const auto folded = fold(text, w, buf);
  return !folded.empty() && kCommonWordNameSet.contains(folded);
}

Window window_of(const Candidate& c) {
  Window win;
  win.text = c.data;
  win.floor = c.start > kLookBehind ? c.start - kLookBehind : 0;
  win.floor_is_begin = win.floor == 0 && (c.at_stream_begin || c.start < kLookBehind);
  win.limit = std::min(c.data.size(), c.end + kLookAhead);
  win.limit_is_end = win.limit == c.data.size() && c.at_stream_end;
  return win;
}

// ---------------------------------------------------------------------------------------
// Field values are decoded into a small buffer ('+' and %20 are spaces, %XX and \uXXXX
// the bytes they stand for) and read as words.

struct DecodedValue {
  std::array<char, kMaxValueBytes> bytes{};
  std::size_t size = 0;
  std::string_view view() const { return {bytes.data(), size}; }
};

bool push(DecodedValue& out, unsigned value) {
  if (out.size == out.bytes.size()) return false;
  out.bytes[out.size++] = static_cast<char>(value);
  return true;
}

bool push_code_point(DecodedValue& out, unsigned cp) {
  if (cp < 0x80) return push(out, cp);
  if (cp < 0x800) return push(out, 0xC0 | (cp >> 6)) && push(out, 0x80 | (cp & 0x3F));
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;  // surrogate halves: not a name letter
  return push(out, 0xE0 | (cp >> 12)) && push(out, 0x80 | ((cp >> 6) & 0x3F)) && push(out, 0x80 | (cp & 0x3F));
}

bool decode_value(std::string_view raw, DecodedValue& out) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char ch = raw[i];
    if (ch == '+') {
      if (!push(out, ' ')) return false;
    } else if (ch == '%') {
      if (i + 2 >= raw.size()) return false;
      const int hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
      if (hi < 0 || lo < 0 || !push(out, static_cast<unsigned>(hi * 16 + lo))) return false;
      i += 2;
    } else if (ch == '\\') {
      if (i + 5 >= raw.size() || raw[i + 1] != 'u') return false;
      unsigned cp = 0;
      for (std::size_t k = 2; k < 6; ++k) {
        const int h = hex_value(raw[i + k]);
        if (h < 0) return false;
        cp = cp * 16 + static_cast<unsigned>(h);
      }
      if (!push_code_point(out, cp)) return false;
      i += 5;
    } else if (!push(out, static_cast<unsigned char>(ch))) {
      return false;
    }
  }
  return true;
}

// How a decoded value reads: its name words (initials and particles aside), how many
// are capitalized (or UPPER), whether one is a stop word. `ok` is false when anything
// but words, spaces, initials' dots and particles is in it, or it has 0 or > 4 words.
struct ValueShape {
  int name_words = 0;
  int capitalized = 0;
  bool stop_word = false;
  bool comma = false;  // one ", " between words (surname first)
  bool ok = false;
};

ValueShape read_value_shape(std::string_view v) {
  ValueShape shape;
  const Window win{v, 0, v.size(), true, true};
  std::size_t i = 0;
  int words = 0;
  while (i < v.size()) {
    if (v[i] == ' ') {
      ++i;
      continue;
    }
    const Word w = word_at(win, i);
    if (w.empty()) return shape;  // digit, '@', '/', ':' ...: not a name
    std::size_t after = w.end;
    if (after < v.size() && v[after] == '.') ++after;  // "J.", "Jr."
    if (after + 1 < v.size() && v[after] == ',' && v[after + 1] == ' ' && !shape.comma) {
      shape.comma = true;  // "Quoll, Ada": surname first
      ++after;
    }
    if (after < v.size() && v[after] != ' ') return shape;
    if (++words > 6) return shape;
    if (w.shape == Shape::initial) {
      // an initial belongs to a name but is not evidence of one
    } else if (words > 1 && is_particle(v, w)) {
      // "van", "de la" inside a name
    } else {
      ++shape.name_words;
      if (w.shape == Shape::capitalized || w.shape == Shape::upper) ++shape.capitalized;
      if (word_in(kStopWordSet, v, w) || word_in(kTitleSet, v, w)) shape.stop_word = true;
    }
    i = after;
  }
  shape.ok = shape.name_words >= 1 && shape.name_words <= 4;
  return shape;
}

// A field value ends where the name ends: the next byte must not continue it.
bool value_ends_cleanly(const Candidate& c) {
  if (c.end >= c.data.size()) return c.at_stream_end;
  const auto next = static_cast<unsigned char>(c.data[c.end]);
  if (next == '\\') return c.end + 1 < c.data.size() && c.data[c.end + 1] == '"';  // \" ends an escaped string
  if (next == '+' || next == '%' || next >= 0x80) return false;
  if (is_ascii_letter(next) || (next >= '0' && next <= '9') || next == '_') return false;
  if (is_inner_mark(next) || next == '.') {
    return !(c.end + 1 < c.data.size() && letter_length(c.data, c.end + 1, c.data.size()) > 0);
  }
  // parent.name, call(...), items[0]: code, not a name.
  if ((next == '.' || next == '(' || next == '[') && c.end + 1 < c.data.size()) {
    const auto after = static_cast<unsigned char>(c.data[c.end + 1]);
    if (next != '.' || is_ascii_letter(after) || after == '_') return false;
  }
  // "customer_name=<first> <last> ip=10.0.0.1": a word right before '=' or ':' is the next key.
  if (next == '=' || next == ':') return false;
  return true;
}

// Whether a capitalized word follows the value after one space (the first name of "Dear <first>
// <last>"): then the longer candidate is the one to judge, not this prefix of it.
bool capitalized_word_follows(const Candidate& c) {
  const Window win = window_of(c);
  if (c.end + 1 >= win.limit || c.data[c.end] != ' ') return false;
  const Word w = word_at(win, c.end + 1);
  return !w.empty() && (w.shape == Shape::capitalized || w.shape == Shape::upper);
}

}  // namespace

bool person_name(Candidate& c, std::optional<double>) noexcept {
  if (c.end <= c.start || c.end > c.data.size()) return false;
  const Window win = window_of(c);
  const std::string_view text = c.data;

  // The hit may be part of a longer word: "Jean" in "Jean-Pierre", "Brien" in "O'Brien".
  std::size_t start = c.start, end = c.end;
  if (const std::size_t mark = mark_length_before(text, start, win.floor); mark > 0 && start > win.floor + mark) {
    const Word w = word_before(win, start - mark);
    if (w.empty()) return false;
    start = w.begin;
  }
  if (const std::size_t mark = mark_length_at(text, end, win.limit); mark > 0 && end + mark < win.limit) {
    const Word w = word_at(win, end + mark);
    if (!w.empty()) end = w.end;
  }

  const Shape hit_shape = shape_of(text, start, end, nullptr);
  const bool upper_style = hit_shape == Shape::upper;
  if (hit_shape != Shape::capitalized && !upper_style) return false;
  // A title that some list also has as a surname ("Frau"): the name is what follows it,
  // found from its own hit or by the title rule.
  if (word_in(kTitleSet, text, Word{start, end, hit_shape, 0})) return false;

  const Context context = context_before(win, start);
  if (context == Context::other_key) return false;  // "file_name": "Maria.txt"
  if (context != Context::none) {
    const std::size_t new_end = extend_forward(win, end, upper_style, Neighbours::any);
    // "name": "Blue Sky Ventures", "Dear Victoria Station team": a capitalized
    // organisation or place word right after makes it not a person.
    if (context != Context::strong_key && stop_word_follows(win, new_end, upper_style)) return false;
    c.start = start;
    c.end = new_end;
    return true;
  }
  // "May", "Will", "Brown" with no cue: a word, not a name.
  if (is_common_word_name(text, Word{c.start, c.end, hit_shape, 0})) return false;

  // A surname after a first name, or a first name before a surname.
  const Neighbours neighbours = upper_style && is_acronym(text, Word{start, end, hit_shape, 0})
                                    ? Neighbours::no_acronyms
                                    : Neighbours::any;
  const std::size_t new_end = extend_forward(win, end, upper_style, neighbours);
  const std::size_t new_start = extend_backward(win, start, upper_style, neighbours);
  if (new_end == end && new_start == start) {
    // "... so Elza said": a speech verb right after the name.
    if (upper_style || end + 1 >= win.limit || text[end] != ' ') return false;
    const Word verb = word_at(win, end + 1);
    if (verb.empty() || verb.shape != Shape::lower || !word_in(kSpeechVerbSet, text, verb)) return false;
    c.start = start;
    c.end = end;
    return true;
  }
  // "product_name": "<first> <last>" seen from the surname: the key still rules it out.
  if (new_start != start && context_before(win, new_start) == Context::other_key) return false;
  c.start = new_start;
  c.end = new_end;
  return true;
}

namespace {

// person_field_value's checks for one end of the value. `context`, what stands before the
// value, does not depend on the end: it is computed on first need and kept, so the
// validators that try several ends of one value classify its key once.
bool field_value_accepted(Candidate& c, std::optional<Context>& context) noexcept {
  if (c.end <= c.start || c.end > c.data.size()) return false;
  if (c.end - c.start > kMaxRawValueBytes) return false;
  if (!value_ends_cleanly(c)) return false;
  const std::string_view raw = c.value();
  if (raw.front() == ' ' || raw.back() == ' ' || raw.back() == '+') return false;

  // The context (read before c.start only, so the same for every end) comes before the
  // value's shape: it is computed once per value, the shape once per end tried, and most
  // values it rules out for all ends at once.
  if (!context) context = context_before(window_of(c), c.start);
  if (*context == Context::none || *context == Context::other_key) return false;
  // Only a strong key takes a value whose first word is not capitalized. A value that starts
  // with a lower-case ASCII letter decodes to a first word of shape lower or mixed (never
  // capitalized, upper or an initial, and the first word is never a particle), so under any
  // other context `capitalized == name_words` below fails for every end: "support desk".
  if (*context != Context::strong_key && is_ascii_lower(static_cast<unsigned char>(raw.front()))) return false;

  DecodedValue decoded;
  if (!decode_value(raw, decoded)) return false;
  const ValueShape shape = read_value_shape(decoded.view());
  if (!shape.ok) return false;

  switch (*context) {
    case Context::strong_key: {
      // Lower-case values are names too (forms often lower-case them), but in prose after a word
      // like "surname:" they are a sentence: no function words, at most three words.
      if (shape.capitalized != shape.name_words && (shape.stop_word || shape.name_words > 3)) return false;
      // "fullname = entry": a lower-case value after " = " is a variable in code.
      if (shape.capitalized != shape.name_words && c.start >= 2 && c.data[c.start - 1] == ' ' &&
          c.data[c.start - 2] == '=') {
        return false;
      }
      if (shape.name_words > 1) return true;
      const std::string_view v = decoded.view();
      const Word only = word_at(Window{v, 0, v.size(), true, true}, v.find_first_not_of(' '));
      std::array<char, kMaxFoldedWord> buf;
      return !kPlaceholderValueSet.contains(fold(v, only, buf));
    }
    case Context::weak_key:
      // "name": "Widget", "name: Run Tests": a bare `name` needs two or more capitalized
      // words, none a common capitalized non-name word. (The shape is checked before the
      // word after the value: it is already known, the word has to be read.)
      return shape.name_words >= 2 && shape.capitalized == shape.name_words && !shape.stop_word &&
             !capitalized_word_follows(c);
    case Context::title:  // a strong cue: a title before a month or a common word still names a person
      if (shape.comma || capitalized_word_follows(c)) return false;
      return shape.name_words <= 3 && shape.capitalized == shape.name_words;
    case Context::cue:
      if (shape.comma || capitalized_word_follows(c)) return false;
      return shape.name_words <= 3 && shape.capitalized == shape.name_words && !shape.stop_word;
    case Context::weak_cue:
      // "reported by Hyperscan", "contact Quollsoft": one capitalized word after such a cue
      // is a product or a company as often as a person. Two make a name; a single name the
      // dictionaries know is found by person_name ("reported by Okafor").
      if (shape.comma || capitalized_word_follows(c)) return false;
      return shape.name_words >= 2 && shape.name_words <= 3 && shape.capitalized == shape.name_words &&
             !shape.stop_word;
    case Context::none:
    case Context::other_key:
      return false;
  }
  return false;
}

}  // namespace

bool person_field_value(Candidate& c, std::optional<double>) noexcept {
  std::optional<Context> context;
  return field_value_accepted(c, context);
}

namespace {

// The validators that extend a candidate read the value's possible ends (ascending, in
// ends[0, count)); this keeps the longest one that `ends_here` allows (the byte after it
// ends the value) and field_value_accepted accepts. On failure c.end is left as it was.
template <typename EndsHere>
bool accept_longest(Candidate& c, const std::size_t* ends, std::size_t count, EndsHere ends_here) noexcept {
  const std::size_t first_end = c.end;
  std::optional<Context> context;
  for (std::size_t k = count; k-- > 0;) {
    if (!ends_here(ends[k])) continue;
    c.end = ends[k];
    if (field_value_accepted(c, context)) return true;
  }
  c.end = first_end;
  return false;
}

}  // namespace

namespace {

// One letter of a name as the title and cue rules' expressions wrote it: an ASCII letter,
// ' or - (and '.' after the first word: initials), a two-byte UTF-8 letter (lead
// 0xC3-0xDF) or a Latin Extended Additional one (0xE1 0xB8-0xBB ..). Its byte length, 0
// when the bytes at `i` are none of these.
std::size_t name_unit(std::string_view text, std::size_t i, bool dot_allowed) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (is_ascii_letter(c) || is_inner_mark(c) || (dot_allowed && c == '.')) return 1;
  const auto continuation = [&](std::size_t k) {
    return i + k < text.size() && is_continuation(static_cast<unsigned char>(text[i + k]));
  };
  if (c >= 0xC3 && c <= 0xDF) return continuation(1) ? 2 : 0;
  if (c == 0xE1 && i + 1 < text.size()) {
    const auto c2 = static_cast<unsigned char>(text[i + 1]);
    if (c2 >= 0xB8 && c2 <= 0xBB && continuation(2)) return 3;
  }
  return 0;
}

constexpr std::size_t kMaxNameWords = 4;       // the first word and up to three more
constexpr std::size_t kMaxUnitsPerWord = 30;   // after a word's first letter, and per later word
static_assert(kPersonNameAfterLookahead == kMaxRawValueBytes + kLookAhead,
              "the walk reads up to the longest value, the confirmer kLookAhead past its end");

}  // namespace

bool person_name_after(Candidate& c, std::optional<double>) noexcept {
  // The candidate is the name's first letter. Where the name may end: after each letter of
  // the walk below, kept only where the next byte ends a word (the rule's right boundary
  // is `none`: this is that check, made after the extension).
  if (c.end <= c.start || c.end > c.data.size()) return false;
  const std::string_view text = c.data;
  const std::size_t limit = std::min(text.size(), c.start + kMaxRawValueBytes);
  std::array<std::size_t, kMaxNameWords * (kMaxUnitsPerWord + 1)> ends;
  std::size_t count = 0;
  std::size_t pos = c.end;
  for (std::size_t word = 0; word < kMaxNameWords; ++word) {
    if (word > 0) {  // a space, then a word of at least one letter
      if (pos >= limit || text[pos] != ' ') break;
      ++pos;
    }
    std::size_t units = 0;
    while (units < kMaxUnitsPerWord && pos < limit) {
      const std::size_t len = name_unit(text, pos, word > 0);
      if (len == 0 || pos + len > limit) break;
      pos += len;
      ++units;
      ends[count++] = pos;
    }
    if (units == 0) break;
  }
  const auto ends_word = [&](std::size_t end) {
    if (end >= text.size()) return c.at_stream_end;
    const auto next = static_cast<unsigned char>(text[end]);
    return !(is_ascii_letter(next) || (next >= '0' && next <= '9') || next == '_' || next >= 0x80);
  };
  return accept_longest(c, ends.data(), count, ends_word);
}

namespace {

// One unit of a field value as person-field-value's expression wrote it: [A-Za-z'., +-] or
// any byte >= 0x80, a %XX escape or a \uXXXX escape. Its byte length, 0 for none.
std::size_t field_value_unit(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (is_ascii_letter(c) || c == '\'' || c == '.' || c == ',' || c == ' ' || c == '+' || c == '-' || c >= 0x80) return 1;
  const auto hex_at = [&](std::size_t k) { return i + k < text.size() && hex_value(text[i + k]) >= 0; };
  if (c == '%' && hex_at(1) && hex_at(2)) return 3;
  if (c == '\\' && i + 1 < text.size() && text[i + 1] == 'u' && hex_at(2) && hex_at(3) && hex_at(4) && hex_at(5)) return 6;
  return 0;
}

// The bytes a field value may end before: the complement of the rule's former right
// boundary [^\s"'&,;<)}\]|/!?.\\].
bool ends_field_value(unsigned char next) {
  switch (next) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
    case '"': case '\'': case '&': case ',': case ';': case '<': case ')': case '}': case ']':
    case '|': case '/': case '!': case '?': case '.': case '\\':
      return true;
    default:
      return false;
  }
}

constexpr std::size_t kMaxValueUnits = 64;

}  // namespace

bool person_field_value_after(Candidate& c, std::optional<double>) noexcept {
  if (c.end <= c.start || c.end > c.data.size()) return false;
  const std::string_view text = c.data;
  const std::size_t limit = std::min(text.size(), c.start + kMaxRawValueBytes);
  std::array<std::size_t, kMaxValueUnits> ends;
  std::size_t count = 0;
  ends[count++] = c.end;  // the first unit is the expression's
  for (std::size_t pos = c.end; count < kMaxValueUnits && pos < limit;) {
    const std::size_t len = field_value_unit(text, pos);
    if (len == 0 || pos + len > limit) break;
    pos += len;
    ends[count++] = pos;
  }
  return accept_longest(c, ends.data(), count, [&](std::size_t end) {
    return end < text.size() ? ends_field_value(static_cast<unsigned char>(text[end])) : c.at_stream_end;
  });
}

}  // namespace piimatch::validators
