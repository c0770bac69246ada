#!/bin/sh
# The merge step: run the Indexed Job, wait for it, gather every shard's JSON lines from the pod logs
# and merge them into one report (what one unsharded run prints). Usage: deploy/collect.sh [--json]
set -eu
here=$(dirname "$0")
kubectl apply -f "$here/rbac.yaml"
kubectl -n protocheck delete job protocheck-cluster --ignore-not-found
kubectl apply -f "$here/job.yaml"
kubectl -n protocheck wait --for=condition=complete --timeout=1h job/protocheck-cluster
out=$(mktemp)
for pod in $(kubectl -n protocheck get pods -l job-name=protocheck-cluster -o name); do
  kubectl -n protocheck logs "$pod" >> "$out"
done
protocheck cluster merge "$out" "$@"
