// jemalloc's options, compiled into the executables that allocate with it (ccr_use_jemalloc in
// CMakeLists.txt: ccrouter and the benchmark's baseline). The heap and jemalloc's own metadata
// ask for transparent huge pages (on a kernel whose THP mode is `madvise`, as Debian's is): a
// restart with 100,000 open interactions spent most of its loading time in first-touch page
// faults (docs/performance.md). MALLOC_CONF in the environment still overrides these, e.g.
// MALLOC_CONF=thp:default,metadata_thp:disabled.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always";
}
