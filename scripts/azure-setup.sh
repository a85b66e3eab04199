#!/usr/bin/env bash
# Creates (or brings up to date) what the next-item workflows need in Azure, and nothing more:
#   - a user-assigned managed identity for GitHub Actions, in the workspace's resource group;
#   - its federated credentials for the subjects the workflows present: the default branch (push, dispatch),
#     pull requests, and the GitHub environment of the deploy job;
#   - least-privilege roles: AzureML Data Scientist on the workspace, and a custom role on the workspace's
#     container registry that may run ACR Tasks builds and read tags, nothing else.
# Safe to run again: every step looks before it creates. See docs/azure-setup.md.
#
# Usage: scripts/azure-setup.sh --subscription ID --resource-group RG --workspace WS --repo OWNER/NAME
#        [--environment production] [--branch main] [--identity next-item-github] [--dry-run]
set -euo pipefail

environment=production
branch=main
identity=next-item-github
dry_run=false
subscription='' resource_group='' workspace='' repo=''
while (($#)); do
  case $1 in
    --subscription) subscription=$2; shift 2 ;;
    --resource-group) resource_group=$2; shift 2 ;;
    --workspace) workspace=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --environment) environment=$2; shift 2 ;;
    --branch) branch=$2; shift 2 ;;
    --identity) identity=$2; shift 2 ;;
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

issuer=https://token.actions.githubusercontent.com
subjects=(
  "branch-$branch=repo:$repo:ref:refs/heads/$branch"
  "pull-request=repo:$repo:pull_request"
  "environment-$environment=repo:$repo:environment:$environment"
)

# Runs az, or in --dry-run prints the command (on stderr) and answers a placeholder.
az_() {
  if $dry_run; then
    { printf 'az'; printf ' %q' "$@"; printf '\n'; } >&2
    echo "<dry-run>"
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

if ! exists identity show -g "$resource_group" -n "$identity"; then
  az_ identity create -g "$resource_group" -n "$identity" -o none
fi
client_id=$(az_ identity show -g "$resource_group" -n "$identity" --query clientId -o tsv | tail -n 1)
principal_id=$(az_ identity show -g "$resource_group" -n "$identity" --query principalId -o tsv | tail -n 1)
tenant_id=$(az_ identity show -g "$resource_group" -n "$identity" --query tenantId -o tsv | tail -n 1)

for entry in "${subjects[@]}"; do
  name=${entry%%=*}
  subject=${entry#*=}
  verb=create
  if exists identity federated-credential show -g "$resource_group" --identity-name "$identity" -n "$name"; then verb=update; fi
  az_ identity federated-credential "$verb" -g "$resource_group" --identity-name "$identity" -n "$name" \
    --issuer "$issuer" --subject "$subject" --audiences api://AzureADTokenExchange -o none
  echo "federated credential $name: $subject"
done

acr_role='next-item ACR Tasks builder'
role_file=$(mktemp)
trap 'rm -f "$role_file"' EXIT
cat >"$role_file" <<JSON
{
  "Name": "$acr_role",
  "IsCustom": true,
  "Description": "Runs ACR Tasks builds (az acr build) and reads repositories and tags, for next-item-actions.",
  "Actions": [
    "Microsoft.ContainerRegistry/registries/read",
    "Microsoft.ContainerRegistry/registries/listBuildSourceUploadUrl/action",
    "Microsoft.ContainerRegistry/registries/scheduleRun/action",
    "Microsoft.ContainerRegistry/registries/runs/read",
    "Microsoft.ContainerRegistry/registries/runs/listLogSasUrl/action"
  ],
  "DataActions": [
    "Microsoft.ContainerRegistry/registries/repositories/metadata/read",
    "Microsoft.ContainerRegistry/registries/repositories/content/read"
  ],
  "AssignableScopes": ["/subscriptions/$subscription"]
}
JSON
role_exists=false
if ! $dry_run && [[ -n $(az role definition list --name "$acr_role" --custom-role-only true \
  --scope "/subscriptions/$subscription" --query '[0].id' -o tsv) ]]; then
  role_exists=true
fi
if $role_exists; then
  az_ role definition update --role-definition "@$role_file" -o none
else
  az_ role definition create --role-definition "@$role_file" -o none
fi

assign() {
  local role=$1 scope=$2
  if $dry_run || [[ -z $(az role assignment list --assignee "$principal_id" --role "$role" --scope "$scope" --query '[0].id' -o tsv) ]]; then
    az_ role assignment create --assignee-object-id "$principal_id" --assignee-principal-type ServicePrincipal \
      --role "$role" --scope "$scope" -o none
  fi
  echo "role $role on $scope"
}
assign 'AzureML Data Scientist' "$workspace_id"
assign "$acr_role" "$registry_id"

cat <<EOF

Set these on the GitHub repository $repo (Settings → Secrets and variables → Actions → Variables):
  AZURE_CLIENT_ID=$client_id
  AZURE_TENANT_ID=$tenant_id
  AZURE_SUBSCRIPTION_ID=$subscription
  AZUREML_RESOURCE_GROUP=$resource_group
  AZUREML_WORKSPACE=$workspace
and create the environment '$environment' (Settings → Environments), with required reviewers if deployments need approval.
EOF
