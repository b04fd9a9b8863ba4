// Typed getters, error locations (file:line:key), collecting mode and unknown-key detection.
#include <satcap/study/document.hpp>

#include <gtest/gtest.h>

#include "study_test_util.hpp"
#include "test_support.hpp"

namespace satcap::study {
namespace {

using testing::read_toy;
using testing::toy_text;
using testing::write;
using testing::write_toy;

std::shared_ptr<const StudyDocument> doc(const std::string& text, const std::filesystem::path& base = {}) {
  return StudyDocument::parse(text, "s.toml", base);
}

// Runs `fn` and returns the InputError it throws (fails the test when nothing is thrown).
template <typename Fn>
InputError catch_input_error(Fn fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError thrown";
  return InputError("", 0, "", "");
}

TEST(StudyDocument, ParsesAndKeepsTextAndBaseDir) {
  auto d = doc("a = 1\n[t]\nb = \"x\"\n", "/tmp/base");
  EXPECT_EQ(d->file(), "s.toml");
  EXPECT_EQ(d->base_dir(), "/tmp/base");
  EXPECT_EQ(d->text(), "a = 1\n[t]\nb = \"x\"\n");
  EXPECT_EQ(d->root()["t"]["b"].value_or(std::string()), "x");
}

TEST(StudyDocument, SyntaxErrorNamesFileAndLine) {
  auto e = catch_input_error([] { doc("a = 1\nb = = 2\n"); });
  EXPECT_EQ(e.file(), "s.toml");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_NE(std::string(e.what()).find("s.toml:2: TOML syntax error"), std::string::npos) << e.what();
}

TEST(StudyDocument, DuplicateKeyIsASyntaxError) {
  auto e = catch_input_error([] { doc("[t]\na = 1\n\na = 2\n"); });
  EXPECT_EQ(e.line(), 4u);
}

TEST(StudyDocument, LoadMissingFileNamesIt) {
  auto e = catch_input_error([] { StudyDocument::load("/nonexistent/dir/study.toml"); });
  EXPECT_EQ(e.file(), "/nonexistent/dir/study.toml");
  EXPECT_NE(e.detail().find("not found"), std::string::npos);
}

TEST(StudyDocument, LoadResolvesRelativeToFileDirectory) {
  auto dir = test::scratch_dir("study_doc_load");
  auto path = write_toy(dir, toy_text());
  auto d = StudyDocument::load(path);
  EXPECT_EQ(d->base_dir(), dir);
  auto s = read_toy(d);
  ASSERT_EQ(s.constellations.size(), 2u);
  EXPECT_EQ(s.constellations[0].name, "alpha");
  EXPECT_EQ(s.constellations[0].dataset, dir / "alpha.csv");
  EXPECT_EQ(s.constellations[0].beams, 16);
  EXPECT_DOUBLE_EQ(s.constellations[1].eirp_dbw_mhz, -38.0);   // integer accepted as number
  EXPECT_DOUBLE_EQ(s.constellations[1].bandwidth_mhz, 250.0);  // default
  EXPECT_EQ(s.regions, (std::vector<std::string>{"europe", "asia"}));
  EXPECT_TRUE(s.feeder_limits);
  EXPECT_EQ(s.mode, "sgp4");
}

TEST(StudyDocument, CanonicalIgnoresLayoutAndComments) {
  auto a = doc("# c\n[t]\nb = 1\na = 2.5\n");
  auto b = doc("t = { a = 2.5, b = 1 }   # other layout\n");
  EXPECT_EQ(a->canonical(), b->canonical());
  EXPECT_NE(a->canonical(), doc("t = { a = 2.5, b = 2 }")->canonical());
}

TEST(Section, TypedGettersReturnValues) {
  auto d = doc(R"(x = 1.5
n = 7
s = "hello"
b = true
arr = [1, 2.5, 3]
ints = [4, 5]
names = ["a", "b"]
kind = "j2"
[sub]
y = -2
[[list]]
v = 1
[[list]]
v = 2
)");
  TomlReader r(d);
  Section root = r.root();
  EXPECT_DOUBLE_EQ(root.number("x"), 1.5);
  EXPECT_DOUBLE_EQ(root.number_in("x", 0, 2, "m"), 1.5);
  EXPECT_DOUBLE_EQ(root.number_in_or("missing", 0, 2, "m", 1.25), 1.25);
  EXPECT_FALSE(root.optional_number_in("missing", 0, 2, "m").has_value());
  EXPECT_DOUBLE_EQ(*root.optional_number_in("x", 0, 2, "m"), 1.5);
  EXPECT_DOUBLE_EQ(root.number_above("x", 0, 2, "m"), 1.5);
  EXPECT_EQ(root.integer_in("n", 0, 10), 7);
  EXPECT_EQ(root.integer_in_or("missing", 0, 10, 3), 3);
  EXPECT_EQ(root.string("s"), "hello");
  EXPECT_EQ(root.string_or("missing", "dflt"), "dflt");
  EXPECT_FALSE(root.optional_string("missing").has_value());
  EXPECT_TRUE(root.boolean("b"));
  EXPECT_FALSE(root.boolean_or("missing", false));
  EXPECT_EQ(root.numbers_in("arr", 0, 10, ""), (std::vector<double>{1, 2.5, 3}));
  EXPECT_EQ(root.integers_in("ints", 0, 10), (std::vector<std::int64_t>{4, 5}));
  EXPECT_EQ(root.strings("names"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(root.strings_or("missing", {"z"}), (std::vector<std::string>{"z"}));
  EXPECT_EQ(root.choice("kind", {"sgp4", "j2"}), "j2");
  EXPECT_EQ(root.choice_or("missing", {"sgp4", "j2"}, "sgp4"), "sgp4");
  Section sub = root.table("sub");
  EXPECT_EQ(sub.path(), "sub");
  EXPECT_EQ(sub.key_path("y"), "sub.y");
  EXPECT_DOUBLE_EQ(sub.number("y"), -2);
  EXPECT_FALSE(root.optional_table("nope").has_value());
  auto list = root.tables("list");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].path(), "list[1]");
  EXPECT_EQ(list[1].integer_in("v", 0, 5), 2);
  EXPECT_THROW(r.check_unknown_keys(), ValidationError);  // list[0].v was never read
  EXPECT_EQ(list[0].integer_in("v", 0, 5), 1);
  EXPECT_NO_THROW(r.check_unknown_keys());
}

struct GetterCase {
  const char* name;
  const char* text;
  std::function<void(Section&)> read;
  std::size_t line;
  const char* key;
  const char* message_part;
};

class GetterErrors : public ::testing::TestWithParam<GetterCase> {};

TEST_P(GetterErrors, NameFileLineKey) {
  const auto& c = GetParam();
  auto d = doc(c.text);
  TomlReader r(d);
  Section root = r.root();
  auto e = catch_input_error([&] { c.read(root); });
  EXPECT_EQ(e.file(), "s.toml") << c.name;
  EXPECT_EQ(e.line(), c.line) << c.name << ": " << e.what();
  EXPECT_EQ(e.field(), c.key) << c.name << ": " << e.what();
  EXPECT_NE(e.detail().find(c.message_part), std::string::npos) << c.name << ": " << e.what();
}

const GetterCase kGetterCases[] = {
    {"out_of_range", "[a]\nx = 5\ny = 120.0\n", [](Section& s) { s.table("a").number_in("y", 0, 90, "deg"); }, 3,
     "a.y", "must be in [0, 90] deg, got 120"},
    {"string_for_number", "[a]\n\ny = \"ten\"\n", [](Section& s) { s.table("a").number_in("y", 0, 90, "deg"); }, 3,
     "a.y", "expected a number ([0, 90] deg), got string \"ten\""},
    {"nan", "[a]\ny = nan\n", [](Section& s) { s.table("a").number("y"); }, 2, "a.y", "finite"},
    {"inf", "[a]\ny = -inf\n", [](Section& s) { s.table("a").number_in_or("y", 0, 1, "", 0.5); }, 2, "a.y", "finite"},
    {"missing_required", "[a]\nx = 1\n", [](Section& s) { s.table("a").number_in("y", 0, 1, "W"); }, 1, "a.y",
     "missing required key"},
    {"missing_table", "x = 1\n", [](Section& s) { s.table("time"); }, 1, "time", "missing required table"},
    {"zero_not_above", "[a]\n\nbw = 0\n", [](Section& s) { s.table("a").number_above("bw", 0, 1e4, "MHz"); }, 3,
     "a.bw", "(0, 10000] MHz"},
    {"float_for_integer", "[a]\nbeams = 16.5\n", [](Section& s) { s.table("a").integer_in("beams", 1, 64); }, 2,
     "a.beams", "expected an integer"},
    {"integer_range", "[a]\nbeams = 0\n", [](Section& s) { s.table("a").integer_in_or("beams", 1, 64, 8); }, 2,
     "a.beams", "must be in [1, 64], got 0"},
    {"number_for_string", "[a]\nname = 5\n", [](Section& s) { s.table("a").string("name"); }, 2, "a.name",
     "expected a string, got integer 5"},
    {"bad_choice", "[a]\nmode = \"sgp5\"\n", [](Section& s) { s.table("a").choice("mode", {"sgp4", "j2"}); }, 2,
     "a.mode", "must be one of \"sgp4\", \"j2\", got \"sgp5\""},
    {"string_for_bool", "[a]\non = \"yes\"\n", [](Section& s) { s.table("a").boolean_or("on", true); }, 2, "a.on",
     "expected true or false"},
    {"array_element", "[a]\nel = [10,\n 95, 20]\n", [](Section& s) { s.table("a").numbers_in("el", 0, 90, "deg"); },
     3, "a.el[1]", "must be in [0, 90] deg, got 95"},
    {"scalar_for_array", "[a]\nel = 10\n", [](Section& s) { s.table("a").numbers_in("el", 0, 90, "deg"); }, 2,
     "a.el", "expected an array of numbers"},
    {"empty_array", "[a]\nel = []\n", [](Section& s) { s.table("a").numbers_in("el", 0, 90, "deg"); }, 2, "a.el",
     "needs at least 1 value"},
    {"string_array_element", "[a]\nr = [\"x\", 3]\n", [](Section& s) { s.table("a").strings("r"); }, 2, "a.r[1]",
     "expected a string"},
    {"integer_array_element", "[a]\nr = [1, 2.5]\n", [](Section& s) { s.table("a").integers_in("r", 0, 9); }, 2,
     "a.r[1]", "expected an integer"},
    {"table_expected", "a = 3\n", [](Section& s) { s.table("a"); }, 1, "a", "expected a table, got integer 3"},
    {"tables_expected", "[a]\ng = 3\n", [](Section& s) { s.table("a").tables("g"); }, 2, "a.g",
     "expected an array of tables"},
    {"child_not_table", "[c]\nalpha = 3\n", [](Section& s) { s.table("c").children(); }, 2, "c.alpha",
     "expected a table"},
    {"missing_file", "[c]\ndataset = \"nope.csv\"\n", [](Section& s) { s.table("c").file("dataset"); }, 2,
     "c.dataset", "file not found"},
    {"missing_directory", "[c]\nmaps = \"nope\"\n", [](Section& s) { s.table("c").directory("maps"); }, 2, "c.maps",
     "directory not found"},
    {"declare_required", "[c]\nx = 1\n", [](Section& s) { s.table("c").declare({"x", "name"}); }, 1, "c.name",
     "missing required key"},
    {"array_of_tables_entry", "[[g]]\nx = 1\n[[g]]\nx = 200\n",
     [](Section& s) {
       for (auto& g : s.tables("g")) g.number_in("x", 0, 90, "deg");
     },
     4, "g[1].x", "got 200"},
    {"inline_table_value", "c = { a = { x = \"q\" } }\n", [](Section& s) { s.table("c").table("a").number("x"); }, 1,
     "c.a.x", "expected a number"},
};

INSTANTIATE_TEST_SUITE_P(Study, GetterErrors, ::testing::ValuesIn(kGetterCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Section, FileRelativeToBaseDirAndAbsoluteKept) {
  auto dir = test::scratch_dir("study_doc_files");
  write(dir / "data" / "x.csv", "a\n");
  auto d = doc("f = \"data/x.csv\"\ng = \"" + (dir / "data" / "x.csv").string() + "\"\nh = \"data\"\n", dir);
  TomlReader r(d);
  EXPECT_EQ(r.root().file("f"), dir / "data" / "x.csv");
  EXPECT_EQ(r.root().file("g"), dir / "data" / "x.csv");
  EXPECT_EQ(r.root().directory("h"), dir / "data");
  auto e = catch_input_error([&] { r.root().file("h"); });
  EXPECT_NE(e.detail().find("is a directory"), std::string::npos);
  e = catch_input_error([&] { r.root().directory("f"); });
  EXPECT_NE(e.detail().find("is not a directory"), std::string::npos);
}

TEST(UnknownKeys, ReportsEveryUnknownKeyWithSuggestion) {
  auto d = doc(R"([a]
eirp_dbw = 3
bandwith_mhz = 250
[a.sub]
z = 1
[b]
ok = 1
[typo_table]
q = 1
)");
  TomlReader r(d);
  Section root = r.root();
  Section a = root.table("a");
  a.number_in_or("eirp_density_dbw_mhz", -80, 0, "dBW/MHz", -40);
  a.number_above_or("bandwidth_mhz", 0, 1e4, "MHz", 250);
  a.accept({"sub"});
  root.table("b").number("ok");
  try {
    r.check_unknown_keys();
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.issues().size(), 3u) << e.what();
    EXPECT_EQ(e.issues()[0].key, "a.eirp_dbw");
    EXPECT_EQ(e.issues()[0].line, 2u);
    EXPECT_EQ(e.issues()[1].key, "a.bandwith_mhz");
    EXPECT_NE(e.issues()[1].message.find("did you mean 'bandwidth_mhz'"), std::string::npos) << e.issues()[1].message;
    EXPECT_EQ(e.issues()[2].key, "typo_table");
    EXPECT_EQ(e.issues()[2].line, 8u);
    EXPECT_NE(std::string(e.what()).find("(and 2 more problems)"), std::string::npos) << e.what();
  }
}

TEST(UnknownKeys, SubtreeAcceptedAndArraysOfTablesChecked) {
  auto d = doc(R"(meta = { anything = 1, nested = { x = 2 } }
[[gw]]
name = "a"
[[gw]]
name = "b"
nmae = "c"
)");
  TomlReader r(d);
  Section root = r.root();
  root.accept_subtree("meta");
  for (auto& g : root.tables("gw")) g.string("name");
  try {
    r.check_unknown_keys();
    FAIL();
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].key, "gw[1].nmae");
    EXPECT_EQ(e.issues()[0].line, 6u);
    EXPECT_NE(e.issues()[0].message.find("did you mean 'name'"), std::string::npos);
  }
}

TEST(CollectingMode, EveryProblemReportedOnce) {
  auto dir = test::scratch_dir("study_doc_collect");
  auto path = write_toy(dir, R"([study]
nmae = "toy"

[time]
steps = 0
step_s = -60.0
mode = "rk4"

[constellations.alpha]
dataset = "missing.csv"
beams = 16.0
eirp_density_dbw_mhz = 12.0
min_elevation_deg = [25.0, 95.0]

[ground]
regions = "europe"
availability_pct = 120
feeder_limits = 1
extra = true
)");
  ValidationReport report;
  auto s = read_toy(StudyDocument::load(path), &report);
  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {1, "study.name"},
      {5, "time.steps"},
      {6, "time.step_s"},
      {7, "time.mode"},
      {10, "constellations.alpha.dataset"},
      {11, "constellations.alpha.beams"},
      {12, "constellations.alpha.eirp_density_dbw_mhz"},
      {13, "constellations.alpha.min_elevation_deg[1]"},
      {16, "ground.regions"},
      {17, "ground.availability_pct"},
      {18, "ground.feeder_limits"},
      {2, "study.nmae"},
      {19, "ground.extra"},
  };
  ASSERT_EQ(report.size(), expected.size()) << report.to_string();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(report.issues()[i].line, expected[i].first) << report.issues()[i].to_string();
    EXPECT_EQ(report.issues()[i].key, expected[i].second) << report.issues()[i].to_string();
    EXPECT_EQ(report.issues()[i].file, path.string());
  }
  // One line per issue, each "FILE:LINE: KEY: MESSAGE".
  const std::string text = report.to_string();
  EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')), expected.size());
  EXPECT_NE(text.find(path.string() + ":17: ground.availability_pct: must be in [50, 99.999] %, got 120\n"),
            std::string::npos)
      << text;
  // Placeholders stay inside the allowed ranges so later construction cannot throw a RangeError.
  EXPECT_GE(s.steps, 1);
  EXPECT_GT(s.step_s, 0.0);
  EXPECT_LE(s.constellations[0].eirp_dbw_mhz, 0.0);
  try {
    report.throw_if_errors();
    FAIL();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.issues().size(), expected.size());
    EXPECT_EQ(e.line(), 1u);
    EXPECT_NE(std::string(e.what()).find("(and 12 more problems)"), std::string::npos);
  }
}

TEST(CollectingMode, MissingTableDoesNotCascade) {
  auto d = doc("[study]\nname = \"x\"\n");
  ValidationReport report;
  TomlReader r(d, &report);
  Section time = r.root().table("time");
  time.integer_in("steps", 1, 10);
  time.number_in("step_s", 1, 10, "s");
  r.root().table("study").string("name");
  r.check_unknown_keys();
  ASSERT_EQ(report.size(), 1u) << report.to_string();
  EXPECT_EQ(report.issues()[0].key, "time");
}

TEST(Helpers, TypeNamesAndValueText) {
  auto d = doc("i = 3\nf = 0.1\ns = \"x\"\nb = false\na = [1, \"y\"]\nt = {}\nd = 2026-01-01\n");
  const auto& r = d->root();
  EXPECT_EQ(type_name(*r.get("i")), "integer");
  EXPECT_EQ(type_name(*r.get("f")), "float");
  EXPECT_EQ(type_name(*r.get("d")), "date");
  EXPECT_EQ(value_text(*r.get("f")), "0.1");
  EXPECT_EQ(value_text(*r.get("s")), "\"x\"");
  EXPECT_EQ(value_text(*r.get("s"), false), "x");
  EXPECT_EQ(value_text(*r.get("a")), "[1, \"y\"]");
  EXPECT_EQ(value_text(*r.get("d")), "2026-01-01");
  EXPECT_EQ(line_of(*r.get("b")), 4u);
  // Messages stay on one line and bounded.
  auto m = doc("s = \"a\\nb\"\nlong = \"" + std::string(500, 'x') + "\"\n");
  EXPECT_EQ(value_text(*m->root().get("s")), "\"a\\nb\"");
  EXPECT_LT(value_text(*m->root().get("long")).size(), 80u);
}

}  // namespace
}  // namespace satcap::study
