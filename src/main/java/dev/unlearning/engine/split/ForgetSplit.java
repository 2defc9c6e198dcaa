package dev.unlearning.engine.split;

import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * The split of the training indices into a forget set and a retain set, both sorted ascending, disjoint, and together
 * covering 0..N-1.
 */
public final class ForgetSplit {

  private final int[] forget;
  private final int[] retain;

  private ForgetSplit(BitSet forgotten, int n) {
    int f = forgotten.cardinality();
    if (f == 0) {
      throw new InvalidInputException("spec.forget: the forget set is empty; nothing to unlearn");
    }
    if (f == n) {
      throw new InvalidInputException("spec.forget: the forget set covers all " + n
          + " training samples, so the retain set to fine-tune on is empty");
    }
    forget = forgotten.stream().toArray();
    retain = new int[n - f];
    int r = 0;
    for (int i = forgotten.nextClearBit(0); i < n; i = forgotten.nextClearBit(i + 1)) {
      retain[r++] = i;
    }
  }

  /** This split's forget set together with {@code earlier}'s (a chained run's ancestors'): the retain set shrinks. */
  public ForgetSplit union(ForgetSplit earlier) {
    int n = forget.length + retain.length;
    BitSet both = new BitSet(n);
    for (int i : forget) {
      both.set(i);
    }
    for (int i : earlier.forget) {
      both.set(i);
    }
    return new ForgetSplit(both, n);
  }

  /** Sorted forget indices (a copy). */
  public int[] forget() { return forget.clone(); }

  /** Sorted retain indices (a copy). */
  public int[] retain() { return retain.clone(); }

  public int forgetSize() { return forget.length; }

  public int retainSize() { return retain.length; }

  /**
   * Forgets the first ceil(fraction * n) entries of a seeded Fisher-Yates permutation of 0..n-1. The permutation uses
   * {@link java.util.Random}, whose algorithm the Java specification fixes, so a seed selects the same samples on every
   * machine and JVM (deliberately not DJL/torch random numbers, which depend on the native library and device).
   */
  public static ForgetSplit byFraction(int n, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new InvalidInputException("spec.forget.fraction: must be > 0 and < 1 (got " + fraction + ")");
    }
    int[] perm = permutation(n, seed);
    // Ceiling of the decimal product: 0.07 * 100 is 7.000000000000001 in doubles but means 7 samples.
    int count = new BigDecimal(Double.toString(fraction)).multiply(BigDecimal.valueOf(n))
        .setScale(0, RoundingMode.CEILING).min(BigDecimal.valueOf(n)).intValueExact();
    BitSet forgotten = new BitSet(n);
    for (int i = 0; i < count; i++) {
      forgotten.set(perm[i]);
    }
    return new ForgetSplit(forgotten, n);
  }

  /** Forgets every sample whose label is one of {@code classes}. */
  public static ForgetSplit byClasses(int n, IntUnaryOperator labelOf, List<Integer> classes) {
    BitSet wanted = new BitSet();
    for (Integer c : classes) {
      if (c == null || c < 0) {
        throw new InvalidInputException("spec.forget.classes: class " + c + " is not a valid class index");
      }
      wanted.set(c);
    }
    BitSet forgotten = new BitSet(n);
    for (int i = 0; i < n; i++) {
      if (wanted.get(labelOf.applyAsInt(i))) {
        forgotten.set(i);
      }
    }
    if (forgotten.isEmpty()) {
      throw new InvalidInputException("spec.forget.classes: no training sample has class " + classes
          + ", so the forget set is empty");
    }
    return new ForgetSplit(forgotten, n);
  }

  /**
   * Forgets the indices listed in a text file: one 0-based index per line; blank lines and lines starting with '#'
   * are ignored, as is anything after a '#'. An index listed twice is forgotten once (a removal request may repeat
   * itself). An index outside 0..n-1 or a line that is not a number is an error naming the file and line: it most
   * likely means the file belongs to another dataset.
   */
  public static ForgetSplit fromFile(int n, Path file) {
    return fromFile(n, file, "spec.forget.indicesFile");
  }

  /** The same, naming {@code field} in its messages (a chained run's inherited forget-indices.txt). */
  public static ForgetSplit fromFile(int n, Path file, String field) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(field + ": file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new InvalidInputException(field + ": file " + file + " cannot be read: " + e.getMessage(), e);
    }
    BitSet forgotten = new BitSet(n);
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln);
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (text.isEmpty()) {
        continue;
      }
      long index;
      try {
        index = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new InvalidInputException(field + ": " + file + " line " + (ln + 1)
            + " is not a sample index: '" + text + "'");
      }
      if (index < 0 || index >= n) {
        throw new InvalidInputException(field + ": " + file + " line " + (ln + 1) + " has index " + index
            + ", outside the training set 0.." + (n - 1));
      }
      forgotten.set((int) index);
    }
    if (forgotten.isEmpty()) {
      throw new InvalidInputException(field + ": " + file + " lists no index, so the forget set is empty");
    }
    return new ForgetSplit(forgotten, n);
  }

  /** At most {@code max} of {@code indices}, the first of a seeded permutation, sorted: a fixed subset to measure on. */
  public static int[] sample(int[] indices, int max, long seed) {
    int[] perm = permutation(indices.length, seed);
    int[] out = new int[Math.min(max, indices.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = indices[perm[i]];
    }
    Arrays.sort(out);
    return out;
  }

  /** A seeded Fisher-Yates permutation of 0..n-1. */
  public static int[] permutation(int n, long seed) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }

  /** The content of forget-indices.txt: the sorted forget indices, one per line, '\n'-terminated. */
  public byte[] forgetIndicesFile() {
    StringBuilder sb = new StringBuilder(forget.length * 6);
    for (int i : forget) {
      sb.append(i).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Lower-case hex SHA-256 of {@code content}. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "ForgetSplit[forget=" + forget.length + ", retain=" + retain.length + ", first=" 
        + Arrays.toString(Arrays.copyOf(forget, Math.min(5, forget.length))) + "]";
  }
}
