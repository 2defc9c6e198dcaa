package dev.unlearning.bench;

import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's calls to the mock API server, by verb and resource ("GET pods/log", "PATCH unlearningrequests/status",
 * "WATCH pods"), told apart from the benchmark's own (which play the user and the cluster) by their user agent.
 */
final class ApiCalls {

  static final String BENCH_USER_AGENT = "unlearning-load-benchmark";
  // /api/v1/namespaces/ns/pods/name/log, /apis/batch/v1/jobs, /apis/coordination.k8s.io/v1/namespaces/ns/leases/x
  private static final Pattern PATH = Pattern.compile(
      "^/apis?/(?:[^/]+/)?v[^/]+(?:/namespaces/[^/]+)?/([^/?]+)(/[^/?]+)?(/[^/?]+)?(?:\\?(.*))?$");

  private ApiCalls() {}

  /** Takes every request recorded so far and counts the operator's by "VERB resource[/subresource]". */
  static Map<String, Integer> drain(DefaultMockServer server) throws InterruptedException {
    Map<String, Integer> counts = new TreeMap<>();
    RecordedRequest call;
    while ((call = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (!BENCH_USER_AGENT.equals(call.getHeader("User-Agent"))) {
        counts.merge(key(call.getMethod(), call.getPath()), 1, Integer::sum);
      }
    }
    return counts;
  }

  static String key(String method, String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return method + " " + path.replaceAll("\\?.*", "");
    }
    String resource = m.group(1);
    boolean named = m.group(2) != null;
    String sub = m.group(3) == null ? "" : m.group(3);
    String query = m.group(4) == null ? "" : m.group(4);
    String verb = switch (method) {
      case "GET" -> query.contains("watch=true") ? "WATCH" : named ? "GET" : "LIST";
      case "POST" -> "CREATE";
      case "PUT" -> "UPDATE";
      default -> method;
    };
    return verb + " " + resource + sub;
  }

  /** Adds {@code more} into {@code total}. */
  static void add(Map<String, Integer> total, Map<String, Integer> more) {
    more.forEach((k, v) -> total.merge(k, v, Integer::sum));
  }

  static int sum(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
