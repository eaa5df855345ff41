// Cue words before a name come in two strengths. Greetings, closings and introductions
// ("Dear", "Regards,", "my name is", "I'm") are said of people, so one capitalized word after
// them is a name even when no dictionary knows it. "reported by", "created by", "assigned to",
// "contact", "named", "signed" are said of tools, products and companies as well ("A match
// end reported by Hyperscan", "a file named Makefile"): after them a name the dictionaries do
// not know needs a second capitalized word, and a single dictionary name is still found.
//
// The unknown names here (Zorvina, Quoll, Xaviera, Hyperscan, Quollsoft) are in no list in
// conf/names/; Halvorsen and Marchetti are surnames in conf/names/last_names.txt.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/redact.h"

namespace {

// The text with every person finding of the bundled pack masked.
std::string masked(const std::string& text) {
  return piitest::mask_category(*piitest::bundled_engine(), text, piimatch::Category::person);
}

TEST(FpPersonCue, AProductAfterAWeakCueIsNotAName) {
  for (const std::string text : {
           "  // A match end reported by Hyperscan whose rule has not confirmed it yet.\n",
           "The image was created by Quollsoft last year.\n",
           "Add a file named Makefile to the root.\n",
           "Please contact Quollsoft for a licence.\n",
           "The certificate is signed by Quollsign and expires soon.\n",
           "This ticket is assigned to Triage until Monday.\n",
       }) {
    EXPECT_EQ(masked(text), text);
  }
}

TEST(FpPersonCue, NamesAfterAWeakCueAreStillFound) {
  // Two capitalized words, known or not.
  EXPECT_EQ(masked("Reported by Xaviera Quoll on the 3rd.\n"), "Reported by ************* on the 3rd.\n");
  EXPECT_EQ(masked("Please contact Zorvina Quoll for access.\n"), "Please contact ************* for access.\n");
  EXPECT_EQ(masked("Assigned to Zorvina Quoll on Monday.\n"), "Assigned to ************* on Monday.\n");
  // One name that the dictionaries know.
  EXPECT_EQ(masked("Ticket reported by Halvorsen yesterday.\n"), "Ticket reported by ********* yesterday.\n");
  EXPECT_EQ(masked("The draft was written by Marchetti.\n"), "The draft was written by *********.\n");
}

TEST(FpPersonCue, OneUnknownNameAfterAStrongCueIsStillFound) {
  EXPECT_EQ(masked("Dear Zorvina,\nyour order has shipped.\n"), "Dear *******,\nyour order has shipped.\n");
  EXPECT_EQ(masked("Hello, my name is Zorvina and I need help.\n"), "Hello, my name is ******* and I need help.\n");
  EXPECT_EQ(masked("Kind regards,\nZorvina\n"), "Kind regards,\n*******\n");
  EXPECT_EQ(masked("Hi, I'm Zorvina from billing.\n"), "Hi, I'm ******* from billing.\n");
  // The same unknown single name after a weak cue is the trade-off this rule makes.
  EXPECT_EQ(masked("Ticket reported by Zorvina yesterday.\n"), "Ticket reported by Zorvina yesterday.\n");
}

}  // namespace
