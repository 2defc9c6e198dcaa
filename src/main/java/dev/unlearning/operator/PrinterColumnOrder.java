package dev.unlearning.operator;

import dev.unlearning.api.UnlearningRequest;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build-time CRD post-processor ({@code quarkus.operator-sdk.crd.crd-post-processor-class}): the generator sorts
 * printer columns by JSON path, but {@code kubectl get ulr} shows them in CRD order, so this restores the order in
 * which {@link UnlearningRequest} declares them (PHASE, RETAIN, FORGET, TEST, AGE, ...).
 */
public class PrinterColumnOrder implements CRDPostProcessor {

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (crd instanceof CustomResourceDefinition v1) {
      List<String> declared = Arrays.stream(UnlearningRequest.class.getAnnotationsByType(AdditionalPrinterColumn.class))
          .map(AdditionalPrinterColumn::name)
          .toList();
      for (CustomResourceDefinitionVersion version : v1.getSpec().getVersions()) {
        if (version.getAdditionalPrinterColumns() != null) {
          version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(
              (CustomResourceColumnDefinition c) -> declared.contains(c.getName()) ? declared.indexOf(c.getName()) : declared.size()));
        }
      }
    }
    return crd;
  }
}
