package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable event journal in the state directory: SQLite in WAL mode with full sync, so an event
 * that {@link #append} returned for survives kill -9. Events carry revision, cluster, node, type
 * and reason; never a secret. Events are kept by {@link Retention}; the state of each cluster and
 * node lives beside them in {@link StatusStore}, so pruning old events loses no status.
 */
public final class Journal implements AutoCloseable {
  /** One journal entry. */
  public record Event(long id, Instant at, String cluster, String revision, String node, String type, String message) {}

  // fixed width, so that timestamps compare as text in SQL
  static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Connection db;
  private final java.time.InstantSource clock;

  public Journal(Path stateDir) {
    this(stateDir, java.time.InstantSource.system());
  }

  public Journal(Path stateDir, java.time.InstantSource clock) {
    this.clock = clock;
    try {
      Files.createDirectories(stateDir);
      SqliteNative.prepare(stateDir);
      db = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve("journal.db"));
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
            + " cluster TEXT NOT NULL, revision TEXT NOT NULL, node TEXT NOT NULL, type TEXT NOT NULL,"
            + " message TEXT NOT NULL)");
        StatusStore.createTables(s);
        ClusterState.createTable(s);
      }
    } catch (java.io.IOException | SQLException e) {
      throw new PlumbException("cannot open the journal in " + stateDir + ": " + e.getMessage(), e);
    }
  }

  Connection connection() {
    return db;
  }

  Instant now() {
    return clock.instant();
  }

  public synchronized void append(String cluster, String revision, String node, String type, String message) {
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO events (at, cluster, revision, node, type, message) VALUES (?, ?, ?, ?, ?, ?)")) {
      p.setString(1, AT.format(clock.instant()));
      p.setString(2, cluster);
      p.setString(3, revision);
      p.setString(4, node);
      p.setString(5, type);
      p.setString(6, message);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new PlumbException("cannot write the journal: " + e.getMessage(), e);
    }
  }

  /** The newest events, newest last. */
  public synchronized List<Event> tail(int n) {
    List<Event> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(
        "SELECT id, at, cluster, revision, node, type, message FROM events ORDER BY id DESC LIMIT ?")) {
      p.setInt(1, n);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(0, new Event(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4),
              r.getString(5), r.getString(6), r.getString(7)));
        }
      }
    } catch (SQLException e) {
      throw new PlumbException("cannot read the journal: " + e.getMessage(), e);
    }
    return out;
  }

  /** The newest {@code n} events of the given types, newest last. */
  public synchronized List<Event> tail(java.util.Collection<String> types, int n) {
    List<Event> out = new ArrayList<>();
    String marks = String.join(", ", java.util.Collections.nCopies(types.size(), "?"));
    try (PreparedStatement p = db.prepareStatement("SELECT id, at, cluster, revision, node, type, message FROM events"
        + " WHERE type IN (" + marks + ") ORDER BY id DESC LIMIT ?")) {
      int i = 1;
      for (String t : types) {
        p.setString(i++, t);
      }
      p.setInt(i, n);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(0, new Event(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4),
              r.getString(5), r.getString(6), r.getString(7)));
        }
      }
    } catch (SQLException e) {
      throw new PlumbException("cannot read the journal: " + e.getMessage(), e);
    }
    return out;
  }

  /** How many events the journal holds. */
  public synchronized long size() {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM events")) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException e) {
      throw new PlumbException("cannot read the journal: " + e.getMessage(), e);
    }
  }

  /** Deletes the events older than the retention's age, then all but its newest count; returns how many. */
  public synchronized int prune(Retention retention) {
    try (PreparedStatement age = db.prepareStatement("DELETE FROM events WHERE at < ?");
        PreparedStatement count = db.prepareStatement(
            "DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
      age.setString(1, AT.format(clock.instant().minus(retention.maxAge())));
      int n = age.executeUpdate();
      count.setInt(1, retention.maxEvents());
      return n + count.executeUpdate();
    } catch (SQLException e) {
      throw new PlumbException("cannot prune the journal: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing: nothing left to protect
    }
  }
}
