#!/usr/bin/env bash
# Creates (or brings up to date) what the next-item workflows need in Azure, and nothing more:
#   - two user-assigned managed identities in the workspace's resource group, split by duty:
#       training   (next-item-train):  submits and follows pipeline jobs, registers models, builds the Triton image;
#       deployment (next-item-deploy): creates, scores, promotes and removes deployments of registered models;
#   - federated credentials only for the subjects that need them: the default branch for training (push,
#     dispatch), the two GitHub environments for deployment. Pull requests get none: a pull request's run can
#     plan, never write to the workspace;
#   - least-privilege custom roles, written down in scripts/azure-roles/*.json with each action a call needs:
#     "next-item trainer" on the workspace and "next-item ACR Tasks builder" on its registry for training,
#     "next-item deployer" on the workspace for deployment.
#   - for detached training with a dispatch from Azure (--key-vault and --compute): "Key Vault Secrets User" for
#     the compute cluster's identity on the one secret that holds the GitHub token (github-dispatch-token), and
#     the secret itself from --github-token-file (a fine-grained token: this repository, Actions read and write).
# Safe to run again: every step looks before it creates. See docs/azure-setup.md.
#
# Usage: scripts/azure-setup.sh --subscription ID --resource-group RG --workspace WS --repo OWNER/NAME
#        [--canary-environment production-canary] [--environment production] [--branch main]
#        [--identity-prefix next-item] [--key-vault NAME --compute CLUSTER [--github-token-file PATH]] [--dry-run]
set -euo pipefail

environment=production
canary_environment=production-canary
branch=main
prefix=next-item
dry_run=false
subscription='' resource_group='' workspace='' repo=''
key_vault='' compute='' github_token_file='' secret_name=github-dispatch-token
while (($#)); do
  case $1 in
    --subscription) subscription=$2; shift 2 ;;
    --resource-group) resource_group=$2; shift 2 ;;
    --workspace) workspace=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --environment) environment=$2; shift 2 ;;
    --canary-environment) canary_environment=$2; shift 2 ;;
    --branch) branch=$2; shift 2 ;;
    --identity-prefix) prefix=$2; shift 2 ;;
    --key-vault) key_vault=$2; shift 2 ;;
    --compute) compute=$2; shift 2 ;;
    --github-token-file) github_token_file=$2; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    *) echo "error: unknown argument $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
for name in subscription resource_group workspace repo; do
  if [[ -z ${!name} ]]; then
    echo "error: --${name//_/-} is required (see the usage at the top of $0)" >&2
    exit 2
  fi
done
[[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "error: --repo must be OWNER/NAME, not '$repo'" >&2; exit 2; }
if [[ -n $key_vault && -z $compute ]] || [[ -z $key_vault && -n $compute$github_token_file ]]; then
  echo "error: --key-vault and --compute go together (the vault holding the GitHub token, the cluster that reads it)" >&2
  exit 2
fi

issuer=https://token.actions.githubusercontent.com
# The public cloud's token-exchange audience; Azure US Government uses api://AzureADTokenExchangeUSGov.
audience=api://AzureADTokenExchange
roles_dir=$(dirname "$0")/azure-roles
# name=subject, per identity. No pull_request subject anywhere: see docs/azure-setup.md, "Pull requests".
training_subjects=("branch-$branch=repo:$repo:ref:refs/heads/$branch")
deployment_subjects=(
  "environment-$canary_environment=repo:$repo:environment:$canary_environment"
  "environment-$environment=repo:$repo:environment:$environment"
)

# Runs az, or in --dry-run prints the command (on stderr) and answers a placeholder.
az_() {
  if $dry_run; then
    { printf 'az'; printf ' %q' "$@"; printf '\n'; } >&2
    if [[ ${*: -1} != none ]]; then echo "<dry-run>"; fi
  else
    az "$@"
  fi
}
exists() {
  if $dry_run; then return 1; fi
  az "$@" --only-show-errors >/dev/null 2>&1
}

az_ account set --subscription "$subscription" >/dev/null

workspace_id=$(az_ ml workspace show -g "$resource_group" -n "$workspace" --query id -o tsv | tail -n 1)
registry_id=$(az_ ml workspace show -g "$resource_group" -n "$workspace" --query container_registry -o tsv | tail -n 1)
if [[ -z $registry_id ]]; then
  echo "error: workspace $workspace has no container registry yet: attach one (az ml workspace update --container-registry) and run again" >&2
  exit 1
fi

role_dir=$(mktemp -d)
trap 'rm -rf "$role_dir"' EXIT
# define_role FILE: creates or updates the custom role written down in scripts/azure-roles/FILE, for this subscription.
define_role() {
  local file=$role_dir/$1 name
  sed "s#/subscriptions/SUBSCRIPTION_ID#/subscriptions/$subscription#" "$roles_dir/$1" >"$file"
  name=$(sed -n 's/^  "Name": "\(.*\)",$/\1/p' "$file")
  if ! $dry_run && [[ -n $(az role definition list --name "$name" --custom-role-only true \
    --scope "/subscriptions/$subscription" --query '[0].id' -o tsv) ]]; then
    az_ role definition update --role-definition "@$file" -o none
  else
    az_ role definition create --role-definition "@$file" -o none
  fi
  echo "role definition '$name' (scripts/azure-roles/$1)"
  if $dry_run; then grep -o '"Microsoft[^"]*"' "$file" | tr -d '"' | sed 's/^/    /'; fi
}

# make_identity NAME SUBJECT...: the identity, then one federated credential per subject. Sets client_id, principal_id, tenant_id.
make_identity() {
  local identity=$1 entry name subject verb
  shift
  if ! exists identity show -g "$resource_group" -n "$identity"; then
    az_ identity create -g "$resource_group" -n "$identity" -o none
  fi
  client_id=$(az_ identity show -g "$resource_group" -n "$identity" --query clientId -o tsv | tail -n 1)
  principal_id=$(az_ identity show -g "$resource_group" -n "$identity" --query principalId -o tsv | tail -n 1)
  tenant_id=$(az_ identity show -g "$resource_group" -n "$identity" --query tenantId -o tsv | tail -n 1)
  echo "identity $identity"
  for entry in "$@"; do
    name=${entry%%=*}
    subject=${entry#*=}
    verb=create
    if exists identity federated-credential show -g "$resource_group" --identity-name "$identity" -n "$name"; then verb=update; fi
    az_ identity federated-credential "$verb" -g "$resource_group" --identity-name "$identity" -n "$name" \
      --issuer "$issuer" --subject "$subject" --audiences "$audience" -o none
    echo "  trusts $subject"
  done
}

assign() {
  local role=$1 scope=$2
  if $dry_run || [[ -z $(az role assignment list --assignee "$principal_id" --role "$role" --scope "$scope" --query '[0].id' -o tsv) ]]; then
    az_ role assignment create --assignee-object-id "$principal_id" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope" -o none
  fi
  echo "  role '$role' on $scope"
}

define_role next-item-trainer.json
define_role next-item-acr-builder.json
define_role next-item-deployer.json

make_identity "$prefix-train" "${training_subjects[@]}"
training_client_id=$client_id
assign 'next-item trainer' "$workspace_id"
assign 'next-item ACR Tasks builder' "$registry_id"

make_identity "$prefix-deploy" "${deployment_subjects[@]}"
deployment_client_id=$client_id
assign 'next-item deployer' "$workspace_id"

echo "pull_request: no federated credential and no role (a pull request's run may plan, never write)"

# Detached training's dispatch from Azure: the cluster's identity may read one secret, nothing else in the vault.
if [[ -n $key_vault ]]; then
  vault_id=$(az_ keyvault show -g "$resource_group" -n "$key_vault" --query id -o tsv | tail -n 1)
  vault_url=$(az_ keyvault show -g "$resource_group" -n "$key_vault" --query properties.vaultUri -o tsv | tail -n 1)
  principal_id=$(az_ ml compute show -g "$resource_group" -w "$workspace" -n "$compute" --query identity.principal_id -o tsv | tail -n 1)
  if [[ -z $principal_id ]]; then
    echo "error: compute $compute has no managed identity: az ml compute update -n $compute --identity-type SystemAssigned, then run again" >&2
    exit 1
  fi
  if [[ -n $github_token_file ]]; then
    az_ keyvault secret set --vault-name "$key_vault" -n "$secret_name" --file "$github_token_file" -o none
    echo "secret $secret_name in $key_vault (from $github_token_file)"
  fi
  echo "compute $compute (identity $principal_id)"
  assign 'Key Vault Secrets User' "$vault_id/secrets/$secret_name"
fi

cat <<EOF

Set these on the GitHub repository $repo (Settings → Secrets and variables → Actions → Variables):
  AZURE_CLIENT_ID=$training_client_id
  AZURE_TENANT_ID=$tenant_id
  AZURE_SUBSCRIPTION_ID=$subscription
  AZUREML_RESOURCE_GROUP=$resource_group
  AZUREML_WORKSPACE=$workspace
Create the environments (Settings → Environments), and set in each the variable AZURE_CLIENT_ID=$deployment_client_id:
  $canary_environment: deploy at 0% and smoke test (deployment branches: $branch only)
  $environment: promote or roll back (required reviewers; deployment branches: $branch only)
EOF
if [[ -n $key_vault ]]; then
  cat <<EOF
Detached training (docs/azure-setup.md, "Detached training"): set the variables
  NEXT_ITEM_DETACHED=true
  NEXT_ITEM_KEY_VAULT=${vault_url%/}
  AZUREML_COMPUTE=$compute
and store a fine-grained token (repository $repo only; Actions: read and write) as secret $secret_name, unless
--github-token-file did.
EOF
fi
