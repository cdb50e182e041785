// Experiment ids: short, readable, sortable by time and unique in practice, e.g.
// "exp-20261128-175109-3fa9" (UTC creation time and 16 random bits as 4 hex digits).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace evp::store {

std::string format_experiment_id(std::chrono::system_clock::time_point time, uint16_t random);

// The id for an experiment created now, with random bits from std::random_device.
std::string new_experiment_id();

}  // namespace evp::store
