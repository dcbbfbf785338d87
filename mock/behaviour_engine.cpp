#include "mock/behaviour_engine.hpp"

#include "mock/behaviour_config.hpp"
#include "mock/behaviour_template.hpp"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

namespace concord::mock {
namespace {

using detail::Case;
using detail::Condition;
using detail::Config;
using detail::ItemSpec;
using detail::OperationBehaviour;
using detail::Reply;
using detail::Resource;
using detail::Role;
using detail::TemplateScope;
using nlohmann::json;

constexpr int k_max_chained_transitions = 32;

using Key = std::vector<std::string>;

struct Record {
  std::map<std::string, std::string> key;
  json fields = json::object();
  Clock::Millis since = 0; // when the item entered its current state
  std::int64_t reads = 0;  // reads since then
  std::uint64_t order = 0; // creation order, for lists
  // fields.dump(), made on demand; reset by every change of `fields` (see touch()).
  mutable std::shared_ptr<const std::string> text;
};

// Every change of a record's fields must call this (drops the cached serialisation).
void touch(Record& record) {
  record.text.reset();
}

const std::shared_ptr<const std::string>& text_of_record(const Record& record) {
  if (!record.text) {
    record.text = std::make_shared<const std::string>(
        record.fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return record.text;
}

// The template is exactly "${item}": the reply body is the whole item.
bool is_whole_item(const std::optional<json>& body) {
  return body && body->is_string() && body->get_ref<const std::string&>() == "${item}";
}

struct Table {
  std::map<Key, Record> items;
  std::uint64_t next_sequence = 1;
};

std::string text_of(const json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool loosely_equal(const json& a, const json& b) {
  if (a == b) {
    return true;
  }
  if (a.is_structured() || b.is_structured()) {
    return false;
  }
  return (a.is_string() || b.is_string()) && text_of(a) == text_of(b);
}

std::optional<int> compare_values(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    const auto x = a.get<double>();
    const auto y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    const auto result = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return result < 0 ? -1 : (result > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool holds(const Condition& condition, TemplateScope& scope) {
  using detail::Compare;
  const auto value = detail::evaluate_expression(condition.expression, scope);
  if (condition.compare == Compare::exists) {
    const bool wanted = !condition.operand.is_boolean() || condition.operand.get<bool>();
    return value.has_value() && !value->is_null() ? wanted : !wanted;
  }
  const auto operand = detail::render_template(condition.operand, scope);
  if (!value || !operand) {
    return condition.compare == Compare::not_equals && (value.has_value() != operand.has_value());
  }
  switch (condition.compare) {
  case Compare::equals:
    return loosely_equal(*value, *operand);
  case Compare::not_equals:
    return !loosely_equal(*value, *operand);
  case Compare::one_of:
    return operand->is_array() &&
           std::any_of(operand->begin(), operand->end(),
                       [&](const json& option) { return loosely_equal(*value, option); });
  default:
    break;
  }
  const auto order = compare_values(*value, *operand);
  if (!order) {
    return false;
  }
  switch (condition.compare) {
  case Compare::less:
    return *order < 0;
  case Compare::less_equal:
    return *order <= 0;
  case Compare::greater:
    return *order > 0;
  default:
    return *order >= 0;
  }
}

bool all_hold(const std::vector<Condition>& conditions, TemplateScope& scope) {
  return std::all_of(conditions.begin(), conditions.end(),
                     [&](const Condition& condition) { return holds(condition, scope); });
}

class Engine final : public Behaviour {
public:
  Engine(Config config, std::shared_ptr<const core::Spec> spec, Clock& clock)
      : config_(std::move(config)), spec_(std::move(spec)), clock_(clock),
        generator_(config_.seed) {
    for (auto& resource : config_.resources) {
      if (resource.has_state && !resource.state_field.empty() &&
          resource.state_field.parent_pointer().empty()) {
        resource.state_key = resource.state_field.back();
      }
    }
    restore_initial(clock_.now());
  }

  std::optional<BehaviourOutcome> handle(const BehaviourRequest& request) override {
    if (request.operation == nullptr) {
      return std::nullopt;
    }
    const auto found = config_.operations.find(request.operation->operation_id);
    if (found == config_.operations.end()) {
      return std::nullopt;
    }
    const auto& behaviour = found->second;
    if (!has_key_params(behaviour, request)) {
      return std::nullopt;
    }
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    try {
      switch (behaviour.role) {
      case Role::list:
        return handle_list(behaviour, request, now);
      case Role::create:
        return handle_create(behaviour, request, now);
      default:
        return handle_item(behaviour, request, now);
      }
    } catch (const nlohmann::json::exception&) {
      // A put_state item whose fields do not fit the behaviour (e.g. the state field's
      // parent is not an object). Answer from the examples rather than fail the request.
      return std::nullopt;
    }
  }

  // The parameters that find the item (or, for list and create, its collection).
  bool has_key_params(const OperationBehaviour& behaviour, const BehaviourRequest& request) const {
    const auto& resource = config_.resources[behaviour.resource];
    const bool on_collection = behaviour.role == Role::list || behaviour.role == Role::create;
    return std::all_of(resource.key.begin(), resource.key.end(), [&](const detail::KeyPart& part) {
      return (on_collection && part.param == resource.id_param) ||
             request.path_params.count(part.param) != 0;
    });
  }

  void reset() override {
    const std::lock_guard lock(mutex_);
    restore_initial(clock_.now());
  }

  json state() const override {
    const std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    auto out = json::object();
    for (std::size_t index = 0; index < config_.resources.size(); ++index) {
      const auto& resource = config_.resources[index];
      auto list = json::array();
      for (auto* record : ordered(index, nullptr)) {
        settle(*record, resource, now);
        list.push_back(describe(*record, resource));
      }
      out[resource.name] = std::move(list);
    }
    return out;
  }

  core::Result<void> put_state(const json& item) override {
    auto parsed = parse_item(item);
    if (!parsed) {
      return tl::unexpected(parsed.error());
    }
    const std::lock_guard lock(mutex_);
    try {
      upsert(parsed->first, parsed->second, clock_.now());
    } catch (const nlohmann::json::exception& error) {
      return core::fail(core::ErrorCode::config_invalid,
                        std::string("the item does not fit the resource: ") + error.what());
    }
    return {};
  }

  core::Result<void> provider_state(const json& body) override;

  // Each seed item, as its resource's `get` operation answers it, must fit that answer's
  // documented schema.
  core::Result<void> check_seed_items() {
    if (spec_->schemas == nullptr) {
      return {};
    }
    for (const auto& [id, behaviour] : config_.operations) {
      if (behaviour.role != Role::get || !behaviour.cases.back().respond) {
        continue;
      }
      const auto& reply = *behaviour.cases.back().respond;
      const auto* schema = documented_schema(behaviour, reply.status);
      if (!reply.body || schema == nullptr) {
        continue;
      }
      if (auto ok = check_seed_items(behaviour, reply, schema); !ok) {
        return ok;
      }
    }
    return {};
  }

private:
  using Parsed = std::pair<std::size_t, ItemSpec>;

  // ---- items -----------------------------------------------------------------------------

  void restore_initial(Clock::Millis now) {
    generator_ = detail::Generator(config_.seed);
    tables_.assign(config_.resources.size(), Table{});
    for (std::size_t index = 0; index < config_.resources.size(); ++index) {
      for (const auto& item : config_.resources[index].seed) {
        upsert(index, item, now);
      }
    }
  }

  static Key key_of(const Resource& resource, const std::map<std::string, std::string>& values) {
    Key key;
    for (const auto& part : resource.key) {
      const auto it = values.find(part.param);
      key.push_back(it == values.end() ? std::string() : it->second);
    }
    return key;
  }

  // The state field's value, or nullptr.
  static const json* state_value(const Record& record, const Resource& resource) {
    if (resource.state_key && record.fields.is_object()) {
      const auto it = record.fields.find(*resource.state_key);
      return it == record.fields.end() ? nullptr : &*it;
    }
    return record.fields.contains(resource.state_field) ? &record.fields.at(resource.state_field)
                                                        : nullptr;
  }

  static std::string state_of(const Record& record, const Resource& resource) {
    if (!resource.has_state) {
      return {};
    }
    const auto* value = state_value(record, resource);
    return value == nullptr ? std::string() : text_of(*value);
  }

  static void set_state(Record& record, const Resource& resource, const std::string& state,
                        Clock::Millis now) {
    touch(record);
    record.fields[resource.state_field] = state;
    record.since = now;
    record.reads = 0;
  }

  // True when it changed the fields.
  static bool write_key_fields(Record& record, const Resource& resource) {
    bool changed = false;
    for (const auto& part : resource.key) {
      if (part.field.empty()) {
        continue;
      }
      const auto& value = record.key.at(part.param);
      auto& field = record.fields[part.field];
      if (field.is_string() && field.get_ref<const std::string&>() == value) {
        continue; // already so
      }
      if (field.is_null() || field.is_string() || text_of(field) != value) {
        field = value;
        changed = true;
      }
    }
    if (changed) {
      touch(record);
    }
    return changed;
  }

  TemplateScope scope_for(const Record* record, const Resource& resource,
                          const BehaviourRequest* request, Clock::Millis now) {
    TemplateScope scope;
    scope.item = record == nullptr ? nullptr : &record->fields;
    scope.request = request;
    scope.generator = &generator_;
    scope.now = now;
    if (record != nullptr) {
      scope.state = state_of(*record, resource);
    }
    return scope;
  }

  // A new item with the resource's defaults, keyed by `key`, in the initial state.
  // `request` (a create) lets defaults use the body; else ${params.X} are the key's values.
  Record make_record(std::size_t index, const std::map<std::string, std::string>& key,
                     const std::string& id, Clock::Millis now,
                     const BehaviourRequest* request = nullptr) {
    const auto& resource = config_.resources[index];
    Record record;
    record.key = key;
    BehaviourRequest as_request;
    as_request.path_params = key;
    auto scope = scope_for(nullptr, resource, request != nullptr ? request : &as_request, now);
    scope.id = id;
    if (auto defaults = detail::render_template(resource.defaults, scope)) {
      record.fields = std::move(*defaults);
    }
    if (resource.has_state) {
      set_state(record, resource, resource.initial_state, now);
    }
    record.since = now;
    record.order = next_order_++;
    write_key_fields(record, resource);
    return record;
  }

  void upsert(std::size_t index, const ItemSpec& item, Clock::Millis now) {
    const auto& resource = config_.resources[index];
    auto& items = tables_[index].items;
    const auto key = key_of(resource, item.key);
    auto it = items.find(key);
    if (it == items.end()) {
      it = items.emplace(key, make_record(index, item.key, {}, now)).first;
    }
    auto& record = it->second;
    touch(record);
    record.fields.merge_patch(item.fields);
    if (item.state) {
      set_state(record, resource, *item.state, now);
    }
    write_key_fields(record, resource);
  }

  std::vector<Record*> ordered(std::size_t index, const BehaviourRequest* request) const {
    const auto& resource = config_.resources[index];
    std::vector<Record*> out;
    for (auto& [key, record] : tables_[index].items) {
      const bool in_scope =
          request == nullptr ||
          std::all_of(resource.collection_params.begin(), resource.collection_params.end(),
                      [&, &rec = record](const std::string& param) {
                        const auto it = request->path_params.find(param);
                        return it != request->path_params.end() && rec.key.at(param) == it->second;
                      });
      if (in_scope) {
        out.push_back(&record);
      }
    }
    std::sort(out.begin(), out.end(),
              [](const Record* a, const Record* b) { return a->order < b->order; });
    return out;
  }

  static json describe(const Record& record, const Resource& resource) {
    auto out = json::object();
    out["key"] = record.key;
    if (resource.has_state) {
      out["state"] = state_of(record, resource);
    }
    out["fields"] = record.fields;
    return out;
  }

  // Applies every transition that is due, lazily, when the item is touched.
  void settle(Record& record, const Resource& resource, Clock::Millis now) const {
    if (!resource.has_state) {
      return;
    }
    for (int step = 0; step < k_max_chained_transitions; ++step) {
      const auto state = state_of(record, resource);
      TemplateScope scope;
      scope.item = &record.fields;
      scope.state = state;
      scope.now = now;
      const detail::Transition* due = nullptr;
      bool by_time = false;
      for (const auto& transition : resource.transitions) {
        if (transition.from != state || !all_hold(transition.when, scope)) {
          continue;
        }
        by_time = transition.after_ms >= 0 && now - record.since >= transition.after_ms;
        if (by_time || (transition.after_reads >= 0 && record.reads >= transition.after_reads)) {
          due = &transition;
          break;
        }
      }
      if (due == nullptr) {
        return;
      }
      const auto entered = by_time ? record.since + due->after_ms : now;
      scope.now = entered;
      if (auto merge = detail::render_template(due->merge, scope); merge && merge->is_object()) {
        touch(record);
        record.fields.merge_patch(*merge);
      }
      set_state(record, resource, due->to, entered);
    }
  }

  // ---- requests --------------------------------------------------------------------------

  // `record`: the item scope.item points at, when the caller may take its cached text.
  BehaviourOutcome render_reply(const Reply& reply, TemplateScope& scope,
                                const Record* record = nullptr) {
    BehaviourOutcome out;
    out.status = reply.status;
    if (!reply.has_content || reply.empty) {
      out.empty_body = true;
    } else if (record != nullptr && scope.request != nullptr && scope.request->text_body_ok &&
               scope.item == &record->fields && !record->fields.is_string() &&
               is_whole_item(reply.body)) {
      out.body_text = text_of_record(*record);
    } else if (reply.body) {
      auto body = detail::render_template(*reply.body, scope);
      out.body = body ? std::move(*body) : json(nullptr);
    } else {
      out.example = reply.example;
    }
    for (const auto& [name, value] : reply.headers) {
      if (auto rendered = detail::render_template(value, scope)) {
        out.headers.emplace_back(name, text_of(*rendered));
      }
    }
    return out;
  }

  static const Case* choose_case(const OperationBehaviour& behaviour, TemplateScope& scope) {
    for (const auto& branch : behaviour.cases) {
      if (all_hold(branch.when, scope)) {
        return &branch;
      }
    }
    return nullptr;
  }

  std::optional<BehaviourOutcome> handle_list(const OperationBehaviour& behaviour,
                                              const BehaviourRequest& request, Clock::Millis now) {
    const auto& resource = config_.resources[behaviour.resource];
    auto items = json::array();
    const auto records = ordered(behaviour.resource, &request);
    for (auto* record : records) {
      settle(*record, resource, now);
      items.push_back(record->fields);
    }
    auto scope = scope_for(nullptr, resource, &request, now);
    scope.items = &items;
    const auto* branch = choose_case(behaviour, scope);
    if (branch == nullptr || !branch->respond) {
      return std::nullopt;
    }
    auto outcome = render_reply(*branch->respond, scope);
    for (auto* record : records) {
      ++record->reads;
    }
    return outcome;
  }

  std::string make_id(std::size_t index, const BehaviourRequest& request) {
    const auto& resource = config_.resources[index];
    auto& table = tables_[index];
    if (resource.id.source == detail::IdSource::body) {
      TemplateScope scope;
      scope.request = &request;
      if (auto value = detail::evaluate_expression("request.body." + resource.id.body_path, scope);
          value && !value->is_structured() && !value->is_null()) {
        return text_of(*value);
      }
    }
    if (resource.id.source == detail::IdSource::sequence) {
      auto key = request.path_params;
      for (;;) {
        key[resource.id_param] = resource.id.prefix + std::to_string(table.next_sequence++);
        if (table.items.count(key_of(resource, key)) == 0) {
          return key[resource.id_param];
        }
      }
    }
    return generator_.make_uuid();
  }

  std::optional<BehaviourOutcome> handle_create(const OperationBehaviour& behaviour,
                                                const BehaviourRequest& request,
                                                Clock::Millis now) {
    const auto index = behaviour.resource;
    const auto& resource = config_.resources[index];
    auto key = request.path_params;
    const auto id = resource.id_param.empty() ? std::string() : make_id(index, request);
    if (!resource.id_param.empty()) {
      key[resource.id_param] = id;
    }
    auto& items = tables_[index].items;
    const auto item_key = key_of(resource, key);
    if (const auto it = items.find(item_key); it != items.end()) {
      auto scope = scope_for(&it->second, resource, &request, now);
      if (behaviour.conflict) {
        return render_reply(*behaviour.conflict, scope);
      }
      if (find_documented(behaviour, 409)) {
        Reply reply;
        reply.status = 409;
        return render_reply(reply, scope);
      }
    }
    std::map<std::string, std::string> record_key;
    for (const auto& part : resource.key) {
      record_key[part.param] = key[part.param];
    }
    Record record = make_record(index, record_key, id, now, &request);
    auto scope = scope_for(&record, resource, &request, now);
    scope.id = id;
    const auto* branch = choose_case(behaviour, scope);
    if (branch == nullptr) {
      return std::nullopt;
    }
    apply_case(*branch, record, resource, scope, now);
    auto outcome = render_reply(*branch->respond, scope);
    if (!branch->remove) {
      items.insert_or_assign(item_key, std::move(record));
    }
    return outcome;
  }

  static bool find_documented(const OperationBehaviour& behaviour, int status) {
    const auto code = std::to_string(status);
    return std::any_of(behaviour.operation->responses.begin(), behaviour.operation->responses.end(),
                       [&](const core::ResponseSpec& response) { return response.status == code; });
  }

  // Changes the item as the case says. The scope keeps pointing at record.fields.
  void apply_case(const Case& branch, Record& record, const Resource& resource,
                  TemplateScope& scope, Clock::Millis now) {
    const bool merges_body =
        branch.merge_body && scope.request != nullptr && scope.request->body.is_object();
    bool changed = false;
    if (merges_body || !branch.merge.is_null()) {
      const auto before = record.fields;
      touch(record);
      if (merges_body) {
        record.fields.merge_patch(scope.request->body);
      }
      if (auto merge = detail::render_template(branch.merge, scope); merge && merge->is_object()) {
        record.fields.merge_patch(*merge);
      }
      write_key_fields(record, resource);
      changed = record.fields != before;
    } else {
      // Nothing merged (a null template renders to null): only the key fields can change.
      changed = write_key_fields(record, resource);
    }
    if (changed) {
      // Timers and read counts of transitions start again from the item's last change.
      record.since = now;
      record.reads = 0;
    }
    if (branch.to_state) {
      set_state(record, resource, *branch.to_state, now);
    } else if (resource.has_state && state_value(record, resource) == nullptr) {
      set_state(record, resource, resource.initial_state, now);
    }
    scope.state = state_of(record, resource);
  }

  std::optional<BehaviourOutcome> handle_item(const OperationBehaviour& behaviour,
                                              const BehaviourRequest& request, Clock::Millis now) {
    const auto index = behaviour.resource;
    const auto& resource = config_.resources[index];
    auto& items = tables_[index].items;
    const auto item_key = key_of(resource, request.path_params);
    auto it = items.find(item_key);
    if (it == items.end()) {
      if (resource.create_on_missing || behaviour.role == Role::replace) {
        std::map<std::string, std::string> record_key;
        for (const auto& part : resource.key) {
          record_key[part.param] = request.path_params.at(part.param);
        }
        it = items.emplace(item_key, make_record(index, record_key, {}, now)).first;
      } else if (behaviour.missing) {
        auto scope = scope_for(nullptr, resource, &request, now);
        return render_reply(*behaviour.missing, scope);
      } else {
        return std::nullopt;
      }
    }
    auto& record = it->second;
    settle(record, resource, now);
    auto scope = scope_for(&record, resource, &request, now);
    const auto* branch = choose_case(behaviour, scope);
    if (branch == nullptr) {
      return std::nullopt;
    }
    if (branch->requires_states &&
        std::find(branch->requires_states->begin(), branch->requires_states->end(), scope.state) ==
            branch->requires_states->end()) {
      return render_reply(*branch->otherwise, scope);
    }
    if (behaviour.role == Role::replace && branch->merge_body && request.body.is_object()) {
      const auto state = state_of(record, resource);
      touch(record);
      record.fields = request.body;
      if (resource.has_state && !state.empty()) {
        record.fields[resource.state_field] = state;
      }
    }
    apply_case(*branch, record, resource, scope, now);
    auto outcome = render_reply(*branch->respond, scope, branch->remove ? nullptr : &record);
    if (branch->remove) {
      items.erase(it);
    } else if (behaviour.role == Role::get) {
      ++record.reads;
    }
    return outcome;
  }

  // ---- admin -----------------------------------------------------------------------------

  core::Result<Parsed> parse_item(const json& item) const {
    std::optional<std::size_t> index;
    if (item.is_object() && item.contains("resource") && item["resource"].is_string()) {
      const auto name = item["resource"].get<std::string>();
      for (std::size_t i = 0; i < config_.resources.size(); ++i) {
        if (config_.resources[i].name == name) {
          index = i;
        }
      }
    } else if (config_.resources.size() == 1) {
      index = 0;
    }
    if (!index) {
      return core::fail(core::ErrorCode::config_invalid,
                        "the item needs `resource`: one of the behaviour's resources");
    }
    auto spec = detail::parse_item_spec(item, config_.resources[*index]);
    if (!spec) {
      return tl::unexpected(spec.error());
    }
    return Parsed{*index, std::move(*spec)};
  }

  // Back to the seeded version of the item, or gone when it was not seeded.
  void restore_item(std::size_t index, const std::map<std::string, std::string>& key,
                    Clock::Millis now) {
    const auto& resource = config_.resources[index];
    const auto item_key = key_of(resource, key);
    tables_[index].items.erase(item_key);
    for (const auto& seed : resource.seed) {
      if (key_of(resource, seed.key) == item_key) {
        upsert(index, seed, now);
      }
    }
  }

  core::Result<std::vector<Parsed>> provider_items(const json& body) const;

  static core::SchemaHandle documented_schema(const OperationBehaviour& behaviour, int status) {
    const auto code = std::to_string(status);
    for (const auto& response : behaviour.operation->responses) {
      if (response.status == code && !response.content.empty()) {
        return response.content.front().schema;
      }
    }
    return nullptr;
  }

  core::Result<void> check_seed_items(const OperationBehaviour& behaviour, const Reply& reply,
                                      core::SchemaHandle schema) {
    const auto& resource = config_.resources[behaviour.resource];
    const auto now = clock_.now();
    const auto saved = generator_; // checking must not change the ids a run makes
    core::ValidateOptions options;
    options.direction = core::Direction::response;
    for (const auto& seed : resource.seed) {
      auto& record = tables_[behaviour.resource].items.at(key_of(resource, seed.key));
      auto scope = scope_for(&record, resource, nullptr, now);
      const auto body = detail::render_template(*reply.body, scope);
      const auto findings = spec_->schemas->validate(schema, body.value_or(json()), options);
      if (!findings.empty()) {
        generator_ = saved;
        return core::fail(core::ErrorCode::config_invalid,
                          "seed item of `" + resource.name + "` does not fit the " +
                              std::to_string(reply.status) + " response of " +
                              behaviour.operation->operation_id + ": at '" +
                              findings.front().instance_pointer + "': " + findings.front().message,
                          seed.location);
      }
    }
    generator_ = saved;
    return {};
  }

  Config config_;
  std::shared_ptr<const core::Spec> spec_;
  Clock& clock_;
  mutable std::mutex mutex_;
  mutable std::vector<Table> tables_;
  detail::Generator generator_;
  std::uint64_t next_order_ = 0;
  std::map<std::string, std::vector<Parsed>> applied_; // provider state -> items it set up
};

core::Result<std::vector<Engine::Parsed>> Engine::provider_items(const json& body) const {
  std::vector<Parsed> out;
  const auto params = body.value("params", json());
  const bool has_params =
      (params.is_object() && !params.empty()) || (params.is_array() && !params.empty());
  if (has_params) {
    const json list = params.is_array() ? params : json::array({params});
    for (const auto& item : list) {
      auto parsed = parse_item(item);
      if (!parsed) {
        return tl::unexpected(parsed.error());
      }
      out.push_back(std::move(*parsed));
    }
    return out;
  }
  const auto name = body.value("state", std::string());
  const auto named = config_.provider_states.find(name);
  if (named != config_.provider_states.end()) {
    for (std::size_t i = 0; i < named->second.items.size(); ++i) {
      out.emplace_back(named->second.resources[i], named->second.items[i]);
    }
  }
  return out;
}

core::Result<void> Engine::provider_state(const json& body) {
  if (!body.is_object()) {
    return core::fail(core::ErrorCode::config_invalid,
                      "a provider state is {action, state, params}");
  }
  const auto action = body.value("action", std::string("setup"));
  const auto name = body.value("state", std::string());
  if (action != "setup" && action != "teardown") {
    return core::fail(core::ErrorCode::config_invalid, "`action` is setup or teardown");
  }
  auto items = provider_items(body);
  if (!items) {
    return tl::unexpected(items.error());
  }
  const std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  if (action == "setup") {
    if (items->empty() && config_.provider_states.count(name) == 0) {
      return core::fail(core::ErrorCode::config_invalid,
                        "unknown provider state `" + name +
                            "`: send params {resource, key, state, fields} or add it to "
                            "provider_states in the behaviour file");
    }
    for (const auto& [index, item] : *items) {
      upsert(index, item, now);
    }
    auto& applied = applied_[name];
    applied.insert(applied.end(), items->begin(), items->end());
    return {};
  }
  if (items->empty()) {
    const auto it = applied_.find(name);
    if (it == applied_.end() && config_.provider_states.count(name) == 0) {
      // Not ours: with several documents the admin API asks the next behaviour.
      return core::fail(core::ErrorCode::config_invalid,
                        "nothing to tear down for provider state `" + name + "`");
    }
    if (it != applied_.end()) {
      *items = it->second;
    }
  }
  for (const auto& [index, item] : *items) {
    restore_item(index, item.key, now);
  }
  applied_.erase(name);
  return {};
}

} // namespace

core::Result<std::unique_ptr<Behaviour>>
build_behaviour(const core::Document& doc, std::shared_ptr<const core::Spec> spec, Clock& clock) {
  if (spec == nullptr) {
    return core::fail(core::ErrorCode::internal, "no spec to attach the behaviour to");
  }
  try {
    auto config = detail::parse_config(doc, *spec);
    if (!config) {
      return tl::unexpected(config.error());
    }
    auto engine = std::make_unique<Engine>(std::move(*config), std::move(spec), clock);
    if (auto ok = engine->check_seed_items(); !ok) {
      return tl::unexpected(ok.error());
    }
    return std::unique_ptr<Behaviour>(std::move(engine));
  } catch (const nlohmann::json::exception& error) {
    // A value of an unexpected type that a check above did not catch.
    return core::fail(core::ErrorCode::config_invalid,
                      std::string("behaviour file has a value of the wrong type: ") + error.what(),
                      doc.uri);
  }
}

} // namespace concord::mock
