#pragma once
// The set of bytes a regex can consume, derived from its text. Used to recover a match's
// start cheaply: every byte of a match is in the alphabet, so scanning back from the match
// end over alphabet bytes reaches the leftmost start or passes it, and PCRE2 only has to
// try starts from there.
#include <cstdint>
#include <string>
#include <string_view>

#include "matchers/byte_class.h"

namespace piimatch {

// Returns false when the pattern uses a construct this reader does not model (Unicode
// properties, \Q..\E, POSIX classes, named back-references, ...): the caller must then
// assume any byte can occur. When it returns true, `out` is a superset of the bytes any
// match can consume. Lookarounds are skipped: they inspect bytes but consume none.
bool regex_alphabet(std::string_view pattern, bool caseless, ByteClass& out);

// Appends `byte` as the regex escape \xHH, which is never an operator (PCRE2 and Hyperscan).
void append_regex_byte(unsigned char byte, std::string& out);

}  // namespace piimatch

namespace piimatch {

// Rewrites `pattern` so that every atom that can match a digit matches every digit
// ([2-9] becomes [0-9], 0 becomes [0-9], [0-9A-F] becomes [0-9A-F]), everything else
// unchanged. The widened pattern matches a superset of the original's matches, and
// treats all digits alike: it matches a text exactly where it matches the text with every
// digit replaced by '0'. That is what lets the numeric-token path cache candidate ends
// by token shape (see numeric_tokens.h). Returns false (out empty) for constructs the
// reader does not model, and for lookarounds, back-references and anchors other than \b.
// `changed` (optional) tells whether some atom matched only some of the digits, i.e.
// whether the widened pattern matches more than the original.
bool widen_digits(std::string_view pattern, std::string& out, bool* changed = nullptr);

// The fewest digits any match of `pattern` contains (atoms that can match only digits,
// counted at their least repetition). False for constructs the reader does not model.
// Lets the numeric-token path skip tokens without a digit when every rule needs one.
bool min_digit_count(std::string_view pattern, std::uint32_t& out);

}  // namespace piimatch
