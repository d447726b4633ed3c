/**
 * Readers and writers for data files: numpy {@code .npy} ({@link io.bmo.datasets.io.Npy}) and numeric CSV
 * ({@link io.bmo.datasets.io.Csv}), both producing a row-major {@link io.bmo.datasets.io.NpyArray}. Malformed input
 * is a {@link io.bmo.datasets.io.DataFormatException} with a one-line message naming the file and the problem;
 * writes to a path are atomic. No Spark dependency: Spark code passes Hadoop streams to the
 * {@code read(InputStream, String)} overloads.
 */
package io.bmo.datasets.io;
