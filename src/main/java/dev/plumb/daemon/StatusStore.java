package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import dev.plumb.report.StatusReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current state of the fleet, each cluster and each node, in tables of their own beside the
 * journal: one row each, overwritten in place, so status never depends on how many events are
 * kept. The fleet's row is the cluster named "".
 */
public final class StatusStore {
  /** A cluster's (or, for "", the fleet's) row. */
  public record ClusterRow(String cluster, String phase, String revision, String waiting, String reason,
      String message, String at) {}

  /** A node's row. */
  public record NodeRow(String cluster, String node, String revision, String state, String detail, String at) {}

  private final Journal journal;

  public StatusStore(Journal journal) {
    this.journal = journal;
  }

  static void createTables(Statement s) throws SQLException {
    s.execute("CREATE TABLE IF NOT EXISTS cluster_status (cluster TEXT PRIMARY KEY, phase TEXT NOT NULL,"
        + " revision TEXT NOT NULL, waiting TEXT NOT NULL, reason TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL)");
    s.execute("CREATE TABLE IF NOT EXISTS node_status (cluster TEXT NOT NULL, node TEXT NOT NULL, revision TEXT NOT NULL,"
        + " state TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (cluster, node))");
  }

  public void put(ClusterRow r) {
    update("INSERT OR REPLACE INTO cluster_status VALUES (?, ?, ?, ?, ?, ?, ?)",
        r.cluster(), r.phase(), r.revision(), r.waiting(), r.reason(), r.message(), r.at());
  }

  public void put(NodeRow r) {
    update("INSERT OR REPLACE INTO node_status VALUES (?, ?, ?, ?, ?, ?)",
        r.cluster(), r.node(), r.revision(), r.state(), r.detail(), r.at());
  }

  public void delete(NodeRow r) {
    update("DELETE FROM node_status WHERE cluster = ? AND node = ?", r.cluster(), r.node());
  }

  /** The rows of every cluster and, under "", the fleet. */
  public Map<String, ClusterRow> clusters() {
    Map<String, ClusterRow> out = new LinkedHashMap<>();
    query("SELECT cluster, phase, revision, waiting, reason, message, at FROM cluster_status ORDER BY cluster", r ->
        out.put(r.getString(1), new ClusterRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), r.getString(6), r.getString(7))));
    return out;
  }

  public List<NodeRow> nodes() {
    List<NodeRow> out = new ArrayList<>();
    query("SELECT cluster, node, revision, state, detail, at FROM node_status ORDER BY cluster, node", r ->
        out.add(new NodeRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6))));
    return out;
  }

  /** The whole status, with the newest {@code events} journal events. */
  public StatusReport report(String appliedRevision, int events) {
    Map<String, ClusterRow> rows = clusters();
    ClusterRow fleet = rows.getOrDefault("", new ClusterRow("", "idle", "", "", "", "", ""));
    List<StatusReport.Cluster> clusters = new ArrayList<>();
    List<NodeRow> nodes = nodes();
    for (ClusterRow c : rows.values()) {
      if (!c.cluster().isEmpty()) {
        clusters.add(new StatusReport.Cluster(c.cluster(), c.phase(), c.revision(), c.waiting(), c.message(), c.at(),
            nodes.stream().filter(n -> n.cluster().equals(c.cluster())).map(n -> new StatusReport.Node(n.node(),
                n.revision(), n.state(), n.detail(), n.at())).toList()));
      }
    }
    StatusReport.Problem error = fleet.reason().isEmpty() ? null
        : new StatusReport.Problem(fleet.reason(), fleet.message(), fleet.at());
    List<StatusReport.Event> recent = journal.tail(events).stream().map(e -> new StatusReport.Event(
        Journal.AT.format(e.at()), e.type(), e.cluster(), e.node(), e.revision(), e.message())).toList();
    return new StatusReport(StatusReport.SCHEMA, fleet.phase(), fleet.revision(), appliedRevision, fleet.at(), error,
        clusters, recent);
  }

  private interface RowReader {
    void read(ResultSet r) throws SQLException;
  }

  private void query(String sql, RowReader reader) {
    synchronized (journal) {
      Connection db = journal.connection();
      try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          reader.read(r);
        }
      } catch (SQLException e) {
        throw new PlumbException("cannot read the status tables: " + e.getMessage(), e);
      }
    }
  }

  private void update(String sql, String... values) {
    synchronized (journal) {
      try (PreparedStatement p = journal.connection().prepareStatement(sql)) {
        for (int i = 0; i < values.length; i++) {
          p.setString(i + 1, values[i] == null ? "" : values[i]);
        }
        p.executeUpdate();
      } catch (SQLException e) {
        throw new PlumbException("cannot write the status tables: " + e.getMessage(), e);
      }
    }
  }
}
