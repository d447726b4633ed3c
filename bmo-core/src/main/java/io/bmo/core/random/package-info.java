/**
 * The project's one random number generator, {@link io.bmo.core.random.SeededRandom}: a counter-based generator whose
 * draws for (seed, stream, index) are fixed by its documented arithmetic, so a generated example depends only on its
 * seed and index, on any JVM, thread or cluster.
 */
package io.bmo.core.random;
