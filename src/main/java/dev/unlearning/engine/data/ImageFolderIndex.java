package dev.unlearning.engine.data;

import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of one split folder ({@code train/} or {@code test/}) in torchvision's {@code ImageFolder} order: class
 * folders sorted by name give the class indices; within a class, the folder and its subfolders are walked in sorted
 * path order and each folder's file names sorted, keeping the files with an image extension. Names are compared by
 * Unicode code point, as Python's {@code sorted} does. Only names are held (no image), so labels cost nothing.
 */
final class ImageFolderIndex {

  /** Extensions decoded here (javax.imageio), compared case-insensitively as torchvision does. */
  static final Set<String> DECODED = Set.of(".png", ".jpg", ".jpeg", ".bmp");
  /** torchvision's other image extensions: counted by ImageFolder, so skipping them would shift every index. */
  static final Set<String> UNSUPPORTED = Set.of(".ppm", ".pgm", ".tif", ".tiff", ".webp");

  /** Python's string order: by code point (Java's compareTo orders UTF-16 units, which differs above U+FFFF). */
  static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  private final Path root;
  private final List<String> classes;
  /** classStart[c] is the index of class c's first sample; classStart[classes] the sample count. */
  private final int[] classStart;
  /** Path of each sample relative to {@link #root}, '/'-separated. */
  private final String[] files;

  private ImageFolderIndex(Path root, List<String> classes, int[] classStart, String[] files) {
    this.root = root;
    this.classes = classes;
    this.classStart = classStart;
    this.files = files;
  }

  /**
   * Indexes {@code root}.
   *
   * @throws InvalidInputException naming the folder or file: no class folder, an empty class folder, a file of an
   *     image type that cannot be decoded here
   */
  static ImageFolderIndex scan(Path root) {
    List<String> classes = classFolders(root);
    if (classes.isEmpty()) {
      throw new InvalidInputException("spec.dataset.uri: " + root + " holds no class folder (layout: <split>/<class>/"
          + "<image>.png|jpg|jpeg|bmp)");
    }
    int[] classStart = new int[classes.size() + 1];
    List<String> files = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      classStart[c] = files.size();
      Path classDir = root.resolve(classes.get(c));
      for (String relative : imagesOf(classDir)) {
        files.add(classes.get(c) + "/" + relative);
      }
      if (files.size() == classStart[c]) {
        throw new InvalidInputException("spec.dataset.uri: class folder " + classDir + " holds no image (.png, .jpg, "
            + ".jpeg or .bmp)");
      }
    }
    classStart[classes.size()] = files.size();
    return new ImageFolderIndex(root, List.copyOf(classes), classStart, files.toArray(String[]::new));
  }

  Path root() { return root; }
  List<String> classes() { return classes; }
  int size() { return files.length; }
  Path file(int index) { return root.resolve(files[index]); }
  /** Sample {@code index}'s path relative to {@link #root}, '/'-separated. */
  String name(int index) { return files[index]; }

  /** The class of sample {@code index}: the class whose range of samples holds it. */
  int label(int index) {
    if (index < 0 || index >= files.length) {
      throw new IndexOutOfBoundsException("sample " + index + " of " + files.length);
    }
    int found = Arrays.binarySearch(classStart, index);
    if (found >= 0) {
      // Several classes cannot start at the same index (none is empty), so this is the class starting here.
      return found;
    }
    return -found - 2;
  }

  private static List<String> classFolders(Path root) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path p : entries) {
        if (Files.isDirectory(p)) {
          names.add(p.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException("spec.dataset.uri: folder " + root + " cannot be listed: " + e.getMessage(), e);
    }
    names.sort(CODE_POINT_ORDER);
    return names;
  }

  /** The image files under a class folder, relative to it, in torchvision's order (sorted os.walk). */
  private static List<String> imagesOf(Path classDir) {
    List<String> folders;
    try (Stream<Path> walk = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
      folders = walk.filter(Files::isDirectory).map(p -> relative(classDir, p)).sorted(CODE_POINT_ORDER).toList();
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidInputException("spec.dataset.uri: class folder " + classDir + " cannot be listed: "
          + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    for (String folder : folders) {
      Path dir = folder.isEmpty() ? classDir : classDir.resolve(folder);
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> !Files.isDirectory(p))) {
        for (Path p : entries) {
          names.add(p.getFileName().toString());
        }
      } catch (IOException e) {
        throw new InvalidInputException("spec.dataset.uri: folder " + dir + " cannot be listed: " + e.getMessage(), e);
      }
      names.sort(CODE_POINT_ORDER);
      for (String name : names) {
        String ext = extension(name);
        if (UNSUPPORTED.contains(ext)) {
          throw new InvalidInputException("spec.dataset.uri: image " + dir.resolve(name) + " is of a type this worker "
              + "cannot decode (" + ext + "); convert it to PNG or JPEG (torchvision's ImageFolder would count it, so "
              + "it cannot be skipped without shifting the sample indices)");
        }
        if (DECODED.contains(ext)) {
          out.add(folder.isEmpty() ? name : folder + "/" + name);
        }
      }
    }
    return out;
  }

  private static String relative(Path base, Path p) {
    return base.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
  }
}
