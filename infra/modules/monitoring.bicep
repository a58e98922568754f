// Log Analytics (where Application Insights keeps its data) and Application Insights (the Functions
// host's and the worker's logs, requests and traces). Application Insights refuses the connection
// string's key alone (DisableLocalAuth): the app signs in with the managed identity
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), which is granted Monitoring Metrics Publisher here.

param workspaceName string
param insightsName string
param location string
param tags object

@description('Days logs are kept. They carry case references and hashed keys, never a child\'s personal data.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Principal id of the app\'s managed identity.')
param principalId string

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, principalId, monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output workspaceId string = workspace.id
output workspaceName string = workspace.name
output insightsConnectionString string = insights.properties.ConnectionString
