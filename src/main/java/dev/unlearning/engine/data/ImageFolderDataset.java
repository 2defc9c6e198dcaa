package dev.unlearning.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.engine.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;

/**
 * A folder of image files in torchvision's {@code ImageFolder} layout, streamed: the dataset is an index of file names
 * (see {@link ImageFolderIndex}) and images are decoded only when a batch needs them, by a pool of threads that reads
 * ahead of the training loop ({@link PrefetchingBatchReader}). Memory grows with batch size x read-ahead, not with the
 * number of images.
 */
public final class ImageFolderDataset implements ImageDataset {

  /** Without spec.dataset.normalize: pixels scaled to [0,1] only, as torchvision's {@code ToTensor} alone. */
  static final float[] NO_SHIFT = {0f, 0f, 0f};
  static final float[] NO_SCALE = {1f, 1f, 1f};

  private final ImageFolderIndex index;
  private final ImageDecoder decoder;
  private final Normalisation normalisation;
  private final int channels;
  private final int height;
  private final int width;
  private final ExecutorService pool;
  private final int readAhead;

  ImageFolderDataset(ImageFolderIndex index, ImageDecoder decoder, Normalisation normalisation, int channels,
      int height, int width, ExecutorService pool, int readAhead) {
    this.index = index;
    this.decoder = decoder;
    this.normalisation = normalisation;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.pool = pool;
    this.readAhead = readAhead;
  }

  /**
   * Indexes {@code dir/train} and {@code dir/test} (or {@code dir/val}) and fixes the image shape: (channels,
   * imageSize) when spec.dataset.imageSize is given, else the size of the first training image, which every image
   * must then have (checked here from the file headers, so a bad file fails the run before any training).
   */
  public static Datasets.TrainTest load(Path dir, DatasetSpec spec) {
    Path trainDir = dir.resolve("train");
    if (!Files.isDirectory(trainDir)) {
      throw new InvalidInputException("spec.dataset.uri: " + dir + " has no train/ folder (format image-folder: "
          + "train/<class>/<image> and test/<class>/<image>, or val/ for test/)");
    }
    ImageFolderIndex train = ImageFolderIndex.scan(trainDir);
    ImageFolderIndex test = ImageFolderIndex.scan(testDir(dir));
    sameClasses(train, test);

    int channels = spec.effectiveChannels();
    List<Integer> size = spec.getImageSize();
    int height;
    int width;
    if (size != null) {
      height = size.get(0);
      width = size.get(1);
    } else {
      int[] first = ImageDecoder.size(train.file(0));
      width = first[0];
      height = first[1];
      requireSize(train, width, height);
      requireSize(test, width, height);
    }
    Normalisation norm = Normalisation.of(spec.getNormalize(), channels, Arrays.copyOf(NO_SHIFT, channels),
        Arrays.copyOf(NO_SCALE, channels));
    ImageDecoder decoder = new ImageDecoder(channels, height, width, size != null);
    int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = PrefetchingBatchReader.pool(threads);
    return new Datasets.TrainTest(
        new ImageFolderDataset(train, decoder, norm, channels, height, width, pool, 2 * threads),
        new ImageFolderDataset(test, decoder, norm, channels, height, width, pool, 2 * threads));
  }

  static Path testDir(Path dir) {
    Path test = dir.resolve("test");
    Path val = dir.resolve("val");
    boolean hasTest = Files.isDirectory(test);
    boolean hasVal = Files.isDirectory(val);
    if (hasTest && hasVal) {
      throw new InvalidInputException("spec.dataset.uri: " + dir + " has both test/ and val/; keep one of them as the "
          + "test split");
    }
    if (!hasTest && !hasVal) {
      throw new InvalidInputException("spec.dataset.uri: " + dir + " has no test/ (or val/) folder next to train/");
    }
    return hasTest ? test : val;
  }

  private static void sameClasses(ImageFolderIndex train, ImageFolderIndex test) {
    for (String c : test.classes()) {
      if (!train.classes().contains(c)) {
        throw new InvalidInputException("spec.dataset.uri: class folder " + test.root().resolve(c) + " has no "
            + "counterpart in " + train.root() + "; the train and test splits must hold the same class folders");
      }
    }
    for (String c : train.classes()) {
      if (!test.classes().contains(c)) {
        throw new InvalidInputException("spec.dataset.uri: class folder " + train.root().resolve(c) + " has no "
            + "counterpart in " + test.root() + "; the train and test splits must hold the same class folders");
      }
    }
  }

  /** Fails naming the first file (in sample order) whose header is unreadable or gives another size. */
  private static void requireSize(ImageFolderIndex index, int width, int height) {
    IntStream.range(0, index.size()).parallel().mapToObj(i -> {
      try {
        int[] wh = ImageDecoder.size(index.file(i));
        return wh[0] == width && wh[1] == height ? null : ImageDecoder.invalid(index.file(i), "is " + wh[0] + "x"
            + wh[1] + " (width x height) but " + index.file(0) + " is " + width + "x" + height
            + "; all images must have one size unless spec.dataset.imageSize is set");
      } catch (InvalidInputException e) {
        return e;
      }
    }).filter(Objects::nonNull).findFirst().ifPresent(e -> {
      throw e;
    });
  }

  @Override public int size() { return index.size(); }
  @Override public int channels() { return channels; }
  @Override public int height() { return height; }
  @Override public int width() { return width; }
  @Override public int label(int i) { return index.label(i); }

  /** The class folder names; class i is {@code classes().get(i)}. */
  public List<String> classes() { return index.classes(); }

  /** The file of sample {@code i}. */
  public Path file(int i) { return index.file(i); }

  @Override
  public NDList batch(NDManager manager, int[] indices, int from, int to) {
    return toBatch(manager, decode(indices, from, to), indices, from, to);
  }

  @Override
  public BatchReader reader(int[] indices, int batchSize) {
    PrefetchingBatchReader.BatchSource source = new PrefetchingBatchReader.BatchSource() {
      @Override
      public byte[] decode(int[] idx, int from, int to) {
        return ImageFolderDataset.this.decode(idx, from, to);
      }

      @Override
      public NDList toBatch(NDManager manager, byte[] pixels, int[] idx, int from, int to) {
        return ImageFolderDataset.this.toBatch(manager, pixels, idx, from, to);
      }
    };
    return new PrefetchingBatchReader(source, indices, batchSize, pool, readAhead);
  }

  /** The images at indices[from..to), decoded one after the other into one channel-major byte array. */
  byte[] decode(int[] indices, int from, int to) {
    int imageSize = channels * height * width;
    byte[] pixels = new byte[(to - from) * imageSize];
    for (int i = from; i < to; i++) {
      decoder.decode(index.file(indices[i]), pixels, (i - from) * imageSize);
    }
    return pixels;
  }

  /** Normalised NDArrays of images decoded by {@link #decode} for the same indices. */
  NDList toBatch(NDManager manager, byte[] pixels, int[] indices, int from, int to) {
    int imageSize = channels * height * width;
    int[] offsets = new int[to - from];
    long[] labels = new long[to - from];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = i * imageSize;
      labels[i] = index.label(indices[from + i]);
    }
    return normalisation.toBatch(manager, pixels, offsets, labels, height, width);
  }
}
