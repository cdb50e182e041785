// Bradley-Terry identification (stats/bradley_terry_identification.h): strongly connected
// components of the "beat or tied" graph (Kosaraju's algorithm, iterative), and the notes
// explaining degenerate data.
#include "stats/bradley_terry_identification.h"
#include "base/join.h"

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace evp::stats::bradley_terry_detail {
namespace {

// A directed graph in compressed rows: node n's targets are targets[offsets[n], offsets[n+1]).
struct Graph {
  std::vector<int> offsets;
  std::vector<int> targets;
};

// winner -> loser edges (or loser -> winner when reversed), ties both ways.
Graph edges_of(int models, const std::vector<Row>& rows, bool reverse) {
  Graph graph;
  graph.offsets.assign(static_cast<size_t>(models) + 1, 0);
  const auto for_each_edge = [&](auto&& visit) {
    const auto edge = [&](int winner, int loser) {
      if (reverse) std::swap(winner, loser);
      visit(winner, loser);
    };
    for (const Row& row : rows) {
      if (row.first_wins > 0.0) edge(row.first, row.second);
      if (row.second_wins > 0.0) edge(row.second, row.first);
    }
  };
  for_each_edge([&](int from, int) { ++graph.offsets[from + 1]; });
  for (int n = 0; n < models; ++n) graph.offsets[n + 1] += graph.offsets[n];
  graph.targets.resize(static_cast<size_t>(graph.offsets[models]));
  std::vector<int> fill(graph.offsets.begin(), graph.offsets.end() - 1);
  for_each_edge([&](int from, int to) { graph.targets[fill[from]++] = to; });
  return graph;
}

// Component id per model (Kosaraju's algorithm, iterative), counted from 0.
std::vector<int> strong_components(int models, const std::vector<Row>& rows) {
  const Graph forward = edges_of(models, rows, false);
  const Graph backward = edges_of(models, rows, true);
  std::vector<int> order;
  std::vector<char> seen(static_cast<size_t>(models), 0);
  std::vector<std::pair<int, int>> stack;  // node, next edge
  for (int start = 0; start < models; ++start) {
    if (seen[start]) continue;
    seen[start] = 1;
    stack.emplace_back(start, forward.offsets[start]);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < forward.offsets[node + 1]) {
        const int to = forward.targets[next++];
        if (!seen[to]) {
          seen[to] = 1;
          stack.emplace_back(to, forward.offsets[to]);
        }
      } else {
        order.push_back(node);
        stack.pop_back();
      }
    }
  }
  std::vector<int> component(static_cast<size_t>(models), -1);
  int count = 0;
  std::vector<int> pending;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (component[*it] >= 0) continue;
    component[*it] = count;
    pending.push_back(*it);
    while (!pending.empty()) {
      const int node = pending.back();
      pending.pop_back();
      for (int e = backward.offsets[node]; e < backward.offsets[node + 1]; ++e) {
        const int from = backward.targets[e];
        if (component[from] < 0) {
          component[from] = count;
          pending.push_back(from);
        }
      }
    }
    ++count;
  }
  return component;
}

std::string join_names(const std::vector<std::string>& names) {
  return join(names);
}

}  // namespace

bool same_edges(const std::vector<Row>& rows, const std::vector<Row>& other) {
  for (size_t r = 0; r < rows.size(); ++r) {
    if ((rows[r].first_wins > 0.0) != (other[r].first_wins > 0.0) ||
        (rows[r].second_wins > 0.0) != (other[r].second_wins > 0.0)) {
      return false;
    }
  }
  return true;
}

bool all_connected(int models, const std::vector<Row>& rows) {
  const auto component = strong_components(models, rows);
  return std::all_of(component.begin(), component.end(), [](int c) { return c == 0; });
}

void explain_degenerate(const BattleTable& table, const std::vector<Row>& rows, int anchor,
                        BradleyTerryFit& fit) {
  const int models = static_cast<int>(table.models().size());
  const auto component = strong_components(models, rows);
  const int groups = *std::max_element(component.begin(), component.end()) + 1;
  std::vector<std::vector<std::string>> members(static_cast<size_t>(groups));
  for (int m = 0; m < models; ++m) members[component[m]].push_back(table.models()[m]);
  int reference = anchor >= 0 ? component[anchor] : 0;
  if (anchor < 0) {
    for (int c = 1; c < groups; ++c) {
      if (members[c].size() > members[reference].size()) reference = c;
    }
  }
  for (int m = 0; m < models; ++m) fit.identified[m] = component[m] == reference;
  const auto tally = table.tally();
  for (int m = 0; m < models; ++m) {
    const BattleTally& t = tally[m];
    const std::string& name = table.models()[m];
    if (t.battles <= 0.0) {
      fit.notes.push_back(name + " has no battles");
    } else if (t.wins == t.battles) {
      fit.notes.push_back(name + " won all its battles");
    } else if (t.losses == t.battles) {
      fit.notes.push_back(name + " lost all its battles");
    }
  }
  std::string listing;
  for (const auto& names : members) {
    listing += (listing.empty() ? "{" : ", {") + join_names(names) + "}";
  }
  fit.notes.push_back(fmt::format(
      "the maximum likelihood does not exist: the battles split the models into {} groups that "
      "cannot be ranked against each other ({}); ratings come from the fit with a ridge penalty "
      "{:g} * sum theta^2 (natural units), and gaps between groups only reflect that penalty",
      groups, listing, kBradleyTerryRidge));
}

}  // namespace evp::stats::bradley_terry_detail
