package dev.unlearning.bench;

import dev.unlearning.engine.split.ForgetSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes the forget sets of the quality matrix's eval protocol (UnlearningMatrix: ForgetSplit.byFraction over the whole
 * training set, per seed and forget fraction) as {@code forget-seed<S>-fraction<F>.txt}, one training index per line,
 * for a model retrained outside the worker (bench/train_small_cnn.py --exclude). Not a test.
 *
 * <p>Usage: MatrixSplits OUT_DIR TRAIN_SIZE SEEDS FRACTIONS, e.g. {@code out 60000 1,2,3 0.01,0.1,0.2}
 */
public final class MatrixSplits {

  private MatrixSplits() {}

  public static void main(String[] args) throws IOException {
    Path out = Files.createDirectories(Path.of(args[0]));
    int size = Integer.parseInt(args[1]);
    for (String seed : args[2].split(",")) {
      for (String fraction : args[3].split(",")) {
        int[] forget = ForgetSplit.byFraction(size, Double.parseDouble(fraction), Long.parseLong(seed)).forget();
        Files.writeString(out.resolve("forget-seed" + seed + "-fraction" + fraction + ".txt"),
            Arrays.stream(forget).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n")));
      }
    }
  }
}
