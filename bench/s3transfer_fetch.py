#!/usr/bin/python3
"""The reference client of bench/run-s3-fetch.sh: downloads every object below a prefix with boto3's s3transfer (the
library behind `aws s3 cp --recursive`), at most CONCURRENCY requests at once, and prints one JSON line with the
seconds, objects and bytes. The endpoint and credentials come from the AWS variables, as for the worker.

Usage: /usr/bin/python3 s3transfer_fetch.py BUCKET PREFIX OUT_DIR CONCURRENCY
Needs boto3 (Debian: python3-boto3).
"""
import json
import os
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from s3transfer.manager import TransferManager


def main() -> None:
    bucket, prefix, out, concurrency = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    client = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"], region_name=os.environ["AWS_REGION"],
                          config=Config(s3={"addressing_style": "path"}, max_pool_connections=concurrency,
                                        retries={"max_attempts": 3}))
    start = time.perf_counter()
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [(o["Key"], o["Size"]) for o in page.get("Contents", []) if not o["Key"].endswith("/")]
    config = TransferConfig(max_concurrency=concurrency, use_threads=True)
    with TransferManager(client, config) as manager:
        futures = []
        for key, _ in keys:
            target = os.path.join(out, key[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            futures.append(manager.download(bucket, key, target))
        for f in futures:
            f.result()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "objects": len(keys), "bytes": sum(s for _, s in keys)}))


if __name__ == "__main__":
    main()
