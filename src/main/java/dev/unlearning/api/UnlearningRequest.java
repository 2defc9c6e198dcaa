package dev.unlearning.api;

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
public class UnlearningRequest extends CustomResource<UnlearningRequestSpec, UnlearningRequestStatus>
    implements Namespaced {

  public static final String GROUP = "unlearning.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "UnlearningRequest";

  @Override
  protected UnlearningRequestSpec initSpec() {
    return new UnlearningRequestSpec();
  }

  @Override
  protected UnlearningRequestStatus initStatus() {
    return new UnlearningRequestStatus();
  }
}
