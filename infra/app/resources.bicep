@description('Region for all resources')
param location string
param tags object
@description('Makes globally unique names')
param resourceToken string
param botAppId string
param botTenantId string
param graphAuthMode string
param instanceMemoryMB int
param maximumInstanceCount int
param invitationTimeoutSeconds int
param statusRetryAfterSeconds int
param callEstablishTimeoutSeconds int
param retentionDays int
param callbackOpenIdMetadataUrl string
param callbackTokenIssuers string
param apiAuthMode string
param apiClientId string
param apiAppIdUri string
param apiAllowedTenants string
param telemetrySamplingRatio string
param alertEmailAddress string
param alertActionGroupId string
param graphRefusalThreshold int
param callbackAuthFailureThreshold int

var functionAppName = 'func-${resourceToken}'
var tableName = 'callinvitations'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'

// One user-assigned identity runs everything: storage, telemetry, and (as the federated credential
// of the bot's app registration) Graph. No keys or secrets exist anywhere.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${resourceToken}'
  location: location
  tags: tags
}

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    tableName: tableName
    deploymentContainerName: deploymentContainerName
    principalId: identity.properties.principalId
  }
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    principalId: identity.properties.principalId
  }
}

module alerts 'alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    appInsightsName: monitoring.outputs.name
    alertEmailAddress: alertEmailAddress
    alertActionGroupId: alertActionGroupId
    graphRefusalThreshold: graphRefusalThreshold
    callbackAuthFailureThreshold: callbackAuthFailureThreshold
  }
}

module workbook 'workbook.bicep' = {
  name: 'workbook'
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    appInsightsName: monitoring.outputs.name
  }
}

module functionApp 'functionApp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: 'plan-${resourceToken}'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    tableName: tableName
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.connectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    graphAuthMode: graphAuthMode
    botAppId: botAppId
    botTenantId: botTenantId
    invitationTimeoutSeconds: invitationTimeoutSeconds
    statusRetryAfterSeconds: statusRetryAfterSeconds
    callEstablishTimeoutSeconds: callEstablishTimeoutSeconds
    retentionDays: retentionDays
    callbackOpenIdMetadataUrl: callbackOpenIdMetadataUrl
    callbackTokenIssuers: callbackTokenIssuers
    apiAuthMode: apiAuthMode
    apiClientId: apiClientId
    apiAppIdUri: apiAppIdUri
    apiAllowedTenants: apiAllowedTenants
    telemetrySamplingRatio: telemetrySamplingRatio
  }
}

module bot 'bot.bicep' = {
  name: 'bot'
  params: {
    tags: tags
    name: 'bot-${resourceToken}'
    botAppId: botAppId
    botTenantId: botTenantId
    callbackUrl: functionApp.outputs.callbackUrl
  }
}

output functionAppName string = functionAppName
output baseUrl string = functionApp.outputs.baseUrl
output callbackUrl string = functionApp.outputs.callbackUrl
output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
