// `piiproxy eval` as the quality gate uses it: character offsets, positives and
// negatives, unclaimed types, thresholds and exit codes. The labelled cases are written
// fresh here in the shared data's JSON Lines shape.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/cli_test.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using RunResult = piitest::CommandResult;

class EvalCommand : public piitest::CliTest {
 protected:
  // Runs `piiproxy eval` with the e-mail pack only (fast to compile), no generated prose;
  // standard error is folded into `out` as the tests read one stream.
  RunResult eval(const std::string& args) {
    RunResult r = run_piiproxy("eval --no-prose --rules " + std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules/email.yaml " + args);
    r.out += r.err;
    return r;
  }

  json metrics(const fs::path& json_file) {
    std::ifstream in(json_file);
    return json::parse(in)["metrics"];
  }
};

// "Café ☕ " is 7 characters but 11 bytes: the span must be converted to bytes.
std::string labelled_cases() {
  json positive = {{"id", "p1"},
                   {"text", "Caf\u00e9 \u2615 mail jane.doe@example.com today"},
                   {"label", "positive"},
                   {"spans", {{{"start", 12}, {"end", 32}, {"type", "EMAIL_ADDRESS"}}}}};
  json negative = {{"id", "n1"}, {"text", "no address here"}, {"label", "negative"}, {"type", "EMAIL_ADDRESS"}};
  // A validator-style negative: the whole string is not an address, the one inside is.
  json whole = {{"id", "n2"}, {"text", "jane@example.com\r\n"}, {"label", "negative"}, {"whole_string", true},
                {"type", "EMAIL_ADDRESS"}};
  json unclaimed = {{"id", "u1"}, {"text", "121000358"}, {"label", "positive"}, {"entity_type", "ABA_ROUTING_NUMBER"}};
  return positive.dump() + "\n" + negative.dump() + "\n" + whole.dump() + "\n" + unclaimed.dump() + "\n";
}

TEST_F(EvalCommand, ConvertsCharacterOffsetsAndReportsEachNumber) {
  const auto data = write("cases.jsonl", labelled_cases());
  const auto out_json = dir_ / "result.json";
  const RunResult r = eval("--json " + out_json.string() + " " + data.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const json m = metrics(out_json);
  EXPECT_DOUBLE_EQ(m["cases/email.recall"]["value"].get<double>(), 1.0);
  EXPECT_EQ(m["cases/email.recall"]["n"].get<int>(), 1);
  // Of two negatives only the whole-string one has an address inside; it is not a whole
  // finding, so nothing counts as flagged, while flagged_any sees it.
  EXPECT_DOUBLE_EQ(m["cases/email.flagged"]["value"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(m["cases/email.flagged_any"]["value"].get<double>(), 0.5);
  EXPECT_NE(r.out.find("ABA_ROUTING_NUMBER=1"), std::string::npos) << r.out;
  // The report never prints a detected value.
  EXPECT_EQ(r.out.find("jane"), std::string::npos) << r.out;
}

TEST_F(EvalCommand, ThresholdsPassOrListEveryMissedNumber) {
  const auto data = write("cases.jsonl", labelled_cases());
  const auto ok = write("ok.yaml",
                        "thresholds:\n"
                        "  \"cases/email.recall\": {min: 0.98, since: 2026-11-23}\n"
                        "  \"cases/email.flagged\": {max: 0.02, since: 2026-11-23}\n");
  EXPECT_EQ(eval("--thresholds " + ok.string() + " " + data.string()).status, 0);

  const auto strict = write("strict.yaml",
                            "thresholds:\n"
                            "  \"cases/email.flagged_any\": {max: 0.1, since: 2026-11-23}\n"
                            "  \"other/email.recall\": {min: 0.5, since: 2026-11-23}\n");
  const RunResult r = eval("--thresholds " + strict.string() + " " + data.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("cases/email.flagged_any = 0.5000 is above its threshold 0.1000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("other/email.recall: not measured"), std::string::npos) << r.out;
}

TEST_F(EvalCommand, BadInputIsAnErrorNotAResult) {
  EXPECT_EQ(eval((dir_ / "missing.jsonl").string()).status, 2);
  const auto no_date = write("t.yaml", "thresholds:\n  \"cases/email.recall\": {min: 0.9}\n");
  const auto data = write("cases.jsonl", labelled_cases());
  const RunResult r = eval("--thresholds " + no_date.string() + " " + data.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("needs `since`"), std::string::npos) << r.out;
}

// The held-out name sentences are scanned with dictionaries that lack their names: a file
// named in --rules-for gets its own pack, every other file the default one; naming a file
// that was not given is an error, not a silent measurement with the wrong pack.
TEST_F(EvalCommand, RulesForScansOneFileWithItsOwnPack) {
  const auto held = write("held.jsonl", labelled_cases());
  const auto other = write("other.jsonl", labelled_cases());
  const auto without_email = write("no-email.yaml",
                                   "rules:\n  - id: only-tokens\n    category: credential\n"
                                   "    expression: 'tok_[a-z0-9]{16}'\n");
  const auto out_json = dir_ / "result.json";
  const RunResult r = eval("--rules-for held=" + without_email.string() + " --json " + out_json.string() + " " +
                           held.string() + " " + other.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const json m = metrics(out_json);
  EXPECT_DOUBLE_EQ(m["held/email.recall"]["value"].get<double>(), 0.0);   // its own pack: no e-mail rule
  EXPECT_DOUBLE_EQ(m["other/email.recall"]["value"].get<double>(), 1.0);  // the default pack
  EXPECT_NE(r.out.find("held.jsonl scanned with the pack"), std::string::npos) << r.out;

  const RunResult typo = eval("--rules-for helt=" + without_email.string() + " " + held.string());
  EXPECT_EQ(typo.status, 2) << typo.out;
  EXPECT_NE(typo.out.find("no labelled file helt.jsonl"), std::string::npos) << typo.out;
  EXPECT_EQ(eval("--rules-for held " + held.string()).status, 2);
}

// A python-stdnum-style whole-string TFN is a bare digit run, which the national-id pack
// takes only after a cue: bare it is a miss, after its label ("TFN: ...") it is found, and
// the twin with an altered check digit is flagged neither way. Both numbers are reported.
TEST_F(EvalCommand, WholeStringIdsAreAlsoMeasuredAfterTheirLabel) {
  // 123456782: weights 1,4,3,7,5,8,6,9,10 give 253 = 23 * 11, a valid TFN.
  const json tfn = {{"id", "t1"}, {"stdnum_module", "au.tfn"}, {"text", "123456782"}, {"label", "positive"},
                    {"whole_string", true}, {"type", "STDNUM:au.tfn"},
                    {"spans", {{{"start", 0}, {"end", 9}, {"type", "STDNUM:au.tfn"}}}}};
  const auto data = write("numbers.jsonl", tfn.dump() + "\n");
  const auto out_json = dir_ / "result.json";
  RunResult r = run_piiproxy("eval --no-prose --rules " + std::string(PIIPROXY_SOURCE_DIR) +
                             "/conf/rules/national_id.yaml --json " + out_json.string() + " " + data.string());
  r.out += r.err;
  ASSERT_EQ(r.status, 0) << r.out;
  const json m = metrics(out_json);
  EXPECT_DOUBLE_EQ(m["numbers/national_id[au.tfn].recall"]["value"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(m["numbers/national_id[au.tfn].recall_labelled"]["value"].get<double>(), 1.0);
  EXPECT_EQ(m["numbers/national_id[au.tfn].flagged_labelled"]["n"].get<int>(), 1);  // the altered twin
  EXPECT_DOUBLE_EQ(m["numbers/national_id[au.tfn].flagged_labelled"]["value"].get<double>(), 0.0);
  EXPECT_NE(r.out.find("again after their kind's label"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("123456782"), std::string::npos) << r.out;
}

// --min-confidence low measures the rules an operator gets with `min_confidence: low`, and
// holds them to `thresholds:` with the entries `thresholds_at_low_confidence:` replaces.
TEST_F(EvalCommand, MinConfidenceLowLoadsTheLowRulesAndTheirThresholds) {
  const auto pack = write("pack.yaml",
                          "rules:\n"
                          "  - id: order-token\n    category: credential\n    expression: 'tok_[a-z]{8}'\n"
                          "  - id: order-token-digits\n    category: credential\n    confidence: low\n"
                          "    expression: 'tok_[0-9]{8}'\n");
  const json letters = {{"id", "a"}, {"text", "tok_abcdefgh"}, {"label", "positive"}, {"whole_string", true},
                        {"type", "SECRET"}};
  const json digits = {{"id", "b"}, {"text", "tok_12345678"}, {"label", "positive"}, {"whole_string", true},
                       {"type", "SECRET"}};
  const auto data = write("tokens.jsonl", letters.dump() + "\n" + digits.dump() + "\n");
  const auto thresholds = write("t.yaml",
                                "thresholds:\n"
                                "  \"tokens/credential.recall\": {min: 0.5, since: 2026-11-24}\n"
                                "thresholds_at_low_confidence:\n"
                                "  \"tokens/credential.recall\": {min: 1.0, since: 2026-11-24}\n");
  auto run = [&](const std::string& level, const fs::path& out_json) {
    RunResult r = run_piiproxy("eval --no-prose --rules " + pack.string() + " --min-confidence " + level +
                               " --thresholds " + thresholds.string() + " --json " + out_json.string() + " " +
                               data.string());
    r.out += r.err;
    return r;
  };
  const RunResult normal = run("normal", dir_ / "normal.json");
  ASSERT_EQ(normal.status, 0) << normal.out;
  EXPECT_DOUBLE_EQ(metrics(dir_ / "normal.json")["tokens/credential.recall"]["value"].get<double>(), 0.5);
  const RunResult low = run("low", dir_ / "low.json");
  ASSERT_EQ(low.status, 0) << low.out;  // held to 1.0 there, and met
  EXPECT_DOUBLE_EQ(metrics(dir_ / "low.json")["tokens/credential.recall"]["value"].get<double>(), 1.0);
  EXPECT_NE(low.out.find("1 of them low-confidence"), std::string::npos) << low.out;

  // The low map is applied only at low: a normal run never sees its stricter number, and a
  // low run that falls short of it fails (here: a pack without the low rule).
  const auto pack_normal_only = write("normal-only.yaml",
                                      "rules:\n  - id: order-token\n    category: credential\n"
                                      "    expression: 'tok_[a-z]{8}'\n");
  RunResult short_of_it = run_piiproxy("eval --no-prose --rules " + pack_normal_only.string() +
                                       " --min-confidence low --thresholds " + thresholds.string() + " " + data.string());
  short_of_it.out += short_of_it.err;
  EXPECT_EQ(short_of_it.status, 1) << short_of_it.out;
  EXPECT_NE(short_of_it.out.find("tokens/credential.recall = 0.5000 is below its threshold 1.0000"), std::string::npos)
      << short_of_it.out;
  EXPECT_EQ(run_piiproxy("eval --no-prose --min-confidence high " + data.string()).status, 2);
}

}  // namespace
