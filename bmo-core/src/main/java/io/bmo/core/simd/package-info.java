/**
 * Element passes on the JDK's vector API ({@code jdk.incubator.vector}), each with a scalar twin that gives the same
 * bits; {@link io.bmo.core.simd.Simd#AVAILABLE} says whether this JVM can run them. Left out of the API
 * documentation, which is built without the incubator module.
 */
package io.bmo.core.simd;
