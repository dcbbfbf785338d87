#include "conformance/proxy.hpp"

#include <gtest/gtest.h>
#include <map>
#include <string>

namespace concord::conformance {
namespace {

EnvLookup env_of(const std::map<std::string, std::string>& values) {
  return [values](const char* name) -> const char* {
    const auto found = values.find(name);
    return found == values.end() ? nullptr : found->second.c_str();
  };
}

TEST(Proxy, HttpsTargetsUseHttpsProxyAndHttpTargetsOnlyLowerCaseHttpProxy) {
  const auto env =
      env_of({{"HTTPS_PROXY", "http://proxy.corp:3128"}, {"HTTP_PROXY", "http://x:1"}});
  auto https = resolve_proxy("https", "api.example.com", std::nullopt, env);
  ASSERT_TRUE(https && *https);
  EXPECT_EQ((*https)->host, "proxy.corp");
  EXPECT_EQ((*https)->port, 3128);
  auto http = resolve_proxy("http", "api.example.com", std::nullopt, env);
  ASSERT_TRUE(http);
  EXPECT_FALSE(*http); // HTTP_PROXY is ignored, as curl does
}

TEST(Proxy, NoProxyListsHostsAndDomainSuffixes) {
  EXPECT_TRUE(is_no_proxy_host("localhost, .internal.example", "api.internal.example"));
  EXPECT_TRUE(is_no_proxy_host("internal.example", "internal.example"));
  EXPECT_TRUE(is_no_proxy_host("127.0.0.1,localhost", "127.0.0.1"));
  EXPECT_TRUE(is_no_proxy_host("*", "anything"));
  EXPECT_FALSE(is_no_proxy_host("example.com", "badexample.com"));
  const auto env = env_of({{"https_proxy", "proxy:8080"}, {"NO_PROXY", "127.0.0.1"}});
  auto chosen = resolve_proxy("https", "127.0.0.1", std::nullopt, env);
  ASSERT_TRUE(chosen);
  EXPECT_FALSE(*chosen);
}

TEST(Proxy, FlagOverridesTheEnvironmentAndEmptyMeansNone) {
  const auto env = env_of({{"https_proxy", "http://env-proxy:1"}});
  auto flag = resolve_proxy("https", "h", std::string("http://user:pw@flag-proxy:9"), env);
  ASSERT_TRUE(flag && *flag);
  EXPECT_EQ((*flag)->host, "flag-proxy");
  EXPECT_EQ((*flag)->user, "user");
  EXPECT_EQ((*flag)->password, "pw");
  EXPECT_EQ((*flag)->url.find("pw"), std::string::npos);
  auto none = resolve_proxy("https", "h", std::string(), env);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST(Proxy, HttpsProxyUrlIsAUsageError) {
  auto bad = resolve_proxy("https", "h", std::string("https://proxy:443"), env_of({}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::usage);
}

} // namespace
} // namespace concord::conformance
