#pragma once
// The instruction sets a byte-class walk can use: the numeric-token walk (numeric_tokens.h)
// and the name-word walk (name_words.h) both find runs of a class 64 bytes at a time from
// bit masks made with AVX-512 VBMI table lookups or AVX2 nibble lookups (nibble_set.h), or
// go byte by byte on any CPU. One enum and one CPU check serve both, so the engine's
// options (EngineOptions::token_walk, name_walk) force them the same way.
namespace piimatch {

// Ordered slowest first: std::min(wanted, best_vector_walk()) is the walk that can run.
enum class VectorWalk { bytewise, avx2, avx512_vbmi };

// The fastest walk this CPU has (AVX-512 BW + VBMI, else AVX2, else byte by byte); the CPU
// is asked once.
VectorWalk best_vector_walk();

}  // namespace piimatch
