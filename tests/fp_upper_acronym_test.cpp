// In UPPER case a dictionary name next to another capitalized word reads as a first name and
// surname ("JOHN SMITH"), but technical text is full of upper-case acronyms, some of which a
// name list also has ("Iban" is a first name, "Swift" a surname): "the SWIFT IBAN registry"
// is no person. An acronym hit takes no acronym beside it as the rest of its name (acronyms:
// words of consonants only, HTTP, or a short list, IBAN, SWIFT, JSON); upper-case names are
// still found, also when one of their words looks like an acronym, and the same words in
// Capitalized form or under a name key are names as before.
#include <gtest/gtest.h>

#include <string>

#include "support/redact.h"

namespace {

// The text with every person finding of the bundled pack masked.
std::string masked(const std::string& text) {
  return piitest::mask_category(*piitest::bundled_engine(), text, piimatch::Category::person);
}

TEST(FpUpperAcronym, AcronymsSideBySideAreNotAName) {
  for (const std::string text : {
           "// IBAN length and BBAN layout per country: the SWIFT IBAN registry, plus overseas\n",
           "and \"SWIFT IBAN\" (upper-case words read as a name)\n",
           "Send the HTTP IBAN check before the JSON IBAN one.\n",
           "The IBAN SEPA transfer is booked.\n",
       }) {
    EXPECT_EQ(masked(text), text);
  }
}

TEST(FpUpperAcronym, UpperCaseNamesAreStillFound) {
  EXPECT_EQ(masked("user JOHN NGUYEN logged in\n"), "user *********** logged in\n");
  // A first name that is also an acronym, next to a surname.
  EXPECT_EQ(masked("user LAN NGUYEN logged in\n"), "user ********** logged in\n");
  EXPECT_EQ(masked("user IBAN NGUYEN logged in\n"), "user *********** logged in\n");
  // An acronym-like surname after a first name.
  EXPECT_EQ(masked("user TAYLOR SWIFT logged in\n"), "user ************ logged in\n");
}

TEST(FpUpperAcronym, TheSameWordsCapitalizedOrUnderANameKeyAreNames) {
  EXPECT_EQ(masked("yesterday Iban Swift wrote back\n"), "yesterday ********** wrote back\n");
  EXPECT_EQ(masked("{\"cardholder\": \"IBAN SWIFT\"}\n"), "{\"cardholder\": \"**********\"}\n");
}

}  // namespace
