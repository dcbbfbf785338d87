#include "mock/behaviour.hpp"

#include "core/document.hpp"
#include "mock/behaviour_config.hpp"
#include "mock/behaviour_engine.hpp"

namespace concord::mock {

core::Result<std::unique_ptr<Behaviour>> load_behaviour(const std::filesystem::path& path,
                                                        std::shared_ptr<const core::Spec> spec,
                                                        Clock& clock) {
  auto doc = core::load_document(path);
  if (!doc) {
    auto error = doc.error();
    if (error.code == core::ErrorCode::spec_parse) {
      error.code = core::ErrorCode::config_invalid;
    }
    return tl::unexpected(std::move(error));
  }
  return build_behaviour(*doc, std::move(spec), clock);
}

} // namespace concord::mock
