#pragma once

#include "core/http_types.hpp"
#include "core/model.hpp"
#include "mock/mock_config.hpp"
#include "mock/problem.hpp"
#include "mock/request_validator.hpp"
#include "mock/response_builder.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace concord::mock {

// Where the body of an answer comes from.
enum class DecisionSource {
  none,      // no body (204, a preflight, a behaviour's status-only answer)
  example,   // a documented example (named by Prefer or by the behaviour, or the default)
  generated, // data generated from the schema (the default without a valid example, dynamic)
  behaviour, // a body the behaviour made (a resource, a list)
  problem,   // application/problem+json the mock made itself
};

// A documented body: the media type chosen by Accept and which of its bodies to send.
struct DocumentedBody {
  const ResponseBuilder* builder = nullptr;
  const core::MediaType* media = nullptr;
  BodyChoice choice;
  // A documented error response: its message-like fields are set to this text when the
  // result still fits the schema.
  std::optional<std::string> fill_detail;
};

// What the mock answers to one request, decided without sockets and without bytes:
// MockEngine::decide() makes it, render() turns it into a response, the transport applies
// the delay and the fault.
struct Decision {
  int status = 200;
  DecisionSource source = DecisionSource::none;
  core::Headers headers; // all but Content-Type (documented, Allow, WWW-Authenticate, CORS, ...)
  int delay_ms = 0;
  FaultKind fault = FaultKind::none;

  DocumentedBody documented;      // source example or generated
  std::optional<Problem> problem; // source problem
  std::string behaviour_media;    // source behaviour: the documented media type
  nlohmann::json behaviour_body;  // source behaviour: the value, unless behaviour_text is set
  std::shared_ptr<const std::string> behaviour_text; // source behaviour: already serialised

  // For the journal.
  const core::Operation* operation = nullptr;
  std::vector<RequestFinding> findings;
};

// A decision to answer with `problem`.
[[nodiscard]] Decision decide_problem(Problem problem);

// The response a decision describes: status, headers, Content-Type and body bytes.
[[nodiscard]] core::Response render(Decision&& decision);

} // namespace concord::mock
