package dev.unlearning.engine.stage;

import dev.unlearning.api.ForgetSpec;
import dev.unlearning.engine.Locations;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.split.ForgetSplit;

/** Split stage: the forget and retain sets of the training set, and the auditable forget-indices.txt. */
public final class SplitStage {

  private SplitStage() {}

  /** The split, the content of forget-indices.txt, its SHA-256 and the mode (fraction, classes or indicesFile). */
  public record Split(ForgetSplit sets, byte[] indicesFile, String sha256, String mode) {}

  public static Split split(ForgetSpec forget, ImageDataset train, Locations locations) {
    ForgetSplit sets;
    String mode;
    if (forget.getFraction() != null) {
      sets = ForgetSplit.byFraction(train.size(), forget.getFraction(), forget.effectiveSeed());
      mode = "fraction";
    } else if (forget.getClasses() != null) {
      sets = ForgetSplit.byClasses(train.size(), train::label, forget.getClasses());
      mode = "classes";
    } else {
      sets = ForgetSplit.fromFile(train.size(), locations.input("spec.forget.indicesFile", forget.getIndicesFile()));
      mode = "indicesFile";
    }
    byte[] file = sets.forgetIndicesFile();
    return new Split(sets, file, ForgetSplit.sha256(file), mode);
  }
}
