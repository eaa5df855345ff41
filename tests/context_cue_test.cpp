// Cue words count only where a word starts. A bare digit run is a phone number after
// "phone", "cell" or "tel", but not after "cancelled" or "hotel": inside another word a cue
// is that word's substring, and taking it made order statuses turn version strings and ids
// into "phone numbers" in JSON (and cost a gated scan after every "cancelled").
#include <gtest/gtest.h>

#include "tests/support/redact.h"

namespace {

std::string masked(const std::string& input) {
  return piitest::mask_all(*piitest::bundled_engine(), input).output;
}

TEST(ContextCues, CountAtTheStartOfAWordOrKey) {
  EXPECT_EQ(masked(R"({"cell":"41555512"})"), R"({"cell":"********"})");
  EXPECT_EQ(masked("Tel: 41555512"), "Tel: ********");
  EXPECT_EQ(masked(R"({"TEL":"41555512"})"), R"({"TEL":"********"})");
  EXPECT_EQ(masked(R"({"cell_phone":"41555512"})"), R"({"cell_phone":"********"})");
}

TEST(ContextCues, CountAsTheCapitalizedPartOfACamelCaseKey) {
  EXPECT_EQ(masked(R"({"homePhone":"41555512"})"), R"({"homePhone":"********"})");
  EXPECT_EQ(masked(R"({"customerSsn":"078051121"})"), R"({"customerSsn":"*********"})");
}

TEST(ContextCues, InsideAnotherWordAreNotCues) {
  const std::string cancelled = R"({"status":"cancelled","ref":"41555512"})";
  EXPECT_EQ(masked(cancelled), cancelled);
  const std::string hotel = R"({"hotel":"41555512"})";
  EXPECT_EQ(masked(hotel), hotel);
  const std::string classname = R"({"classname":"078051121"})";
  EXPECT_EQ(masked(classname), classname);
  const std::string shouted = R"({"STATUS":"CANCELLED","REF":"41555512"})";
  EXPECT_EQ(masked(shouted), shouted);
}

}  // namespace
