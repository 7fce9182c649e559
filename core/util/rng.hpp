// Our own seeded random generator: xoshiro256** seeded through splitmix64, with a Box-Muller
// normal transform written here. Not <random>'s distributions: std::normal_distribution and
// std::shuffle differ between standard libraries, and the same seed must give the same run
// everywhere. The whole state is four words plus a cached normal, so checkpoints can carry it.
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace lex {

class Rng {
 public:
  struct State {
    std::array<uint64_t, 4> words{};
    bool has_spare = false;
    double spare = 0.0;
  };

  explicit Rng(uint64_t seed = 1) { reseed(seed); }

  void reseed(uint64_t seed) {
    uint64_t x = seed;
    for (auto& w : state_.words) w = splitmix64(x);
    state_.has_spare = false;
    state_.spare = 0.0;
  }

  uint64_t next_u64() {
    auto& s = state_.words;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

  // Uniform integer in [0, n), unbiased (rejection of the short last interval).
  uint64_t below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = next_u64(); while (x >= limit);
    return x % n;
  }

  // Standard normal by Box-Muller; the second value of each pair is kept for the next call.
  double normal() {
    if (state_.has_spare) {
      state_.has_spare = false;
      return state_.spare;
    }
    const double u1 = 1.0 - uniform01();  // (0, 1]: log stays finite
    const double u2 = uniform01();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 6.283185307179586476925 * u2;
    state_.spare = r * std::sin(theta);
    state_.has_spare = true;
    return r * std::cos(theta);
  }

  template <typename Scalar>
  void fill_normal(Scalar* out, size_t n) {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<Scalar>(normal());
  }

  // Fisher-Yates shuffle of any random-access range of integers.
  template <typename Container>
  void shuffle(Container& v) {
    for (size_t i = v.size(); i > 1; --i) {
      const size_t j = static_cast<size_t>(below(i));
      std::swap(v[i - 1], v[j]);
    }
  }

  const State& state() const { return state_; }
  void set_state(const State& s) { state_ = s; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  State state_;
};

}  // namespace lex
