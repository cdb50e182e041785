// write_ep_jsonl: streams rows from the store.
#include "export/ep_jsonl.h"

namespace evp::exporter {

long long write_ep_jsonl(store::Store& store, const std::string& experiment_id, std::ostream& out) {
  long long n = 0;
  store.for_each_rollout(experiment_id, [&](const store::RolloutRecord& rec) {
    out << rec.row_json << '\n';
    ++n;
  });
  return n;
}

}  // namespace evp::exporter
