#include "util/threads.hpp"

#include <exception>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#include <sys/resource.h>
#endif

namespace lex {

void set_this_thread_nice(int nice) {
#if defined(__linux__)
  setpriority(PRIO_PROCESS, 0, nice);  // 0: the calling thread, on Linux
#else
  (void)nice;
#endif
}

void start_placed(Cores cores, const std::function<void()>& start) {
  std::exception_ptr failure;  // an exception from `start` goes to the caller, as if called here
  std::thread([&] {
#if defined(__linux__)
    if (cores == Cores::kAllButTheFirst) {
      cpu_set_t allowed;
      if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 1) {
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
          if (CPU_ISSET(cpu, &allowed)) {
            CPU_CLR(cpu, &allowed);
            break;
          }
        sched_setaffinity(0, sizeof allowed, &allowed);
      }
    }
#else
    (void)cores;
#endif
    try {
      start();
    } catch (...) {
      failure = std::current_exception();
    }
  }).join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace lex
