// Sweep expansion: product and listed cases, order, names, resolved documents, source lines, errors.
#include <satcap/study/sweep.hpp>

#include <gtest/gtest.h>

#include "study_test_util.hpp"
#include "test_support.hpp"

namespace satcap::study {
namespace {

std::shared_ptr<const StudyDocument> doc(const std::string& text) { return StudyDocument::parse(text, "s.toml"); }

const char* kBase = R"([constellations.rassvet]
eirp_density_dbw_mhz = -40.0
beams = 16
mode = "observed"

[[shells]]
altitude_km = 510.0
[[shells]]
altitude_km = 800.0
)";

double eirp(const CaseSpec& c) {
  return c.document->root()["constellations"]["rassvet"]["eirp_density_dbw_mhz"].value_or(0.0);
}
std::int64_t beams(const CaseSpec& c) {
  return c.document->root()["constellations"]["rassvet"]["beams"].value_or(std::int64_t{0});
}

TEST(Sweep, NoSweepIsOneBaseCase) {
  auto cases = expand_cases(doc(kBase));
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "base");
  EXPECT_EQ(cases[0].id, "base");
  EXPECT_EQ(cases[0].index, 0u);
  EXPECT_TRUE(cases[0].overrides.empty());
  EXPECT_EQ(cases[0].input_hash.size(), 40u);
  EXPECT_DOUBLE_EQ(eirp(cases[0]), -40.0);
}

TEST(Sweep, ProductOrderNamesAndValues) {
  const std::string text = std::string(kBase) + R"(
[sweep]
mode = "product"
[[sweep.parameters]]
path = "constellations.rassvet.eirp_density_dbw_mhz"
values = [-42.0, -38.5]
label = "eirp"
[[sweep.parameters]]
path = "constellations.rassvet.beams"
values = [16, 24, 32]
)";
  auto cases = expand_cases(doc(text));
  ASSERT_EQ(cases.size(), 6u);
  const char* names[] = {"eirp=-42,beams=16",   "eirp=-42,beams=24",   "eirp=-42,beams=32",
                         "eirp=-38.5,beams=16", "eirp=-38.5,beams=24", "eirp=-38.5,beams=32"};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(cases[i].name, names[i]);
    EXPECT_EQ(cases[i].id, names[i]);  // already file-system safe
    EXPECT_EQ(cases[i].index, i);
    EXPECT_EQ(eirp(cases[i]), i < 3 ? -42.0 : -38.5);
    const std::int64_t expected_beams[] = {16, 24, 32};
    EXPECT_EQ(beams(cases[i]), expected_beams[i % 3]);
    EXPECT_FALSE(cases[i].document->root().contains("sweep"));
    ASSERT_EQ(cases[i].overrides.size(), 2u);
    EXPECT_EQ(cases[i].overrides[0].first, "constellations.rassvet.eirp_density_dbw_mhz");
  }
  // Same input (beams=16 with eirp -42 vs base) gives distinct hashes; identical inputs equal hashes.
  std::set<std::string> hashes;
  for (const auto& c : cases) hashes.insert(c.input_hash);
  EXPECT_EQ(hashes.size(), 6u);
  auto again = expand_cases(doc(text));
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(again[i].input_hash, cases[i].input_hash);
}

TEST(Sweep, OverriddenValueKeepsTheSweepLine) {
  const std::string text = std::string(kBase) + R"(
[sweep]
[[sweep.parameters]]
path = "constellations.rassvet.eirp_density_dbw_mhz"
values = [
  -42.0,
  12.0,
]
)";
  auto cases = expand_cases(doc(text));
  ASSERT_EQ(cases.size(), 2u);
  // A reader over the case reports a bad swept value at its line in [sweep], other keys at theirs.
  TomlReader r(cases[1].document);
  auto c = r.root().table("constellations").table("rassvet");
  try {
    c.number_in("eirp_density_dbw_mhz", -80, 0, "dBW/MHz");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 16u) << e.what();
    EXPECT_EQ(e.field(), "constellations.rassvet.eirp_density_dbw_mhz");
  }
  EXPECT_EQ(c.line_of("beams"), 3u);
}

TEST(Sweep, IncludeBaseAndArrayIndexPaths) {
  const std::string text = std::string(kBase) + R"(
[sweep]
include_base = true
[[sweep.parameters]]
path = "shells[1].altitude_km"
values = [550.0, 1200]
)";
  auto cases = expand_cases(doc(text));
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].name, "base");
  EXPECT_EQ(cases[1].name, "altitude_km=550");
  EXPECT_EQ(cases[2].name, "altitude_km=1200");
  EXPECT_EQ(cases[2].document->root()["shells"][1]["altitude_km"].value_or(0.0), 1200.0);
  EXPECT_EQ(cases[2].document->root()["shells"][0]["altitude_km"].value_or(0.0), 510.0);
}

TEST(Sweep, ArrayElementAsTarget) {
  const std::string text = R"(el = [25.0, 40.0, 55.0]
[sweep]
[[sweep.parameters]]
path = "el[1]"
values = [30.0, 45]
)";
  auto cases = expand_cases(doc(text));
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].name, "el=30");
  EXPECT_EQ(cases[1].name, "el=45");
  const auto* arr = cases[1].document->root()["el"].as_array();
  ASSERT_NE(arr, nullptr);
  ASSERT_EQ(arr->size(), 3u);
  EXPECT_EQ(arr->get(1)->value_or(0.0), 45.0);
  EXPECT_EQ(arr->get(2)->value_or(0.0), 55.0);
  EXPECT_EQ(line_of(*arr->get(1)), 5u);  // the swept value's line
  EXPECT_EQ(line_of(*arr->get(2)), 1u);
}

TEST(Sweep, CollidingLabelsUseFullPaths) {
  const std::string text = R"(a = { x = 1 }
b = { x = 2 }
[sweep]
[[sweep.parameters]]
path = "a.x"
values = [3]
[[sweep.parameters]]
path = "b.x"
values = [4]
)";
  auto cases = expand_cases(doc(text));
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "a.x=3,b.x=4");
}

TEST(Sweep, ListedCasesInOrderWithNestedAndDottedOverrides) {
  const std::string text = std::string(kBase) + R"(
[sweep]
mode = "cases"
include_base = true
[[sweep.cases]]
name = "rassvet 2030/800km"
set = { "constellations.rassvet.mode" = "announced", "shells[0].altitude_km" = 800.0 }
[[sweep.cases]]
name = "more-beams"
[sweep.cases.set.constellations.rassvet]
beams = 48
)";
  auto cases = expand_cases(doc(text));
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].name, "base");
  EXPECT_EQ(cases[1].name, "rassvet 2030/800km");
  EXPECT_EQ(cases[1].id.substr(0, 19), "rassvet_2030_800km-");  // sanitised + hash suffix
  EXPECT_EQ(cases[1].document->root()["constellations"]["rassvet"]["mode"].value_or(std::string()), "announced");
  EXPECT_EQ(cases[1].document->root()["shells"][0]["altitude_km"].value_or(0.0), 800.0);
  EXPECT_EQ(beams(cases[1]), 16);
  EXPECT_EQ(cases[2].name, "more-beams");
  EXPECT_EQ(beams(cases[2]), 48);
  ASSERT_EQ(cases[2].overrides.size(), 1u);
  EXPECT_EQ(cases[2].overrides[0], (std::pair<std::string, std::string>{"constellations.rassvet.beams", "48"}));
  EXPECT_EQ(cases[0].input_hash, expand_cases(doc(kBase))[0].input_hash);  // base == unswept study
}

TEST(Sweep, CaseIdIsSafeAndUnique) {
  EXPECT_EQ(case_id("eirp=-42,beams=16"), "eirp=-42,beams=16");
  EXPECT_NE(case_id("a/b"), case_id("a_b"));
  EXPECT_EQ(case_id("a/b").substr(0, 4), "a_b-");
  EXPECT_EQ(case_id(".hidden").front(), '_');
  EXPECT_LE(case_id(std::string(300, 'x')).size(), 89u);
  EXPECT_EQ(case_id(""), "case");
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");  // FIPS 180 test vector
  EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  auto dir = test::scratch_dir("study_checksum");
  testing::write(dir / "f.csv", "abc");
  EXPECT_EQ(file_checksum(dir / "f.csv"), "sha1:a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_THROW(file_checksum(dir / "missing.csv"), InputError);
}

TEST(Sweep, ResolvedInputAsJson) {
  auto cases = expand_cases(doc(std::string(kBase) + "\n[sweep]\n[[sweep.parameters]]\npath = \"constellations.rassvet.beams\"\nvalues = [8]\n"));
  const nlohmann::json j = cases.at(0).document->to_json();
  EXPECT_EQ(j.at("constellations").at("rassvet").at("beams"), 8);
  EXPECT_TRUE(j.at("constellations").at("rassvet").at("eirp_density_dbw_mhz").is_number_float());
  EXPECT_FALSE(j.contains("sweep"));
  EXPECT_EQ(j.at("shells").size(), 2u);
}

struct SweepError {
  const char* name;
  const char* sweep;
  std::size_t line;  // line within the whole document
  const char* key;
  const char* message_part;
};

class SweepErrors : public ::testing::TestWithParam<SweepError> {};

// kBase has 9 lines; the sweep text starts at line 10.
TEST_P(SweepErrors, ReportedWithLineAndKey) {
  const auto& c = GetParam();
  const std::string text = std::string(kBase) + c.sweep;
  ValidationReport report;
  auto cases = expand_cases(doc(text), &report);
  EXPECT_TRUE(cases.empty()) << c.name;
  ASSERT_GE(report.size(), 1u) << c.name;
  const auto& i = report.issues().front();
  EXPECT_EQ(i.file, "s.toml");
  EXPECT_EQ(i.line, c.line) << c.name << ": " << i.to_string();
  EXPECT_EQ(i.key, c.key) << c.name << ": " << i.to_string();
  EXPECT_NE(i.message.find(c.message_part), std::string::npos) << c.name << ": " << i.to_string();
  // Without a report the same problems are thrown together.
  EXPECT_THROW(expand_cases(doc(text)), ValidationError);
}

const SweepError kSweepErrors[] = {
    {"bad_mode", "[sweep]\nmode = \"grid\"\n", 11, "sweep.mode", "must be one of"},
    {"unknown_key", "[sweep]\nmdoe = \"cases\"\n[[sweep.parameters]]\npath = \"shells[0].altitude_km\"\nvalues = [1.0]\n",
     11, "sweep.mdoe", "did you mean 'mode'"},
    {"no_parameters", "[sweep]\nmode = \"product\"\n", 10, "sweep.parameters", "missing required array"},
    {"path_missing", "[sweep]\n[[sweep.parameters]]\nvalues = [1]\n", 11, "sweep.parameters[0].path",
     "missing required key"},
    {"values_missing", "[sweep]\n[[sweep.parameters]]\npath = \"shells[0].altitude_km\"\n", 11,
     "sweep.parameters[0].values", "missing required key"},
    {"values_empty", "[sweep]\n[[sweep.parameters]]\npath = \"shells[0].altitude_km\"\nvalues = []\n", 13,
     "sweep.parameters[0].values", "at least one value"},
    {"values_scalar", "[sweep]\n[[sweep.parameters]]\npath = \"shells[0].altitude_km\"\nvalues = 5.0\n", 13,
     "sweep.parameters[0].values", "expected an array"},
    {"path_not_found", "[sweep]\n[[sweep.parameters]]\npath = \"constellations.rassvet.eirp\"\nvalues = [1.0]\n", 12,
     "sweep.parameters[0].path", "no key 'eirp' in 'constellations.rassvet'"},
    {"path_top_missing", "[sweep]\n[[sweep.parameters]]\npath = \"time.steps\"\nvalues = [1]\n", 12,
     "sweep.parameters[0].path", "the study has no key 'time'"},
    {"path_malformed", "[sweep]\n[[sweep.parameters]]\npath = \"constellations..beams\"\nvalues = [1]\n", 12,
     "sweep.parameters[0].path", "malformed"},
    {"index_out_of_range", "[sweep]\n[[sweep.parameters]]\npath = \"shells[5].altitude_km\"\nvalues = [1.0]\n", 12,
     "sweep.parameters[0].path", "index 5 out of range"},
    {"index_on_table", "[sweep]\n[[sweep.parameters]]\npath = \"constellations[0].beams\"\nvalues = [1]\n", 12,
     "sweep.parameters[0].path", "not an array"},
    {"type_mismatch", "[sweep]\n[[sweep.parameters]]\npath = \"constellations.rassvet.beams\"\nvalues = [16,\n\"x\"]\n",
     14, "sweep.parameters[0].values[1]", "is a string but 'constellations.rassvet.beams' is an integer"},
    {"float_for_integer", "[sweep]\n[[sweep.parameters]]\npath = \"constellations.rassvet.beams\"\nvalues = [16.5]\n",
     13, "sweep.parameters[0].values[0]", "is a float"},
    {"duplicate_value", "[sweep]\n[[sweep.parameters]]\npath = \"constellations.rassvet.beams\"\nvalues = [16, 16]\n",
     13, "sweep.parameters[0].values[1]", "duplicate value 16"},
    {"duplicate_path",
     "[sweep]\n[[sweep.parameters]]\npath = \"constellations.rassvet.beams\"\nvalues = [1]\n"
     "[[sweep.parameters]]\npath = \"constellations.rassvet.beams\"\nvalues = [2]\n",
     15, "sweep.parameters[1].path", "swept twice"},
    {"sweep_itself", "[sweep]\n[[sweep.parameters]]\npath = \"sweep.mode\"\nvalues = [\"cases\"]\n", 12,
     "sweep.parameters[0].path", "cannot change the [sweep] section"},
    {"cases_in_product", "[sweep]\n[[sweep.parameters]]\npath = \"shells[0].altitude_km\"\nvalues = [1.0]\n"
                         "[[sweep.cases]]\nname = \"x\"\n",
     14, "sweep.cases", "needs mode = \"cases\""},
    {"case_without_name", "[sweep]\nmode = \"cases\"\n[[sweep.cases]]\nset = { beams = 3 }\n", 12,
     "sweep.cases[0].name", "missing required key"},
    {"case_duplicate_name",
     "[sweep]\nmode = \"cases\"\n[[sweep.cases]]\nname = \"a\"\n[[sweep.cases]]\nname = \"a\"\n", 15,
     "sweep.cases[1].name", "duplicate case name"},
    {"case_named_base", "[sweep]\nmode = \"cases\"\ninclude_base = true\n[[sweep.cases]]\nname = \"base\"\n", 14,
     "sweep.cases[0].name", "\"base\" is the unmodified study"},
    {"case_set_not_table", "[sweep]\nmode = \"cases\"\n[[sweep.cases]]\nname = \"a\"\nset = 5\n", 14,
     "sweep.cases[0].set", "expected a table of overrides"},
    {"case_path_missing",
     "[sweep]\nmode = \"cases\"\n[[sweep.cases]]\nname = \"a\"\nset = { \"constellations.rassvet.eirp\" = 1.0 }\n", 14,
     "sweep.cases[0].set.constellations.rassvet.eirp", "does not exist"},
    {"case_type_mismatch",
     "[sweep]\nmode = \"cases\"\n[[sweep.cases]]\nname = \"a\"\n\n[sweep.cases.set]\n\"constellations.rassvet.mode\" = 3\n",
     16, "sweep.cases[0].set.constellations.rassvet.mode", "is an integer but"},
    {"case_unknown_key", "[sweep]\nmode = \"cases\"\n[[sweep.cases]]\nname = \"a\"\nsett = { beams = 1 }\n", 14,
     "sweep.cases[0].sett", "did you mean 'set'"},
    {"include_base_type", "[sweep]\ninclude_base = \"yes\"\n", 11, "sweep.include_base", "expected true or false"},
    {"sweep_not_table", "[[sweep]]\nmode = \"cases\"\n", 10, "sweep", "expected a table, got array"},
    {"parameters_not_tables", "[sweep]\nparameters = [1, 2]\n", 11, "sweep.parameters[0]", "expected a table"},
};

INSTANTIATE_TEST_SUITE_P(Study, SweepErrors, ::testing::ValuesIn(kSweepErrors),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Sweep, TooManyCasesRefused) {
  const std::string text = std::string(kBase) + R"(
[sweep]
[[sweep.parameters]]
path = "constellations.rassvet.beams"
values = [1, 2, 3, 4]
[[sweep.parameters]]
path = "shells[0].altitude_km"
values = [1.0, 2.0, 3.0]
)";
  SweepOptions o;
  o.max_cases = 10;
  ValidationReport report;
  EXPECT_TRUE(expand_cases(doc(text), &report, o).empty());
  ASSERT_EQ(report.size(), 1u);
  EXPECT_NE(report.issues()[0].message.find("more than 10 cases"), std::string::npos);
  o.max_cases = 12;
  EXPECT_EQ(expand_cases(doc(text), nullptr, o).size(), 12u);
}

TEST(Sweep, DocumentBuiltInCodeIsCopied) {
  toml::table t{{"a", toml::table{{"x", 1}}}, {"sweep", toml::table{{"mode", "cases"}}}};
  t["sweep"].as_table()->insert("cases", toml::array{toml::table{{"name", "two"}, {"set", toml::table{{"a.x", 2}}}}});
  auto d = std::make_shared<const StudyDocument>(std::move(t), "code", std::filesystem::path(), "");
  auto cases = expand_cases(d);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "two");
  EXPECT_EQ(cases[0].document->root()["a"]["x"].value_or(0), 2);
}

}  // namespace
}  // namespace satcap::study
