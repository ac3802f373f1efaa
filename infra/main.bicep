targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource')
param environmentName string

// Flex Consumption (FC1) exists only in some regions; elsewhere provisioning fails late, after the
// resource group exists. This list is the one Azure-Samples/functions-quickstart-typescript-azd
// allows (infra/main.bicep); `az functionapp list-flexconsumption-locations` prints today's list.
// The azd metadata makes `azd up` offer only these regions.
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'eastus2euap'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
@description('Region for all resources (one where Flex Consumption is offered)')
param location string

@description('Application (client) id of the calling bot\'s app registration (infra/entra/create-bot-app.sh creates it)')
param botAppId string

@description('Tenant of the bot\'s app registration')
param botTenantId string = tenant().tenantId

@allowed(['entra', 'functionKey', 'both'])
@description('How callers of the API authenticate: entra (Entra ID tokens with app roles), functionKey (function keys, as before), both (keys, and tokens where sent)')
param apiAuthMode string = 'entra'

@description('Client id of the API\'s app registration (infra/entra creates it): the audience of callers\' v2 tokens')
param apiClientId string = ''

@description('Application ID URI of the API: the resource callers ask tokens for, the audience of v1 tokens')
param apiAppIdUri string = empty(apiClientId) ? '' : 'api://${apiClientId}'

@description('Tenants whose callers\' tokens are accepted, comma-separated')
param apiAllowedTenants string = tenant().tenantId

@allowed(['federatedBot', 'managedIdentity'])
@description('federatedBot: Graph calls run as the bot\'s app registration through a federated credential that trusts the managed identity')
param graphAuthMode string = 'federatedBot'

@allowed([512, 2048, 4096])
@description('Flex Consumption instance memory (MB)')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Flex Consumption maximum instance count')
param maximumInstanceCount int = 100

@description('Seconds after which an invitation without outcome is closed (must exceed Graph\'s 60 s ring timeout)')
@minValue(61)
param invitationTimeoutSeconds int = 120

@description('Retry-After on 202 answers (seconds)')
@minValue(1)
param statusRetryAfterSeconds int = 5

@description('Seconds a call the bot placed or joined may take to be established, lobby included, before the bot hangs up')
@minValue(30)
param callEstablishTimeoutSeconds int = 300

@description('Days after which a call with no change at all is deleted (its status, roster and invitations)')
@minValue(1)
param retentionDays int = 30

@description('OpenID configuration that names the keys Graph signs callback tokens with')
param callbackOpenIdMetadataUrl string = 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration'

@description('Accepted issuers of callback tokens, comma-separated')
param callbackTokenIssuers string = 'https://graph.microsoft.com,https://api.botframework.com'

@description('Share of traces (and their logs) kept by telemetry sampling, a number in (0, 1]')
param telemetrySamplingRatio string = '1'

@description('Who is told when an alert fires: an email address for a new action group (empty: no new group)')
param alertEmailAddress string = ''

@description('Resource id of an existing action group to tell as well (empty: none)')
param alertActionGroupId string = ''

@minValue(1)
@description('Graph refusals (403, throttling after retries, 5xx) within 15 minutes that raise an alert')
param graphRefusalThreshold int = 5

@minValue(1)
@description('Refused callback requests (401) within 15 minutes that raise an alert')
param callbackAuthFailureThreshold int = 10

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module app 'app/resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    botAppId: botAppId
    botTenantId: botTenantId
    graphAuthMode: graphAuthMode
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
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
    alertEmailAddress: alertEmailAddress
    alertActionGroupId: alertActionGroupId
    graphRefusalThreshold: graphRefusalThreshold
    callbackAuthFailureThreshold: callbackAuthFailureThreshold
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output FUNCTION_APP_NAME string = app.outputs.functionAppName
output FUNCTION_BASE_URL string = app.outputs.baseUrl
output CALLBACK_URL string = app.outputs.callbackUrl
output MANAGED_IDENTITY_CLIENT_ID string = app.outputs.identityClientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = app.outputs.identityPrincipalId
output BOT_APP_ID string = botAppId
output API_CLIENT_ID string = apiClientId
output API_APP_ID_URI string = apiAppIdUri
