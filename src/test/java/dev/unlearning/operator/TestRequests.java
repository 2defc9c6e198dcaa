package dev.unlearning.operator;

import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Optional;

/** Requests for tests: valid unless a test breaks them. */
public final class TestRequests {

  public static final WorkerConfig CONFIG = new WorkerConfig() {
    @Override
    public Optional<String> image() {
      return Optional.of("registry.example/unlearning:1.0");
    }

    @Override
    public Optional<String> imagePullPolicy() {
      return Optional.empty();
    }
  };

  private TestRequests() {}

  /** Mirrors the notebook: 10% forget fraction, output on a claim. */
  public static UnlearningRequest valid(String name) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    ModelSpec model = new ModelSpec();
    model.setArchitecture(ModelSpec.SMALL_CNN);
    spec.setModel(model);
    DatasetSpec dataset = new DatasetSpec();
    dataset.setFormat(DatasetSpec.FORMAT_IDX);
    dataset.setUri("pvc://datasets/fashion-mnist");
    spec.setDataset(dataset);
    ForgetSpec forget = new ForgetSpec();
    forget.setFraction(0.1);
    spec.setForget(forget);
    spec.setOutput(new OutputSpec("pvc://results/" + name));
    UnlearningRequest request = new UnlearningRequest();
    request.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ml").withUid("uid-" + name)
        .withGeneration(1L).build());
    request.setSpec(spec);
    return request;
  }
}
