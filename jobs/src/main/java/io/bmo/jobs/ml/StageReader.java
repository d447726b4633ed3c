package io.bmo.jobs.ml;

import java.io.IOException;
import org.apache.spark.ml.util.MLReader;

/**
 * An {@link MLReader} that checks a saved stage's metadata ({@link StageMetadata#read}) and hands it, with the
 * stage's {@link StageFiles}, to the stage's own reading code. Every failure — missing directory, missing or
 * corrupt metadata, another class, a missing or malformed array — becomes one {@link IllegalArgumentException}
 * naming the path.
 *
 * @param <T> the stage type
 */
final class StageReader<T> extends MLReader<T> {
  /** Builds the stage from its checked metadata and files. */
  interface Body<T> {
    T read(StageMetadata metadata, StageFiles dir) throws IOException;
  }

  private final Class<T> type;
  private final Body<T> body;

  StageReader(Class<T> type, Body<T> body) {
    this.type = type;
    this.body = body;
  }

  @Override
  public T load(String path) {
    return StageMetadata.loading(path, type.getSimpleName(), () -> {
      StageFiles dir = new StageFiles(path, sc().hadoopConfiguration());
      return body.read(StageMetadata.read(dir, type), dir);
    });
  }
}
