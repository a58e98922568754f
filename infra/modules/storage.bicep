// The storage account: the Function App's AzureWebJobsStorage (timer locks and schedule status in
// azure-webjobs-hosts), the queues between the steps, the tables the cases live in (the app
// creates them on first use), and the container the deployment package is uploaded to.
// Shared keys are refused: the Functions host, the app and the deployment all sign in with the
// managed identity, which gets exactly the three data roles they use, on this account only.

param name string
param location string
param tags object

@description('Redundancy. ZRS keeps the data in three zones of the region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param sku string

@description('Principal id of the app\'s managed identity.')
param principalId string

@description('The queues the functions are triggered by (each with its -poison twin); created here so they exist before the first message.')
param queueNames array

@description('The container the Function App\'s deployment package is uploaded to (functionAppConfig.deployment).')
param deploymentContainerName string

// The Functions host's own container: timer locks (blob leases) and schedule status.
var hostContainer = 'azure-webjobs-hosts'

var roles = [
  {
    name: 'Storage Queue Data Contributor'
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  }
  {
    name: 'Storage Table Data Contributor'
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  }
  {
    // Owner, not Contributor: the host's singleton locks are blob leases. It also covers the
    // deployment container (Flex Consumption needs Blob Data Contributor there).
    name: 'Storage Blob Data Owner'
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  }
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource locks 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: hostContainer
  properties: {
    publicAccess: 'None'
  }
}

resource deploymentPackages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in flatten(map(queueNames, q => [q, '${q}-poison'])): {
    parent: queueService
    name: queue
  }
]

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: {
    name: guid(account.id, principalId, role.id)
    scope: account
    properties: {
      description: '${role.name} for the CME Function App'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = account.name
output id string = account.id
// With its trailing slash, e.g. https://stcmeherts1a2b3c.blob.core.windows.net/
output blobEndpoint string = account.properties.primaryEndpoints.blob
