// The one translation unit that compiles Asio's and Beast's implementation (separate
// compilation keeps every other Beast user light).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
