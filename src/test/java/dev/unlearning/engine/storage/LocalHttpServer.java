package dev.unlearning.engine.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An HTTP(S) server on 127.0.0.1 for the download tests (the JDK's com.sun.net.httpserver): serves fixed files, can
 * fail the first N requests with a status, and counts requests.
 */
final class LocalHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;

  private LocalHttpServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  static LocalHttpServer http() throws IOException {
    return new LocalHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  static LocalHttpServer https(SSLContext tls) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new LocalHttpServer(server);
  }

  LocalHttpServer file(String path, byte[] content) {
    files.put(path, content);
    return this;
  }

  /** Answers {@code path} with {@code status} and no body. */
  LocalHttpServer status(String path, int status) {
    statuses.put(path, status);
    return this;
  }

  /** The next {@code n} requests, whatever their path, get {@code status}. */
  LocalHttpServer failNext(int n, int status) {
    failureStatus = status;
    failuresLeft.set(n);
    return this;
  }

  String url(String path) {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  String endpoint() {
    return url("");
  }

  /** Method and path (with query) of every request so far, and the AWS SDK's attempt header when sent. */
  List<String> requests() {
    return requests;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String attempt = exchange.getRequestHeaders().getFirst("amz-sdk-request"); // the AWS SDK's attempt counter
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (attempt != null ? " " + attempt : ""));
      String path = exchange.getRequestURI().getPath();
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        byte[] body = "<Error><Code>SlowDown</Code><Message>try again</Message></Error>".getBytes();
        exchange.sendResponseHeaders(failureStatus, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      Integer status = statuses.get(path);
      byte[] content = files.get(path);
      if (status != null || content == null) {
        exchange.sendResponseHeaders(status != null ? status : 404, -1);
        return;
      }
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, head ? -1 : content.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(content);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
