package dev.unlearning.engine.stage;

import dev.unlearning.api.DatasetSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.data.ImageDataset;
import java.nio.file.Path;

/**
 * Load stage, data part: reads the training and test sets from a local dataset directory (the {@link
 * dev.unlearning.engine.Locations} resolved it) and checks that they fit the model: labels below the class count and
 * the same image shape in both.
 */
public final class DataStage {

  private DataStage() {}

  public static Datasets.TrainTest load(DatasetSpec spec, Path datasetDir, int numClasses) {
    Datasets.TrainTest data = Datasets.load(spec, datasetDir);
    ImageDataset train = data.train();
    ImageDataset test = data.test();
    checkLabels(train, numClasses, datasetDir);
    checkLabels(test, numClasses, datasetDir);
    if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
      throw new InvalidInputException("spec.dataset.uri: training and test images in " + datasetDir
          + " have different shapes");
    }
    return data;
  }

  private static void checkLabels(ImageDataset data, int numClasses, Path datasetDir) {
    for (int i = 0; i < data.size(); i++) {
      if (data.label(i) >= numClasses) {
        throw new InvalidInputException("spec.model.numClasses is " + numClasses + " but the dataset in " + datasetDir
            + " has label " + data.label(i) + " (sample " + i + ")");
      }
    }
  }
}
