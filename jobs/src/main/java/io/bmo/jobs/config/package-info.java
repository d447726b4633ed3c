/**
 * The {@code train} configuration: HOCON files and {@code --set} overrides on top of the defaults, which are also the
 * schema (the engine's {@code bmo-defaults.conf} plus each family's defaults resource); unknown keys, keys only
 * another problem reads and bad values are rejected by name. {@link io.bmo.jobs.config.TrainConfig} holds the
 * engine's typed sections; a family's sections reach it through {@link io.bmo.jobs.config.FamilySection}.
 */
package io.bmo.jobs.config;
