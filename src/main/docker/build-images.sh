#!/usr/bin/env bash
# Packages the application without the bundled CPU libtorch (profile container-images) and builds the operator
# and worker images from it.
# Names and tag: src/main/docker/images.env, overridden by the environment, e.g.
#   IMAGE_REGISTRY=registry.example.com/ml IMAGE_TAG=0.1.1 src/main/docker/build-images.sh
# Set PUSH=true to push them, SKIP_PACKAGE=true to reuse target/quarkus-app. Needs a Docker engine (or set DOCKER=podman).
set -euo pipefail
cd "$(dirname "$0")/../../.."
defaults="$(cat src/main/docker/images.env)"
value() { sed -n "s/^$1=//p" <<<"$defaults"; }
OPERATOR_IMAGE="${OPERATOR_IMAGE:-$(value OPERATOR_IMAGE)}"
WORKER_IMAGE="${WORKER_IMAGE:-$(value WORKER_IMAGE)}"
IMAGE_TAG="${IMAGE_TAG:-$(value IMAGE_TAG)}"
WORKER_UID="$(value WORKER_UID)"
prefix="${IMAGE_REGISTRY:+${IMAGE_REGISTRY%/}/}"
DOCKER="${DOCKER:-docker}"

if [ "${SKIP_PACKAGE:-false}" != "true" ]; then
  mvn -B package -DskipTests -Pcontainer-images
fi
operator="${prefix}${OPERATOR_IMAGE}:${IMAGE_TAG}"
worker="${prefix}${WORKER_IMAGE}:${IMAGE_TAG}"
"$DOCKER" build -f src/main/docker/Dockerfile.operator -t "$operator" .
"$DOCKER" build -f src/main/docker/Dockerfile.worker --build-arg WORKER_UID="$WORKER_UID" -t "$worker" .
if [ "${PUSH:-false}" = "true" ]; then
  "$DOCKER" push "$operator"
  "$DOCKER" push "$worker"
fi
echo "built $operator and $worker"
echo "point config/ at them: (cd config/default && kustomize edit set image unlearning-operator=$operator)"
echo "and set UNLEARNING_WORKER_IMAGE=$worker in config/manager/deployment.yaml"
