param location string
param tags object
@description('Function app name')
param name string
param planName string
@description('Resource id of the user-assigned managed identity')
param identityId string
param identityClientId string
param storageAccountName string
param blobEndpoint string
param tableEndpoint string
param tableName string
param deploymentContainerName string
param appInsightsConnectionString string
param instanceMemoryMB int
param maximumInstanceCount int
@description('Always-ready instances of the http function group (Graph\'s callback is one of its functions); 0: none')
param httpAlwaysReadyInstances int
param incomingCallPolicy string
param incomingCallAllowedTenants string
param incomingCallAllowedCallers string
param graphAuthMode string
param botAppId string
param botTenantId string
param invitationTimeoutSeconds int
param statusRetryAfterSeconds int
param callEstablishTimeoutSeconds int
param retentionDays int
param callbackOpenIdMetadataUrl string
param callbackTokenIssuers string
@description('API_AUTH_MODE: entra, functionKey or both')
param apiAuthMode string
param apiClientId string
param apiAppIdUri string
@description('Tenant ids whose callers are accepted, comma-separated')
param apiAllowedTenants string
@description('TELEMETRY_SAMPLING_RATIO: share of traces kept, in (0, 1]')
param telemetrySamplingRatio string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // HTTP triggers scale as one group ('http'): always-ready instances there keep the callback
        // warm for an incoming call (answer within 15 s), billed as a baseline whether used or not.
        alwaysReady: httpAlwaysReadyInstances > 0 ? [{ name: 'http', instanceCount: httpAlwaysReadyInstances }] : []
      }
      runtime: { name: 'node', version: '22' }
    }
  }
}

// No publishing with user names and passwords.
resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

var baseUrl = 'https://${site.properties.defaultHostName}'

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host storage through the managed identity: no connection string, no key.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // The host would also write its diagnostic events to a table in this account, which needs Table
    // Data Contributor on the whole account: without it the host logs a 403 every few minutes
    // (azure-functions-host #10995). The identity keeps its table role on the app's table only, and
    // the host's table writer is switched off (ScriptConstants.FeatureFlagDisableDiagnosticEventLogging).
    AzureWebJobsFeatureFlags: 'DisableDiagnosticEventLogging'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // The configuration module's settings (src/lib/config/config.ts); a test keeps the two lists equal.
    STORAGE_TABLE_ENDPOINT: tableEndpoint
    TABLE_NAME: tableName
    MANAGED_IDENTITY_CLIENT_ID: identityClientId
    GRAPH_BASE_URL: '${environment().graph}v1.0'
    GRAPH_SCOPE: '${environment().graph}.default'
    GRAPH_TIMEOUT_MS: '30000'
    GRAPH_MAX_RETRIES: '3'
    ENTRA_AUTHORITY_HOST: environment().authentication.loginEndpoint
    PUBLIC_BASE_URL: baseUrl
    GRAPH_AUTH_MODE: graphAuthMode
    BOT_APP_ID: botAppId
    BOT_TENANT_ID: botTenantId
    INVITATION_TIMEOUT_SECONDS: string(invitationTimeoutSeconds)
    STATUS_RETRY_AFTER_SECONDS: string(statusRetryAfterSeconds)
    CALL_ESTABLISH_TIMEOUT_SECONDS: string(callEstablishTimeoutSeconds)
    RETENTION_DAYS: string(retentionDays)
    CALLBACK_OPENID_METADATA_URL: callbackOpenIdMetadataUrl
    CALLBACK_TOKEN_ISSUERS: callbackTokenIssuers
    CALLBACK_TOKEN_AUDIENCE: botAppId
    // Callers of our API: Entra ID tokens for the API's app registration, from these tenants.
    API_AUTH_MODE: apiAuthMode
    API_CLIENT_ID: apiClientId
    API_APP_ID_URI: apiAppIdUri
    API_ALLOWED_TENANTS: apiAllowedTenants
    // Webhook deliveries: https to public addresses only (never localStack here), 10 s per
    // attempt, retried with back-off from 30 s to 1 h for 24 h, then dead-lettered; 16 in flight
    // at once per instance (right after a change, and in a timer run).
    WEBHOOK_URL_POLICY: 'public'
    WEBHOOK_TIMEOUT_MS: '10000'
    WEBHOOK_RETRY_BASE_SECONDS: '30'
    WEBHOOK_RETRY_MAX_SECONDS: '3600'
    WEBHOOK_RETRY_WINDOW_MINUTES: '1440'
    WEBHOOK_BATCH_SIZE: '100'
    // Calls ringing the bot: answered, rejected or left to another handler (INCOMING_CALL_* in the settings table).
    INCOMING_CALL_POLICY: incomingCallPolicy
    INCOMING_CALL_ALLOWED_TENANTS: incomingCallAllowedTenants
    INCOMING_CALL_ALLOWED_CALLERS: incomingCallAllowedCallers
    WEBHOOK_CONCURRENCY: '16'
    // Sweeps: a pass takes 400 due checks, 16 calls at once; a run of the minute timer keeps
    // passing (every 10 s) for 40 s while work is open.
    SWEEP_BATCH_SIZE: '400'
    SWEEP_CONCURRENCY: '16'
    SWEEP_RUN_SECONDS: '40'
    // Telemetry: the app exports to Application Insights itself (OpenTelemetry, Entra auth above).
    TELEMETRY_SAMPLING_RATIO: telemetrySamplingRatio
  }
}

output baseUrl string = '${baseUrl}/api'
output callbackUrl string = '${baseUrl}/api/callback'
