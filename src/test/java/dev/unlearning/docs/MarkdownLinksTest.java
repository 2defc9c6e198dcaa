package dev.unlearning.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every relative link of the project's Markdown files reaches a file, and every #anchor a heading there. */
class MarkdownLinksTest {

  // [text](target) and [text](target "title"), not images' remote sources or autolinks
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : markdownFiles()) {
      for (String target : links(page)) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*") || target.startsWith("//")) {
          continue; // http(s), mailto: not this test's business
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent() == null ? Path.of(file)
            : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(page + ": " + target + " (no " + resolved + ")");
        } else if (hash >= 0 && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(page + ": " + target + " (no heading #" + target.substring(hash + 1) + " in " + resolved + ")");
        }
      }
    }
    assertThat(broken).isEmpty();
    assertThat(checked).as("relative links checked").isGreaterThan(20);
  }

  @Test
  void anchorsAreMadeAsGitHubMakesThem() {
    assertThat(slug("Live progress")).isEqualTo("live-progress");
    assertThat(slug("5. Observe")).isEqualTo("5-observe");
    assertThat(slug("`run -f`: the same YAML, locally")).isEqualTo("run--f-the-same-yaml-locally");
  }

  static List<Path> markdownFiles() throws IOException {
    return RepositoryFiles.matching(p -> p.toString().endsWith(".md"));
  }

  // The page's text outside code blocks and code spans, whole: a link's text may run over a line break.
  private static List<String> links(Path page) throws IOException {
    StringBuilder prose = new StringBuilder();
    boolean code = false;
    for (String line : Files.readAllLines(page)) {
      if (FENCE.matcher(line).find()) {
        code = !code;
      } else if (!code) {
        prose.append(line.replaceAll("`[^`]*`", "")).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(prose);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Set<String> anchors(Path page) throws IOException {
    Set<String> out = new HashSet<>();
    Set<String> seen = new HashSet<>();
    boolean code = false;
    for (String line : Files.readAllLines(page)) {
      if (FENCE.matcher(line).find()) {
        code = !code;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (!code && m.matches()) {
        String slug = slug(m.group(1));
        String unique = slug;
        for (int i = 1; !seen.add(unique); i++) {
          unique = slug + "-" + i;
        }
        out.add(unique);
      }
    }
    return out;
  }

  /** GitHub's heading anchor: lower case, markup and punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
