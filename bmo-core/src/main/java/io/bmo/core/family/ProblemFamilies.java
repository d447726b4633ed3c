package io.bmo.core.family;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The {@link ProblemFamily} services on the class path ({@link ServiceLoader}, context class loader), looked up by
 * problem name. Two families answering to one name is a packaging error ({@link IllegalStateException}).
 */
public final class ProblemFamilies {
  private ProblemFamilies() {}

  /** Every registered family, in class-path order. */
  public static List<ProblemFamily> all() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    List<ProblemFamily> out = new ArrayList<>();
    for (ProblemFamily f : ServiceLoader.load(ProblemFamily.class,
        cl != null ? cl : ProblemFamilies.class.getClassLoader())) {
      out.add(f);
    }
    return out;
  }

  /** The family answering to {@code problem}, if any. */
  public static Optional<ProblemFamily> find(String problem) {
    ProblemFamily found = null;
    for (ProblemFamily f : all()) {
      if (f.names().contains(problem)) {
        if (found != null) {
          throw new IllegalStateException("problem '" + problem + "' is registered by both "
              + found.getClass().getName() + " and " + f.getClass().getName());
        }
        found = f;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Sorted names of every registered family. */
  public static List<String> names() {
    TreeSet<String> s = new TreeSet<>();
    for (ProblemFamily f : all()) {
      s.addAll(f.names());
    }
    return new ArrayList<>(s);
  }
}
