package dev.unlearning.engine.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForgetSplitTest {

  @TempDir
  Path tmp;

  @Test
  void fractionIsDeterministicSizedDisjointAndCovering() {
    ForgetSplit a = ForgetSplit.byFraction(1000, 0.123, 42);
    ForgetSplit b = ForgetSplit.byFraction(1000, 0.123, 42);
    assertThat(a.forget()).containsExactly(b.forget());
    assertThat(a.forgetSize()).isEqualTo(123); // ceil(0.123 * 1000)
    assertThat(a.retainSize()).isEqualTo(877);
    assertPartition(a, 1000);
    assertThat(ForgetSplit.byFraction(1000, 0.123, 43).forget()).isNotEqualTo(a.forget());
  }

  @Test
  void permutationIsPinnedAcrossMachines() {
    // java.util.Random's algorithm is fixed by the Java specification; these values guard against anyone swapping the
    // generator or the shuffle, which would silently change which samples a seed forgets.
    assertThat(ForgetSplit.permutation(10, 42)).containsExactly(4, 6, 2, 1, 7, 9, 8, 5, 3, 0);
    int[] p = ForgetSplit.permutation(500, 7);
    assertThat(Arrays.stream(p).sorted().toArray()).containsExactly(IntStream.range(0, 500).toArray());
  }

  @Test
  void fractionCountIsTheCeilingOfTheDecimalProduct() {
    // 0.07 * 100 is 7.000000000000001 in binary floating point; the request means exactly 7 samples.
    assertThat(0.07 * 100).isGreaterThan(7.0);
    assertThat(ForgetSplit.byFraction(100, 0.07, 1).forgetSize()).isEqualTo(7);
    assertThat(ForgetSplit.byFraction(100, 0.071, 1).forgetSize()).isEqualTo(8);
    assertThat(ForgetSplit.byFraction(10_000, 0.1, 42).forgetSize()).isEqualTo(1000);
  }

  @Test
  void classesForgetEveryMatchingSample() {
    int[] labels = IntStream.range(0, 100).map(i -> i % 5).toArray();
    ForgetSplit s = ForgetSplit.byClasses(100, i -> labels[i], List.of(1, 3));
    assertThat(s.forgetSize()).isEqualTo(40);
    assertThat(Arrays.stream(s.forget()).allMatch(i -> labels[i] == 1 || labels[i] == 3)).isTrue();
    assertThat(Arrays.stream(s.retain()).noneMatch(i -> labels[i] == 1 || labels[i] == 3)).isTrue();
    assertPartition(s, 100);
  }

  @Test
  void indicesFileWithCommentsBlanksAndDuplicates() throws IOException {
    Path f = tmp.resolve("remove.txt");
    Files.writeString(f, "# removal request 17\n5\n\n  3  \n5 # again\n99\n", StandardCharsets.UTF_8);
    ForgetSplit s = ForgetSplit.fromFile(100, f);
    assertThat(s.forget()).containsExactly(3, 5, 99);
    assertPartition(s, 100);
    assertThat(new String(s.forgetIndicesFile(), StandardCharsets.US_ASCII)).isEqualTo("3\n5\n99\n");
    assertThat(ForgetSplit.sha256(s.forgetIndicesFile()))
        .isEqualTo(ForgetSplit.sha256("3\n5\n99\n".getBytes(StandardCharsets.US_ASCII)))
        .hasSize(64);
  }

  @Test
  void indicesFileErrorsNameFileAndLine() throws IOException {
    Path bad = tmp.resolve("bad.txt");
    Files.writeString(bad, "1\n2\nthree\n");
    assertThatThrownBy(() -> ForgetSplit.fromFile(10, bad)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spec.forget.indicesFile").hasMessageContaining(bad.toString())
        .hasMessageContaining("line 3");
    Path outOfRange = tmp.resolve("range.txt");
    Files.writeString(outOfRange, "1\n10\n");
    assertThatThrownBy(() -> ForgetSplit.fromFile(10, outOfRange)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 2").hasMessageContaining("index 10");
    Path negative = tmp.resolve("neg.txt");
    Files.writeString(negative, "-1\n");
    assertThatThrownBy(() -> ForgetSplit.fromFile(10, negative)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> ForgetSplit.fromFile(10, tmp.resolve("missing.txt")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing.txt");
  }

  @Test
  void emptyForgetOrRetainIsInvalid() throws IOException {
    Path empty = tmp.resolve("empty.txt");
    Files.writeString(empty, "# nothing\n\n");
    assertThatThrownBy(() -> ForgetSplit.fromFile(10, empty)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("forget set is empty");
    Path all = tmp.resolve("all.txt");
    Files.writeString(all, "0\n1\n2\n");
    assertThatThrownBy(() -> ForgetSplit.fromFile(3, all)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("retain set").hasMessageContaining("empty");
    assertThatThrownBy(() -> ForgetSplit.byClasses(4, i -> i % 2, List.of(0, 1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("retain set");
    assertThatThrownBy(() -> ForgetSplit.byClasses(4, i -> i % 2, List.of(7)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("spec.forget.classes");
    // ceil(0.9 * 5) = 5: everything forgotten
    assertThatThrownBy(() -> ForgetSplit.byFraction(5, 0.9, 1)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("retain set");
    assertThatThrownBy(() -> ForgetSplit.byFraction(5, 1.0, 1)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spec.forget.fraction");
  }

  private static void assertPartition(ForgetSplit s, int n) {
    int[] all = IntStream.concat(Arrays.stream(s.forget()), Arrays.stream(s.retain())).sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, n).toArray());
    assertThat(s.forget()).isSorted();
    assertThat(s.retain()).isSorted();
  }
}
