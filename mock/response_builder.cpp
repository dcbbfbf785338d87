#include "mock/response_builder.hpp"

#include "core/media_type.hpp"
#include "mock/negotiator.hpp"

namespace concord::mock {

using nlohmann::json;

std::string to_content_type(const std::string& media_name) {
  const std::string essence = core::to_media_type_essence(media_name);
  if (essence.empty() || essence.find('*') != std::string::npos) {
    return "application/json";
  }
  return media_name;
}

std::string serialize_body(const std::string& media_name, const json& value) {
  if (!is_json_media_type(media_name) && value.is_string()) {
    return value.get<std::string>();
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

core::Result<void> check_example(const core::MediaType& media, const std::string& name) {
  std::string names;
  for (const auto& example : media.examples) {
    if (example.name == name) {
      return {};
    }
    names += names.empty() ? "" : ", ";
    names += example.name;
  }
  return core::fail(
      core::ErrorCode::mock_no_response,
      "no example named '" + name + "' for " + media.name +
          (names.empty() ? std::string(" (it has no examples)") : " (examples: " + names + ")"),
      media.pointer);
}

ResponseBuilder::ResponseBuilder(std::shared_ptr<const core::Spec> spec, std::uint64_t seed)
    : spec_(std::move(spec)), seed_(seed) {
  for (const auto& operation : spec_->operations) {
    for (const auto& response : operation.responses) {
      for (const auto& media : response.content) {
        prepare(media);
      }
      prepare_headers(response);
    }
  }
}

json ResponseBuilder::generate_unlocked(core::SchemaHandle schema,
                                        const GenerateOptions& options) const {
  if (schema == nullptr || !spec_->schemas) {
    return json::object();
  }
  return core::generate_for_schema(*spec_->schemas, schema, options);
}

json ResponseBuilder::generate(core::SchemaHandle schema, const GenerateOptions& options) const {
  const std::lock_guard<std::mutex> lock(generate_mutex_);
  return generate_unlocked(schema, options);
}

bool ResponseBuilder::is_valid(core::SchemaHandle schema, const json& value) const {
  if (schema == nullptr || !spec_->schemas) {
    return true;
  }
  core::ValidateOptions options;
  options.direction = core::Direction::response;
  options.max_findings = 1;
  return spec_->schemas->is_valid(schema, value, options);
}

void ResponseBuilder::prepare(const core::MediaType& media) {
  if (bodies_.count(&media) != 0) {
    return;
  }
  Prepared prepared;
  prepared.body.content_type = to_content_type(media.name);
  for (const auto& example : media.examples) {
    if (!example.external && is_valid(media.schema, example.value)) {
      prepared.body.bytes = serialize_body(media.name, example.value);
      prepared.source = BodySource::example;
      bodies_.emplace(&media, std::move(prepared));
      return;
    }
  }
  if (media.schema == nullptr) {
    prepared.body.bytes = is_json_media_type(media.name) ? "{}" : "";
    prepared.source = BodySource::generated;
    bodies_.emplace(&media, std::move(prepared));
    return;
  }
  GenerateOptions options;
  options.seed = seed_;
  json value = generate_unlocked(media.schema, options);
  prepared.source = BodySource::generated;
  if (!is_valid(media.schema, value)) {
    // Schema-level examples can be wrong too; then an ambiguous oneOf can pick a branch whose
    // value also fits another one: try other branches (seeded) before giving up.
    options.use_examples = false;
    value = generate_unlocked(media.schema, options);
    prepared.source = BodySource::generated_without_examples;
    for (std::uint64_t attempt = 1; attempt <= 8 && !is_valid(media.schema, value); ++attempt) {
      options.random_branches = true;
      options.seed = seed_ + attempt;
      value = generate_unlocked(media.schema, options);
    }
    if (!is_valid(media.schema, value)) {
      prepared.source = BodySource::unvalidated;
    }
  }
  prepared.body.bytes = serialize_body(media.name, value);
  bodies_.emplace(&media, std::move(prepared));
}

void ResponseBuilder::prepare_headers(const core::ResponseSpec& response) {
  core::Headers headers;
  for (const auto& header : response.headers) {
    if (!header.required || core::iequals(header.name, "Content-Type")) {
      continue;
    }
    json value;
    if (!header.examples.empty()) {
      value = header.examples.front().value;
    } else if (header.schema != nullptr) {
      GenerateOptions options;
      options.seed = seed_;
      value = generate_unlocked(header.schema, options);
    } else {
      value = "string";
    }
    headers.emplace_back(header.name, core::to_parameter_text(value));
  }
  headers_.emplace(&response, std::move(headers));
}

const BuiltBody& ResponseBuilder::default_body(const core::MediaType& media) const {
  static const BuiltBody k_empty{};
  const auto it = bodies_.find(&media);
  return it == bodies_.end() ? k_empty : it->second.body;
}

BodySource ResponseBuilder::default_source(const core::MediaType& media) const {
  const auto it = bodies_.find(&media);
  return it == bodies_.end() ? BodySource::none : it->second.source;
}

const core::Headers& ResponseBuilder::headers(const core::ResponseSpec& response) const {
  static const core::Headers k_none{};
  const auto it = headers_.find(&response);
  return it == headers_.end() ? k_none : it->second;
}

core::Result<BuiltBody> ResponseBuilder::build_body(const core::MediaType& media,
                                                    const BodyChoice& choice) const {
  if (choice.example) {
    for (const auto& example : media.examples) {
      if (example.name == *choice.example) {
        return BuiltBody{to_content_type(media.name), serialize_body(media.name, example.value)};
      }
    }
    if (auto found = check_example(media, *choice.example); !found) {
      return tl::unexpected(found.error());
    }
  }
  if (choice.dynamic) {
    GenerateOptions options;
    options.seed = choice.seed;
    options.use_examples = false;
    json value = generate(media.schema, options);
    return BuiltBody{to_content_type(media.name), serialize_body(media.name, value)};
  }
  return default_body(media);
}

} // namespace concord::mock
