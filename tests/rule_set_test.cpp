// Loading rule packs: good packs load, bad ones fail with a message naming file, rule, reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "matchers/engine.h"
#include "matchers/rule_set.h"

namespace {

using piimatch::Engine;
using piimatch::RuleError;
using piimatch::RuleSet;

std::string load_error(const std::string& yaml, const std::string& source = "conf/rules/credentials.yaml") {
  try {
    Engine::compile(RuleSet::parse(yaml, source));
  } catch (const RuleError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RuleSet, BundledPacksLoadAndCompile) {
  const auto rules = RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules");
  EXPECT_GT(rules.rules.size(), 10u);
  piimatch::EngineOptions options;
  options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
  const auto engine = Engine::compile(rules, options);
  EXPECT_GT(engine->holdback(), 0u);
  EXPECT_LE(engine->holdback(), 16384u);
}

TEST(RuleSet, UnboundedWidthNamesFileRuleAndFix) {
  EXPECT_EQ(load_error("rules:\n  - id: aws-access-key\n    category: credential\n    expression: 'AKIA[0-9A-Z]+'\n"),
            "conf/rules/credentials.yaml: rule 'aws-access-key': expression width is unbounded; set max_width");
}

TEST(RuleSet, MaxWidthMakesUnboundedExpressionAcceptable) {
  EXPECT_EQ(load_error("rules:\n  - id: aws\n    category: credential\n    expression: 'AKIA[0-9A-Z]+'\n    max_width: 40\n"),
            "(no error)");
}

TEST(RuleSet, UnknownKeysAreErrors) {
  EXPECT_EQ(load_error("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    validators: luhn\n"),
            "conf/rules/credentials.yaml: rule 'r1': unknown key 'validators'");
  EXPECT_EQ(load_error("rulez: []\n"), "conf/rules/credentials.yaml: unknown key 'rulez'");
}

TEST(RuleSet, BadValuesAreNamed) {
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: emails\n    expression: 'a@b'\n").find("unknown category 'emails'"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    validator: lunh\n").find("rule 'r1': unknown validator 'lunh'"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    validator: entropy\n").find("needs an argument"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    action: scrub\n").find("unknown action 'scrub'"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    boundary: '[z-a]'\n").find("bad boundary class"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: email\n").find("give exactly one of 'expression' and 'dictionary'"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: Bad_Id\n    category: email\n    expression: 'a'\n").find("id must match"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    max_width: lots\n").find("'max_width' must be an integer"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: r1\n    category: card\n    expression: '[0-9]{16}'\n    numeric_tokens: no\n").find("rule 'r1': 'numeric_tokens' must be true or false"), std::string::npos);
  // A mask byte that would change the structure of a form, JSON string or URL it lands in.
  for (const char* bad : {"'&'", "'='", "'%'", "'+'", "'\"'", "'<'"}) {
    EXPECT_NE(load_error(std::string("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    mask_char: ") + bad + "\n")
                  .find("'mask_char' must be a letter, a digit or one of"),
              std::string::npos)
        << bad;
  }
  EXPECT_EQ(piimatch::RuleSet::parse("rules:\n  - id: r1\n    category: email\n    expression: 'a@b'\n    mask_char: '#'\n", "t.yaml")
                .rules[0].action.mask_char, '#');
}

TEST(RuleSet, ExpressionErrorsNameTheRule) {
  EXPECT_NE(load_error("rules:\n  - id: broken\n    category: email\n    expression: '(a@b'\n").find("rule 'broken': expression does not compile"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: lookbehind\n    category: email\n    expression: '(?<=x)a@b'\n").find("rule 'lookbehind': expression does not compile"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: empty\n    category: email\n    expression: 'a?'\n").find("rule 'empty': expression can match the empty string"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: c\n    category: email\n    expression: 'a[0-9]{2,5}'\n    confirm: '(?<value>a[0-9'\n").find("rule 'c': confirm is not valid PCRE2"), std::string::npos);
  // The offset is into the confirm as written (not the anchored wrapper the engine compiles).
  EXPECT_NE(load_error("rules:\n  - id: c\n    category: email\n    expression: 'abc'\n    confirm: 'a{2,1}b'\n").find("at offset 5:"), std::string::npos);
  EXPECT_NE(load_error("rules:\n  - id: c\n    category: email\n    expression: 'abc'\n    confirm: 'ab(c'\n").find("at offset 4:"), std::string::npos);
}

TEST(RuleSet, DuplicateIdsAcrossPacksAreErrors) {
  RuleSet a = RuleSet::parse("rules:\n  - id: same\n    category: email\n    expression: 'a@b'\n", "a.yaml");
  RuleSet b = RuleSet::parse("rules:\n  - id: same\n    category: ip\n    expression: '1\\.2'\n", "b.yaml");
  try {
    a.append(std::move(b));
    FAIL() << "duplicate id accepted";
  } catch (const RuleError& e) {
    EXPECT_STREQ(e.what(), "b.yaml: rule 'same': duplicate id (first defined in a.yaml)");
  }
}

TEST(RuleSet, YamlSyntaxErrorsGiveTheLine) {
  const std::string message = load_error("rules:\n  - id: r1\n    category: [email\n", "p.yaml");
  EXPECT_EQ(message.rfind("p.yaml: line ", 0), 0u) << message;
}

TEST(RuleSet, MissingPathAndEmptyDirectoryAreErrors) {
  EXPECT_THROW(RuleSet::load("/nonexistent/rules"), RuleError);
  const auto dir = std::filesystem::temp_directory_path() / "piiproxy-empty-rules";
  std::filesystem::create_directories(dir);
  try {
    RuleSet::load(dir);
    FAIL() << "empty directory accepted";
  } catch (const RuleError& e) {
    EXPECT_NE(std::string(e.what()).find("no *.yaml rule packs"), std::string::npos);
  }
}

TEST(RuleSet, DictionaryFormsExpandToUpperCase) {
  const auto dir = std::filesystem::temp_directory_path() / "piiproxy-dict-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "names.txt") << "# comment\nMaria\n\nJosé\n";
  const RuleSet set = RuleSet::parse("rules:\n  - id: names\n    category: person\n    dictionary: names.txt\n", "d.yaml", dir);
  ASSERT_EQ(set.rules.size(), 1u);
  const auto& literals = set.rules[0].dictionary;
  EXPECT_EQ(literals, (std::vector<std::string>{"JOSé", "José", "MARIA", "Maria"}));
}

}  // namespace

namespace {
TEST(ByteClass, NamedClassesBracketsNegationAndEscapes) {
  piimatch::ByteClass c;
  ASSERT_TRUE(piimatch::ByteClass::parse("[^&\\s]", c));
  EXPECT_FALSE(c.contains('&'));
  EXPECT_FALSE(c.contains(' '));
  EXPECT_FALSE(c.contains('\n'));
  EXPECT_TRUE(c.contains('a'));
  ASSERT_TRUE(piimatch::ByteClass::parse("[A-Z0-9_-]", c));
  EXPECT_TRUE(c.contains('-'));
  EXPECT_TRUE(c.contains('Q'));
  EXPECT_FALSE(c.contains('q'));
  ASSERT_TRUE(piimatch::ByteClass::parse("word", c));
  EXPECT_TRUE(c.contains(0xc3));  // UTF-8 lead byte of a non-ASCII letter
  EXPECT_FALSE(c.contains('-'));
  ASSERT_TRUE(piimatch::ByteClass::parse("[\\x80-\\xff]", c));
  EXPECT_TRUE(c.contains(0x80));
  EXPECT_TRUE(c.contains(0xff));
  EXPECT_FALSE(c.contains('x'));
  EXPECT_FALSE(piimatch::ByteClass::parse("[\\xZZ]", c));
  EXPECT_FALSE(piimatch::ByteClass::parse("[z-a]", c));
  EXPECT_FALSE(piimatch::ByteClass::parse("letters", c));
  EXPECT_FALSE(piimatch::ByteClass::parse("[abc\\]", c));
}
}  // namespace
