package dev.unlearning.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One invalid spec per rule: a valid base spec and, per row, the change that breaks exactly that rule, who must refuse
 * it (the CRD or SpecValidator) and the field the refusal must name. CRD rows are keyed as
 * SpecRulesInOnePlaceTest#collect names the CRD's constraints.
 */
final class SpecRuleTable {

  enum Owner { CRD, VALIDATOR }

  record Row(String constraint, Owner owner, String field, Consumer<ObjectNode> breaks, boolean nullSpec) {}

  /** JSON has no infinity or NaN, so the API server never sees one; Java and YAML do. */
  static final String FINITE = "json finite numbers";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String LONG_PATH = "/" + "a".repeat(Location.MAX_LENGTH);

  private SpecRuleTable() {}

  static ObjectNode base() {
    return (ObjectNode) read("{model: {architecture: small-cnn}, dataset: {format: idx, uri: /data/fmnist},"
        + " forget: {fraction: 0.1}, output: {uri: /out}}");
  }

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // The spec's required fields and cross-field rules
    for (String field : List.of("model", "dataset", "forget", "output")) {
      crd(rows, ".spec required " + field, "spec." + field, field + ": null");
    }
    crd(rows, ".spec rule methodSettings.trainedLayers names layers of a TorchScript model (model.uri); a built-in"
        + " network trains from its first fully connected layer on", "spec.methodSettings.trainedLayers",
        "{method: heldout-match, methodSettings: {frozenFeatures: true, trainedLayers: [fc]}}");
    crd(rows, ".spec rule needs one weight per class, as many as model.numClasses (default 10)", "spec.classWeights",
        "classWeights: [1, 0.5]");
    crd(rows, ".spec rule class indices must be < model.numClasses (default 10)", "spec.forget.classes",
        "forget: {fraction: null, classes: [10]}");
    rows.add(new Row(FINITE, Owner.CRD, "spec.learningRate",
        t -> t.put("learningRate", Double.POSITIVE_INFINITY), false));
    // Numbers of the spec
    crd(rows, ".spec.batchSize minimum", "spec.batchSize", "batchSize: 0");
    crd(rows, ".spec.epochs minimum", "spec.epochs", "epochs: 0");
    crd(rows, ".spec.learningRate minimum", "spec.learningRate", "learningRate: -0.1");
    crd(rows, ".spec.learningRate exclusiveMinimum", "spec.learningRate", "learningRate: 0");
    crd(rows, ".spec.momentum minimum", "spec.momentum", "momentum: -0.1");
    crd(rows, ".spec.momentum maximum", "spec.momentum", "momentum: 1.5");
    crd(rows, ".spec.momentum exclusiveMaximum", "spec.momentum", "momentum: 1");
    crd(rows, ".spec.noiseStd minimum", "spec.noiseStd", "noiseStd: -1");
    crd(rows, ".spec.weightDecay minimum", "spec.weightDecay", "weightDecay: -1");
    crd(rows, ".spec.retainSampleFraction minimum", "spec.retainSampleFraction", "retainSampleFraction: -0.5");
    crd(rows, ".spec.retainSampleFraction exclusiveMinimum", "spec.retainSampleFraction", "retainSampleFraction: 0");
    crd(rows, ".spec.retainSampleFraction maximum", "spec.retainSampleFraction", "retainSampleFraction: 1.5");
    crd(rows, ".spec.method enum", "spec.method", "method: SalUn");
    // Class weights
    crd(rows, ".spec.classWeights minItems", "spec.classWeights", "classWeights: []");
    crd(rows, ".spec.classWeights maxItems", "spec.classWeights",
        "{model: {numClasses: 10001}, classWeights: " + list(10_001, i -> "1") + "}");
    crd(rows, ".spec.classWeights rule every class weight must be >= 0", "spec.classWeights",
        "classWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, -0.5]");
    // Model
    crd(rows, ".spec.model rule give model.uri (a TorchScript file), model.architecture (a built-in one) or"
        + " model.fromOutput (an earlier run's output)", "spec.model", "model: {architecture: null, numClasses: 10}");
    crd(rows, ".spec.model rule model.uri and model.fromOutput both name the model to unlearn: give one", "spec.model",
        "model: {architecture: null, uri: /m.pt, fromOutput: /out/run-1}");
    crd(rows, ".spec.model.fromOutput maxLength", "spec.model.fromOutput",
        "model: {architecture: null, fromOutput: " + LONG_PATH + "}");
    crd(rows, ".spec.model.fromOutput rule " + Location.CEL_SCHEME_MESSAGE, "spec.model.fromOutput",
        "model: {architecture: null, fromOutput: 'ftp://h/o'}");
    crd(rows, ".spec.model.architecture enum", "spec.model.architecture", "model: {architecture: vgg16}");
    crd(rows, ".spec.model.numClasses minimum", "spec.model.numClasses", "model: {numClasses: 1}");
    crd(rows, ".spec.model.pretrainEpochs minimum", "spec.model.pretrainEpochs", "model: {pretrainEpochs: -1}");
    crd(rows, ".spec.model.uri maxLength", "spec.model.uri", "model: {uri: " + LONG_PATH + "}");
    crd(rows, ".spec.model.uri rule " + Location.CEL_SCHEME_MESSAGE, "spec.model.uri", "model: {uri: 'ftp://h/m.pt'}");
    // Dataset
    crd(rows, ".spec.dataset required format", "spec.dataset.format", "dataset: {format: null}");
    crd(rows, ".spec.dataset required uri", "spec.dataset.uri", "dataset: {uri: null}");
    crd(rows, ".spec.dataset rule channels and imageSize apply to format image-folder only", "spec.dataset",
        "dataset: {channels: 3}");
    crd(rows, ".spec.dataset.channels rule channels must be 1 (grey) or 3 (RGB)", "spec.dataset.channels",
        "dataset: {format: image-folder, channels: 2}");
    crd(rows, ".spec.dataset.format enum", "spec.dataset.format", "dataset: {format: csv}");
    crd(rows, ".spec.dataset.imageSize minItems", "spec.dataset.imageSize",
        "dataset: {format: image-folder, imageSize: [32]}");
    crd(rows, ".spec.dataset.imageSize maxItems", "spec.dataset.imageSize",
        "dataset: {format: image-folder, imageSize: [32, 32, 3]}");
    crd(rows, ".spec.dataset.imageSize rule imageSize values must be >= 1", "spec.dataset.imageSize",
        "dataset: {format: image-folder, imageSize: [0, 32]}");
    crd(rows, ".spec.dataset.normalize rule mean and std must both be given with one value per channel",
        "spec.dataset.normalize", "dataset: {normalize: {mean: [0.5, 0.5], std: [0.2]}}");
    // Each list empty, then over its 4 values (the other list valid: mean's 4 values are 4 channels' worth).
    for (String list : List.of("mean", "std")) {
      String other = list.equals("mean") ? "std" : "mean";
      String path = "spec.dataset.normalize." + list;
      crd(rows, "." + path + " minItems", path, "dataset: {normalize: {" + list + ": [], " + other + ": [0.2]}}");
      crd(rows, "." + path + " maxItems", path, "dataset: {normalize: {" + list + ": [1, 1, 1, 1, 1], " + other + ": "
          + (list.equals("mean") ? "[1, 1, 1, 1, 1]" : "[1, 1, 1, 1]") + "}}");
    }
    crd(rows, ".spec.dataset.normalize.std rule every std value must be > 0", "spec.dataset.normalize.std",
        "dataset: {normalize: {mean: [0.5], std: [0]}}");
    crd(rows, ".spec.dataset.uri maxLength", "spec.dataset.uri", "dataset: {uri: " + LONG_PATH + "}");
    crd(rows, ".spec.dataset.uri rule " + Location.CEL_SCHEME_MESSAGE, "spec.dataset.uri",
        "dataset: {uri: 'gs://bucket/d'}");
    // Forget set
    crd(rows, ".spec.forget rule give exactly one of fraction, classes or indicesFile", "spec.forget",
        "forget: {classes: [1]}");
    crd(rows, ".spec.forget.classes minItems", "spec.forget.classes", "forget: {fraction: null, classes: []}");
    crd(rows, ".spec.forget.classes maxItems", "spec.forget.classes",
        "forget: {fraction: null, classes: " + list(10_001, i -> "0") + "}");
    crd(rows, ".spec.forget.classes rule class indices must be >= 0", "spec.forget.classes",
        "forget: {fraction: null, classes: [3, -1]}");
    crd(rows, ".spec.forget.fraction minimum", "spec.forget.fraction", "forget: {fraction: -0.5}");
    crd(rows, ".spec.forget.fraction exclusiveMinimum", "spec.forget.fraction", "forget: {fraction: 0}");
    crd(rows, ".spec.forget.fraction maximum", "spec.forget.fraction", "forget: {fraction: 1.5}");
    crd(rows, ".spec.forget.fraction exclusiveMaximum", "spec.forget.fraction", "forget: {fraction: 1}");
    crd(rows, ".spec.forget.indicesFile maxLength", "spec.forget.indicesFile",
        "forget: {fraction: null, indicesFile: " + LONG_PATH + "}");
    crd(rows, ".spec.forget.indicesFile rule " + Location.CEL_SCHEME_MESSAGE, "spec.forget.indicesFile",
        "forget: {fraction: null, indicesFile: 'ftp://h/i.txt'}");
    MethodSettingRules.add(rows);
    // Output, reference, storage
    crd(rows, ".spec.output required uri", "spec.output.uri", "output: {uri: null}");
    crd(rows, ".spec.output.uri maxLength", "spec.output.uri", "output: {uri: " + LONG_PATH + "}");
    crd(rows, ".spec.output.uri rule " + Location.CEL_SCHEME_MESSAGE, "spec.output.uri", "output: {uri: 'ftp://h/o'}");
    crd(rows, ".spec.reference.epochs minimum", "spec.reference.epochs", "reference: {epochs: 0}");
    crd(rows, ".spec.reference rule give reference.retrain: true or reference.model, not both",
        "spec.reference.model", "reference: {retrain: true, model: {uri: /r.pt}}");
    crd(rows, ".spec.reference rule reference.initialization applies to reference.retrain: true",
        "spec.reference.initialization", "reference: {model: {uri: /r.pt}, initialization: kaiming-normal}");
    crd(rows, ".spec.reference.initialization enum", "spec.reference.initialization",
        "reference: {retrain: true, initialization: xavier}");
    crd(rows, ".spec.reference.model required uri", "spec.reference.model.uri", "reference: {model: {}}");
    crd(rows, ".spec.reference.model.uri maxLength", "spec.reference.model.uri",
        "reference: {model: {uri: " + LONG_PATH + "}}");
    crd(rows, ".spec.reference.model.uri rule " + Location.CEL_SCHEME_MESSAGE, "spec.reference.model.uri",
        "reference: {model: {uri: 'ftp://h/r.pt'}}");
    validator(rows, "a reference model's pvc:// location names a valid claim", "spec.reference.model.uri",
        "reference: {model: {uri: 'pvc://Bad_Claim/r.pt'}}");
    crd(rows, ".spec.storage.secretRef required name", "spec.storage.secretRef.name", "storage: {secretRef: {}}");
    crd(rows, ".spec.storage.maxConcurrentRequests minimum", "spec.storage.maxConcurrentRequests",
        "storage: {maxConcurrentRequests: 0}");
    crd(rows, ".spec.storage.maxConcurrentRequests maximum", "spec.storage.maxConcurrentRequests",
        "storage: {maxConcurrentRequests: 65}");
    crd(rows, ".spec.storage.secretRef.name pattern", "spec.storage.secretRef.name",
        "storage: {secretRef: {name: S3_Credentials}}");
    crd(rows, ".spec.storage.secretRef.name maxLength", "spec.storage.secretRef.name",
        "storage: {secretRef: {name: " + "a".repeat(254) + "}}");
    // Acceptance gate and evidence keys
    crd(rows, ".spec rule the gap thresholds of acceptance compare with a reference model: they need"
        + " reference.retrain: true or reference.model.uri", "spec.acceptance", "acceptance: {maxAvgGap: 2}");
    crd(rows, ".spec.acceptance rule acceptance needs at least one threshold", "spec.acceptance", "acceptance: {}");
    for (String t : List.of("maxForgetAboveTest", "maxMiaDistance", "maxRetainDrop", "maxAvgGap", "maxRetainGap",
        "maxForgetGap", "maxTestGap", "maxMiaGap")) {
      String reference = t.endsWith("Gap") ? ", reference: {retrain: true}" : "";
      crd(rows, ".spec.acceptance." + t + " minimum", "spec.acceptance." + t,
          "{acceptance: {" + t + ": -1}" + reference + "}");
    }
    crd(rows, ".spec.acceptance.maxMiaDistance maximum", "spec.acceptance.maxMiaDistance",
        "acceptance: {maxMiaDistance: 0.6}");
    for (String key : List.of("signingKey", "forgetKey")) {
      crd(rows, ".spec.evidence." + key + " required name", "spec.evidence." + key + ".name",
          "evidence: {" + key + ": {key: k}}");
      crd(rows, ".spec.evidence." + key + ".name pattern", "spec.evidence." + key + ".name",
          "evidence: {" + key + ": {name: Keys_1}}");
      crd(rows, ".spec.evidence." + key + ".name maxLength", "spec.evidence." + key + ".name",
          "evidence: {" + key + ": {name: " + "a".repeat(254) + "}}");
      crd(rows, ".spec.evidence." + key + ".key pattern", "spec.evidence." + key + ".key",
          "evidence: {" + key + ": {name: keys, key: 'a/b'}}");
      crd(rows, ".spec.evidence." + key + ".key maxLength", "spec.evidence." + key + ".key",
          "evidence: {" + key + ": {name: keys, key: " + "a".repeat(254) + "}}");
    }
    crd(rows, ".spec.evidence.signingKey.passwordKey pattern", "spec.evidence.signingKey.passwordKey",
        "evidence: {signingKey: {name: keys, passwordKey: 'a b'}}");
    crd(rows, ".spec.evidence.signingKey.passwordKey maxLength", "spec.evidence.signingKey.passwordKey",
        "evidence: {signingKey: {name: keys, passwordKey: " + "a".repeat(254) + "}}");
    // The Job
    crd(rows, ".spec.job.activeDeadlineSeconds minimum", "spec.job.activeDeadlineSeconds",
        "job: {activeDeadlineSeconds: 0}");
    crd(rows, ".spec.job.backoffLimit minimum", "spec.job.backoffLimit", "job: {backoffLimit: -1}");
    crd(rows, ".spec.job.gpus minimum", "spec.job.gpus", "job: {gpus: -1}");
    crd(rows, ".spec.job.startDeadlineSeconds minimum", "spec.job.startDeadlineSeconds", "job: {startDeadlineSeconds: 0}");
    crd(rows, ".spec.job.ttlSecondsAfterFinished minimum", "spec.job.ttlSecondsAfterFinished",
        "job: {ttlSecondsAfterFinished: -1}");
    for (String id : List.of("fsGroup", "runAsGroup", "runAsUser")) {
      long min = id.equals("runAsUser") ? 1 : 0;
      crd(rows, ".spec.job." + id + " minimum", "spec.job." + id, "job: {" + id + ": " + (min - 1) + "}");
      crd(rows, ".spec.job." + id + " maximum", "spec.job." + id, "job: {" + id + ": 2147483648}");
    }
    crd(rows, ".spec.job.env maxItems", "spec.job.env", "job: {env: " + list(65, i -> "{name: V" + i + "}") + "}");
    crd(rows, ".spec.job.envFrom maxItems", "spec.job.envFrom",
        "job: {envFrom: " + list(17, i -> "{secretRef: {name: s" + i + "}}") + "}");
    crd(rows, ".spec.job.imagePullSecrets maxItems", "spec.job.imagePullSecrets",
        "job: {imagePullSecrets: " + list(17, i -> "{name: p" + i + "}") + "}");
    crd(rows, ".spec.job.tolerations maxItems", "spec.job.tolerations",
        "job: {tolerations: " + list(65, i -> "{key: k" + i + ", operator: Exists}") + "}");
    crd(rows, ".spec.job.topologySpreadConstraints maxItems", "spec.job.topologySpreadConstraints",
        "job: {topologySpreadConstraints: " + list(9, i -> "{maxSkew: 1, topologyKey: zone" + i
            + ", whenUnsatisfiable: ScheduleAnyway}") + "}");
    crd(rows, ".spec.job.volumes maxItems", "spec.job.volumes",
        "job: {volumes: " + list(17, i -> "{name: v" + i + ", emptyDir: {}}") + "}");
    crd(rows, ".spec.job.volumeMounts maxItems", "spec.job.volumeMounts",
        "job: {volumes: [{name: v, emptyDir: {}}], volumeMounts: " + list(17, i -> "{name: v, mountPath: /m" + i + "}")
            + "}");
    crd(rows, ".spec.job.podLabels maxProperties", "spec.job.podLabels",
        "job: {podLabels: {" + IntStream.range(0, 33).mapToObj(i -> "k" + i + ": v").collect(Collectors.joining(", "))
            + "}}");
    crd(rows, ".spec.job.podAnnotations maxProperties", "spec.job.podAnnotations",
        "job: {podAnnotations: {" + IntStream.range(0, 33).mapToObj(i -> "k" + i + ": v").collect(Collectors.joining(", "))
            + "}}");

    // What the schema cannot say: SpecValidator's
    rows.add(new Row("spec is missing", Owner.VALIDATOR, "spec", t -> { }, true));
    validator(rows, "a location is not empty", "spec.dataset.uri", "dataset: {uri: ''}");
    validator(rows, "a pvc:// location names a valid claim", "spec.model.uri", "model: {uri: 'pvc://Bad_Claim/m.pt'}");
    validator(rows, "a pvc:// path has no '..'", "spec.dataset.uri", "dataset: {uri: 'pvc://data/../etc'}");
    validator(rows, "an s3:// location names a bucket", "spec.output.uri", "output: {uri: 's3://x/out'}");
    validator(rows, "an s3:// key does not start with '/'", "spec.output.uri", "output: {uri: 's3://bucket//out'}");
    validator(rows, "an https:// location names a host", "spec.forget.indicesFile",
        "forget: {fraction: null, indicesFile: 'https:///i.txt'}");
    validator(rows, "a file:// URI is valid", "spec.model.uri", "model: {uri: 'file://a b/m.pt'}");
    validator(rows, "a remote model is one file", "spec.model.uri", "model: {uri: 's3://bucket/models/'}");
    validator(rows, "a remote indices file is one file", "spec.forget.indicesFile",
        "forget: {fraction: null, indicesFile: 's3://bucket/requests/'}");
    validator(rows, "a dataset behind https:// is an archive", "spec.dataset.uri",
        "dataset: {uri: 'https://example.com/data/'}");
    validator(rows, "https:// outputs are read-only", "spec.output.uri", "output: {uri: 'https://example.com/out/'}");
    validator(rows, "the scratch size is a positive quantity", "spec.job.scratchSize", "job: {scratchSize: '0'}");
    validator(rows, "noiseStd is confuse-finetune's", "spec.noiseStd", "{method: finetune, noiseStd: 0.5}");
    validator(rows, "classWeights are confuse-finetune's", "spec.classWeights",
        "{method: finetune, classWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}");
    validator(rows, "pod labels leave the operator's alone", "spec.job.podLabels",
        "job: {podLabels: {job-name: mine}}");
    validator(rows, "pod annotations leave the operator's alone", "spec.job.podAnnotations",
        "job: {podAnnotations: {argocd.argoproj.io/tracking-id: mine}}");
    validator(rows, "env leaves the operator's variables alone", "spec.job.env", "job: {env: [{name: HOME, value: /}]}");
    validator(rows, "a volume has a name that is not the operator's", "spec.job.volumes",
        "job: {volumes: [{name: scratch, emptyDir: {}}]}");
    validator(rows, "a volume has a name", "spec.job.volumes", "job: {volumes: [{emptyDir: {}}]}");
    validator(rows, "a mount names a volume of spec.job.volumes", "spec.job.volumeMounts",
        "job: {volumeMounts: [{name: cache, mountPath: /cache}]}");
    validator(rows, "a mount path is not the operator's", "spec.job.volumeMounts",
        "job: {volumes: [{name: v, emptyDir: {}}], volumeMounts: [{name: v, mountPath: /dev/shm}]}");
    validator(rows, "a mount path is not empty", "spec.job.volumeMounts",
        "job: {volumes: [{name: v, emptyDir: {}}], volumeMounts: [{name: v, mountPath: ''}]}");
    validator(rows, "the shm size is a positive quantity", "spec.job.shmSize", "job: {shmSize: '0'}");
    validator(rows, "a gated output has a folder beside it for a refused model", "spec.acceptance",
        "{acceptance: {maxRetainDrop: 5}, output: {uri: 's3://bucket/'}}");
    return rows;
  }

  static void crd(List<Row> rows, String constraint, String field, String yaml) {
    rows.add(new Row(constraint, Owner.CRD, field, merge(yaml), false));
  }

  static void validator(List<Row> rows, String rule, String field, String yaml) {
    rows.add(new Row(rule, Owner.VALIDATOR, field, merge(yaml), false));
  }

  static String list(int n, IntFunction<String> item) {
    return IntStream.range(0, n).mapToObj(item).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Merges the YAML into the spec: objects field by field, a null removes the field, anything else replaces it. */
  private static Consumer<ObjectNode> merge(String yaml) {
    JsonNode patch = read(yaml.startsWith("{") ? yaml : "{" + yaml + "}");
    return tree -> merge(tree, patch);
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    patch.fields().forEachRemaining(f -> {
      if (f.getValue().isNull()) {
        target.remove(f.getKey());
      } else if (f.getValue().isObject() && target.path(f.getKey()).isObject()) {
        merge((ObjectNode) target.get(f.getKey()), f.getValue());
      } else {
        target.set(f.getKey(), f.getValue().deepCopy());
      }
    });
  }

  private static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
