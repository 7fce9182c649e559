// Where threads run, in one place. On a 2-core machine the UI, up to four trainers, their report
// threads and a decoder share the cores; a frame must never wait for training. The policy:
//   trainers       nice 5 (below the UI), and in the compare view kept off the lowest CPU, so the
//                  UI, the GL rasteriser and the X server keep a core to themselves
//   reports        nice 10: the compare table's numbers, a few per second, after training
//   decodes        normal priority: the GUI's grids wait for them
// Linux only (elsewhere these do nothing). A failure leaves the thread as it was: slower frames,
// no harm.
#pragma once
#include <functional>

namespace lex {

// Lowers the calling thread's priority to this nice value (Linux: per thread, inherited by the
// threads it starts, OpenMP's included).
void set_this_thread_nice(int nice);

enum class Cores {
  kAll,
  kAllButTheFirst,  // every CPU this process may use but the lowest (all of them if it has one)
};

// Runs `start` on a short-lived thread placed on `cores`, so that the threads it starts inherit
// the placement; returns when `start` has returned.
void start_placed(Cores cores, const std::function<void()>& start);

}  // namespace lex
