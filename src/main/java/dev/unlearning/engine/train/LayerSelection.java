package dev.unlearning.engine.train;

import dev.unlearning.engine.InvalidInputException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Layers chosen by name. A layer is the module that owns a parameter, named by its path: {@code layer4.1.conv2} owns
 * {@code layer4.1.conv2.weight} (TorchScript's dotted names; a built-in network's DJL names use '/' or '_' between
 * blocks, and either separates components here too). A pattern matches a layer when its components match the layer's
 * first components one by one, each a glob where '*' stands for any characters: {@code layer4} matches
 * {@code layer4.1.conv2} but not {@code layer40.conv}, {@code layer*.0} matches the first block of every stage, and
 * {@code fc} matches {@code fc} only.
 */
public final class LayerSelection {

  /** How many parameter names an error lists. */
  static final int LISTED = 8;

  private final List<String> patterns;

  private LayerSelection(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  public static LayerSelection of(List<String> patterns) {
    return new LayerSelection(patterns);
  }

  public List<String> patterns() {
    return patterns;
  }

  /** Whether a pattern matches {@code layer}, the layer or one it is inside of. */
  public boolean matchesLayer(String layer) {
    for (String p : patterns) {
      if (matches(p, layer)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the layer owning parameter {@code parameter} is matched. */
  public boolean matchesParameter(String parameter) {
    return matchesLayer(layerOf(parameter));
  }

  static boolean matches(String pattern, String layer) {
    String[] want = components(pattern);
    String[] have = components(layer);
    if (want.length > have.length || layer.isEmpty()) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (!glob(want[i], have[i])) {
        return false;
      }
    }
    return true;
  }

  private static String[] components(String name) {
    return name.split("[./]");
  }

  private static boolean glob(String pattern, String text) {
    String regex = java.util.Arrays.stream(pattern.split("\\*", -1)).map(java.util.regex.Pattern::quote)
        .collect(Collectors.joining(".*"));
    return text.matches(regex);
  }

  /** The layer of a parameter name: everything before its last component ("" for a parameter of the root). */
  public static String layerOf(String parameter) {
    int cut = Math.max(parameter.lastIndexOf('.'), parameter.lastIndexOf('/'));
    return cut < 0 ? "" : parameter.substring(0, cut);
  }

  /** Whether {@code ancestor} is {@code layer} or a module that contains it. */
  public static boolean contains(String ancestor, String layer) {
    return ancestor.isEmpty() || layer.equals(ancestor) || layer.startsWith(ancestor + ".");
  }

  /** The refusal of a selection: {@code field}, what is wrong, and the model's first parameter names. */
  public static InvalidInputException refused(String field, String problem, Collection<String> parameters) {
    return new InvalidInputException(field + ": " + problem + "; the model's parameters are " + listed(parameters));
  }

  /** The first {@value #LISTED} names, and how many there are in all. */
  public static String listed(Collection<String> names) {
    String first = names.stream().limit(LISTED).collect(Collectors.joining(", "));
    return names.size() > LISTED ? first + ", ... (" + names.size() + " in all)" : first;
  }
}
