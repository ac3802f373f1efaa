#!/bin/sh
# Creates the calling bot's app registration (single tenant, no secret) unless BOT_APP_ID is set,
# asks for the Graph application permissions calling needs, and stores BOT_APP_ID in the azd env.
# Needs: az (logged in to the tenant, allowed to create applications), azd.
set -eu

if [ -n "${BOT_APP_ID:-}" ]; then
  echo "Using the existing bot app registration $BOT_APP_ID"
  exit 0
fi

name="graph-call-invites-${AZURE_ENV_NAME:-dev}"
app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
az ad sp create --id "$app_id" >/dev/null 2>&1 || true

# Microsoft Graph's application roles, looked up by name rather than copied ids.
graph=00000003-0000-0000-c000-000000000000
for role in Calls.InitiateGroupCall.All Calls.JoinGroupCall.All; do
  role_id=$(az ad sp show --id "$graph" --query "appRoles[?value=='$role'].id | [0]" -o tsv)
  az ad app permission add --id "$app_id" --api "$graph" --api-permissions "$role_id=Role" >/dev/null
done

azd env set BOT_APP_ID "$app_id"
echo "Created app registration $name ($app_id). Admin consent follows after provisioning."
