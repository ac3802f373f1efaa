param tags object
@description('Azure Bot resource name')
param name string
param botAppId string
param botTenantId string
@description('Where Graph sends call notifications: the callback function')
param callbackUrl string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'Graph call invites'
    // The bot has no chat endpoint of its own; Bot Framework messages would be refused there (401/400).
    endpoint: callbackUrl
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: true
      callingWebhook: callbackUrl
      incomingCallRoute: 'graphPma'
    }
  }
}

output callingWebhook string = teams.properties.properties.callingWebhook
