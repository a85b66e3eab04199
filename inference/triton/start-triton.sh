#!/usr/bin/env bash
# Finds the Triton model repository under the model mount and starts Triton on HTTP port 8000.
# Azure ML mounts a registered model at AZUREML_MODEL_DIR (or the deployment's model_mount_path) with a
# sub-layout that is not documented consistently (<name>/<version>/<output folder>/... or flatter), so the
# repository is searched for: the folder that holds executor_model/config.pbtxt, else any <model>/config.pbtxt.
set -euo pipefail

roots=()
for root in "${AZUREML_MODEL_DIR:-}" "${MODEL_MOUNT_PATH:-}" /var/azureml-app/azureml-models; do
  [[ -n $root && -d $root ]] && roots+=("$root")
done

find_repository() {
  local root match
  for pattern in '*/executor_model/config.pbtxt' '*/config.pbtxt'; do
    for root in "${roots[@]}"; do
      match=$(find -L "$root" -maxdepth 8 -path "$pattern" -print 2>/dev/null | LC_ALL=C sort | head -n 1)
      if [[ -n $match ]]; then
        dirname "$(dirname "$match")"
        return 0
      fi
    done
  done
  return 1
}

if ((${#roots[@]} == 0)); then
  echo "start-triton: no model mount: AZUREML_MODEL_DIR='${AZUREML_MODEL_DIR:-}' MODEL_MOUNT_PATH='${MODEL_MOUNT_PATH:-}' do not exist" >&2
  exit 1
fi
if ! repository=$(find_repository); then
  echo "start-triton: no Triton model repository (<model>/config.pbtxt) under: ${roots[*]}" >&2
  find -L "${roots[@]}" -maxdepth 4 >&2 || true
  exit 1
fi
echo "start-triton: model repository ${repository}"
exec tritonserver \
  --model-repository="${repository}" \
  --http-port=8000 \
  --grpc-port=8001 \
  --metrics-port=8002 \
  --strict-readiness=true \
  --exit-on-error=true \
  --model-control-mode=none \
  "$@"
