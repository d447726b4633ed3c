package io.bmo.core.operator;

import java.io.Serializable;

/** Creates independent {@link FixedPointMap} instances (one per thread or Spark task); must be serializable. */
@FunctionalInterface
public interface MapFactory extends Serializable {
  FixedPointMap create();
}
