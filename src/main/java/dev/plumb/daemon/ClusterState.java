package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import dev.plumb.plan.ClusterHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What plumb must remember about each cluster across restarts, beside the journal in the same
 * SQLite database (full sync): the revision the cluster last converged at (its applied revision;
 * the fleet's {@link AppliedRevision} only moves when every cluster converged), the revision it
 * halted at (nothing is tried again on that revision, even after a restart), and whether plumb
 * bootstrapped its etcd (never a second time). One row per cluster.
 */
public final class ClusterState {
  /** A cluster's row; empty strings for what never happened. */
  public record Row(String cluster, String applied, String haltedAt, String haltReason, String bootstrappedAt,
      String bootstrappedRevision) {
    static Row empty(String cluster) {
      return new Row(cluster, "", "", "", "", "");
    }

    public boolean bootstrapped() {
      return !bootstrappedAt.isEmpty();
    }
  }

  private final Journal journal;

  public ClusterState(Journal journal) {
    this.journal = journal;
  }

  static void createTable(Statement s) throws SQLException {
    s.execute("CREATE TABLE IF NOT EXISTS cluster_state (cluster TEXT PRIMARY KEY, applied TEXT NOT NULL,"
        + " halted_at TEXT NOT NULL, halt_reason TEXT NOT NULL, bootstrapped_at TEXT NOT NULL,"
        + " bootstrapped_revision TEXT NOT NULL)");
  }

  public Row get(String cluster) {
    synchronized (journal) {
      try (PreparedStatement p = journal.connection().prepareStatement("SELECT applied, halted_at, halt_reason,"
          + " bootstrapped_at, bootstrapped_revision FROM cluster_state WHERE cluster = ?")) {
        p.setString(1, cluster);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? new Row(cluster, r.getString(1), r.getString(2), r.getString(3), r.getString(4),
              r.getString(5)) : Row.empty(cluster);
        }
      } catch (SQLException e) {
        throw new PlumbException("cannot read the state of cluster " + cluster + ": " + e.getMessage(), e);
      }
    }
  }

  /** What the planner may know from the journal; {@code provisionRequested} is this run's request. */
  public ClusterHistory history(String cluster, boolean provisionRequested) {
    return new ClusterHistory(get(cluster).bootstrapped(), provisionRequested);
  }

  /** The revision the cluster is halted at, if it is halted at {@code revision}. */
  public Optional<String> haltedAt(String cluster, String revision) {
    Row r = get(cluster);
    return r.haltedAt().equals(revision) ? Optional.of(r.haltReason()) : Optional.empty();
  }

  public void halted(String cluster, String revision, String reason) {
    Row r = get(cluster);
    put(new Row(cluster, r.applied(), revision, reason, r.bootstrappedAt(), r.bootstrappedRevision()));
  }

  /** The cluster converged at {@code revision}: its applied revision, and any older halt is over. */
  public void converged(String cluster, String revision) {
    Row r = get(cluster);
    if (!r.applied().equals(revision) || !r.haltedAt().isEmpty()) {
      put(new Row(cluster, revision, "", "", r.bootstrappedAt(), r.bootstrappedRevision()));
    }
  }

  /** plumb bootstrapped the cluster's etcd; kept for good (the first record wins). */
  public void bootstrapped(String cluster, String revision, String at) {
    Row r = get(cluster);
    if (!r.bootstrapped()) {
      put(new Row(cluster, r.applied(), r.haltedAt(), r.haltReason(), at, revision));
    }
  }

  private void put(Row r) {
    synchronized (journal) {
      try (PreparedStatement p = journal.connection().prepareStatement(
          "INSERT OR REPLACE INTO cluster_state VALUES (?, ?, ?, ?, ?, ?)")) {
        p.setString(1, r.cluster());
        p.setString(2, r.applied());
        p.setString(3, r.haltedAt());
        p.setString(4, r.haltReason());
        p.setString(5, r.bootstrappedAt());
        p.setString(6, r.bootstrappedRevision());
        p.executeUpdate();
      } catch (SQLException e) {
        throw new PlumbException("cannot write the state of cluster " + r.cluster() + ": " + e.getMessage(), e);
      }
    }
  }
}
