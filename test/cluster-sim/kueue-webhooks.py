"""Kueue's webhook configurations (config/components/webhook/manifests.yaml of its release) made
to reach a kueue on loopback: each webhook calls URL + its path with our CA's bundle (the API
server has no Service routing without kube-proxy), only Kueue's own kinds and the integrations the
cluster enables are kept (a webhook for a disabled integration would answer 404 and, with
failurePolicy Fail, refuse every such object), and the Pod and Deployment webhooks skip kube-system
and kueue-system as Kueue's kustomization does.

usage: kueue-webhooks.py MANIFESTS URL CA_FILE > webhooks.yaml
"""
import base64
import sys

import yaml

KEEP = ("kueue-x-k8s-io", "batch-v1-job", "--v1-pod", "apps-v1-deployment")
SYSTEM = {"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kube-system", "kueue-system"]}]}
NAMES = {"MutatingWebhookConfiguration": "kueue-mutating-webhook-configuration",
         "ValidatingWebhookConfiguration": "kueue-validating-webhook-configuration"}


def main(manifests: str, url: str, ca_file: str) -> None:
    with open(ca_file, "rb") as f:
        ca = base64.b64encode(f.read()).decode()
    out = []
    with open(manifests) as f:
        for doc in yaml.safe_load_all(f):
            if not doc:
                continue
            doc["metadata"]["name"] = NAMES[doc["kind"]]
            kept = []
            for hook in doc["webhooks"]:
                path = hook["clientConfig"]["service"]["path"]
                if not any(k in path for k in KEEP):
                    continue
                hook["clientConfig"] = {"url": url + path, "caBundle": ca}
                if "v1-pod" in path or "deployment" in path:
                    hook["namespaceSelector"] = SYSTEM
                kept.append(hook)
            doc["webhooks"] = kept
            out.append(doc)
    yaml.safe_dump_all(out, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
