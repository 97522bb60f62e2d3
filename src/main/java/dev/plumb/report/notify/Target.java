package dev.plumb.report.notify;

import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * One receiver of notifications (a chat webhook, a generic JSON webhook, a forge's commit status
 * API): turns an event into the HTTP request that delivers it, or none when the receiver does not
 * care about that kind of event. Pure: sending and retrying belong to {@link Dispatcher}.
 */
public interface Target {
  /** A name for logs and metrics, never the URL (chat webhook URLs embed their token). */
  String name();

  Optional<HttpRequest> request(RolloutEvent event);
}
