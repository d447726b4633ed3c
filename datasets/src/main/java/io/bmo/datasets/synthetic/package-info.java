/**
 * Seeded synthetic data sets. Example i of every generator depends only on (seed, i), never on partitioning or on
 * the order of generation; randomness comes from the counter-based
 * {@link io.bmo.core.random.SeededRandom}, whose streams each generator documents.
 */
package io.bmo.datasets.synthetic;
