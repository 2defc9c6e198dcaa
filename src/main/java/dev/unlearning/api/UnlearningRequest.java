package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A request to make a trained image classifier forget part of its training data. */
@Group(UnlearningRequest.GROUP)
@Version(UnlearningRequest.VERSION)
@Kind("UnlearningRequest")
@Plural("unlearningrequests")
@Singular("unlearningrequest")
@ShortNames("ulr")
// `kubectl get ulr`: unlearned accuracies by default; -o wide adds the original ones, the Job and the evidence
// record's verdict and signature.
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "PROGRESS", jsonPath = ".status.progress.summary", type = Type.STRING)
@AdditionalPrinterColumn(name = "RETAIN", jsonPath = ".status.results.unlearned.retain", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "FORGET", jsonPath = ".status.results.unlearned.forget", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "TEST", jsonPath = ".status.results.unlearned.test", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "ORIG-RETAIN", jsonPath = ".status.results.original.retain", type = Type.NUMBER, priority = 1)
@AdditionalPrinterColumn(name = "ORIG-FORGET", jsonPath = ".status.results.original.forget", type = Type.NUMBER, priority = 1)
@AdditionalPrinterColumn(name = "ORIG-TEST", jsonPath = ".status.results.original.test", type = Type.NUMBER, priority = 1)
@AdditionalPrinterColumn(name = "JOB", jsonPath = ".status.jobName", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "VERDICT", jsonPath = ".status.evidence.verdict", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "SIGNED", jsonPath = ".status.evidence.signed", type = Type.BOOLEAN, priority = 1)
public class UnlearningRequest extends CustomResource<UnlearningRequestSpec, UnlearningRequestStatus>
    implements Namespaced {

  public static final String GROUP = "unlearning.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "UnlearningRequest";

  // Set by the operator's lenient reader on the copy in its cache; not a property, so never serialized.
  @JsonIgnore
  private transient ReadReport readReport = ReadReport.CLEAN;

  // Overridden only to document spec and status in the CRD (`kubectl explain unlearningrequest.spec`). Each spec
  // field but suspend is immutable, like a Job's template (rules added by the CRD post-processor).
  @Override
  @JsonPropertyDescription("What to unlearn and how. Immutable except suspend: create a new UnlearningRequest for a different run.")
  public UnlearningRequestSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state, written by the operator: phase, conditions and, once succeeded, the accuracies.")
  public UnlearningRequestStatus getStatus() {
    return super.getStatus();
  }

  /** How the operator read this object: unknown fields, or why it could not be read. Clean unless the operator set it. */
  public ReadReport readReport() {
    return readReport;
  }

  public void readReport(ReadReport report) {
    this.readReport = report;
  }

  @Override
  protected UnlearningRequestSpec initSpec() {
    return new UnlearningRequestSpec();
  }

  @Override
  protected UnlearningRequestStatus initStatus() {
    return new UnlearningRequestStatus();
  }
}
