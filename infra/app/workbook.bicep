// An Azure Monitor workbook over the app's telemetry: outcome rates, latency percentiles and the
// failing calls (README "Alerts and the workbook").
param location string
param tags object
param resourceToken string
@description('Name of the Application Insights component the app exports to')
param appInsightsName string

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'call-invitations-workbook', resourceToken)
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Call invitations'
    category: 'workbook'
    sourceId: insights.id
    // The workbook itself (workbook.json): queries over the app's metrics, requests, dependencies and log records.
    serializedData: loadTextContent('workbook.json')
  }
}

output workbookId string = workbook.id
