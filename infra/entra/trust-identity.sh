#!/bin/sh
# After provisioning: lets the bot's app registration accept the user-assigned managed identity's
# token as its credential (a federated identity credential: no secret, no certificate), and grants
# admin consent for the Graph calling permissions.
# Needs: az (logged in as someone who may grant admin consent), the azd outputs in the environment.
set -eu

: "${BOT_APP_ID:?run create-bot-app.sh first}"
: "${MANAGED_IDENTITY_PRINCIPAL_ID:?provision first (azd provision)}"
: "${AZURE_TENANT_ID:?provision first (azd provision)}"

login=$(az cloud show --query endpoints.activeDirectory -o tsv)
issuer="${login%/}/${AZURE_TENANT_ID}/v2.0"
credential_name="managed-identity-${AZURE_ENV_NAME:-dev}"

existing=$(az ad app federated-credential list --id "$BOT_APP_ID" --query "[?name=='$credential_name'].name | [0]" -o tsv)
if [ -z "$existing" ]; then
  cat > /tmp/fic.$$.json <<JSON
{
  "name": "$credential_name",
  "issuer": "$issuer",
  "subject": "$MANAGED_IDENTITY_PRINCIPAL_ID",
  "audiences": ["api://AzureADTokenExchange"],
  "description": "The function app's user-assigned managed identity"
}
JSON
  az ad app federated-credential create --id "$BOT_APP_ID" --parameters @/tmp/fic.$$.json >/dev/null
  rm -f /tmp/fic.$$.json
  echo "The app registration now trusts managed identity $MANAGED_IDENTITY_PRINCIPAL_ID"
fi

az ad app permission admin-consent --id "$BOT_APP_ID"
echo "Admin consent granted for Calls.InitiateGroupCall.All and Calls.JoinGroupCall.All."
echo "Health check:  curl ${FUNCTION_BASE_URL:-https://<app>.azurewebsites.net/api}/health"
