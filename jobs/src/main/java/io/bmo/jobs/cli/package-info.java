/**
 * The commands: {@code train}, {@code evaluate}, {@code sweep}, {@code report}, {@code reproduce}, {@code baseline},
 * {@code hypergrad}, {@code bench}. Each validates all its inputs before writing anything or starting Spark, and
 * talks to problem families only through {@code io.bmo.core.family}.
 */
package io.bmo.jobs.cli;
