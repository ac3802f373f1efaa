// Alert rules on the app's own telemetry in Application Insights (README "Alerts and the workbook").
param location string
param tags object
param resourceToken string
@description('Name of the Application Insights component the app exports to')
param appInsightsName string
@description('Email address told when an alert fires (a new action group); empty for none')
param alertEmailAddress string
@description('Resource id of an existing action group to tell as well; empty for none')
param alertActionGroupId string
@description('Graph refusals (403, 429/503 after retries, 5xx) in 15 minutes that raise an alert')
param graphRefusalThreshold int
@description('Refused callback requests (401) in 15 minutes that raise an alert')
param callbackAuthFailureThreshold int

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmailAddress)) {
  name: 'ag-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'callinvites'
    enabled: true
    emailReceivers: [
      { name: 'operators', emailAddress: alertEmailAddress, useCommonAlertSchema: true }
    ]
  }
}

var actionGroups = concat(empty(alertEmailAddress) ? [] : [operators.id], empty(alertActionGroupId) ? [] : [alertActionGroupId])

// Each rule: a log query over the last 15 minutes, evaluated every 5, firing when its one measure
// (a column of the query's single row) is above the threshold, resolved when it is not.
var rules = [
  {
    key: 'dead-letters'
    displayName: 'Notifications dead-lettered'
    description: 'Acknowledged Graph notifications failed 10 replays and wait for an operator: GET /api/ops/notifications?state=dead, fix the cause, POST /api/ops/notifications/replay.'
    severity: 1
    query: 'customMetrics | where name == "notifications.items" and tostring(customDimensions.result) == "deadLettered" | summarize deadLettered = sum(valueSum)'
    measure: 'deadLettered'
    threshold: 0
  }
  {
    key: 'graph-refusals'
    displayName: 'Microsoft Graph refusing invites'
    description: 'Graph answered 403 (7503: calling not enabled on the bot), 429/503 or 5xx. The workbook lists the failing calls with Graph\'s request ids.'
    severity: 2
    query: 'customMetrics | where name == "graph.responses" and tostring(customDimensions["class"]) in ("botNotRegistered", "refused", "throttled", "serverError") | summarize refusals = sum(valueSum)'
    measure: 'refusals'
    threshold: graphRefusalThreshold
  }
  {
    key: 'callback-401'
    displayName: 'Callback requests refused (401)'
    description: 'Requests to /api/callback without a valid Graph token: a changed bot app id or issuer, signing keys unreachable, or someone probing the endpoint.'
    severity: 2
    query: 'customMetrics | where name == "callback.auth_failures" | summarize refused = sum(valueSum)'
    measure: 'refused'
    threshold: callbackAuthFailureThreshold
  }
  {
    key: 'stuck-invitations'
    displayName: 'Invitations stuck past their deadline'
    description: 'Open invitations found past their deadline by a sweep more than a minute after it: the finalizeInvitations sweep (a minute timer, passes every 10 s while work is open) cannot close them (storage failing, or the timer not running).'
    severity: 2
    query: 'customMetrics | where name == "invitations.overdue" | summarize overdue = max(valueMax)'
    measure: 'overdue'
    threshold: 0
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: 'alert-${rule.key}-${resourceToken}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [insights.id]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: rule.measure
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
          }
        ]
      }
      autoMitigate: true
      actions: { actionGroups: actionGroups }
    }
  }
]
