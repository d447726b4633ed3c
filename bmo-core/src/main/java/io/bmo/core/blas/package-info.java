/**
 * Where the dense linear algebra runs: dev.ludovic.netlib on the OpenBLAS bundled in the jar, one thread per task
 * by default ({@link io.bmo.core.blas.Blas}), and a start-up check of which OpenBLAS kernel is in use.
 */
package io.bmo.core.blas;
