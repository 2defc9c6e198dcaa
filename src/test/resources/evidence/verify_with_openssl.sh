#!/usr/bin/env bash
# Checks an evidence record with openssl, jq and coreutils only (the recipe of docs/evidence.md):
#   verify_with_openssl.sh RECORD PUBLIC_KEY.pem MODEL
# exit 0 when the signature verifies and MODEL is the statement's subject.
set -euo pipefail
record=$1 key=$2 model=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jq -r .payload "$record" | base64 -d > "$work/statement.json"
type=$(jq -r .payloadType "$record")
# PAE = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
{ printf 'DSSEv1 %d %s %d ' "${#type}" "$type" "$(stat -c %s "$work/statement.json")"; cat "$work/statement.json"; } \
  > "$work/pae"
jq -r '.signatures[0].sig' "$record" | base64 -d > "$work/sig.der"
openssl dgst -sha256 -verify "$key" -signature "$work/sig.der" "$work/pae"
echo "$(jq -r '.subject[0].digest.sha256' "$work/statement.json")  $model" | sha256sum -c
