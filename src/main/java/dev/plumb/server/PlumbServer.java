package dev.plumb.server;

import dev.plumb.fleet.PlumbException;
import dev.plumb.report.PlumbMetrics;
import dev.plumb.report.StatusFiles;
import dev.plumb.report.StatusReport;
import dev.plumb.server.webhook.WebhookReceiver;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The daemon's HTTP server (Javalin on Jetty): probes, Prometheus metrics, the status API, the
 * control endpoints and webhooks. Reads answer anyone who can reach the address; every mutating
 * endpoint needs the configured bearer token. Nothing secret is in any response.
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the process serves;
 *   <li>{@code GET /readyz}: 200 once the first reconcile has observed every cluster, else 503;
 *   <li>{@code GET /metrics}: Prometheus text format;
 *   <li>{@code GET /api/v1/status}: the status as {@code plumb status --output json} prints it;
 *   <li>{@code POST /api/v1/sync}, {@code POST /api/v1/clusters/NAME/suspend|resume}: bearer token;
 *   <li>{@code POST /webhook}: GitHub, GitLab, Gitea, Forgejo, Bitbucket and generic pushes;
 *   <li>{@code GET /netboot/v1/CLUSTER/config}: with netboot on, a booting machine's config
 *       ({@link NetbootEndpoint}).
 * </ul>
 */
public final class PlumbServer implements AutoCloseable {
  /** What the server acts on; the daemon implements it. */
  public interface Controls {
    void syncNow(String why);

    void suspend(String cluster, boolean on);

    boolean knows(String cluster);
  }

  private final Javalin app;

  public PlumbServer(ServerConfig cfg, Supplier<StatusReport> status, BooleanSupplier ready, PlumbMetrics metrics,
      WebhookReceiver webhooks, Controls controls) {
    this(cfg, status, ready, metrics, webhooks, controls, java.util.Optional.empty());
  }

  /** With {@code git}: also serves the fleet repository at {@link GitEndpoint#PATH}. */
  public PlumbServer(ServerConfig cfg, Supplier<StatusReport> status, BooleanSupplier ready, PlumbMetrics metrics,
      WebhookReceiver webhooks, Controls controls, java.util.Optional<jakarta.servlet.Servlet> git) {
    this(cfg, status, ready, metrics, webhooks, controls, git, java.util.Optional.empty());
  }

  /** With {@code netboot}: also serves booting machines their configs at {@link NetbootEndpoint#PATH}. */
  public PlumbServer(ServerConfig cfg, Supplier<StatusReport> status, BooleanSupplier ready, PlumbMetrics metrics,
      WebhookReceiver webhooks, Controls controls, java.util.Optional<jakarta.servlet.Servlet> git,
      java.util.Optional<NetbootEndpoint> netboot) {
    this.app = Javalin.create(c -> {
      netboot.ifPresent(n -> c.routes.get(NetbootEndpoint.PATH, ctx -> netboot(ctx, n)));
      git.ifPresent(servlet -> c.jetty.modifyServletContextHandler(h ->
          h.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(servlet), GitEndpoint.PATH)));
      c.startup.showJavalinBanner = false;
      c.http.maxRequestSize = cfg.maxBodyBytes();
      if (cfg.tlsCert().isPresent() && cfg.tlsKey().isPresent()) {
        var tls = ServerTls.context(cfg.tlsCert().get(), cfg.tlsKey().get());
        HostPort hp = HostPort.parse(cfg.listen());
        c.jetty.addConnector((server, http) -> {
          ServerConnector conn = new ServerConnector(server, tls);
          conn.setHost(hp.host());
          conn.setPort(hp.port());
          return conn;
        });
      }
      c.routes.get("/healthz", ctx -> ctx.result("ok"));
      c.routes.get("/readyz", ctx -> {
        boolean r = ready.getAsBoolean();
        ctx.status(r ? 200 : 503).result(r ? "ready" : "not ready: the first reconcile has not observed every cluster yet");
      });
      c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
      c.routes.get("/api/v1/status", ctx -> ctx.contentType("application/json").result(StatusFiles.toJson(status.get())));
      c.routes.post("/api/v1/sync", ctx -> {
        if (authorized(ctx, cfg)) {
          controls.syncNow("api request");
          ctx.status(202).result("reconcile queued");
        }
      });
      c.routes.post("/api/v1/clusters/{name}/{action}", ctx -> cluster(ctx, cfg, controls));
      c.routes.post("/webhook", ctx -> webhook(ctx, webhooks, metrics));
    });
  }

  /** Starts listening; returns the bound port (useful when the config says port 0). */
  public int start(ServerConfig cfg) {
    HostPort hp = HostPort.parse(cfg.listen());
    try {
      app.start(hp.host(), hp.port());
    } catch (RuntimeException e) {
      throw new PlumbException("cannot listen on " + cfg.listen() + ": " + e.getMessage(), e);
    }
    return app.port();
  }

  private static void cluster(Context ctx, ServerConfig cfg, Controls controls) {
    if (!authorized(ctx, cfg)) {
      return;
    }
    String name = ctx.pathParam("name");
    String action = ctx.pathParam("action");
    if (!action.equals("suspend") && !action.equals("resume")) {
      ctx.status(404).result("unknown action '" + action + "' (suspend or resume)");
    } else if (!controls.knows(name)) {
      ctx.status(404).result("no cluster '" + name + "' in the fleet repository");
    } else {
      controls.suspend(name, action.equals("suspend"));
      ctx.status(200).result("cluster " + name + ": " + (action.equals("suspend") ? "suspended" : "resumed"));
    }
  }

  private static void webhook(Context ctx, WebhookReceiver receiver, PlumbMetrics metrics) {
    Map<String, String> headers = new LinkedHashMap<>(ctx.headerMap());
    WebhookReceiver.Reply r = receiver.receive(headers, ctx.contentType(), ctx.bodyAsBytes());
    metrics.webhook(r.provider(), r.status());
    ctx.status(r.status()).result(r.message());
  }

  private static void netboot(Context ctx, NetbootEndpoint n) {
    NetbootEndpoint.Reply r = n.serve(ctx.pathParam("cluster"), ctx.queryParam("uuid"), ctx.queryParam("mac"),
        ctx.queryParam("token"), ctx.ip());
    if (r.config().isPresent()) {
      ctx.header("Cache-Control", "no-store").contentType("application/yaml").result(r.config().get().reveal());
    } else {
      ctx.status(r.status()).result(r.message());
    }
  }

  /** Bearer token, compared in constant time; 403 when none is configured, 401 when it is wrong. */
  private static boolean authorized(Context ctx, ServerConfig cfg) {
    if (cfg.token().isEmpty()) {
      ctx.status(403).result("no API token is configured (server.tokenFile); mutating endpoints are off");
      return false;
    }
    String h = ctx.header("Authorization");
    byte[] got = h != null && h.startsWith("Bearer ") ? h.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(got, cfg.token().get().reveal())) {
      ctx.status(401).header("WWW-Authenticate", "Bearer").result("a valid bearer token is required");
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    app.stop();
  }
}
