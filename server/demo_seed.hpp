// The demo tenant seeded by --demo on an empty database: a team, three agents, idle and wrap-up
// codes, and tokens printed once with a copy-paste way to connect. io thread only.
#pragma once

namespace ccr::server {

class App;

void seed_demo(App& app);

}  // namespace ccr::server
