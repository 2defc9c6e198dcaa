package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.unlearning.deploy.EngineWarmup;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Dockerfiles (no Docker engine in CI): parsed and checked against the build, DJL and config/. */
class DockerfilesTest {

  /** One instruction of a Dockerfile, continuation lines joined. */
  record Instruction(int stage, String keyword, String args) {}

  /** Instructions of a Dockerfile; stage -1 holds the global ARGs before the first FROM. */
  static List<Instruction> parse(String path) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int stage = -1;
    for (String line : Manifests.read(Manifests.path(path)).split("\n")) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String[] parts = current.toString().split("\\s+", 2);
      String keyword = parts[0].toUpperCase();
      if (keyword.equals("FROM")) {
        stage++;
      }
      out.add(new Instruction(stage, keyword, parts.length > 1 ? parts[1].strip() : ""));
      current.setLength(0);
    }
    return out;
  }

  static List<Instruction> finalStage(List<Instruction> all) {
    int last = all.get(all.size() - 1).stage();
    return all.stream().filter(i -> i.stage() == last).toList();
  }

  static List<Instruction> of(List<Instruction> instructions, String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  /** ARG defaults, global and of the final stage. */
  static Map<String, String> argDefaults(List<Instruction> all) {
    Map<String, String> out = new LinkedHashMap<>();
    int last = all.get(all.size() - 1).stage();
    for (Instruction i : all) {
      if (i.keyword().equals("ARG") && (i.stage() == -1 || i.stage() == last) && i.args().contains("=")) {
        String[] kv = i.args().split("=", 2);
        out.put(kv[0], kv[1]);
      }
    }
    return out;
  }

  /** ENV settings in order (KEY=VALUE pairs, several per instruction). */
  static Map<String, Integer> envPositions(List<Instruction> stage) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Pattern kv = Pattern.compile("(\\w+)=(\\S+)");
    for (int n = 0; n < stage.size(); n++) {
      if (stage.get(n).keyword().equals("ENV")) {
        Matcher m = kv.matcher(stage.get(n).args());
        while (m.find()) {
          out.put(m.group(1) + "=" + m.group(2), n);
        }
      }
    }
    return out;
  }

  static String baseImage(List<Instruction> all) {
    String from = of(finalStage(all), "FROM").get(0).args().split("\\s+")[0];
    Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(from);
    return m.matches() ? argDefaults(all).get(m.group(1)) : from;
  }

  static List<String> execForm(Instruction i) {
    return Manifests.JSON.convertValue(parseJson(i.args()), new TypeReference<List<String>>() {});
  }

  private static JsonNode parseJson(String text) {
    try {
      return Manifests.JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not an exec-form JSON array: " + text, e);
    }
  }

  static int finalUser(List<Instruction> stage) {
    List<Instruction> users = of(stage, "USER");
    assertThat(users).as("USER instruction").isNotEmpty();
    String user = users.get(users.size() - 1).args();
    // A build argument (the worker's WORKER_UID) is numeric in the image once its default is substituted.
    for (Instruction arg : of(stage, "ARG")) {
      String[] kv = arg.args().split("=", 2);
      if (kv.length == 2) {
        user = user.replace("${" + kv[0] + "}", kv[1]);
      }
    }
    assertThat(user).as("numeric USER, so that runAsNonRoot can verify it").matches("\\d+(:\\d+)?");
    return Integer.parseInt(user.split(":")[0]);
  }

  static int indexOf(List<Instruction> stage, String keyword, String contains) {
    for (int n = 0; n < stage.size(); n++) {
      if (stage.get(n).keyword().equals(keyword) && stage.get(n).args().contains(contains)) {
        return n;
      }
    }
    throw new AssertionError("no " + keyword + " containing '" + contains + "'");
  }

  static void assertCommonLayout(List<Instruction> all, String command) {
    List<Instruction> stage = finalStage(all);
    assertThat(of(stage, "COPY")).extracting(Instruction::args).anyMatch(a -> a.matches(".*target/quarkus-app/? /deployments/?$"));
    indexOf(stage, "RUN", "/deployments/lib/main/ai.djl.pytorch.pytorch-native-");
    assertThat(finalUser(stage)).as("non-root user").isPositive();
    List<String> entrypoint = execForm(of(stage, "ENTRYPOINT").get(0));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", "/deployments/quarkus-run.jar");
    assertThat(execForm(of(stage, "CMD").get(0))).containsExactly(command);
  }

  @Test
  void operatorImageIsASmallJvmWithoutLibtorch() {
    List<Instruction> all = parse("src/main/docker/Dockerfile.operator");
    assertCommonLayout(all, "operator");
    String base = baseImage(all);
    assertThat(base).contains("17").doesNotContain("cuda").doesNotContain(":latest");
    assertThat(base).matches(".*(openjdk-17-runtime|17-jre).*");
    List<Instruction> stage = finalStage(all);
    assertThat(of(stage, "ENV")).extracting(Instruction::args).noneMatch(a -> a.contains("DJL") || a.contains("PYTORCH"));
    assertThat(of(stage, "RUN")).extracting(Instruction::args).noneMatch(a -> a.contains("EngineWarmup"));

    // The Deployment in config/ runs it as that user and probes the port it exposes.
    JsonNode deployment = Manifests.single(Manifests.rawTree(Manifests.path("config/manager")), "Deployment");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(finalUser(stage));
    assertThat(of(stage, "EXPOSE").get(0).args())
        .isEqualTo(InstallManifestsTest.container(deployment).path("ports").get(0).path("containerPort").asText());
  }

  @Test
  void workerImageHasTheCudaLibtorchDjlNeedsAndRunsOffline() throws Exception {
    List<Instruction> all = parse("src/main/docker/Dockerfile.worker");
    assertCommonLayout(all, "worker");
    Map<String, String> args = argDefaults(all);
    String flavor = args.get("PYTORCH_FLAVOR");

    // DJL 0.36's JNI jar ships a library for this flavor, and the CUDA base image matches it (cu128 = CUDA 12.8).
    assertThat(flavor).matches("cu\\d{3}");
    assertThat(getClass().getClassLoader().getResource("jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"))
        .as("pytorch-jni has a " + flavor + " build").isNotNull();
    String cuda = flavor.substring(2, 4) + "." + flavor.substring(4);
    assertThat(baseImage(all)).startsWith("nvidia/cuda:" + cuda + ".").contains("runtime").contains("cudnn");
    assertThat(args.get("PYTORCH_VERSION")).isEqualTo(pom().getProperty("pytorch.version"));

    // Build-time warm-up into a fixed cache as the runtime user, then offline.
    List<Instruction> stage = finalStage(all);
    Map<String, Integer> env = envPositions(stage);
    assertThat(env).containsKeys("DJL_CACHE_DIR=/opt/djl/cache", "ENGINE_CACHE_DIR=/opt/djl/cache",
        "PYTORCH_FLAVOR=${PYTORCH_FLAVOR}", "PYTORCH_VERSION=${PYTORCH_VERSION}", "DJL_OFFLINE=true");
    // The class the RUN line starts is this project's warm-up, with a main(String[]) taking the flavor.
    int warmup = indexOf(stage, "RUN", EngineWarmup.class.getName() + " ${PYTORCH_FLAVOR}");
    Method main = EngineWarmup.class.getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers())).as("static main").isTrue();
    assertThat(indexOf(stage, "USER", "${WORKER_UID}")).as("warm-up runs as the runtime user").isLessThan(warmup);
    assertThat(env.get("DJL_OFFLINE=true")).as("offline only after the warm-up").isGreaterThan(warmup);
    assertThat(env.get("DJL_CACHE_DIR=/opt/djl/cache")).isLessThan(warmup);

    // tcmalloc preloaded (bench/run-throughput.sh: the allocator decides the speed), installed before it is preloaded
    // and in effect for the warm-up, so a bad library path fails the build rather than every pod.
    String tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
    int install = indexOf(stage, "RUN", "apt-get install -y --no-install-recommends libtcmalloc-minimal4");
    assertThat(env.get("LD_PRELOAD=" + tcmalloc)).as("LD_PRELOAD of tcmalloc").isNotNull()
        .isGreaterThan(install).isLessThan(warmup);
  }

  @Test
  void containerImagesProfileLeavesOutTheBundledLibtorch() throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Manifests.path("pom.xml").toFile());
    String removed = null;
    NodeList profiles = doc.getElementsByTagName("profile");
    for (int n = 0; n < profiles.getLength(); n++) {
      Element profile = (Element) profiles.item(n);
      if (profile.getElementsByTagName("id").item(0).getTextContent().equals("container-images")) {
        removed = profile.getElementsByTagName("quarkus.class-loading.removed-artifacts").item(0).getTextContent().strip();
      }
    }
    assertThat(removed).as("profile container-images").isNotNull();
    List<String> nativeJars = new ArrayList<>();
    NodeList deps = doc.getElementsByTagName("dependency");
    for (int n = 0; n < deps.getLength(); n++) {
      Element dep = (Element) deps.item(n);
      String artifact = dep.getElementsByTagName("artifactId").item(0).getTextContent();
      if (artifact.startsWith("pytorch-native")) {
        nativeJars.add(dep.getElementsByTagName("groupId").item(0).getTextContent() + ":" + artifact + ":"
            + dep.getElementsByTagName("classifier").item(0).getTextContent());
      }
    }
    assertThat(nativeJars).as("every bundled libtorch is removed from the image package").containsExactly(removed);
    assertThat(Manifests.read(Manifests.path("src/main/docker/build-images.sh"))).contains("-Pcontainer-images");
    assertThat(Manifests.read(Manifests.path(".dockerignore"))).contains("!target/quarkus-app/");
  }

  private static Properties pom() throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Manifests.path("pom.xml").toFile());
    Properties p = new Properties();
    NodeList props = ((Element) doc.getElementsByTagName("properties").item(0)).getChildNodes();
    for (int n = 0; n < props.getLength(); n++) {
      if (props.item(n) instanceof Element e) {
        p.setProperty(e.getTagName(), e.getTextContent().strip());
      }
    }
    return p;
  }
}
