"""An independent check of an evidence record, written from the specifications only (DSSE v1 protocol.md and
envelope.md, in-toto Statement v1) with Debian's python3-cryptography: verifies the ECDSA P-256 signature over the
PAE, then compares the model file's SHA-256 with the statement's subject and, given a key, the HMAC-SHA-256 of
forget-indices.txt with the forget digest.

usage: verify_dsse.py RECORD PUBLIC_KEY.pem MODEL [FORGET_INDICES FORGET_KEY]
prints one line per check; exit 0 verified, 1 signature invalid, 2 model does not match, 3 forget set does not match
"""
import base64
import hashlib
import hmac
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def pae(payload_type: bytes, body: bytes) -> bytes:
    return b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(body), body)


def main(args):
    with open(args[0], "rb") as f:
        envelope = json.loads(f.read())
    with open(args[1], "rb") as f:
        key = serialization.load_pem_public_key(f.read())
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"
    payload_type = envelope["payloadType"].encode()
    try:
        body = base64.b64decode(envelope["payload"], validate=True)
        key.verify(base64.b64decode(envelope["signatures"][0]["sig"]), pae(payload_type, body), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, IndexError) as e:
        print("signature: invalid (%s)" % type(e).__name__)
        return 1
    print("signature: ok")
    statement = json.loads(body)
    assert payload_type == b"application/vnd.in-toto+json"
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    with open(args[2], "rb") as f:
        model = hashlib.sha256(f.read()).hexdigest()
    if model != statement["subject"][0]["digest"]["sha256"]:
        print("model: sha256 %s is not the subject's" % model)
        return 2
    print("model: ok %s" % model)
    if len(args) > 3:
        with open(args[3], "rb") as f:
            indices = f.read()
        with open(args[4], "rb") as f:
            forget_key = f.read()
        digest = hmac.new(forget_key, indices, hashlib.sha256).hexdigest()
        if digest != statement["predicate"]["forget"]["digest"]["hmac-sha256"]:
            print("forget set: hmac-sha256 does not match")
            return 3
        print("forget set: ok")
    print("predicate: %s verdict %s" % (statement["predicateType"], statement["predicate"]["acceptance"]["verdict"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
