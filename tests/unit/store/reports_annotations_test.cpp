// Stored reports (replaced by the latest save, read back exactly) and annotations (kept per
// rollout in order, needing a label or a note) of schema 7.
#include <gtest/gtest.h>

#include <stdexcept>

#include "store/store.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

TEST(StoredReports, TheLatestSaveReplacesTheEarlierOne) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  EXPECT_FALSE(store->stored_report("exp-1"));
  store->save_report("exp-1", 10, "running", Json{{"models", Json::array()}});
  store->save_report("exp-1", 20, "finished", Json{{"models", {{{"model", "a"}}}}});
  store->save_report("exp-2", 5, "finished", Json{{"x", 1}});
  const auto r = store->stored_report("exp-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->done, 20);
  EXPECT_EQ(r->status, "finished");
  EXPECT_EQ(r->report, (Json{{"models", {{{"model", "a"}}}}}));
  EXPECT_FALSE(r->created_at.empty());
  EXPECT_EQ(store->stored_report("exp-2")->report, (Json{{"x", 1}}));
}

TEST(Annotations, AreKeptPerRolloutInOrderAndNeedALabelOrANote) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  AnnotationRecord a;
  a.experiment_id = "exp-1";
  a.model = "m";
  a.row_index = 3;
  a.run = 1;
  a.author = "voter-1";
  EXPECT_THROW(store->add_annotation(a), std::invalid_argument);
  a.label = "wrong unit";
  const AnnotationRecord first = store->add_annotation(a);
  a.label.reset();
  a.note = "answers in miles";
  const AnnotationRecord second = store->add_annotation(a);
  a.run = 0;  // another rollout of the same row
  store->add_annotation(a);
  EXPECT_LT(first.id, second.id);

  const auto got = store->annotations("exp-1", "m", 3, 1);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, first.id);
  EXPECT_EQ(got[0].label, std::optional<std::string>("wrong unit"));
  EXPECT_EQ(got[0].note, std::nullopt);
  EXPECT_EQ(got[1].note, std::optional<std::string>("answers in miles"));
  EXPECT_EQ(got[1].author, "voter-1");
  EXPECT_EQ(got[1].created_at, second.created_at);
  EXPECT_TRUE(store->annotations("exp-1", "other", 3, 1).empty());
}

}  // namespace
}  // namespace evp::store
