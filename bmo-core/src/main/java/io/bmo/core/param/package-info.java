/**
 * The layout of ω: named blocks of a flat {@code double[]}, each with a shape and an offset, matrices row-major like
 * the {@code .npy} file of the same name ({@link io.bmo.core.param.ParamLayout}). Optimizers, aggregators and Spark
 * see the flat vector; run directories store one file per block.
 */
package io.bmo.core.param;
