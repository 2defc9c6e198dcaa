package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every scheme a location field takes, what the worker and the operator read from it, and what is refused. */
class LocationTest {

  @Test
  void localSchemesResolveToPaths() {
    assertThat(Location.parse("f", "data/x").toLocalPath(Path.of("/claims"))).isEqualTo(Path.of("data/x"));
    assertThat(Location.parse("f", "file:///data/x").toLocalPath(Path.of("/claims"))).isEqualTo(Path.of("/data/x"));
    Location pvc = Location.parse("f", "pvc://datasets/fmnist");
    assertThat(pvc.claim()).isEqualTo("datasets");
    assertThat(pvc.remote()).isFalse();
    assertThat(pvc.toLocalPath(Path.of("/claims"))).isEqualTo(Path.of("/claims/datasets/fmnist"));
  }

  @Test
  void oneFolderWrittenInSeveralWaysIsOneOutput() {
    assertThat(Location.parse("f", "s3://bk/a/out/").folderKey()).isEqualTo(Location.parse("f", "s3://bk/a/out")
        .folderKey()).isEqualTo(Location.parse("f", "s3://bk/a//out").folderKey()).isEqualTo("s3://bk/a/out");
    assertThat(Location.parse("f", "pvc://results/a/").folderKey()).isEqualTo("pvc://results/a");
    assertThat(Location.parse("f", "/data/./out/").folderKey()).isEqualTo(Location.parse("f", "file:///data/out")
        .folderKey());
    assertThat(Location.parse("f", "s3://bk/out").folderKey()).isNotEqualTo(Location.parse("f", "s3://bk/out2")
        .folderKey()).isNotEqualTo(Location.parse("f", "pvc://bk/out").folderKey());
  }

  @Test
  void s3HasABucketAndAKeyOrPrefix() {
    Location model = Location.parse("spec.model.uri", "s3://ml-models/classifiers/resnet50.pt");
    assertThat(model.scheme()).isEqualTo(Location.Scheme.S3);
    assertThat(model.authority()).isEqualTo("ml-models");
    assertThat(model.path()).isEqualTo("classifiers/resnet50.pt");
    assertThat(model.fileName()).isEqualTo("resnet50.pt");
    assertThat(model.remote()).isTrue();
    assertThat(model.claim()).isNull();
    assertThat(model.display()).isEqualTo("s3://ml-models/classifiers/resnet50.pt");
    assertThat(Location.parse("f", "s3://bucket").path()).isEmpty();
    assertThatThrownBy(() -> Location.parse("f", "s3://bucket/x").toLocalPath(Path.of("/claims")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void httpsKeepsTheWholeUrlButNeverDisplaysUserInfoOrQuery() {
    String url = "https://user:pa55@data.example.com:8443/sets/fmnist.tar.gz?X-Amz-Signature=abc";
    Location l = Location.parse("spec.dataset.uri", url);
    assertThat(l.scheme()).isEqualTo(Location.Scheme.HTTPS);
    assertThat(l.authority()).isEqualTo("data.example.com:8443");
    assertThat(l.path()).isEqualTo("/sets/fmnist.tar.gz");
    assertThat(l.uri()).isEqualTo(url);
    assertThat(l.display()).isEqualTo("https://data.example.com:8443/sets/fmnist.tar.gz?...");
    assertThat(Location.parse("f", "http://host/m.pt").display()).isEqualTo("http://host/m.pt");
    assertThat(Location.displayOf(url)).isEqualTo("https://data.example.com:8443/sets/fmnist.tar.gz?...");
    assertThat(Location.displayOf("s3://b/k")).isEqualTo("s3://b/k");
    assertThat(Location.displayOf(null)).isNull();
  }

  @Test
  void malformedLocationsNameTheFieldAndHideUrls() {
    assertThatThrownBy(() -> Location.parse("spec.model.uri", "s3:///key"))
        .hasMessage("spec.model.uri: s3:// location needs a bucket name, as in s3://<bucket>/<key>: s3:///key");
    assertThatThrownBy(() -> Location.parse("spec.model.uri", "s3://bucket//key"))
        .hasMessage("spec.model.uri: s3:// key must not start with '/': s3://bucket//key");
    assertThatThrownBy(() -> Location.parse("spec.model.uri", "https://u:secret@host/a b?sig=1"))
        .hasMessage("spec.model.uri: is not a valid URI: https://...");
    assertThatThrownBy(() -> Location.parse("spec.model.uri", "https:///m.pt"))
        .hasMessage("spec.model.uri: https:// location needs a host name");
    assertThatThrownBy(() -> Location.parse("spec.model.uri", "gs://bucket/m.pt"))
        .hasMessage("spec.model.uri: scheme 'gs' is not supported (use a path, file://, pvc://<claim>/<path>, "
            + "s3://<bucket>/<key> or https://): gs://bucket/m.pt");
  }

  @Test
  void archivesAreKnownByTheirSuffix() {
    assertThat(ArchiveFormat.of("/a/b.tar")).contains(ArchiveFormat.TAR);
    assertThat(ArchiveFormat.of("B.TAR.GZ")).contains(ArchiveFormat.TAR_GZ);
    assertThat(ArchiveFormat.of("b.tgz")).contains(ArchiveFormat.TAR_GZ);
    assertThat(ArchiveFormat.of("b.zip")).contains(ArchiveFormat.ZIP);
    assertThat(ArchiveFormat.of("model.pt")).isEmpty();
  }
}
