package dev.unlearning.engine.stage;

import dev.unlearning.api.ForgetSpec;
import dev.unlearning.engine.Locations;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.split.ForgetSplit;
import java.nio.file.Path;

/**
 * Split stage: the forget and retain sets of the training set, and the auditable forget-indices.txt. A chained run
 * (spec.model.fromOutput) adds every sample its parent's chain forgot to its own forget set, so none of them is in the
 * retain set it trains on, and its forget-indices.txt lists them all for the next run.
 */
public final class SplitStage {

  private SplitStage() {}

  /**
   * The split, the content of forget-indices.txt, its SHA-256 and the mode (fraction, classes or indicesFile); for a
   * chained run the parent output (as displayed) and how many of the forget samples came from it alone.
   */
  public record Split(ForgetSplit sets, byte[] indicesFile, String sha256, String mode, String parent, int inherited) {}

  public static Split split(ForgetSpec forget, ImageDataset train, Locations locations) {
    return split(forget, train, locations, null, null);
  }

  /**
   * @param parentIndices the parent's forget-indices.txt, or null for a run that starts a chain
   * @param parent the parent output as displayed, or null
   */
  public static Split split(ForgetSpec forget, ImageDataset train, Locations locations, Path parentIndices,
      String parent) {
    ForgetSplit own;
    String mode;
    if (forget.getFraction() != null) {
      own = ForgetSplit.byFraction(train.size(), forget.getFraction(), forget.effectiveSeed());
      mode = "fraction";
    } else if (forget.getClasses() != null) {
      own = ForgetSplit.byClasses(train.size(), train::label, forget.getClasses());
      mode = "classes";
    } else {
      own = ForgetSplit.fromFile(train.size(), locations.input("spec.forget.indicesFile", forget.getIndicesFile()));
      mode = "indicesFile";
    }
    ForgetSplit sets = own;
    int inherited = 0;
    if (parentIndices != null) {
      sets = own.union(ForgetSplit.fromFile(train.size(), parentIndices, "spec.model.fromOutput"));
      inherited = sets.forgetSize() - own.forgetSize();
    }
    byte[] file = sets.forgetIndicesFile();
    return new Split(sets, file, ForgetSplit.sha256(file), mode, parent, inherited);
  }
}
