/**
 * The performance harness ({@code ./submit.sh bench}): each row measures a ratio within one run (kernel ÷ DGEMM,
 * reverse ÷ forward, Spark ÷ local, bmo ÷ PyTorch peer, reduction ÷ hypergradient, driver CPU and heap against the
 * number of shards) and prints {@code id value target PASS|MISS}; results go to {@code bench/results.csv}.
 */
package io.bmo.bench;
