// AS5/AS6: tenant desktop settings; only admins change them, tenant-wide.
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

TEST_CASE("AS6: noise removal is on by default for a new tenant", "[as6][settings]") {
  Directory dir;
  Effects fx;
  auto t = dir.create_tenant("acme", "Acme", time_from_ms(0), fx);
  REQUIRE(t.ok());
  CHECK(t.value().settings.noise_removal);
  CHECK(dir.tenant("acme")->settings.noise_removal);
  CHECK(TenantSettings{}.noise_removal);
}

TEST_CASE("AS6: agents and supervisors cannot change settings, and nothing changes",
          "[as6][settings]") {
  World w;
  const auto role = GENERATE(Role::Agent, Role::Supervisor, Role::Telephony, Role::Web);
  CAPTURE(static_cast<int>(role));
  Principal caller{role, "t1", role == Role::Agent ? "ana" : "", "tok"};
  SettingsPatch p;
  p.noise_removal = false;
  Effects fx;
  const auto& rej = rejection_of(w.dir().update_settings(caller, "t1", p, {}, fx));
  CHECK(rej.reason == Reason::Forbidden);
  CHECK(fx.empty());
  CHECK(w.dir().tenant("t1")->settings.noise_removal);
  CHECK(w.dir().tenant("t1")->version == 1);
}

TEST_CASE("AS6: an admin turns noise removal off tenant-wide", "[as6][settings]") {
  World w;
  SettingsPatch p;
  p.noise_removal = false;
  Effects fx;
  auto r = w.dir().update_settings(w.admin, "t1", p, 1, fx);
  REQUIRE(r.ok());
  CHECK_FALSE(r.value().settings.noise_removal);
  CHECK(r.value().version == 2);
  CHECK_FALSE(w.dir().tenant("t1")->settings.noise_removal);
  // Only that field changed, and only in that tenant.
  CHECK(w.dir().tenant("t1")->settings.recording);
  CHECK(w.dir().tenant("t2")->settings.noise_removal);

  const auto puts = persisted<TenantPut>(fx);
  REQUIRE(puts.size() == 1);
  CHECK(kinds(fx) == std::vector<std::string>{"TenantPut"});
  CHECK_FALSE(puts[0].tenant.settings.noise_removal);
  CHECK(puts[0].tenant.version == 2);
}

TEST_CASE("AS6: the server admin may change any tenant's settings", "[as6][settings]") {
  World w;
  Principal root{Role::ServerAdmin, "", "", "tok-root"};
  SettingsPatch p;
  p.noise_removal = false;
  Effects fx;
  REQUIRE(w.dir().update_settings(root, "t2", p, {}, fx));
  CHECK_FALSE(w.dir().tenant("t2")->settings.noise_removal);
}

TEST_CASE("AS6: an admin of another tenant reads the tenant as unknown", "[as6][settings]") {
  World w;
  Principal other_admin{Role::Admin, "t2", "", "tok-t2-admin"};
  SettingsPatch p;
  p.noise_removal = false;
  Effects fx;
  const auto& rej = rejection_of(w.dir().update_settings(other_admin, "t1", p, {}, fx));
  CHECK(rej.reason == Reason::NotFound);
  CHECK(fx.empty());
  CHECK(w.dir().tenant("t1")->settings.noise_removal);
}

TEST_CASE("AS5: an admin sets recording and the privacy shield", "[as5][settings]") {
  World w;
  SettingsPatch p;
  p.recording = false;
  p.privacy_shield_enabled = true;
  p.privacy_shield_max_pause_ms = 45'000;
  p.max_concurrent_calls = 20;
  p.requeue_on_transfer_no_answer = true;
  p.end_call_for_web_callback = true;
  Effects fx;
  auto r = w.dir().update_settings(w.admin, "t1", p, {}, fx);
  REQUIRE(r.ok());
  const auto& s = w.dir().tenant("t1")->settings;
  CHECK_FALSE(s.recording);
  CHECK(s.privacy_shield.enabled);
  CHECK(s.privacy_shield.max_pause_ms == 45'000);
  CHECK(s.max_concurrent_calls == 20);
  CHECK(s.requeue_on_transfer_no_answer);
  CHECK(s.end_call_for_web_callback);
  CHECK(s.noise_removal);  // untouched
}

TEST_CASE("RE3: an invalid privacy_shield.max_pause_ms is refused and nothing changes",
          "[re3][settings]") {
  World w;
  const auto bad =
      GENERATE(std::int64_t{-1}, std::int64_t{0}, std::int64_t{999}, std::int64_t{3'600'001});
  CAPTURE(bad);
  SettingsPatch p;
  p.noise_removal = false;  // valid, but the patch is all or nothing
  p.privacy_shield_max_pause_ms = bad;
  Effects fx;
  const auto& rej = rejection_of(w.dir().update_settings(w.admin, "t1", p, {}, fx));
  CHECK(rej.reason == Reason::ValidationFailed);
  CHECK(has_field(rej, "privacy_shield.max_pause_ms"));
  CHECK(fx.empty());
  const auto& t = *w.dir().tenant("t1");
  CHECK(t.settings.noise_removal);
  CHECK(t.settings.privacy_shield.max_pause_ms == 30'000);
  CHECK(t.version == 1);
}

TEST_CASE("RE3: the privacy shield bounds 1 s and 1 h are accepted", "[re3][settings]") {
  World w;
  const auto ok = GENERATE(std::int64_t{1000}, std::int64_t{3'600'000});
  SettingsPatch p;
  p.privacy_shield_max_pause_ms = ok;
  Effects fx;
  REQUIRE(w.dir().update_settings(w.admin, "t1", p, {}, fx));
  CHECK(w.dir().tenant("t1")->settings.privacy_shield.max_pause_ms == ok);
}

TEST_CASE("LI1: a negative call cap is refused", "[li1][settings]") {
  World w;
  SettingsPatch p;
  p.max_concurrent_calls = -1;
  Effects fx;
  const auto& rej = rejection_of(w.dir().update_settings(w.admin, "t1", p, {}, fx));
  CHECK(has_field(rej, "max_concurrent_calls"));
  CHECK(fx.empty());
  CHECK(w.dir().tenant("t1")->settings.max_concurrent_calls == 100);
}

TEST_CASE("AS6: settings of an unknown tenant are NotFound", "[as6][settings]") {
  World w;
  Principal root{Role::ServerAdmin, "", "", "tok-root"};
  SettingsPatch p;
  Effects fx;
  CHECK(rejection_of(w.dir().update_settings(root, "ghost", p, {}, fx)).reason == Reason::NotFound);
  CHECK(fx.empty());
}
