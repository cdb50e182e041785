// Experiment status names.
#include "store/records.h"

namespace evp::store {

bool is_experiment_status(const std::string& status) {
  return status == "running" || status == "finished" || status == "interrupted" ||
         status == "failed";
}

}  // namespace evp::store
