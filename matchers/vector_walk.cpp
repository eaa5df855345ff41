#include "matchers/vector_walk.h"

namespace piimatch {

VectorWalk best_vector_walk() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const VectorWalk best = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi")
                                     ? VectorWalk::avx512_vbmi
                                 : __builtin_cpu_supports("avx2") ? VectorWalk::avx2
                                                                  : VectorWalk::bytewise;
  return best;
#else
  return VectorWalk::bytewise;
#endif
}

}  // namespace piimatch
