package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What SpecValidator says about s3:// and https:// locations, spec.storage and spec.job.scratchSize. */
class StorageRulesTest {

  static List<String> problems(UnlearningRequestSpec spec) {
    return RequestValidator.problems(spec).stream().map(SpecValidationException::getMessage).toList();
  }

  @Test
  void s3AndHttpsLocationsAreValidWhereTheyFit() {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    spec.getModel().setUri("s3://models/classifier.pt");
    spec.getDataset().setUri("https://data.example.com/fmnist.tar.gz");
    spec.getForget().setFraction(null);
    spec.getForget().setIndicesFile("https://requests.example.com/removal-42.txt?sig=x");
    spec.getOutput().setUri("s3://results/run-1");
    spec.setStorage(new StorageSpec());
    spec.getStorage().setSecretRef(new StorageSpec.SecretRef("s3-credentials"));
    spec.setJob(new JobSettings());
    spec.getJob().setScratchSize(new Quantity("20Gi"));
    assertThat(problems(spec)).isEmpty();
    assertThat(StorageRules.scratchLimit(spec)).hasValue(20L << 30);
    spec.getDataset().setUri("s3://data/fmnist/");
    assertThat(problems(spec)).isEmpty();
  }

  @Test
  void httpsIsReadOnlyAndItsDatasetsAreArchives() {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    spec.getOutput().setUri("https://results.example.com/run-1?token=t0k3n");
    spec.getDataset().setUri("https://data.example.com/fmnist/");
    assertThat(problems(spec)).containsExactly(
        "spec.dataset.uri: a dataset behind https:// must be an archive (.tar, .tar.gz, .tgz, .zip); an s3:// prefix "
            + "can hold the files themselves: https://data.example.com/fmnist/",
        "spec.output.uri: https:// locations are read-only; write the output to a path, pvc:// or s3://: "
            + "https://results.example.com/run-1?...");
  }

  @Test
  void aModelOrIndicesFileIsOneObjectNotAPrefix() {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    spec.getModel().setUri("s3://models/");
    spec.getForget().setFraction(null);
    spec.getForget().setIndicesFile("s3://requests/removals/");
    assertThat(problems(spec)).containsExactly(
        "spec.model.uri: must name one file, as in s3://bucket/models/classifier.pt (got s3://models/)",
        "spec.forget.indicesFile: must name one file, as in s3://bucket/requests/removal.txt (got s3://requests/removals/)");
  }

  @Test
  void theSecretNeedsAValidNameAndTheScratchSpaceAPositiveSize() {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    spec.setStorage(new StorageSpec());
    spec.getStorage().setSecretRef(new StorageSpec.SecretRef("S3_Credentials"));
    spec.setJob(new JobSettings());
    spec.getJob().setScratchSize(new Quantity("0"));
    assertThat(problems(spec)).containsExactly(
        "spec.storage.secretRef.name: must match " + StorageSpec.SecretRef.NAME_PATTERN + " (got 'S3_Credentials')",
        "spec.job.scratchSize: must be a positive quantity of bytes such as 20Gi (got '0')");
    assertThat(StorageRules.scratchLimit(spec)).as("the validator reports it").isEmpty();
    spec.getStorage().getSecretRef().setName(null);
    spec.getJob().setScratchSize(new Quantity("lots"));
    assertThat(problems(spec)).containsExactly(
        "spec.storage.secretRef.name: is missing",
        "spec.job.scratchSize: must be a positive quantity of bytes such as 20Gi (got 'lots')");
  }

  @Test
  void isReadFromTheRequestDocument() throws Exception {
    UnlearningRequestSpec spec = new ObjectMapper().readValue(
        "{\"storage\": {\"secretRef\": {\"name\": \"s3-credentials\"}}, \"job\": {\"scratchSize\": \"512Mi\"}}",
        UnlearningRequestSpec.class);
    assertThat(spec.getStorage().getSecretRef().getName()).isEqualTo("s3-credentials");
    assertThat(StorageRules.scratchLimit(spec)).hasValue(512L << 20);
  }
}
