#pragma once
// The set of bytes a regex can consume, derived from its text. Used to recover a match's
// start cheaply: every byte of a match is in the alphabet, so scanning back from the match
// end over alphabet bytes reaches the leftmost start or passes it, and PCRE2 only has to
// try starts from there.
#include <string_view>

#include "matchers/byte_class.h"

namespace piimatch {

// Returns false when the pattern uses a construct this reader does not model (Unicode
// properties, \Q..\E, POSIX classes, named back-references, ...): the caller must then
// assume any byte can occur. When it returns true, `out` is a superset of the bytes any
// match can consume. Lookarounds are skipped: they inspect bytes but consume none.
bool regex_alphabet(std::string_view pattern, bool caseless, ByteClass& out);

}  // namespace piimatch
