# ccr_config: configuration loading (server/config.*). Included from server/CMakeLists.txt.
add_library(ccr_config STATIC
  ${CMAKE_CURRENT_LIST_DIR}/config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/config_settings.cpp
)
target_include_directories(ccr_config PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(ccr_config PRIVATE CCR_VERSION="${PROJECT_VERSION}")
target_link_libraries(ccr_config PUBLIC CLI11::CLI11 nlohmann_json::nlohmann_json spdlog::spdlog)
