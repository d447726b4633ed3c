package io.bmo.jobs.ml;

import io.bmo.core.train.ArraySource;
import io.bmo.core.train.ShardPlan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Cuts a DataFrame's rows into the {@link ShardPlan}'s index ranges (row i = the i-th row in DataFrame order) and
 * builds one element per shard on the executors.
 */
final class ShardRows {
  private ShardRows() {}

  /**
   * Builds a shard's element from its rows.
   *
   * @param <T> the element type
   */
  interface Builder<T> extends Serializable {
    /**
     * @param shard shard id
     * @param start global index of {@code rows.get(0)}
     * @param rows the shard's rows in index order
     */
    T build(int shard, long start, List<Row> rows);
  }

  /** Sparse coding's shards: (signal, code) columns 0 and 1 of length m and n as an {@link ArraySource}. */
  static JavaRDD<ResidentShards> of(JavaRDD<Row> rows, ShardPlan plan, int m, int n, String sc, String cc) {
    return of(rows, plan, (shard, start, list) -> {
      double[] b = new double[list.size() * m];
      double[] x = new double[list.size() * n];
      for (int r = 0; r < list.size(); r++) {
        Row row = list.get(r);
        System.arraycopy(RowArrays.get(row, 0, m, sc), 0, b, r * m, m);
        System.arraycopy(RowArrays.get(row, 1, n, cc), 0, x, r * n, n);
      }
      return new ResidentShards(shard, start, new ArraySource(m, n, b, x));
    });
  }

  /** Numbers rows in DataFrame order and groups them into shard ranges, one RDD element per non-empty shard. */
  static <T> JavaRDD<T> of(JavaRDD<Row> rows, ShardPlan plan, Builder<T> builder) {
    int s = plan.shards();
    JavaPairRDD<Integer, Tuple2<Long, Row>> keyed = rows.zipWithIndex().mapToPair(t -> {
      long i = t._2();
      int shard = (int) Math.min(s - 1, (i * s) / plan.examples());
      while (shard > 0 && plan.start(shard) > i) {
        shard--;
      }
      while (shard < s - 1 && plan.end(shard) <= i) {
        shard++;
      }
      return new Tuple2<>(shard, new Tuple2<>(i, t._1()));
    });
    Partitioner byShard = new Partitioner() {
      private static final long serialVersionUID = 1L;

      @Override
      public int numPartitions() {
        return s;
      }

      @Override
      public int getPartition(Object key) {
        return (Integer) key;
      }
    };
    return keyed.partitionBy(byShard).mapPartitions((Iterator<Tuple2<Integer, Tuple2<Long, Row>>> it) -> {
      List<Tuple2<Long, Row>> list = new ArrayList<>();
      int shard = -1;
      while (it.hasNext()) {
        Tuple2<Integer, Tuple2<Long, Row>> t = it.next();
        shard = t._1();
        list.add(t._2());
      }
      if (list.isEmpty()) {
        return java.util.Collections.emptyIterator();
      }
      list.sort((x, y) -> Long.compare(x._1(), y._1()));
      List<Row> sorted = new ArrayList<>(list.size());
      for (Tuple2<Long, Row> t : list) {
        sorted.add(t._2());
      }
      return List.of(builder.build(shard, list.get(0)._1(), sorted)).iterator();
    });
  }

}
