"""Writes an ECDSA P-256 key in the format of `cosign generate-key-pair` (PEM "ENCRYPTED SIGSTORE PRIVATE KEY": the
JSON of go-securesystemslib's encrypted format, scrypt N=65536 r=8 p=1 and NaCl secretbox over the PKCS#8 key), made
independently of the worker with Debian's python3-nacl (libsodium), python3-cryptography and hashlib.scrypt.

usage: make_sigstore_key.py PASSWORD PRIVATE_OUT PUBLIC_OUT
"""
import base64
import hashlib
import json
import os
import sys
import textwrap

import nacl.secret
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def main(password, private_out, public_out):
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    salt = os.urandom(32)
    box_key = hashlib.scrypt(password.encode(), salt=salt, n=65536, r=8, p=1, dklen=32, maxmem=128 * 1024 * 1024)
    nonce = os.urandom(24)
    sealed = nacl.secret.SecretBox(box_key).encrypt(der, nonce).ciphertext
    doc = {"kdf": {"name": "scrypt", "params": {"N": 65536, "r": 8, "p": 1}, "salt": base64.b64encode(salt).decode()},
           "cipher": {"name": "nacl/secretbox", "nonce": base64.b64encode(nonce).decode()},
           "ciphertext": base64.b64encode(sealed).decode()}
    body = "\n".join(textwrap.wrap(base64.b64encode(json.dumps(doc).encode()).decode(), 64))
    with open(private_out, "w") as f:
        f.write("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n%s\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n" % body)
    with open(public_out, "wb") as f:
        f.write(key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo))


if __name__ == "__main__":
    main(*sys.argv[1:4])
