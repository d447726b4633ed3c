package io.bmo.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS for tests: an in-process MiniDFSCluster with one datanode, every port on loopback and chosen by the
 * system, its storage under a directory the test owns; files go in and out through the cluster's own client.
 */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private final String uri;

  private MiniHdfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
    this.uri = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  /**
   * Starts a cluster and waits until it serves.
   *
   * @param storage a directory for the name and data nodes' files
   * @return the running cluster
   * @throws IOException when it does not start
   */
  public static MiniHdfs start(Path storage) throws IOException {
    Configuration conf = new Configuration();
    for (String key : new String[] {"dfs.namenode.rpc-address", "dfs.datanode.address", "dfs.datanode.http.address",
        "dfs.datanode.ipc.address", "dfs.namenode.http-address"}) {
      conf.set(key, "127.0.0.1:0");
    }
    MiniDFSCluster c = new MiniDFSCluster.Builder(conf, storage.toFile()).numDataNodes(1).build();
    c.waitActive();
    return new MiniHdfs(c);
  }

  /** @return {@code hdfs://127.0.0.1:PORT}, to which absolute paths are appended */
  public String uri() {
    return uri;
  }

  /** @return the cluster's file system */
  public FileSystem fs() {
    try {
      return cluster.getFileSystem();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies a local file to HDFS.
   *
   * @param local the file
   * @param path the absolute path on the cluster, or a full hdfs:// URI of it
   * @throws IOException on a failed copy
   */
  public void put(Path local, String path) throws IOException {
    try (InputStream in = Files.newInputStream(local);
         OutputStream out = fs().create(new org.apache.hadoop.fs.Path(path), true)) {
      in.transferTo(out);
    }
  }

  /**
   * Copies the regular files of a local directory (not its subdirectories) into a directory on HDFS.
   *
   * @param local the directory
   * @param path the absolute directory path on the cluster
   * @throws IOException on a failed copy
   */
  public void putDir(Path local, String path) throws IOException {
    try (Stream<Path> s = Files.list(local)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        put(f, path + "/" + f.getFileName());
      }
    }
  }

  /**
   * Reads a whole file from HDFS.
   *
   * @param path the absolute path on the cluster, or a full hdfs:// URI of it
   * @return its bytes
   * @throws IOException when it cannot be read
   */
  public byte[] read(String path) throws IOException {
    try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(path))) {
      return in.readAllBytes();
    }
  }

  /**
   * Whether a path exists on the cluster.
   *
   * @param path the absolute path, or a full hdfs:// URI of it
   * @return true when it exists
   * @throws IOException when the cluster cannot be asked
   */
  public boolean exists(String path) throws IOException {
    return fs().exists(new org.apache.hadoop.fs.Path(path));
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
