package dev.unlearning.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The project names a setting or a result by what it is, or by its date or commit, never by the work period it came
 * from ("session 5's setting"): a reader of the repository has no such periods. This scans every text file of the
 * repository (not build outputs or benchmark scratch) for such names.
 */
class WorkPeriodNamesTest {

  /** "session 5", "sessions 4-6", "this session", "the previous session's" and the like. */
  static final Pattern WORK_PERIOD = Pattern.compile(
      "(?i)\\bsessions?\\s+\\d+|\\b(this|that|previous|next|last|earlier|later|same|one|each|every)\\s+session\\b"
          + "|\\bsession's\\b");
  private static final Set<String> TEXT = Set.of("md", "java", "yml", "yaml", "txt", "sh", "py", "json", "properties",
      "lua", "xml", "tpl", "pbtxt", "cfg", "toml");
  // This file holds the names it looks for, as examples.
  private static final Path SELF = Path.of("src/test/java/dev/unlearning/docs/WorkPeriodNamesTest.java");

  @Test
  void noFileNamesAWorkPeriod() throws IOException {
    List<Path> files = RepositoryFiles.matching(p -> !p.equals(SELF)
        && (TEXT.contains(extension(p)) || p.startsWith(".ci")));
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      found.addAll(linesNamingAWorkPeriod(file));
    }
    assertThat(found).as("name the setting or result by what it is, its date or its commit").isEmpty();
    assertThat(files).as("text files scanned").hasSizeGreaterThan(100);
  }

  @Test
  void theCheckFindsTheNamesItIsFor() {
    assertThat(WORK_PERIOD.matcher("session 5's recommendation").find()).isTrue();
    assertThat(WORK_PERIOD.matcher("the previous session's seed-1-only run").find()).isTrue();
    assertThat(WORK_PERIOD.matcher("Sessions 4 and 5").find()).isTrue();
    assertThat(WORK_PERIOD.matcher("done in this session").find()).isTrue();
    assertThat(WORK_PERIOD.matcher("AWS_SESSION_TOKEN for temporary keys").find()).isFalse();
    assertThat(WORK_PERIOD.matcher("AwsSessionCredentials.create(id, secret, token)").find()).isFalse();
    assertThat(WORK_PERIOD.matcher("the anchor-and-replay setting (2026-11-27 17:11)").find()).isFalse();
  }

  private static List<String> linesNamingAWorkPeriod(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (MalformedInputException e) {
      return List.of(); // not UTF-8 text
    }
    return IntStream.range(0, lines.size()).filter(i -> WORK_PERIOD.matcher(lines.get(i)).find())
        .mapToObj(i -> file + ":" + (i + 1) + ": " + lines.get(i).strip()).toList();
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
