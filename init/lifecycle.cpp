#include "init/lifecycle.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace concord::init {

namespace {

constexpr std::array k_verbs{
    VerbRule{"pause", "running", "paused", "pausing"},
    VerbRule{"resume", "paused", "running", "resuming"},
    VerbRule{"start", "stopped", "running", "starting"},
    VerbRule{"stop", "*", "stopped", "stopping"},
    VerbRule{"restart", "running", "running", "restarting"},
    VerbRule{"reboot", "running", "running", "rebooting"},
    VerbRule{"cancel", "*", "cancelled", "cancelling"},
    VerbRule{"abort", "*", "cancelled", "aborting"},
    VerbRule{"suspend", "running", "suspended", "suspending"},
    VerbRule{"enable", "disabled", "enabled", "enabling"},
    VerbRule{"disable", "enabled", "disabled", "disabling"},
    VerbRule{"activate", "inactive", "active", "activating"},
    VerbRule{"deactivate", "active", "inactive", "deactivating"},
    VerbRule{"archive", "active", "archived", "archiving"},
    VerbRule{"unarchive", "archived", "active", "unarchiving"},
    VerbRule{"lock", "unlocked", "locked", "locking"},
    VerbRule{"unlock", "locked", "unlocked", "unlocking"},
};

struct Synonyms {
  std::string_view state_class;
  std::array<std::string_view, 5> words;
};

constexpr std::array k_synonyms{
    Synonyms{"running", {"running", "active", "started", "ready", "available"}},
    Synonyms{"paused", {"paused", "", "", "", ""}},
    Synonyms{"stopped", {"stopped", "halted", "shutdown", "shut_down", "inactive"}},
    Synonyms{"suspended", {"suspended", "", "", "", ""}},
    Synonyms{"cancelled", {"cancelled", "canceled", "aborted", "", ""}},
    Synonyms{"active", {"active", "running", "enabled", "", ""}},
    Synonyms{"inactive", {"inactive", "disabled", "", "", ""}},
};

// "ResumeBackup" -> "resume"; "pause-all" -> "pause"; "$" -> "".
std::string first_word(std::string_view segment) {
  std::string word;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const auto c = static_cast<unsigned char>(segment[i]);
    if (c == '$' && word.empty()) {
      continue;
    }
    if (!std::isalpha(c) || (std::isupper(c) && !word.empty())) {
      break;
    }
    word.push_back(static_cast<char>(std::tolower(c)));
  }
  return word;
}

} // namespace

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<VerbRule> find_verb(const std::vector<std::string>& tail) {
  if (tail.empty() || tail.size() > 2) {
    return std::nullopt;
  }
  // `start_transaction` or `start-compaction` start something else; `ResumeBackup` resumes.
  if (tail.back().find_first_of("_-.") != std::string::npos) {
    return std::nullopt;
  }
  const auto word = first_word(tail.back());
  for (const auto& rule : k_verbs) {
    if (rule.verb == word) {
      return rule;
    }
  }
  return std::nullopt;
}

std::optional<std::string> find_state_value(const std::vector<std::string>& values,
                                            std::string_view state_class) {
  std::vector<std::string_view> words{state_class};
  for (const auto& entry : k_synonyms) {
    if (entry.state_class == state_class) {
      words.assign(entry.words.begin(), entry.words.end());
    }
  }
  for (const auto word : words) {
    for (const auto& value : values) {
      if (!word.empty() && to_lower(value) == word) {
        return value;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> find_settled_value(const std::vector<std::string>& values,
                                              const std::string& transitional) {
  const auto lower = to_lower(transitional);
  if (lower.size() <= 4 || !lower.ends_with("ing")) {
    return std::nullopt;
  }
  const auto stem = lower.substr(0, lower.size() - 3);
  // stopping -> stopped, pausing -> paused, terminating -> terminated, provisioning -> provisioned
  for (const auto& candidate :
       {stem + "ed", stem + "ped", stem.substr(0, stem.size() - 1) + "ed"}) {
    for (const auto& value : values) {
      if (to_lower(value) == candidate && value != transitional) {
        return value;
      }
    }
  }
  for (const auto& rule : k_verbs) {
    if (rule.transitional == lower) {
      return find_state_value(values, rule.to);
    }
  }
  for (const auto* word : {"provisioning", "creating", "initializing", "deploying", "awaking",
                           "booting", "updating", "resuming", "starting"}) {
    if (lower == word) {
      return find_state_value(values, "running");
    }
  }
  return std::nullopt;
}

bool is_terminal_value(std::string_view value) {
  const auto lower = to_lower(value);
  for (const auto* word : {"failed", "error", "deleted", "terminated", "cancelled", "canceled",
                           "completed", "succeeded", "degraded", "unavailable", "archived"}) {
    if (lower == word) {
      return true;
    }
  }
  return false;
}

} // namespace concord::init
